"""What the floor view reads (operations/floor.py): each a query or two, none per ticket,
service or counter."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, OuterRef, Subquery

from satupintu.applications.models import Application
from satupintu.applications.models import Status as AppStatus
from satupintu.appointments.models import Booking, BookingStatus
from satupintu.catalog.models import Service, ServiceVersion
from satupintu.operations import measures as m
from satupintu.operations import measures_floor
from satupintu.operations.selectors import opening_windows
from satupintu.queueing.board.snapshot import AT_COUNTER
from satupintu.queueing.models import CounterModeChange, CounterState, Status, Ticket, TicketEvent
from satupintu.tenancy.models import Mpp

APPOINTMENT_WINDOW = dt.timedelta(minutes=60)
# Not decided and not paused for the citizen's revision: the deadline's clock runs.
CLOCK_RUNNING = (AppStatus.SUBMITTED, AppStatus.VERIFYING, AppStatus.VERIFIED, AppStatus.PROCESSING)
STANDING = (BookingStatus.BOOKED, BookingStatus.CHECKED_IN)


@dataclass(frozen=True, slots=True)
class WaitingTicket:
    """A ticket waiting now: the measures' `Visit` (its `joined` is its issue event) and the
    start of its present stretch in line (`since`: its issue, or its restore after a
    no-show: measures_floor.ticket_times)."""

    visit: m.Visit
    number: str
    since: dt.datetime


def services(mpp: Mpp, day: dt.date) -> dict[int, dict]:
    """Every active service of the MPP with its name in force today and its agency."""
    name = Subquery(
        ServiceVersion.objects.filter(service=OuterRef("pk"), effective_from__lte=day)
        .order_by("-number")
        .values("name")[:1]
    )
    rows = (
        Service.objects.filter(mpp=mpp, is_active=True)
        .annotate(current_name=name)
        .values_list(
            "pk", "code", "current_name", "agency_id", "agency__name", "agency__short_name"
        )
        .order_by()
    )
    return {
        pk: {
            "code": code,
            "name": current or "",
            "agency_id": agency,
            "agency_name": agency_name,
            "agency_short": short,
        }
        for pk, code, current, agency, agency_name, short in rows
    }


def waiting(
    mpp: Mpp, day: dt.date, now: dt.datetime, agency_of: dict[int, int]
) -> list[WaitingTicket]:
    """Today's waiting tickets with their history: one query."""
    rows = (
        TicketEvent.objects.filter(ticket__mpp=mpp, ticket__day=day, ticket__status=Status.WAITING)
        .exclude(action__in=("note", "start"))
        .order_by("ticket_id", "at", "pk")
        .values_list(
            "ticket_id", "ticket__service_id", "ticket__channel", "ticket__number",
            "action", "at", "counter_id",
        )
    )  # fmt: skip
    history: dict[int, list] = defaultdict(list)
    about: dict[int, tuple[int, str, str]] = {}
    for ticket_id, service_id, channel, number, action, at, counter_id in rows:
        history[ticket_id].append((action, at, counter_id))
        about[ticket_id] = (service_id, channel, number)
    tickets = []
    for ticket_id, events in history.items():
        joined = next((at for action, at, _c in events if action == "issue"), None)
        times = measures_floor.ticket_times(events, now)
        if joined is None or not times.waiting:  # every ticket's history starts with its issue
            continue
        calls = [at for action, at, _c in events if action in ("call", "recall")]
        service_id, channel, number = about[ticket_id]
        visit = m.Visit(
            ticket_id=ticket_id,
            service_id=service_id,
            agency_id=agency_of.get(service_id, 0),
            counter_id=None,
            officer_id=None,
            channel=channel,
            status=Status.WAITING,
            day=day,
            joined=joined,
            last_call=max(calls) if calls else None,
            started=None,
            finished=None,
        )
        tickets.append(WaitingTicket(visit, number, times.waiting[-1][0]))
    return tickets


def last_opened(
    mpp: Mpp, day: dt.date, now: dt.datetime, counters: list[int]
) -> dict[int, dt.datetime]:
    """When each counter was last opened or resumed today (its mode history, by an officer
    or by the system)."""
    start = dt.datetime.combine(day, dt.time(0), mpp.tzinfo)
    rows = (
        CounterModeChange.objects.filter(
            counter_id__in=counters, at__gte=start, at__lte=now, mode=CounterState.Mode.OPEN
        )
        .values("counter_id")
        .annotate(last=Max("at"))
        .order_by()
    )
    return {row["counter_id"]: row["last"] for row in rows}


def opening_start(mpp: Mpp, day: dt.date, now: dt.datetime) -> dt.datetime | None:
    """The start of the MPP's opening hours that hold now (a weekday without opening hours:
    the whole day, as measures_floor reads them), None when it is closed now."""
    for start, end in opening_windows(mpp, day, day):
        if start <= now < end:
            return start
    return None


def appointments_soon(mpp: Mpp, now: dt.datetime) -> dict[int, list[tuple[dt.datetime, str]]]:
    """Bookings whose slot starts within the hour, per service: one query."""
    rows = Booking.objects.filter(
        mpp=mpp, start__gte=now, start__lt=now + APPOINTMENT_WINDOW, status__in=STANDING
    ).values_list("service_id", "start", "status")
    found: dict[int, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for service_id, start, status in rows.order_by():
        found[service_id].append((start, status))
    return found


def applications_near_deadline(
    mpp: Mpp, today: dt.date, next_working_day: dt.date
) -> dict[int, list[tuple[dt.date | None, str]]]:
    """Undecided applications due today … the next working day, per service: one query."""
    rows = Application.objects.filter(
        mpp=mpp, status__in=CLOCK_RUNNING, due_date__range=(today, next_working_day)
    ).values_list("service_id", "due_date", "status")
    found: dict[int, list[tuple[dt.date | None, str]]] = defaultdict(list)
    for service_id, due, status in rows.order_by():
        found[service_id].append((due, status))
    return found


def at_counters(mpp: Mpp, day: dt.date) -> dict[int, str]:
    """The number called to each counter or served there now: one query."""
    rows = Ticket.objects.filter(mpp=mpp, day=day, status__in=AT_COUNTER, counter__isnull=False)
    return dict(rows.values_list("counter_id", "number").order_by())


def last_busy(mpp: Mpp, day: dt.date) -> dict[int, dt.datetime]:
    """The last moment each counter had a ticket today: its latest ticket event (call,
    recall, start, finish, no-show, transfer, restore): one query."""
    rows = (
        TicketEvent.objects.filter(ticket__mpp=mpp, ticket__day=day, counter__isnull=False)
        .values("counter_id")
        .annotate(last=Max("at"))
        .values_list("counter_id", "last")
        .order_by()
    )
    return dict(rows)
