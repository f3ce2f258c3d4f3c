"""`{% complaint_link mpp service=… ticket=… %}`: the way to the complaint form, as a link
and a QR code (to scan at the booth or from the printed page), for the ticket page and
every service page."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from satupintu.catalog.poster import qr_data_uri
from satupintu.core.links import citizen_link

register = template.Library()


@register.inclusion_tag("complaints/citizen/_link.html", takes_context=True)
def complaint_link(context, mpp, service=None, ticket=None) -> dict:
    query = {}
    if service is not None:
        query["layanan"] = service.code
    if ticket is not None:
        query["tiket"] = str(ticket.public_id)
    path = reverse("complaints:form", args=[mpp.slug])
    if query:
        path += "?" + urlencode(query)
    url = citizen_link(path, context.get("request"))
    return {"path": path, "qr": qr_data_uri(url)}
