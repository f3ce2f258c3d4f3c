"""The measures of an MPP's work, each defined once (issue 22): what counts and what does not.

Every page, report and API that shows one of these numbers asks this module. A measure
is a pure function over facts the selectors (operations/selectors.py) read from the
database in a fixed number of queries: `Visit`s (one per ticket: a visitor's stay in one
line, read from the ticket and its history, queueing's TicketEvent) and the counters'
time on the floor (operations/measures_floor.py: open, waited-for and idle time).

Shared rules:
- A period is of local days of the MPP, both ends included; a ticket belongs to the
  day it was issued (`Ticket.day`, the MPP's zone).
- Times are in minutes; a time measure gives the median and the mean (arithmetic) and
  `n`, the tickets measured. A rate or share gives `count`, `n` (its denominator) and
  the ratio from 0 to 1. Nothing to measure gives None, never 0.
- Cut by hour, day or month, a measure is placed by its *anchor*: the moment named in
  its docstring, in the MPP's local time; an hour includes its start and excludes its
  end (a ticket issued at 10:00:00 belongs to 10.00–11.00).
- Cut by counter or officer, a ticket belongs to the counter and officer that called it
  last; measures of arrivals (before any call) are not cut that way (None).

Complaints answered in time is not measured yet: it arrives with the complaints
issue, when complaints exist.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from satupintu.queueing.models import Channel, Status

Result = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Visit:
    """One ticket as the measures read it."""

    ticket_id: int
    service_id: int
    agency_id: int
    counter_id: int | None
    officer_id: int | None
    channel: str
    status: str
    day: dt.date
    joined: dt.datetime  # its issue event: taken at the kiosk, online, checked in, transferred
    last_call: dt.datetime | None  # its last call or recall
    started: dt.datetime | None
    finished: dt.datetime | None
    rating: int | None = None

    @property
    def is_arrival(self) -> bool:
        """A visitor arriving, not a transfer's continuation of someone already here."""
        return self.channel != Channel.TRANSFER


def _minutes(since: dt.datetime, until: dt.datetime) -> float:
    return (until - since).total_seconds() / 60


def _times(values: Sequence[float]) -> Result:
    if not values:
        return {"n": 0, "median": None, "mean": None}
    return {
        "n": len(values),
        "median": round(statistics.median(values), 2),
        "mean": round(statistics.fmean(values), 2),
    }


def _rate(count: int, n: int, name: str = "rate") -> Result:
    return {"count": count, "n": n, name: round(count / n, 4) if n else None}


def arrivals(visits: Sequence[Visit]) -> Result:
    """Arrivals: tickets issued in the period, from every channel (kiosk, online, an
    appointment's check-in, a number made at the counter), cancelled ones included.
    Excluded: a transfer's continuation (the visitor arrived once). Anchor: issue."""
    return {"n": sum(1 for v in visits if v.is_arrival)}


def demand(visits: Sequence[Visit]) -> Result:
    """Demand on a service: tickets that joined its line in the period, the arrivals of
    `arrivals` plus the continuations of transfers (a visitor moved to another service is
    new work for that service's counters), cancelled ones included. What the staffing
    advice plans counters for. Anchor: joining the line."""
    return {"n": len(visits)}


def _waits(visits: Sequence[Visit]) -> list[float]:
    return [
        _minutes(v.joined, v.last_call)
        for v in visits
        if v.last_call is not None and v.status not in (Status.NO_SHOW, Status.CANCELLED)
    ]


def waits(visits: Sequence[Visit]) -> list[float]:
    """The waits `waiting_time` measures, each in minutes (for a distribution)."""
    return _waits(visits)


def waiting_time(visits: Sequence[Visit]) -> Result:
    """Waiting time: from the moment the ticket joined its line (issued at the kiosk or
    online, an appointment's check-in, a transfer's continuation created) to its *last*
    call, as queue vendors define it: a recalled ticket waits until its last recall, a
    no-show restored and called again until that call, and a transferred ticket's wait in
    its first line ends at its last call there (its continuation waits anew in the next
    line, from the transfer). Excluded: tickets never called, and tickets that ended as
    no-show or cancelled (the visitor was not there to be served). Median and mean, in
    minutes. Anchor: joining the line."""
    return _times(_waits(visits))


def walk_to_counter_time(visits: Sequence[Visit]) -> Result:
    """Walk-to-counter time: from the ticket's last call to the start of its service.
    Excluded: tickets whose service never started. Median and mean, in minutes.
    Anchor: the last call."""
    return _times(
        [
            _minutes(v.last_call, v.started)
            for v in visits
            if v.last_call is not None and v.started is not None
        ]
    )


