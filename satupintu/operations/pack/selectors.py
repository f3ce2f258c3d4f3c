"""The monthly coordination pack (issue 22, item 3): what the agencies of an MPP discuss at
their monthly meeting, gathered from the measures module and nowhere else.

`build_pack(mpp, month)` reads the month once (`operations.selectors.period_facts`) and
cuts it with the same code `period_measures` uses, so every number in the pack is the
number the measures API gives for that month; the previous three months are read as
visits only (selectors.visits) for the trend. Bottlenecks and SLA breaches, which need
more than a total, are in bottlenecks.py and breaches.py.

The pack is internal: it names officers (their performance and ratings), so only the
MPP's supervisors and the platform operator read it (operations.access).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from satupintu.operations import measures as m
from satupintu.operations import selectors as ops
from satupintu.operations.models import FollowUpAction
from satupintu.operations.pack.bottlenecks import Bottleneck, bottlenecks
from satupintu.operations.pack.breaches import Breach, breaches
from satupintu.operations.staffing import _names as service_names
from satupintu.satisfaction.models import Rating
from satupintu.satisfaction.questionnaire import NEGATIVE_REASONS, POSITIVE_REASONS
from satupintu.satisfaction.selectors import PeriodIkm, ikm_for_period
from satupintu.tenancy.models import Mpp

TREND_MONTHS = 3  # months before the pack's month in the trend
WAIT_BINS = (0, 5, 10, 15, 30, 45, 60, 90, 120)  # minutes: the distribution's edges


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last local day of the month `month` falls in."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def months_before(month: dt.date, count: int) -> list[dt.date]:
    """The first days of the `count` months before `month`, oldest first."""
    firsts, current = [], month.replace(day=1)
    for _i in range(count):
        current = (current - dt.timedelta(days=1)).replace(day=1)
        firsts.append(current)
    return firsts[::-1]


@dataclass(frozen=True)
class ServiceRow:
    """One service's month (the measures cut by service)."""

    code: str
    name: str
    measures: dict[str, Any]


@dataclass(frozen=True)
class MonthPoint:
    """One month of the trend: arrivals, waiting and service time (median, mean)."""

    month: dt.date
    arrivals: int
    waiting: dict[str, Any]
    service: dict[str, Any]


@dataclass(frozen=True)
class OfficerRow:
    """One officer's month: the measures cut by officer, and the reasons their ratings
    gave (counted per chip, most given first)."""

    name: str
    measures: dict[str, Any]
    praise: list[tuple[str, int]]
    complaints: list[tuple[str, int]]


@dataclass(frozen=True)
class WaitBin:
    """Waits longer than `low` and up to `high` minutes (the first bin from 0 included;
    the last has no upper end)."""

    low: int
    high: int | None
    count: int


@dataclass
class Pack:
    mpp: Mpp
    month: dt.date
    start: dt.date
    end: dt.date
    target_wait_minutes: int
    total: dict[str, Any]
    services: list[ServiceRow]
    agencies: list[tuple[str, dict[str, Any]]]
    trend: list[MonthPoint]
    heatmap: dict[tuple[int, int], dict[str, Any]]  # (weekday 0=Mon, hour) -> waiting_time
    wait_bins: list[WaitBin]
    bottlenecks: list[Bottleneck] | None  # None: no counter open time recorded
    officers: list[OfficerRow]
    breaches: list[Breach]
    ikm: PeriodIkm
    follow_ups: list[FollowUpAction]
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def hours(self) -> list[int]:
        """The local hours the heat map covers (those with any wait measured)."""
        return sorted({hour for _day, hour in self.heatmap})


def _months(mpp: Mpp, visits: list[m.Visit]) -> dict[dt.date, list[m.Visit]]:
    by_month: dict[dt.date, list[m.Visit]] = defaultdict(list)
    for visit in visits:
        by_month[visit.day.replace(day=1)].append(visit)
    return by_month


def trend(mpp: Mpp, month: dt.date, current: ops.Facts) -> list[MonthPoint]:
    """Arrivals, waiting and service time of the previous TREND_MONTHS months and this one,
    each by its measure (waiting and service time anchored as period_measures places them
    when cut by month: the previous months are read as visits only, three queries)."""
    firsts = months_before(month, TREND_MONTHS)
    earlier, _history = ops.visits(mpp, firsts[0], month - dt.timedelta(days=1))
    grouped = _months(mpp, earlier)
    points = []
    for first in [*firsts, month]:
        visits = current.visits if first == month else grouped.get(first, [])
        points.append(
            MonthPoint(
                month=first,
                arrivals=m.arrivals(visits)["n"],
                waiting=m.waiting_time(visits),
                service=m.service_time(visits),
            )
        )
    return points


