"""What "Beranda saya" shows (`/saya/`, `GET /api/v1/me/home`): what a signed-in citizen has
going on, one section per kind of thing, read for the page and the API alike.

A section is one small function `(user, now) -> Section` added to `SECTIONS`: it reads its
rows in a fixed number of queries (tests/test_my_home.py pins each; a live ticket adds
the two reads its own page makes for its place), words each row as an
`Item` (what it is, where it stands, what the citizen does next, its page) and returns
them; a section with no items is left out of the page and the JSON, so a section for
something the citizen does not have yet costs no placeholder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.applications.models import Status as ApplicationStatus
from satupintu.applications.selectors import my_applications, next_step
from satupintu.appointments.models import Booking, BookingStatus
from satupintu.appointments.services import format_code
from satupintu.catalog.models import ServiceVersion
from satupintu.catalog.selectors import rupiah
from satupintu.complaints.models import Status as ComplaintStatus
from satupintu.complaints.selectors import complaints_of
from satupintu.documents.models import DocumentStatus
from satupintu.documents.selectors import documents_of
from satupintu.payments.selectors import bills_to_pay as open_bills
from satupintu.queueing.models import Status as TicketStatus
from satupintu.queueing.models import Ticket
from satupintu.queueing.tickets.selectors import (
    ACTIVE,
    EVENTS_PATH,
    local_day,
    phrases,
    ticket_view,
)
from satupintu.satisfaction.services import SURVEY_WINDOW

# applications the citizen has to act on come first, in this order; the others follow
APPLICATION_ACTIONS = (
    ApplicationStatus.NEEDS_REVISION,
    ApplicationStatus.READY,
    ApplicationStatus.DRAFT,
    ApplicationStatus.VERIFIED,
)
APPLICATIONS_SHOWN = (
    *APPLICATION_ACTIONS,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.VERIFYING,
    ApplicationStatus.PROCESSING,
)
MOST = 20  # rows per section: a home page, not an archive (the full lists are linked)


@dataclass(frozen=True)
class Item:
    title: str  # what it is: "A-012", the service's name
    detail: str  # which one: service and MPP, date and time, tracking number
    status: str  # the machine status (`waiting`, `needs_revision`, …)
    status_text: str  # the status in words
    action: str  # what the citizen does next, in words ("" when nothing)
    url: str  # its own page
    needs_you: bool = False  # the citizen must act (shown first, marked)
    ticket: dict[str, Any] | None = None  # a live ticket's view (tickets/selectors.py)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    more_url: str = ""  # the full list, where there is one


def my_home(user: User, *, now: dt.datetime | None = None) -> list[Section]:
    """The citizen's sections that have something in them, in the page's order."""
    now = now or timezone.now()
    return [section for read in SECTIONS if (section := read(user, now)).items]


# --- the sections ----------------------------------------------------------------------


def live_tickets(user: User, now: dt.datetime) -> Section:
    """Today's tickets still to be served: each with its place and wait, like its own page
    (tickets/selectors.ticket_view: per waiting ticket, the count of those ahead)."""
    since = now - dt.timedelta(days=1)
    tickets = (
        Ticket.objects.filter(user=user, status__in=ACTIVE, issued_at__gte=since)
        .select_related("mpp", "service", "counter")
        .order_by("issued_at")[:MOST]
    )
    items = []
    for ticket in tickets:
        if ticket.day != local_day(ticket.mpp, now):
            continue
        view = ticket_view(ticket)
        view["events_url"] = EVENTS_PATH.format(id=ticket.public_id)
        view["mpp_name"] = ticket.mpp.name
        called = view["status"] == TicketStatus.CALLED
        words = phrases()
        status_text = words["status"][view["status"]] % {"counter": view["counter"] or ""}
        if called:
            status_text = words["title_called"] % {"counter": view["counter"] or ""}
        items.append(
            Item(
                title=view["number"],
                detail=f"{view['service_name']} · {ticket.mpp.name}",
                status=view["status"],
                status_text=status_text,
                action=view["wait_text"] if view["status"] == TicketStatus.WAITING else "",
                url=view["track_url"],
                needs_you=called,
                ticket=view,
            )
        )
    return Section("tickets", _("Nomor antrian hari ini"), items)


def upcoming_bookings(user: User, now: dt.datetime) -> Section:
    """Bookings still to come, soonest first."""
    bookings = list(
        Booking.objects.filter(user=user, status=BookingStatus.BOOKED, end__gt=now)
        .select_related("mpp")
        .order_by("start")[:MOST]
    )
    names = service_names((b.service_id, b.day) for b in bookings)
    items = [
        Item(
            title=names.get((b.service_id, b.day), ""),
            detail=_("%(when)s · %(mpp)s · kode %(code)s")
            % {"when": _when(b.start, b), "mpp": b.mpp.name, "code": format_code(b.code)},
            status=b.status,
            status_text=b.get_status_display(),
            action=_("Datang ke MPP, lalu tunjukkan kode ini di kios atau loket."),
            url=reverse("appointments:booking", args=[b.code]),
        )
        for b in bookings
    ]
    return Section("bookings", _("Janji temu mendatang"), items, reverse("appointments:mine"))


def applications_to_follow(user: User, now: dt.datetime) -> Section:
    """Open applications, those waiting for the citizen first, each with its next step."""
    applications = list(my_applications(user).filter(status__in=APPLICATIONS_SHOWN)[:MOST])
    order: dict[str, int] = {status: i for i, status in enumerate(APPLICATIONS_SHOWN)}
    applications.sort(key=lambda a: order[a.status])
    items = [
        Item(
            title=a.version.name,
            detail=_("Nomor permohonan %(number)s · %(mpp)s")
            % {"number": a.tracking_number, "mpp": a.mpp.name},
            status=a.status,
            status_text=a.get_status_display(),
            action=next_step(a),
            url=reverse("applications:mine_detail", args=[a.public_id]),
            needs_you=a.status in APPLICATION_ACTIONS,
        )
        for a in applications
    ]
    return Section("applications", _("Permohonan"), items, reverse("applications:mine"))


def surveys_waiting(user: User, now: dt.datetime) -> Section:
    """Finished visits whose satisfaction survey (SKM) is still open and not answered."""
    tickets = list(
        Ticket.objects.filter(
            user=user,
            status=TicketStatus.DONE,
            finished_at__gte=now - SURVEY_WINDOW,
            survey__isnull=True,
        )
        .select_related("mpp")
        .order_by("-finished_at")[:MOST]
    )
    names = service_names((t.service_id, t.day) for t in tickets)
    items = [
        Item(
            title=names.get((t.service_id, t.day), ""),
            detail=_("%(number)s · %(mpp)s · %(day)s")
            % {"number": t.number, "mpp": t.mpp.name, "day": date_format(t.day, "j F Y")},
            status="open",
            status_text=_("Belum diisi"),
            action=_("Isi survei kepuasan (±2 menit)"),
            url=reverse("satisfaction:survey", args=[t.public_id]),
        )
        for t in tickets
    ]
    return Section("surveys", _("Survei menunggu jawaban Anda"), items)


def documents_issued(user: User, now: dt.datetime) -> Section:
    """The products issued to the citizen (izin, surat keterangan, akta), each with its
    verification page, where the PDF is downloaded."""
    items = [
        Item(
            title=d.title,
            detail=_("Nomor %(number)s · %(mpp)s") % {"number": d.number, "mpp": d.mpp.name},
            status=d.status,
            status_text=d.get_status_display(),
            action=_("Unduh PDF") if d.status == DocumentStatus.VALID else "",
            url=reverse("documents:verify-code", args=[d.code]),
        )
        for d in documents_of(user)[:MOST]
    ]
    return Section("documents", _("Dokumen saya"), items)


def complaints_to_follow(user: User, now: dt.datetime) -> Section:
    """The citizen's complaints still running: an answer to read, or a question of the desk
    to answer, first."""
    complaints = list(complaints_of(user)[:MOST])
    waiting_for_you: dict[str, str] = {
        ComplaintStatus.ANSWERED: _("Baca jawabannya; bila belum selesai, minta dibuka kembali"),
        ComplaintStatus.POSTPONED: _("Petugas menunggu keterangan Anda: baca pertanyaannya"),
    }
    complaints.sort(key=lambda c: c.status not in waiting_for_you)
    items = [
        Item(
            title=c.get_kind_display(),
            detail=_("Kode lacak %(code)s · %(mpp)s")
            % {"code": c.tracking_code, "mpp": c.mpp.name},
            status=c.status,
            status_text=c.get_status_display(),
            action=str(waiting_for_you.get(c.status, "")),
            url=reverse("complaints:track", args=[c.tracking_code]),
            needs_you=c.status in waiting_for_you,
        )
        for c in complaints
    ]
    return Section("complaints", _("Pengaduan saya"), items)


def bills_to_pay(user: User, now: dt.datetime) -> Section:
    """The fees the citizen still has to pay (QRIS, virtual account or the bank counter),
    each with its amount and the time it expires."""
    items = []
    for bill in open_bills(user, now)[:MOST]:
        expires = timezone.localtime(bill.expires_at, bill.mpp.tzinfo)
        items.append(
            Item(
                title=bill.description,
                detail=_("Tagihan %(number)s · %(mpp)s")
                % {"number": bill.number, "mpp": bill.mpp.name},
                status=bill.status,
                status_text=bill.get_status_display(),
                action=_("Bayar %(amount)s sebelum %(when)s")
                % {
                    "amount": rupiah(bill.amount),
                    "when": f"{date_format(expires, 'j F Y')} {expires:%H.%M} "
                    f"{bill.mpp.time_zone_label}",
                },
                url=reverse("payments:bill", args=[bill.public_id]),
                needs_you=True,
            )
        )
    return Section("bills", _("Tagihan yang perlu dibayar"), items)


SECTIONS: list[Callable[[User, dt.datetime], Section]] = [
    live_tickets,
    upcoming_bookings,
    applications_to_follow,
    bills_to_pay,
    documents_issued,
    complaints_to_follow,
    surveys_waiting,
]


# --- helpers ---------------------------------------------------------------------------


def service_names(pairs: Iterable[tuple[int, dt.date]]) -> dict[tuple[int, dt.date], str]:
    """The name in force of each (service, day): one query for any number of rows."""
    wanted = set(pairs)
    if not wanted:
        return {}
    versions = (
        ServiceVersion.objects.filter(
            service_id__in={sid for sid, _day in wanted},
            effective_from__lte=max(day for _sid, day in wanted),
        )
        .order_by("service_id", "-number")
        .values_list("service_id", "effective_from", "name")
    )
    by_service: dict[int, list[tuple[dt.date, str]]] = {}
    for service_id, starts, name in versions:
        by_service.setdefault(service_id, []).append((starts, name))
    return {
        (sid, day): next((name for starts, name in by_service.get(sid, []) if starts <= day), "")
        for sid, day in wanted
    }


def _when(start: dt.datetime, booking: Booking) -> str:
    local = timezone.localtime(start, booking.mpp.tzinfo)
    return f"{date_format(local, 'l, j F Y')} {local:%H.%M} {booking.mpp.time_zone_label}"
