"""{% parcel_status application_public_id %}: the parcel's status and tracking events on
the public tracking page (applications/track.html), as the courier last reported them
(delivery/jobs.py asks every 30 minutes)."""

from __future__ import annotations

import uuid

from django import template

from satupintu.delivery.selectors import parcel_of

register = template.Library()


@register.inclusion_tag("delivery/_parcel.html")
def parcel_status(public_id: uuid.UUID | str) -> dict[str, object]:
    return {"parcel": parcel_of(public_id)}