def service_time(visits: Sequence[Visit]) -> Result:
    """Service time: from the start of service to its finish, for tickets finished
    (done, whatever the outcome: completed, follow-up, rejected). Excluded: tickets
    transferred during service (their service went on elsewhere) and tickets still at
    the counter. Median and mean, in minutes. Anchor: the start of service."""
    return _times(
        [
            _minutes(v.started, v.finished)
            for v in visits
            if v.status == Status.DONE and v.started is not None and v.finished is not None
        ]
    )


def handling_time(visits: Sequence[Visit]) -> Result:
    """Handling time: how long a visitor holds a counter, from the ticket's last call to
    its finish (the walk to the counter and the service), for tickets finished (done).
    Excluded as in `service_time`: tickets transferred during service and tickets still
    at the counter. What the staffing advice plans with. Median and mean, in minutes.
    Anchor: the last call."""
    return _times(
        [
            _minutes(v.last_call, v.finished)
            for v in visits
            if v.status == Status.DONE and v.last_call is not None and v.finished is not None
        ]
    )


def no_show_rate(visits: Sequence[Visit]) -> Result:
    """No-show rate: tickets that ended as no-show (called, recalled, not there; a no-show
    restored and served is not one) among tickets called at least once whose stay has
    ended (done, no-show, transferred or cancelled). Excluded: tickets never called and
    tickets still at a counter. Anchor: joining the line."""
    ended = (Status.DONE, Status.NO_SHOW, Status.TRANSFERRED, Status.CANCELLED)
    called = [v for v in visits if v.last_call is not None and v.status in ended]
    return _rate(sum(1 for v in called if v.status == Status.NO_SHOW), len(called))


def transferred_share(visits: Sequence[Visit]) -> Result:
    """Transferred share: tickets moved to another service (ended as transferred) among
    tickets whose service started or that were transferred from the call. Excluded:
    tickets never called, no-shows, cancelled ones. Anchor: joining the line."""
    reached = [v for v in visits if v.started is not None or v.status == Status.TRANSFERRED]
    return _rate(sum(1 for v in reached if v.status == Status.TRANSFERRED), len(reached), "share")


def wait_over_target(visits: Sequence[Visit], target_minutes: int) -> Result:
    """Waits above the MPP's target: the waits of `waiting_time` (same tickets) longer
    than the target (QueuePolicy.target_wait_minutes, 15 minutes unless the MPP set
    another); a wait of exactly the target is within it. Anchor: joining the line."""
    waits = _waits(visits)
    result = _rate(sum(1 for w in waits if w > target_minutes), len(waits), "share")
    return {**result, "target_minutes": target_minutes}


CHANNEL_GROUPS = {
    "online": (Channel.ONLINE,),
    "walk_in": (Channel.KIOSK, Channel.WALK_IN),
    "appointment": (Channel.APPOINTMENT,),
}


def channel_share(visits: Sequence[Visit]) -> Result:
    """Online vs walk-in vs appointment: the arrivals of `arrivals` by the ticket's
    channel: online (taken on the phone), walk-in (the kiosk, or a number an officer made
    at the counter) and appointment (a booking checked in). Anchor: issue."""
    came = [v for v in visits if v.is_arrival]
    return {
        "n": len(came),
        **{
            group: _rate(sum(1 for v in came if v.channel in channels), len(came), "share")
            for group, channels in CHANNEL_GROUPS.items()
        },
    }


def average_rating(visits: Sequence[Visit]) -> Result:
    """Average counter rating: the mean score (1 not satisfied … 4 very satisfied) of the
    ratings given to the tickets (tablet or the ticket's page; one per ticket).
    Anchor: the start of service."""
    scores = [v.rating for v in visits if v.rating is not None]
    return {"n": len(scores), "mean": round(statistics.fmean(scores), 2) if scores else None}


def served(visits: Sequence[Visit]) -> int:
    """Tickets finished as done (the numerator of `served_per_officer_hour`)."""
    return sum(1 for v in visits if v.status == Status.DONE and v.finished is not None)


