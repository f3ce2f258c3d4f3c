"""The live floor of an MPP now, for its supervisor (issue 22, item 2; docs/floor.md).

Each figure is one function below whose docstring says what counts; they agree with the
measures (operations/measures.py): a wait runs from the moment the ticket joined its line
(`measures.Visit.joined`, the start of `measures.waiting_time`), the target is the MPP's
(`selectors.target_wait_minutes`), past it means longer than it (`measures.wait_over_target`,
which counts it here too), and a counter is idle while people wait as
`measures.counter_idle_share` reads it (operations/measures_floor.py).

`floor_now(mpp)` reads the floor (operations/floor_reads.py) in a fixed number of queries
whatever the number of tickets, services and counters (tests/test_floor_queries.py pins
it), then computes in Python: per agency and service, the people waiting, the longest
wait, the counters by state, the appointments due within the hour and the applications
near their deadline, and the alerts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.utils import timezone

from satupintu.appointments.models import BookingStatus
from satupintu.core.calendar import add_working_days
from satupintu.operations import floor_reads as reads
from satupintu.operations import measures as m
from satupintu.operations.floor_reads import (
    APPOINTMENT_WINDOW,
    CLOCK_RUNNING,
    STANDING,
    WaitingTicket,
)
from satupintu.operations.selectors import services_of_counters, target_wait_minutes
from satupintu.queueing.counters.selectors import effective_mode
from satupintu.queueing.models import CounterState, Status
from satupintu.queueing.tickets.selectors import local_day
from satupintu.tenancy.models import Counter, Mpp

SERVING, IDLE, PAUSED, CLOSED = "serving", "idle", "paused", "closed"


# --- the figures ------------------------------------------------------------------------


def waiting_now(tickets: Sequence[WaitingTicket]) -> int:
    """People waiting: today's tickets in the status waiting (taken at the kiosk or online,
    an appointment checked in, a number an officer made, a transfer's continuation, a
    no-show restored), not called yet. A ticket called or recalled is at a counter, not
    waiting; tickets of earlier days are not counted (the board's rule)."""
    return len(tickets)


def wait_so_far(ticket: WaitingTicket, now: dt.datetime) -> float:
    """A waiting ticket's wait so far, in minutes: from the moment it joined its line (its
    issue event: taken, checked in, or the transfer that made it; a no-show restored keeps
    its first issue) to now. It is the wait `measures.waiting_time` would count if the
    ticket were called now."""
    return (now - ticket.visit.joined).total_seconds() / 60


def longest_wait_now(tickets: Sequence[WaitingTicket], now: dt.datetime) -> float | None:
    """Longest wait now: the largest `wait_so_far` among the tickets waiting now, in
    minutes; None when nobody waits."""
    return max((wait_so_far(t, now) for t in tickets), default=None)


def over_target_now(tickets: Sequence[WaitingTicket], now: dt.datetime, target: int) -> int:
    """Waits past the target now: tickets waiting now whose wait so far is longer than the
    MPP's target (QueuePolicy.target_wait_minutes; a wait of exactly the target is within
    it), counted by `measures.wait_over_target` on the tickets as if called now."""
    as_called = [replace(t.visit, last_call=now, status=Status.CALLED) for t in tickets]
    return m.wait_over_target(as_called, target)["count"]


def counter_state(mode: str, at_counter: bool) -> str:
    """A counter's state now: closed or paused as its mode says (the counter console's
    Buka / Istirahat / Tutup; a counter without a state row is open while it is active);
    an open counter is serving while a ticket is called to it or served there, idle
    otherwise."""
    if mode == CounterState.Mode.CLOSED:
        return CLOSED
    if mode == CounterState.Mode.PAUSED:
        return PAUSED
    return SERVING if at_counter else IDLE


def counters_by_state(states: Iterable[str]) -> dict[str, int]:
    """Counters open, serving, idle, paused and closed now (`counter_state`); open is
    serving plus idle."""
    counts = dict.fromkeys((SERVING, IDLE, PAUSED, CLOSED), 0)
    for state in states:
        counts[state] += 1
    return {"open": counts[SERVING] + counts[IDLE], **counts}


def idle_since(
    *,
    waited_since: dt.datetime | None,
    last_busy: dt.datetime | None,
    last_opened: dt.datetime | None,
    opened_today: dt.datetime | None,
) -> dt.datetime | None:
    """Since when an idle counter has been idle while people waited for it: the latest of
    the start of the longest present wait for one of the services it serves
    (`waited_since`: the earliest issue or restore among them, so someone has waited
    since), the last moment it had a ticket (`last_busy`: its last call, start, finish,
    no-show or transfer today), the moment it was last opened or resumed (the mode change
    an officer made, as measures_floor reads it) and the start of the MPP's opening hours
    now (`opened_today`; None: the MPP is closed now). None when nobody waits for its
    services or the MPP is closed: it is not idle in the sense of
    `measures.counter_idle_share`."""
    if waited_since is None or opened_today is None:
        return None
    return max(t for t in (waited_since, last_busy, last_opened, opened_today) if t is not None)


def idle_too_long(since: dt.datetime | None, now: dt.datetime, threshold_minutes: float) -> bool:
    """The idle alert: an open counter with no ticket called or in service has been idle
    while people waited for its services (`idle_since`) for at least the threshold
    (settings.FLOOR_IDLE_ALERT_MINUTES, 3 unless set; exactly the threshold alerts)."""
    return since is not None and (now - since).total_seconds() >= threshold_minutes * 60


@dataclass(frozen=True)
class Due:
    due: int = 0
    checked_in: int = 0

    def __add__(self, other: Due) -> Due:
        return Due(self.due + other.due, self.checked_in + other.checked_in)


def appointments_due(bookings: Iterable[tuple[dt.datetime, str]], now: dt.datetime) -> Due:
    """Appointments due in the next hour: bookings (slot start, status) still standing,
    booked or already checked in, whose slot starts at or after now and before now + 60
    minutes (the start of the hour included, its end excluded); `checked_in` of them
    are here already (their ticket waits or is served). Cancelled and no-show bookings,
    and slots that started before now, are not counted."""
    end = now + APPOINTMENT_WINDOW
    due = [status for start, status in bookings if now <= start < end and status in STANDING]
    return Due(len(due), sum(1 for s in due if s == BookingStatus.CHECKED_IN))


def applications_at_risk(
    applications: Iterable[tuple[dt.date | None, str]], today: dt.date, next_working_day: dt.date
) -> int:
    """Applications about to miss their deadline: applications (deadline, status) whose
    deadline (applications/sla.py: the service standard's working days after submission,
    plus the working days paused for the citizen's revision) is today or the next working
    day of the MPP, and that are not decided (submitted, being verified, verified or being
    processed). Excluded: applications decided (ready, completed, rejected), paused for
    the citizen's revision (their clock stands still and their deadline moves on),
    withdrawn, drafts, and those whose deadline has passed already (they missed it;
    `measures.sla_kept` counts them)."""
    return sum(
        1
        for due, status in applications
        if due is not None and today <= due <= next_working_day and status in CLOCK_RUNNING
    )


# --- the floor as the page shows it ------------------------------------------------------


def whole_minutes(minutes: float | None) -> int | None:
    """Minutes as the page shows them: the whole minutes gone (14.9 → 14), as the console."""
    return None if minutes is None else int(minutes)


@dataclass
class Totals:
    """The figures of a group of services and counters: an agency, or the whole MPP."""

    waiting: int = 0
    longest: float | None = None
    over_target: int = 0
    counters: dict[str, int] = field(default_factory=lambda: counters_by_state(()))
    appointments: Due = field(default_factory=Due)
    at_risk: int = 0

    @property
    def longest_minutes(self) -> int | None:
        return whole_minutes(self.longest)


@dataclass
class ServiceRow:
    id: int
    code: str
    name: str
    agency_id: int
    waiting: int
    longest: float | None
    over_target: int
    counters: dict[str, int]  # the counters that serve it, by state
    appointments: Due
    at_risk: int

    @property
    def longest_minutes(self) -> int | None:
        return whole_minutes(self.longest)

    @property
    def active(self) -> bool:
        """Shown on the floor: someone waits, an appointment is due within the hour, or an
        application is near its deadline (the counters are shown per agency)."""
        return bool(self.waiting or self.appointments.due or self.at_risk)


@dataclass
class CounterRow:
    id: int
    number: int
    name: str
    agency_id: int
    state: str
    ticket: str | None  # the number called to it or served there
    idle_since: dt.datetime | None
    idle_alert: bool


@dataclass
class AgencyRow:
    id: int
    name: str
    short_name: str
    services: list[ServiceRow]
    counters: list[CounterRow]
    totals: Totals


@dataclass
class Alert:
    kind: str  # "wait" (waits past the target) or "idle" (a counter idle while people wait)
    agency: str
    service: ServiceRow | None = None
    counter: CounterRow | None = None


@dataclass
class Floor:
    mpp: Mpp
    now: dt.datetime
    target_minutes: int
    idle_minutes: float
    next_working_day: dt.date
    agencies: list[AgencyRow]
    totals: Totals
    alerts: list[Alert]


def totals_of(services: Sequence[ServiceRow], counters: Sequence[CounterRow]) -> Totals:
    """The sums of the services' figures (the longest wait: the largest) and the counters
    by state."""
    longest = [s.longest for s in services if s.longest is not None]
    appointments = Due()
    for s in services:
        appointments += s.appointments
    return Totals(
        waiting=sum(s.waiting for s in services),
        longest=max(longest, default=None),
        over_target=sum(s.over_target for s in services),
        counters=counters_by_state(c.state for c in counters),
        appointments=appointments,
        at_risk=sum(s.at_risk for s in services),
    )


def floor_now(mpp: Mpp, *, now: dt.datetime | None = None) -> Floor:
    """The MPP's floor now, in a fixed number of queries."""
    now = now or timezone.now()
    day = local_day(mpp, now)
    target = target_wait_minutes(mpp)
    threshold = settings.FLOOR_IDLE_ALERT_MINUTES
    services = reads.services(mpp, day)
    counters = list(Counter.objects.filter(mpp=mpp).select_related("state", "booth__agency"))
    serves = services_of_counters(mpp)
    waiting = reads.waiting(mpp, day, now, {pk: s["agency_id"] for pk, s in services.items()})
    at_counter = reads.at_counters(mpp, day)
    last_busy = reads.last_busy(mpp, day)
    opened = reads.last_opened(mpp, day, now, [c.pk for c in counters])
    window = reads.opening_start(mpp, day, now)
    due = reads.appointments_soon(mpp, now)
    next_day = add_working_days(mpp, day, 1)
    risk = reads.applications_near_deadline(mpp, day, next_day)

    by_service: dict[int, list[WaitingTicket]] = defaultdict(list)
    for ticket in waiting:
        by_service[ticket.visit.service_id].append(ticket)
    counter_rows = []
    for c in counters:
        state = counter_state(effective_mode(c, getattr(c, "state", None)), c.pk in at_counter)
        since = None
        if state == IDLE:
            starts = [t.since for s in serves[c.pk] for t in by_service.get(s, ())]
            since = idle_since(
                waited_since=min(starts, default=None),
                last_busy=last_busy.get(c.pk),
                last_opened=opened.get(c.pk),
                opened_today=window,
            )
        counter_rows.append(
            CounterRow(
                id=c.pk,
                number=c.number,
                name=c.name,
                agency_id=c.booth.agency_id,
                state=state,
                ticket=at_counter.get(c.pk),
                idle_since=since,
                idle_alert=idle_too_long(since, now, threshold),
            )
        )
    counters_of: dict[int, list[CounterRow]] = defaultdict(list)
    for row in counter_rows:
        for service_id in serves[row.id]:
            counters_of[service_id].append(row)
    service_rows = []
    for pk, s in services.items():
        mine = by_service.get(pk, [])
        service_rows.append(
            ServiceRow(
                id=pk,
                code=s["code"],
                name=s["name"],
                agency_id=s["agency_id"],
                waiting=waiting_now(mine),
                longest=longest_wait_now(mine, now),
                over_target=over_target_now(mine, now, target),
                counters=counters_by_state(c.state for c in counters_of[pk]),
                appointments=appointments_due(due.get(pk, ()), now),
                at_risk=applications_at_risk(risk.get(pk, ()), day, next_day),
            )
        )
    agencies = _agencies(services, counters, service_rows, counter_rows)
    return Floor(
        mpp=mpp,
        now=now,
        target_minutes=target,
        idle_minutes=threshold,
        next_working_day=next_day,
        agencies=agencies,
        totals=totals_of(service_rows, counter_rows),
        alerts=_alerts(agencies),
    )


def _agencies(
    services: dict[int, dict],
    counters: list[Counter],
    service_rows: list[ServiceRow],
    counter_rows: list[CounterRow],
) -> list[AgencyRow]:
    """Each agency with something on the floor (a service shown, a counter not closed),
    its services shown and all its counters, ordered by short name."""
    names: dict[int, tuple[str, str]] = {}
    for s in services.values():
        names[s["agency_id"]] = (s["agency_name"], s["agency_short"])
    for c in counters:
        names[c.booth.agency_id] = (c.booth.agency.name, c.booth.agency.short_name)
    agencies = []
    for agency_id, (name, short) in names.items():
        shown = sorted(
            (s for s in service_rows if s.agency_id == agency_id and s.active),
            key=lambda s: s.code,
        )
        theirs = sorted(
            (c for c in counter_rows if c.agency_id == agency_id), key=lambda c: c.number
        )
        if not shown and all(c.state == CLOSED for c in theirs):
            continue
        all_theirs = [s for s in service_rows if s.agency_id == agency_id]
        agencies.append(
            AgencyRow(agency_id, name, short, shown, theirs, totals_of(all_theirs, theirs))
        )
    return sorted(agencies, key=lambda a: (a.short_name.casefold(), a.id))


def _alerts(agencies: list[AgencyRow]) -> list[Alert]:
    """Waits past the target (the longest first), then counters idle too long (by number)."""
    waits = [
        Alert("wait", a.short_name, service=s)
        for a in agencies
        for s in a.services
        if s.over_target
    ]
    idle = [
        Alert("idle", a.short_name, counter=c) for a in agencies for c in a.counters if c.idle_alert
    ]
    waits.sort(key=lambda alert: -(alert.service.longest or 0.0) if alert.service else 0.0)
    idle.sort(key=lambda alert: alert.counter.number if alert.counter else 0)
    return waits + idle
