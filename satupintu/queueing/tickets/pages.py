"""Queue pages: the live ticket page on the visitor's phone (views and their routes).

`/antrian/<public id>/` is public: the id is unguessable and only its holder has it
(the QR code on the printed ticket, the link after an online ticket). The page is
rendered from `selectors.ticket_view`, then `ticket.js` follows the ticket's stream
(`/api/v1/tickets/<id>/events`: a `snapshot`, then `ticket` events carrying the same
view, with the place and the wait already in words: waits/words.py) and words the status
with the phrases of `selectors.phrases`, translated here and handed over as JSON.
`/mpp/<slug>/ambil-antrian/` is the phone's way to a ticket (the online channel).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from ninja.errors import Throttled

from satupintu.accounts.models import User
from satupintu.catalog.models import Service
from satupintu.catalog.selectors import attach_current
from satupintu.core.errors import DomainError
from satupintu.core.links import citizen_link
from satupintu.core.ratelimit import check_rate
from satupintu.queueing.kiosk.selectors import kiosk_services
from satupintu.queueing.models import Channel, Status, Ticket
from satupintu.queueing.tickets import selectors, services
from satupintu.queueing.tickets.api import limit_online
from satupintu.queueing.tickets.forms import OnlineTicketForm
from satupintu.queueing.tickets.selectors import EVENTS_PATH, TRACK_PATH, phrases
from satupintu.tenancy.models import Mpp
from satupintu.tenancy.selectors import mpp_by_slug, opening_status


def fill(template: str, **values: object) -> str:
    return template % values


def status_label(view: dict[str, Any]) -> str:
    return fill(phrases()["status"][view["status"]], counter=view["counter"] or "")


def live(request: HttpRequest, ticket_id: uuid.UUID) -> HttpResponse:
    ticket = selectors.public_ticket(ticket_id)
    view = selectors.ticket_view(ticket)
    moved_to, next_counters = None, []
    if view["transferred_to"]:
        continuation = selectors.public_ticket(view["transferred_to"])
        moved_to = selectors.ticket_view(continuation)
        next_counters = selectors.counters_of(continuation.service_id)
    context = {
        "mpp": ticket.mpp,
        "ticket": ticket,
        "view": view,
        "status_text": status_label(view),
        "moved_to": moved_to,
        "next_counters": next_counters,
        "phrases": phrases(),
        "events_url": EVENTS_PATH.format(id=ticket.public_id),
        "is_called": view["status"] == Status.CALLED,
        "is_waiting": view["status"] == Status.WAITING,
        "is_serving": view["status"] == Status.SERVING,
        "is_done": view["status"] == Status.DONE,
    }
    return render(request, "queueing/ticket/live.html", context)


# The online tickets this browser took (their public ids, newest last): a second try for the
# same phone and service links to the first only here; elsewhere the link goes to the phone.
SESSION_TICKETS = "queueing.online_tickets"
KEEP_IN_SESSION = 10
TICKET_LINK_RATE = getattr(settings, "QUEUE_TICKET_LINK_RATE", "3/h")


def _remember(request: HttpRequest, ticket: Ticket) -> None:
    taken = request.session.get(SESSION_TICKETS, [])
    request.session[SESSION_TICKETS] = [*taken, str(ticket.public_id)][-KEEP_IN_SESSION:]


def _taken_here(request: HttpRequest, ticket: Ticket) -> bool:
    return str(ticket.public_id) in request.session.get(SESSION_TICKETS, [])


def online(request: HttpRequest, slug: str) -> HttpResponse:
    """A ticket from the phone: service and phone number, under the API's online rules
    (MPP open, one active ticket per phone and service, daily quota, rate limits).

    `?layanan=<code>` chooses the service (the service page's button); an unknown code is
    ignored. When the phone already holds a number for the service, the page links to it
    if this browser took it, and otherwise offers to send its link to that phone
    (`resend`): knowing someone's phone number does not open their ticket."""
    mpp = mpp_by_slug(slug)
    prefetch_related_objects([mpp], "opening_hours", "closures")  # opening_status reads them
    offered = attach_current(list(kiosk_services(mpp)))
    chosen = request.GET.get("layanan", "")
    initial = {"service": chosen} if any(s.code == chosen for s in offered) else {}
    form = OnlineTicketForm(request.POST or None, offered=offered, initial=initial)
    context: dict[str, Any] = {
        "mpp": mpp,
        "form": form,
        "opening": opening_status(mpp),
        "mine": selectors.active_tickets_among(mpp, request.session.get(SESSION_TICKETS, [])),
    }
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        service = next(s for s in offered if s.code == form.cleaned_data["service"])
        phone = form.cleaned_data["phone"]
        if request.POST.get("resend"):
            return _resend(request, context, mpp, service, phone)
        try:
            limit_online(request, phone)
            ticket = services.issue_ticket(
                mpp=mpp,
                service=service,
                channel=Channel.ONLINE,
                phone=phone,
                user=_citizen(request),
            )
        except DomainError as refused:
            error, status = refused.message, refused.status
            if refused.code == "already_queued":
                context.update(_already_queued(request, mpp, service, phone))
        except Throttled:
            error, status = _("Terlalu banyak permintaan. Coba lagi sebentar lagi."), 429
        else:
            _remember(request, ticket)
            return redirect("queueing:ticket", ticket_id=ticket.public_id)
    elif request.method == "POST":
        status = 422
    context["error"] = error
    return render(request, "queueing/ticket/online.html", context, status=status)


def _citizen(request: HttpRequest) -> User | None:
    """The signed-in account a ticket joins (issue_ticket keeps it for citizens only)."""
    return request.user if isinstance(request.user, User) else None


def _already_queued(request: HttpRequest, mpp: Mpp, service: Service, phone: str) -> dict[str, Any]:
    """The held ticket for this browser, else the offer to send its link to the phone."""
    held = selectors.active_ticket_of_phone(mpp, service, phone)
    if held is not None and _taken_here(request, held):
        return {"held": held}
    return {"offer_resend": held is not None, "channel": _phone_channel()}


def _phone_channel() -> str:
    return "WhatsApp" if settings.NOTIFY_PHONE_CHANNEL == "whatsapp" else "SMS"


def _resend(
    request: HttpRequest, context: dict[str, Any], mpp: Mpp, service: Service, phone: str
) -> HttpResponse:
    held = selectors.active_ticket_of_phone(mpp, service, phone)
    try:
        check_rate("ticket-link-address", request.META.get("REMOTE_ADDR", ""), TICKET_LINK_RATE)
        check_rate("ticket-link-phone", phone, TICKET_LINK_RATE)
    except Throttled:
        context["error"] = _("Tautan sudah beberapa kali dikirim. Coba lagi nanti.")
        return render(request, "queueing/ticket/online.html", context, status=429)
    if held is not None:
        url = citizen_link(TRACK_PATH.format(id=held.public_id), request)
        services.send_ticket_link(ticket=held, url=url)
    # the same answer whether or not the phone holds a number
    context.update(sent_to=phone, channel=_phone_channel())
    return render(request, "queueing/ticket/online.html", context)


urlpatterns: list[URLPattern] = [
    path("antrian/<uuid:ticket_id>/", live, name="ticket"),
    path("mpp/<slug:slug>/ambil-antrian/", online, name="online_ticket"),
]
