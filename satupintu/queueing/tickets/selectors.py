"""Reads of one ticket: as its holder sees it (live page, API, kiosk), found by its public id.

`local_day` is the day a ticket belongs to, in the MPP's zone; every sub-package reads it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.catalog.models import CounterService, Service, ServiceVersion
from satupintu.core.cached import cached_read
from satupintu.core.errors import DomainError
from satupintu.queueing.board import snapshot as board
from satupintu.queueing.cache import QUEUE_SETUP
from satupintu.queueing.models import Status, Ticket
from satupintu.queueing.waits.selectors import estimate_wait, people_ahead
from satupintu.queueing.waits.words import ahead_words, wait_words
from satupintu.tenancy.models import Mpp

TRACK_PATH = "/antrian/{id}/"  # the live ticket page (QR code on the printed ticket)
ACTIVE = (Status.WAITING, Status.CALLED, Status.SERVING)  # a ticket still to be served
EVENTS_PATH = "/api/v1/tickets/{id}/events"  # its live stream (the page's, "Beranda saya")


def local_day(mpp: Mpp, now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now(), mpp.tzinfo).date()


def phrases() -> dict[str, Any]:
    """Every sentence a live ticket can show (its page, "Beranda saya"), in the visitor's
    language; `%(…)s` is filled in (tickets/pages.py, ticket.js)."""
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


def ticket_by_public_id(public_id: uuid.UUID | str, *, counter: bool = True) -> Ticket | None:
    """A ticket with its MPP, service and (unless the caller reads it itself) counter, or
    None: one query."""
    related = ("mpp", "service", "counter") if counter else ("mpp", "service")
    return Ticket.objects.select_related(*related).filter(public_id=public_id).first()


def public_ticket(public_id: uuid.UUID | str) -> Ticket:
    """A ticket by its unguessable public id (anyone holding it may read it), or 404."""
    ticket = ticket_by_public_id(public_id)
    if ticket is None:
        raise Http404(_("Nomor antrian tidak ditemukan."))
    return ticket


def active_ticket_of_phone(mpp: Mpp, service: Service, phone: str) -> Ticket | None:
    """Today's active ticket of a phone number for a service (the one that refuses a second
    online ticket), or None."""
    tickets = Ticket.objects.select_related("mpp", "service")
    return tickets.filter(
        mpp=mpp, service=service, day=local_day(mpp), phone=phone, status__in=ACTIVE
    ).first()


def active_tickets_among(mpp: Mpp, public_ids: list[str]) -> list[dict[str, str]]:
    """Which of these tickets (a browser's own) are still active today at the MPP, oldest
    first: number, service name and page. One query, none without ids."""
    if not public_ids:
        return []
    tickets = Ticket.objects.filter(
        mpp=mpp, day=local_day(mpp), public_id__in=public_ids, status__in=ACTIVE
    ).order_by("issued_at")
    return [
        {
            "number": ticket.number,
            "service_name": service_name(ticket.service_id, ticket.day),
            "track_url": TRACK_PATH.format(id=ticket.public_id),
        }
        for ticket in tickets
    ]


def service_for_ticket(mpp: Mpp, code: str) -> Service:
    """An active service of the MPP by code (a ticket names it in its body: 422 if unknown)."""
    service = _active_service(mpp.pk, code)
    if service is None:
        raise DomainError(
            _("Layanan %(code)s tidak ada di MPP ini.") % {"code": code},
            code="unknown_service",
            status=422,
        )
    return service


def _active_service(mpp_id: int, code: str) -> Service | None:
    return cached_read(QUEUE_SETUP, ("service", mpp_id, code), lambda: _read_service(mpp_id, code))


def _read_service(mpp_id: int, code: str) -> Service | None:
    # get(), not first(): (mpp, code) is unique, so no ORDER BY is needed
    try:
        return Service.objects.select_related("queue_link__queue").get(
            mpp_id=mpp_id, code=code, is_active=True
        )
    except Service.DoesNotExist:
        return None


def service_name(service_id: int, day: dt.date) -> str:
    """The service's name in force that day (cached)."""
    return cached_read(QUEUE_SETUP, ("name", service_id, day), lambda: _name(service_id, day))


def _name(service_id: int, day: dt.date) -> str:
    version = (
        ServiceVersion.objects.filter(service_id=service_id, effective_from__lte=day)
        .order_by("-number")
        .values_list("name", flat=True)
        .first()
    )
    return version or ""


def counters_of(service_id: int) -> list[int]:
    """Numbers of the open counters that serve a service (where a next step is done)."""
    links = CounterService.objects.filter(service_id=service_id, counter__is_active=True)
    return sorted(links.values_list("counter__number", flat=True))


def route_steps(ticket: Ticket) -> list[tuple[str, list[int]]]:
    """A journey ticket's next steps, in order: (service name, its open counters). The
    kiosk's screen and slip list them, so the printed number tells where to go after."""
    if not ticket.route:
        return []
    return [(service_name(pk, ticket.day), counters_of(pk)) for pk in ticket.route]


def ticket_view(ticket: Ticket) -> dict[str, Any]:
    """The ticket as its holder sees it (live page, API), JSON-ready; the place and the
    wait also in words, in the active language (waits/words.py)."""
    ahead = people_ahead(ticket)
    eta = estimate_wait(ticket, ahead)
    at_counter = ticket.status in board.AT_COUNTER and ticket.counter is not None
    continuation = (
        Ticket.objects.filter(transferred_from=ticket).values_list("public_id", flat=True).first()
        if ticket.status == Status.TRANSFERRED or (ticket.status == Status.DONE and ticket.route)
        else None
    )
    return {
        "id": str(ticket.public_id),
        "number": ticket.number,
        "service": ticket.service.code,
        "service_name": service_name(ticket.service_id, ticket.day),
        "status": ticket.status,
        "ahead": ahead,
        "ahead_text": ahead_words(ahead),
        "eta_minutes": eta,
        "wait_text": wait_words(eta, waiting=ticket.status == Status.WAITING),
        "counter": ticket.counter.number if at_counter and ticket.counter else None,
        "recalls": ticket.recalls,
        "track_url": TRACK_PATH.format(id=ticket.public_id),
        "issued_at": board.iso(ticket.issued_at),
        "called_at": board.iso(ticket.called_at) if ticket.called_at else None,
        "transferred_to": str(continuation) if continuation else None,
    }
