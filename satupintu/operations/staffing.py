"""Staffing advice: per service and local hour of a day, how many visitors came, how long
serving them took, how many counters the MPP's waiting target needed (Erlang C,
erlang.py) and how many were open.

An hour is the MPP's local clock hour, start included, end excluded (08:00 ≤ t < 09:00
is hour 8). Every figure is a measure of the measures module (measures.py: demand,
service_time, handling_time), cut by service and hour.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from satupintu.core.errors import DomainError
from satupintu.operations import erlang, selectors
from satupintu.operations import measures as m
from satupintu.operations import measures_floor as floor
from satupintu.queueing.models import TicketEvent
from satupintu.tenancy.models import Mpp

Key = tuple[int, int]  # (service id, local hour)


def _by_service_hour(mpp: Mpp, visits: Sequence[m.Visit], anchor: str) -> dict[Key, list]:
    """The visits of each (service, local hour of the measure's anchor)."""
    zone = mpp.tzinfo
    groups: dict[Key, list[m.Visit]] = defaultdict(list)
    for visit in visits:
        moment = getattr(visit, anchor)
        if moment is not None:
            groups[(visit.service_id, moment.astimezone(zone).hour)].append(visit)
    return groups


def _day_visits(mpp: Mpp, date: dt.date, visits: Sequence[m.Visit] | None) -> Sequence[m.Visit]:
    return selectors.visits(mpp, date, date)[0] if visits is None else visits


def arrivals_by_service_hour(
    mpp: Mpp, date: dt.date, *, visits: Sequence[m.Visit] | None = None
) -> dict[Key, int]:
    """The demand on each service in each local hour of `date`: measures.demand (every
    number taken, transfers' continuations included, cancelled ones too), in the hour the
    ticket joined the line."""
    groups = _by_service_hour(mpp, _day_visits(mpp, date, visits), "joined")
    return {key: m.demand(group)["n"] for key, group in groups.items()}


def service_minutes_by_service_hour(
    mpp: Mpp, date: dt.date, *, from_call: bool = False, visits: Sequence[m.Visit] | None = None
) -> dict[Key, float]:
    """Mean minutes of each service in each local hour of `date`: measures.service_time
    (start → finish of the tickets served), in the hour the service started; with
    `from_call`, measures.handling_time (last call → finish: the counter held by one
    visitor, the walk up to it included; what the advice plans with), in the hour of the
    call. Hours with nothing finished are left out."""
    measure, anchor = (m.handling_time, "last_call") if from_call else (m.service_time, "started")
    groups = _by_service_hour(mpp, _day_visits(mpp, date, visits), anchor)
    means = {key: measure(group)["mean"] for key, group in groups.items()}
    return {key: mean for key, mean in means.items() if mean is not None}


def counters_open_by_service_hour(mpp: Mpp, date: dt.date) -> dict[Key, int]:
    """Counters serving each service that were open at some moment of each local hour.

    Open as the measures count it (selectors.counter_open_stretches: the counter's mode
    history, within the MPP's opening hours), or at work in that hour whatever its
    history says: calling, serving or finishing a ticket (counters worked before the
    mode history was kept). Four queries.
    """
    zone = mpp.tzinfo
    start = dt.datetime.combine(date, dt.time(), tzinfo=zone)
    hours: dict[int, set[int]] = defaultdict(set)  # counter id -> open hours
    for counter_id, at in TicketEvent.objects.filter(
        mpp=mpp, counter__isnull=False, at__gte=start, at__lt=start + dt.timedelta(days=1)
    ).values_list("counter_id", "at"):
        hours[counter_id].add(at.astimezone(zone).hour)
    windows = selectors.opening_windows(mpp, date, date)
    for counter_id, _officer, opened, closed in selectors.counter_open_stretches(mpp, date, date):
        for a, b in floor.intersect([(opened, closed)], windows):
            segment = floor.Segment(counter_id, None, floor.OPEN, a, b)
            hours[counter_id].update(hour.hour for hour, _s in floor.split_hours(segment, zone))
    counts: dict[Key, int] = defaultdict(int)
    for counter_id, service_ids in selectors.services_of_counters(mpp).items():
        for service_id in service_ids:
            for hour in hours.get(counter_id, ()):
                counts[(service_id, hour)] += 1
    return dict(counts)


@dataclass(frozen=True)
class StaffingRow:
    """One service in one local hour of the day."""

    service_code: str
    service_name: str
    hour: int
    arrivals: int
    service_minutes: float | None  # start → finish (the measure)
    handling_minutes: float | None  # call → finish: what the advice plans with
    counters_advised: int | None  # None: no service time to plan with, or beyond any hall
    counters_open: int
    mean_wait_minutes: float | None  # with the counters open; None: unbounded
    mean_wait_one_more: float | None
    mean_wait_one_less: float | None

    @property
    def short(self) -> bool:
        return self.counters_advised is not None and self.counters_open < self.counters_advised

    @property
    def missing(self) -> int:
        """Counters short of the advice (0 when enough are open)."""
        return max(0, (self.counters_advised or 0) - self.counters_open)


def staffing_target(mpp: Mpp) -> tuple[float, int]:
    """The MPP's waiting target the advice plans for: the share (setting
    STAFFING_TARGET_SHARE) called within the MPP's own target wait (its queue policy's
    `target_wait_minutes`, the same target the wait measures count against)."""
    return settings.STAFFING_TARGET_SHARE, selectors.target_wait_minutes(mpp)


def _held(minutes: float | None) -> float | None:
    """The handling time the model plans with: at least MIN_SERVICE_MINUTES (a ticket called
    and finished within seconds, e.g. at a training counter, measures 0.0 after rounding,
    and no one is served in no time)."""
    return None if minutes is None else max(minutes, MIN_SERVICE_MINUTES)


def _wait(arrivals: int, minutes: float | None, counters: int, target: int) -> float | None:
    if arrivals == 0 and counters >= 1:
        return 0.0
    if minutes is None or counters < 1:
        return None
    seen = erlang.outlook(
        arrivals_per_hour=arrivals, service_minutes=minutes, counters=counters,
        target_minutes=target,
    )  # fmt: skip
    return None if seen.mean_wait_minutes is None else round(seen.mean_wait_minutes, 1)


def _advice(arrivals: int, held: float | None, share: float, minutes: int) -> int | None:
    """Counters advised; None when no count up to erlang.MAX_COUNTERS meets the target
    (figures no hall has, e.g. a ticket left unfinished for hours inflating the mean)."""
    if not arrivals:
        return 0
    if held is None:
        return None
    try:
        return erlang.counters_needed(arrivals, held, share, minutes)
    except ValueError:
        return None


def _mean_over_day(by_hour: dict[Key, float], service_id: int) -> float | None:
    values = [m for (s, _h), m in by_hour.items() if s == service_id]
    return sum(values) / len(values) if values else None


def staffing_for_day(mpp: Mpp, date: dt.date) -> list[StaffingRow]:
    """The day's advice for the services visitors came for: per hour with arrivals, an
    open counter or a service.

    The advised count is the fewest counters with which `STAFFING_TARGET_SHARE` of the
    hour's arrivals would be called within the MPP's target wait (Erlang C with the
    hour's arrivals as the rate and its mean handling time, call → finish; an hour with
    no finished service borrows the service's mean over the day). The expected waits
    are at the counters open, one more and one less. Rows by service code, then hour.
    """
    share, minutes = staffing_target(mpp)
    visits = selectors.visits(mpp, date, date)[0]
    arrivals = arrivals_by_service_hour(mpp, date, visits=visits)
    service = service_minutes_by_service_hour(mpp, date, visits=visits)
    handling = service_minutes_by_service_hour(mpp, date, from_call=True, visits=visits)
    open_counts = counters_open_by_service_hour(mpp, date)
    came_at_all = {s for s, _h in arrivals}  # a service nobody came for needs no advice
    keys = set(arrivals) | {k for k, n in open_counts.items() if n} | set(handling)
    keys = {(s, h) for s, h in keys if s in came_at_all}
    names = selectors.service_names(came_at_all, date)
    rows = []
    for service_id, hour in keys:
        if service_id not in names:
            continue
        came = arrivals.get((service_id, hour), 0)
        held = _held(handling.get((service_id, hour)) or _mean_over_day(handling, service_id))
        is_open = open_counts.get((service_id, hour), 0)
        advised = _advice(came, held, share, minutes)
        served = service.get((service_id, hour))
        rows.append(
            StaffingRow(
                service_code=names[service_id][0],
                service_name=names[service_id][1],
                hour=hour,
                arrivals=came,
                service_minutes=None if served is None else round(served, 1),
                handling_minutes=None if held is None else round(held, 1),
                counters_advised=advised,
                counters_open=is_open,
                mean_wait_minutes=_wait(came, held, is_open, minutes),
                mean_wait_one_more=_wait(came, held, is_open + 1, minutes),
                mean_wait_one_less=_wait(came, held, is_open - 1, minutes),
            )
        )
    return sorted(rows, key=lambda r: (r.service_code, r.hour))


# --- the what-if calculator ---------------------------------------------------------

MAX_ARRIVALS_PER_HOUR = 2000  # one service: a whole busy MPP peaks at a few hundred
MIN_SERVICE_MINUTES = 0.1  # six seconds: nothing at a counter is quicker (and a shorter
# time overflows the model's service rate)
MAX_SERVICE_MINUTES = 480  # a working day
MAX_COUNTERS = 500
MAX_TARGET_MINUTES = 480


def what_if(
    *,
    mpp: Mpp,
    arrivals_per_hour: float,
    service_minutes: float,
    counters: int,
    target_minutes: float | None = None,
) -> erlang.Outlook:
    """What `counters` counters give (Erlang C), after checking the figures are ones an
    MPP can have: DomainError (400, in Indonesian) otherwise. Without a target, the
    MPP's."""
    if target_minutes is None:
        target_minutes = staffing_target(mpp)[1]
    # written as "not inside" so that NaN is refused too
    if not 0 <= arrivals_per_hour <= MAX_ARRIVALS_PER_HOUR:
        _refuse(
            _("Kedatangan per jam harus antara 0 dan %(max)s.") % {"max": MAX_ARRIVALS_PER_HOUR}
        )
    if not MIN_SERVICE_MINUTES <= service_minutes <= MAX_SERVICE_MINUTES:
        _refuse(
            _("Lama layanan harus antara %(min)s dan %(max)s menit.")
            % {"min": number_format(MIN_SERVICE_MINUTES), "max": MAX_SERVICE_MINUTES}
        )
    if not 1 <= counters <= MAX_COUNTERS:
        _refuse(_("Jumlah loket harus antara 1 dan %(max)s.") % {"max": MAX_COUNTERS})
    if not 0 <= target_minutes <= MAX_TARGET_MINUTES:
        _refuse(
            _("Target waktu tunggu harus antara 0 dan %(max)s menit.") % {"max": MAX_TARGET_MINUTES}
        )
    return erlang.outlook(
        arrivals_per_hour=arrivals_per_hour,
        service_minutes=service_minutes,
        counters=counters,
        target_minutes=target_minutes,
    )


def _refuse(message: str) -> None:
    raise DomainError(message, code="bad_staffing_figures", status=400)
