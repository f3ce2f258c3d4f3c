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

import bisect
import datetime as dt
from collections import Counter as Tally
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from satupintu.operations import measures as m
from satupintu.operations import selectors as ops
from satupintu.operations.models import FollowUpAction, MonthSummary
from satupintu.operations.pack.bottlenecks import Bottleneck, bottlenecks
from satupintu.operations.pack.breaches import Breach, breaches
from satupintu.queueing.models import Ticket
from satupintu.satisfaction.models import Rating
from satupintu.satisfaction.questionnaire import NEGATIVE_REASONS, POSITIVE_REASONS
from satupintu.satisfaction.selectors import PeriodIkm, ikm_for_period, per_agency
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
    """One service's month (the measures cut by service; its IKM is not read: the pack
    shows the IKM per agency)."""

    code: str
    name: str
    measures: dict[str, Any]


@dataclass(frozen=True)
class AgencyIkm:
    """An agency's IKM for the month (satisfaction.selectors.per_agency)."""

    name: str
    respondents: int
    ikm: float | None


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
    agencies: list[AgencyIkm]
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


def trend_visits(mpp: Mpp, start: dt.date, end: dt.date) -> list[m.Visit]:
    """The period's tickets as `Visit`s for the trend, aggregated in the database: one row
    per ticket with its issue (the earliest) and its last call or recall, the same two
    moments `selectors.visits` picks from the history in Python; no ratings (the trend
    does not show them). One query."""
    rows = (
        Ticket.objects.filter(mpp=mpp, day__range=(start, end))
        .annotate(
            joined=Min("history__at", filter=Q(history__action="issue")),
            last_call=Max("history__at", filter=Q(history__action__in=("call", "recall"))),
        )
        .order_by()
        .values_list(
            "pk",
            "service_id",
            "channel",
            "status",
            "day",
            "joined",
            "last_call",
            "started_at",
            "finished_at",
        )
    )
    return [
        m.Visit(
            ticket_id=pk,
            service_id=service,
            agency_id=0,
            counter_id=None,
            officer_id=None,
            channel=channel,
            status=status,
            day=day,
            joined=joined,
            last_call=last_call,
            started=started,
            finished=finished,
        )
        for pk, service, channel, status, day, joined, last_call, started, finished in rows
        if joined is not None  # every ticket's history starts with its issue
    ]


def trend(
    mpp: Mpp, month: dt.date, current: ops.Facts
) -> tuple[list[MonthPoint], list[MonthPoint]]:
    """Arrivals, waiting and service time of the previous TREND_MONTHS months and this one,
    each by its measure: this month from its facts; a month before it from its stored
    summary (MonthSummary) when there is one, else from `trend_visits`. Returns the
    points, and those newly computed for complete months (for services.remember_months
    to store: a past month is read from its tickets once)."""
    firsts = months_before(month, TREND_MONTHS)
    stored = {row.month: row for row in MonthSummary.objects.filter(mpp=mpp, month__in=firsts)}
    this_month = timezone.localtime(timezone.now(), mpp.tzinfo).date().replace(day=1)
    points, computed = [], []
    for first in firsts:
        row = stored.get(first)
        if row is not None:
            points.append(MonthPoint(first, row.arrivals, row.waiting, row.service))
            continue
        point = month_point(first, trend_visits(mpp, *month_bounds(first)))
        points.append(point)
        if first < this_month:
            computed.append(point)
    points.append(month_point(month, current.visits))
    return points, computed


def month_point(first: dt.date, visits: list[m.Visit]) -> MonthPoint:
    """A month's trend figures, each by its measure."""
    return MonthPoint(
        month=first,
        arrivals=m.arrivals(visits)["n"],
        waiting=m.waiting_time(visits),
        service=m.service_time(visits),
    )


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
    """How the month's waits (those of the waiting-time measure) spread over WAIT_BINS;
    a bin holds the waits above its low edge up to its high edge (the first one from 0
    included), as `wait_over_target` counts a wait above a target."""
    counts = [0] * len(WAIT_BINS)
    for wait in m.waits(facts.visits):
        counts[max(0, bisect.bisect_left(WAIT_BINS, wait) - 1)] += 1
    return [
        WaitBin(
            low=edge, high=WAIT_BINS[i + 1] if i + 1 < len(WAIT_BINS) else None, count=counts[i]
        )
        for i, edge in enumerate(WAIT_BINS)
    ]


def officers(facts: ops.Facts) -> list[OfficerRow]:
    """Each officer's measures for the month, with the reasons of the ratings of the
    tickets they served (a rating belongs to the ticket's officer, as `average_rating`
    cut by officer counts it). Ordered by name."""
    cells = ops._measures(facts, "officer")
    labels = ops.labels_of(facts.mpp, "officer", list(cells))
    officer_of = {v.ticket_id: v.officer_id for v in facts.visits if v.rating is not None}
    reasons: dict[int, Tally] = defaultdict(Tally)
    rows = Rating.objects.filter(
        mpp=facts.mpp, ticket__day__range=(facts.start, facts.end)
    ).values_list("ticket_id", "reasons")
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


SUMMARY_SECONDS = 600  # a past month changes little; the coordination page reads it often


def month_total(mpp: Mpp, month: dt.date) -> dict[str, Any]:
    """The month's measures in total (the page's summary), kept a few minutes."""
    key = f"operations:pack-summary:{mpp.pk}:{month:%Y-%m}"
    total = cache.get(key)
    if total is None:
        total = ops.period_measures(mpp, *month_bounds(month))["total"]
        cache.set(key, total, SUMMARY_SECONDS)
    return total


def all_follow_ups(mpp: Mpp) -> QuerySet[FollowUpAction]:
    """Every follow-up action of the MPP, the latest meeting's first, by due date."""
    return (
        FollowUpAction.objects.filter(mpp=mpp)
        .select_related("agency")
        .order_by("-meeting_month", "due_on", "pk")
    )


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
    """The pack of the month `month` falls in (local days of the MPP). Its one write:
    the trend's complete months read from their tickets are remembered (MonthSummary),
    so the next pack reads them in one query."""
    start, end = month_bounds(month)
    facts = ops.period_facts(mpp, start, end)
    total = ops._measures(facts, None)[None]
    by_service = ops._measures(facts, "service", with_ikm=False)  # the IKM is per agency
    names = ops.service_names(set(by_service), end)
    services = [
        ServiceRow(code=names[key][0], name=names[key][1], measures=cell)
        for key, cell in by_service.items()
        if key in names
    ]
    agencies = sorted(
        (
            AgencyIkm(
                str(agency),
                result.respondents,
                float(result.ikm) if result.ikm is not None else None,
            )
            for agency, result in per_agency(mpp, start, end)
        ),
        key=lambda row: row.name,
    )
    points, computed = trend(mpp, start, facts)
    if computed:
        from satupintu.operations.pack.services import remember_months

        remember_months(mpp=mpp, points=computed)
    return Pack(
        mpp=mpp,
        month=start,
        start=start,
        end=end,
        target_wait_minutes=facts.target,
        total=total,
        services=sorted(services, key=lambda s: s.code),
        agencies=agencies,
        trend=points,
        heatmap=heatmap(mpp, facts),
        wait_bins=wait_bins(facts),
        bottlenecks=bottlenecks(facts, {key: code for key, (code, _n) in names.items()}),
        officers=officers(facts),
        breaches=breaches(mpp, start, end, today=facts.today),
        ikm=ikm_for_period(mpp, start, end),
        follow_ups=follow_ups(mpp, start),
    )
