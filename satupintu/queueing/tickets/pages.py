"""Queue pages: the live ticket page on the visitor's phone (views and their routes).

`/antrian/<public id>/` is public: the id is unguessable and only its holder has it
(the QR code on the printed ticket, the link after an online ticket). The page is
rendered from `selectors.ticket_view`, then `ticket.js` follows the ticket's stream
(`/api/v1/tickets/<id>/events`: a `snapshot`, then `ticket` events carrying the same
view, with the place and the wait already in words: waits/words.py) and words the status
with the phrases below, translated here and handed over as JSON.
`/mpp/<slug>/ambil-antrian/` is the phone's way to a ticket (the online channel).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from ninja.errors import Throttled

from satupintu.catalog.selectors import attach_current
from satupintu.core.errors import DomainError
from satupintu.queueing.kiosk.selectors import kiosk_services
from satupintu.queueing.models import Channel, Status
from satupintu.queueing.tickets import selectors, services
from satupintu.queueing.tickets.api import limit_online
from satupintu.queueing.tickets.forms import OnlineTicketForm
from satupintu.tenancy.selectors import mpp_by_slug, opening_status

EVENTS_PATH = "/api/v1/tickets/{id}/events"


def phrases() -> dict[str, Any]:
    """Every sentence the page can show, in the visitor's language; `%(…)s` is filled in."""
    return {
        "status": {
            Status.WAITING: _("Menunggu"),
            Status.CALLED: _("Dipanggil — silakan menuju Loket %(counter)s"),
            Status.SERVING: _("Sedang dilayani"),
            Status.DONE: _("Selesai"),
            Status.NO_SHOW: _("Tidak hadir"),
            Status.CANCELLED: _("Dibatalkan"),
            Status.TRANSFERRED: _("Dipindahkan ke layanan lain"),
        },
        "counter": _("Loket %(counter)s"),
        "title_called": _("Giliran Anda! Loket %(counter)s"),
    }


def fill(template: str, **values: object) -> str:
    return template % values


def status_label(view: dict[str, Any]) -> str:
    return fill(phrases()["status"][view["status"]], counter=view["counter"] or "")


def live(request: HttpRequest, ticket_id: uuid.UUID) -> HttpResponse:
    ticket = selectors.public_ticket(ticket_id)
    view = selectors.ticket_view(ticket)
    moved_to = None
    if view["transferred_to"]:
        moved_to = selectors.ticket_view(selectors.public_ticket(view["transferred_to"]))
    context = {
        "mpp": ticket.mpp,
        "ticket": ticket,
        "view": view,
        "status_text": status_label(view),
        "moved_to": moved_to,
        "phrases": phrases(),
        "events_url": EVENTS_PATH.format(id=ticket.public_id),
        "is_called": view["status"] == Status.CALLED,
        "is_waiting": view["status"] == Status.WAITING,
        "is_serving": view["status"] == Status.SERVING,
        "is_done": view["status"] == Status.DONE,
    }
    return render(request, "queueing/ticket/live.html", context)


def online(request: HttpRequest, slug: str) -> HttpResponse:
    """A ticket from the phone: service and phone number, under the API's online rules
    (MPP open, one active ticket per phone and service, daily quota, rate limits).

    `?layanan=<code>` chooses the service (the service page's button); an unknown code is
    ignored."""
    mpp = mpp_by_slug(slug)
    prefetch_related_objects([mpp], "opening_hours", "closures")  # opening_status reads them
    offered = attach_current(list(kiosk_services(mpp)))
    chosen = request.GET.get("layanan", "")
    initial = {"service": chosen} if any(s.code == chosen for s in offered) else {}
    form = OnlineTicketForm(request.POST or None, offered=offered, initial=initial)
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        service = next(s for s in offered if s.code == form.cleaned_data["service"])
        phone = form.cleaned_data["phone"]
        try:
            limit_online(request, phone)
            ticket = services.issue_ticket(
                mpp=mpp, service=service, channel=Channel.ONLINE, phone=phone
            )
        except DomainError as refused:
            error, status = refused.message, refused.status
        except Throttled:
            error, status = _("Terlalu banyak permintaan. Coba lagi sebentar lagi."), 429
        else:
            return redirect("queueing:ticket", ticket_id=ticket.public_id)
    elif request.method == "POST":
        status = 422
    context = {"mpp": mpp, "form": form, "error": error, "opening": opening_status(mpp)}
    return render(request, "queueing/ticket/online.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("antrian/<uuid:ticket_id>/", live, name="ticket"),
    path("mpp/<slug:slug>/ambil-antrian/", online, name="online_ticket"),
]