def heatmap(mpp: Mpp, facts: ops.Facts) -> dict[tuple[int, int], dict[str, Any]]:
    """The waiting-time measure per local weekday and hour of joining the line."""
    cells: dict[tuple[int, int], list[m.Visit]] = defaultdict(list)
    zone = mpp.tzinfo
    for visit in facts.visits:
        local = visit.joined.astimezone(zone)
        cells[(local.weekday(), local.hour)].append(visit)
    result = {key: m.waiting_time(group) for key, group in cells.items()}
    return {key: value for key, value in result.items() if value["n"]}


def wait_bins(facts: ops.Facts) -> list[WaitBin]:
    """How the month's waits (the waiting-time measure's tickets) spread over WAIT_BINS,
    read as differences of the measure `wait_over_target` at each edge."""
    over = [m.wait_over_target(facts.visits, edge)["count"] for edge in WAIT_BINS]
    total = m.waiting_time(facts.visits)["n"]
    above = [*over, 0]  # nothing is above the open end
    bins = []
    for i, edge in enumerate(WAIT_BINS):
        high = WAIT_BINS[i + 1] if i + 1 < len(WAIT_BINS) else None
        low_count = total if i == 0 else above[i]  # the first bin includes a wait of 0
        bins.append(WaitBin(low=edge, high=high, count=low_count - above[i + 1]))
    return bins


def officers(facts: ops.Facts) -> list[OfficerRow]:
    """Each officer's measures for the month, with the reasons of the ratings of the
    tickets they served (a rating belongs to the ticket's officer, as `average_rating`
    cut by officer counts it). Ordered by name."""
    cells = ops._measures(facts, "officer")
    labels = ops.labels_of(facts.mpp, "officer", list(cells))
    officer_of = {v.ticket_id: v.officer_id for v in facts.visits if v.rating is not None}
    reasons: dict[int, Tally] = defaultdict(Tally)
    rows = Rating.objects.filter(mpp=facts.mpp, ticket_id__in=list(officer_of)).values_list(
        "ticket_id", "reasons"
    )
    for ticket_id, chips in rows.iterator(chunk_size=5000):
        officer = officer_of.get(ticket_id)
        if officer is not None:
            reasons[officer].update(chips or [])
    result = []
    for key, cell in cells.items():
        tally = reasons.get(key, Tally())
        result.append(
            OfficerRow(
                name=labels.get(key, str(key)),
                measures=cell,
                praise=[
                    (str(POSITIVE_REASONS[c]), n)
                    for c, n in tally.most_common()
                    if c in POSITIVE_REASONS
                ],
                complaints=[
                    (str(NEGATIVE_REASONS[c]), n)
                    for c, n in tally.most_common()
                    if c in NEGATIVE_REASONS
                ],
            )
        )
    return sorted(result, key=lambda r: r.name.casefold())


def follow_ups(mpp: Mpp, month: dt.date) -> list[FollowUpAction]:
    """The actions to review at this month's meeting: those agreed at the previous
    meeting (about the month before), and older ones still open or in progress."""
    previous = months_before(month, 1)[0]
    rows = FollowUpAction.objects.filter(mpp=mpp, meeting_month__lt=month).select_related("agency")
    return [
        a
        for a in rows
        if a.meeting_month == previous
        or a.status in (FollowUpAction.Status.OPEN, FollowUpAction.Status.IN_PROGRESS)
    ]


def build_pack(mpp: Mpp, month: dt.date) -> Pack:
    """The pack of the month `month` falls in (local days of the MPP)."""
    start, end = month_bounds(month)
    facts = ops.period_facts(mpp, start, end)
    total = ops._measures(facts, None)[None]
    by_service = ops._measures(facts, "service")
    names = service_names(set(by_service), end)
    services = [
        ServiceRow(code=names[key][0], name=names[key][1], measures=cell)
        for key, cell in by_service.items()
        if key in names
    ]
    by_agency = ops._measures(facts, "agency")
    agency_labels = ops.labels_of(mpp, "agency", list(by_agency))
    agencies = sorted(
        ((agency_labels.get(k, str(k)), cell) for k, cell in by_agency.items()),
        key=lambda item: item[0],
    )
    return Pack(
        mpp=mpp,
        month=start,
        start=start,
        end=end,
        target_wait_minutes=facts.target,
        total=total,
        services=sorted(services, key=lambda s: s.code),
        agencies=agencies,
        trend=trend(mpp, start, facts),
        heatmap=heatmap(mpp, facts),
        wait_bins=wait_bins(facts),
        bottlenecks=bottlenecks(facts, {key: code for key, (code, _n) in names.items()}),
        officers=officers(facts),
        breaches=breaches(mpp, start, end, today=facts.today),
        ikm=ikm_for_period(mpp, start, end),
        follow_ups=follow_ups(mpp, start),
    )