def served_per_officer_hour(served_count: int, open_seconds: float | None) -> Result:
    """Served per officer-hour: tickets finished as done, divided by the hours their
    counters were open (an open counter is one officer at work; paused and closed time
    excluded), read from the counters' open/pause/close history (every mode change, with
    the officer who made it; measures_floor.py). Cut by officer, the hours are those of
    the counters the officer opened (a counter opened by the system, e.g. the day
    simulator, belongs to no officer). Not cut by service (a counter serves several):
    None. None also when no open time is recorded. Anchor: the finish."""
    if open_seconds is None:
        return {"served": served_count, "officer_hours": None, "rate": None}
    hours = open_seconds / 3600
    return {
        "served": served_count,
        "officer_hours": round(hours, 2),
        "rate": round(served_count / hours, 2) if hours else None,
    }


def counter_idle_share(waited_seconds: float | None, idle_seconds: float | None) -> Result:
    """Counter idle share while people waited: of the time a counter was open while at
    least one ticket of a service it serves was waiting (issued or restored and not yet
    called), the share in which it had no ticket called or in service. `n` is that open,
    waited-for time in minutes. Excluded: paused and closed time; not cut by service.
    A counter's services are those it serves now (their history is not kept). Cut by
    hour, day or month, the time is split at the hour boundaries."""
    if not waited_seconds:
        return {"n": 0, "idle_minutes": None, "share": None}
    idle = idle_seconds or 0.0
    return {
        "n": round(waited_seconds / 60, 2),
        "idle_minutes": round(idle / 60, 2),
        "share": round(idle / waited_seconds, 4),
    }


@dataclass(frozen=True, slots=True)
class Deadline:
    """An application's deadline and when it was decided (ready, completed or rejected)."""

    service_id: int
    agency_id: int
    due: dt.date
    decided_on: dt.date | None  # local day
    paused: bool  # waiting for the citizen's revision now


def sla_kept(deadlines: Sequence[Deadline], today: dt.date) -> Result:
    """Application SLA kept: applications whose deadline (applications/sla.py: the service
    standard's working days, plus the days paused for the citizen's revision) falls in the
    period, decided (ready to collect, completed or rejected) on or before that day, among
    those decided and those still undecided after it. Excluded: deadlines not yet passed
    and undecided, applications paused for revision, withdrawn ones and drafts. Anchor:
    the deadline."""
    counted = [d for d in deadlines if d.decided_on is not None or (d.due < today and not d.paused)]
    kept = sum(1 for d in counted if d.decided_on is not None and d.decided_on <= d.due)
    return _rate(kept, len(counted), "share")


def ikm(respondents: int, value: float | None) -> Result:
    """IKM: the Indeks Kepuasan Masyarakat of the unit, as satisfaction computes it
    (satisfaction.selectors.ikm_for_period: SKM answers of the period, ×25); never
    recomputed here. Cut by service, agency, day or month only."""
    return {"n": respondents, "ikm": value}


MEASURES: dict[str, Callable[..., Any]] = {
    "arrivals": arrivals,
    "waiting_time": waiting_time,
    "walk_to_counter_time": walk_to_counter_time,
    "service_time": service_time,
    "handling_time": handling_time,
    "demand": demand,
    "no_show_rate": no_show_rate,
    "transferred_share": transferred_share,
    "served_per_officer_hour": served_per_officer_hour,
    "counter_idle_share": counter_idle_share,
    "wait_over_target": wait_over_target,
    "channel_share": channel_share,
    "sla_kept": sla_kept,
    "ikm": ikm,
    "average_rating": average_rating,
}
"""Every measure, by the key the API answers with (docs/measures.md lists them all)."""


def as_markdown() -> str:
    """docs/measures.md, written from this module's docstrings (a test keeps them in step):
    `satupintu shell -v 0 -c "from satupintu.operations.measures import as_markdown;
    print(as_markdown(), end='')" > docs/measures.md`."""
    import inspect

    intro = inspect.cleandoc(__doc__ or "").split("\n\n", 1)[1]
    parts = [
        "# Measures\n",
        "<!-- Written by satupintu.operations.measures.as_markdown() from the docstrings of\n"
        "satupintu/operations/measures.py; edit those, then regenerate. -->\n",
        "The API: `GET /api/v1/mpps/{slug}/measures?from=&to=&by=` (by: "
        "service, agency, counter, officer, hour, day, month), for the MPP's supervisors "
        "and the platform operator. Each measure below is the key it answers under.\n",
        intro.strip() + "\n",
    ]
    for key, function in MEASURES.items():
        parts.append(f"## `{key}`\n\n{inspect.cleandoc(function.__doc__ or '')}\n")
    return "\n".join(parts)
