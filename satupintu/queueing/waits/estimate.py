"""The wait estimate: how long until a waiting ticket is called.

Model (evaluated against the day simulator, docs/benchmarks.md "Queue wait estimate"):

- What delays the next call at a counter is how long the counter is taken by each
  ticket: from the call to the finish (walking up + service), or to the no-show after
  the recalls. So the statistic is that *occupancy* (called_at → finished_at) over the
  tickets finished or marked no-show, which also folds in the no-show share: a
  no-show takes a few minutes of recalls, not a whole service.
- Per service and per hour of the day (the MPP's zone), over the last `HISTORY_DAYS`
  days before today. Today is left out on purpose: the figures then stay the same all
  day, so one cached computation serves every estimate of the day and the simulator is
  deterministic; what today changes (counters open, who is at the counter since when)
  is read live instead.
- Shrunk towards a prior, empirical-Bayes style: the service's mean is the weighted
  mean of the prior (weight `PRIOR_WEIGHT` observations) and the observed mean; the
  service-hour mean is shrunk the same way towards the service's mean. The prior is the
  service standard's processing time when it is given in minutes (an on-the-spot
  service), else the MPP-wide mean, else `DEFAULT_MINUTES`.
- The people ahead count every waiting ticket the same counters will call before this
  one (`waits.selectors.people_ahead`, which includes the other services of those counters),
  so their mean occupancy is the mean over those services' tickets at that hour.
- The counters: those serving the ticket's service that are open now (as
  `counters.selectors.effective_mode` says: active and not paused), each with what is left of
  the ticket it holds (its mean minus the time since the call, at least a fifth of the
  mean). The people ahead are handed out to whichever counter frees first, a mean
  occupancy each; the wait is when a counter frees after them. Paused and closed
  counters do not count.
- Opening hours: a wait that runs into a break of the MPP (lunch, Friday prayer) is
  pushed past it. When none of the service's counters is open: before the MPP opens or
  during its break, the paused counters (or, when none is paused, all of the service's
  counters) are assumed to start at the next opening of the day; during opening hours,
  paused counters are assumed to come back now.
- None ("belum ada loket buka") when no counter will call the ticket today: during
  opening hours every counter of the service is closed, or the MPP does not open again
  today. `ticket_view`'s `eta_minutes` is then null.

Cost: the statistics are kept in Django's cache per MPP and day (`stats_for`); the rest
is read live, so an estimate costs four small queries: the services sharing the
ticket's counters, the opening hours and closures of the day, and the counters of the
service with their state and current ticket.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from satupintu.catalog.models import CounterService, ServiceVersion, TimeUnit
from satupintu.core.cached import cached_read
from satupintu.queueing.cache import OPENING, QUEUE_SETUP
from satupintu.queueing.models import CounterState, Status, Ticket
from satupintu.tenancy.models import Counter, Mpp, OpeningHours
from satupintu.tenancy.selectors import closure_reason

HISTORY_DAYS = 28
DEFAULT_MINUTES = 10.0  # occupancy assumed when the MPP has no history at all
PRIOR_WEIGHT = 5.0  # the prior counts as this many observed tickets
HOUR_WEIGHT = 10.0  # the service's mean counts as this many tickets of a given hour
MAX_STANDARD_MINUTES = 60  # a standard's time in minutes above this is not a counter time
MIN_RESIDUAL = 0.2  # a ticket at the counter holds it at least this share of a mean more
STATS_SECONDS = 60


@dataclass
class Tally:
    """Sums of one group of finished tickets."""

    n: int = 0
    minutes: float = 0.0  # occupancy: called → finished
    served: int = 0
    service_minutes: float = 0.0  # service: started → finished (served tickets only)
    no_shows: int = 0

    def add(self, occupancy: float, service: float | None, no_show: bool) -> None:
        self.n += 1
        self.minutes += occupancy
        self.no_shows += no_show
        if service is not None:
            self.served += 1
            self.service_minutes += service

    def merge(self, other: Tally) -> None:
        self.n += other.n
        self.minutes += other.minutes
        self.served += other.served
        self.service_minutes += other.service_minutes
        self.no_shows += other.no_shows

    @property
    def mean(self) -> float | None:
        return self.minutes / self.n if self.n else None


@dataclass
class Stats:
    """Occupancy statistics of one MPP's recent days, by service and by service and hour."""

    by_service: dict[int, Tally] = field(default_factory=dict)
    by_hour: dict[tuple[int, int], Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)
    standard: dict[int, float] = field(default_factory=dict)  # service → standard's minutes

    def prior(self, service_id: int) -> float:
        if service_id in self.standard:
            return self.standard[service_id]
        return self.overall.mean or DEFAULT_MINUTES

    def service_mean(self, service_id: int) -> float:
        """The service's mean occupancy, shrunk towards its prior."""
        prior = self.prior(service_id)
        tally = self.by_service.get(service_id)
        if tally is None:
            return prior
        return (PRIOR_WEIGHT * prior + tally.minutes) / (PRIOR_WEIGHT + tally.n)

    def hour_mean(self, service_id: int, hour: int) -> float:
        """The service's mean occupancy at this hour, shrunk towards the service's mean."""
        base = self.service_mean(service_id)
        tally = self.by_hour.get((service_id, hour))
        if tally is None:
            return base
        return (HOUR_WEIGHT * base + tally.minutes) / (HOUR_WEIGHT + tally.n)

    def pool_mean(self, service_ids: list[int], hour: int) -> float:
        """Mean occupancy of a ticket of any of these services at this hour, weighted by
        how many tickets each service had (a service nobody used weighs as one)."""
        weights = [max(1, self.by_service.get(s, Tally()).n) for s in service_ids]
        means = [self.hour_mean(s, hour) for s in service_ids]
        return sum(w * m for w, m in zip(weights, means, strict=True)) / sum(weights)

    def plain_service_minutes(self, service_id: int) -> float:
        """The plain average service time (started → finished), no shrinkage: the naive
        baseline's figure. The prior when the service has no served ticket yet."""
        tally = self.by_service.get(service_id)
        if tally is None or not tally.served:
            return self.prior(service_id)
        return tally.service_minutes / tally.served

    def no_show_share(self, service_id: int) -> float:
        tally = self.by_service.get(service_id)
        return tally.no_shows / tally.n if tally and tally.n else 0.0


def _minutes(later: dt.datetime, earlier: dt.datetime) -> float:
    return (later - earlier).total_seconds() / 60


def compute_stats(mpp: Mpp, day: dt.date) -> Stats:
    """Statistics of the `HISTORY_DAYS` days before `day` (two queries)."""
    stats = Stats()
    rows = Ticket.objects.filter(
        mpp=mpp,
        day__gte=day - dt.timedelta(days=HISTORY_DAYS),
        day__lt=day,
        status__in=(Status.DONE, Status.NO_SHOW),
        called_at__isnull=False,
        finished_at__isnull=False,
    ).values_list("service_id", "status", "called_at", "started_at", "finished_at")
    zone = mpp.tzinfo
    for service_id, status, called, started, finished in rows.iterator(chunk_size=2000):
        if called is None or finished is None or finished < called:
            continue
        occupancy = _minutes(finished, called)
        no_show = status == Status.NO_SHOW
        service = _minutes(finished, started) if started and not no_show else None
        hour = called.astimezone(zone).hour
        stats.by_service.setdefault(service_id, Tally()).add(occupancy, service, no_show)
        stats.by_hour.setdefault((service_id, hour), Tally()).add(occupancy, service, no_show)
    for tally in stats.by_service.values():
        stats.overall.merge(tally)
    stats.standard = _standard_minutes(mpp, day)
    return stats


def _standard_minutes(mpp: Mpp, day: dt.date) -> dict[int, float]:
    """Service → the processing time of its standard in force, when that is in minutes."""
    rows = (
        ServiceVersion.objects.filter(mpp=mpp, effective_from__lte=day)
        .order_by("service_id", "number")
        .values_list("service_id", "processing_time_value", "processing_time_unit")
    )
    minutes: dict[int, float] = {}
    for service_id, value, unit in rows:  # the last version in force wins
        if unit == TimeUnit.MINUTES and value and value <= MAX_STANDARD_MINUTES:
            minutes[service_id] = float(value)
        else:
            minutes.pop(service_id, None)
    return minutes


def stats_key(mpp_id: int, day: dt.date) -> str:
    return f"queueing:wait-stats:{mpp_id}:{day.isoformat()}"


def stats_for(mpp: Mpp, day: dt.date) -> Stats:
    """`compute_stats`, kept in Django's cache (shared by the processes when CACHE_URL
    names Redis) for `STATS_SECONDS`: it walks four weeks of tickets, and every issued
    ticket and live-page refresh asks for it. The figures cover the days before `day`
    only, so today's calls never make them stale; a new standard's processing time
    reaches the estimates within a minute. Stats is plain data (dicts of dataclasses of
    numbers), safe to pickle."""
    key = stats_key(mpp.pk, day)
    stats = cache.get(key)
    if stats is None:
        stats = compute_stats(mpp, day)
        cache.set(key, stats, STATS_SECONDS)
    return stats


def served_together(service_id: int) -> QuerySet[CounterService]:
    """The links of the services the counters of `service_id` serve (its own included,
    once it has a counter): as a subquery, `.values("service_id")`."""
    counters = CounterService.objects.filter(service_id=service_id).values("counter_id")
    return CounterService.objects.filter(counter_id__in=counters)


def pool_of(service_id: int) -> list[int]:
    """Services whose tickets the counters of `service_id` also call (itself included)."""
    return cached_read(QUEUE_SETUP, ("pool", service_id), lambda: _pool_of(service_id))


def _pool_of(service_id: int) -> list[int]:
    pool = served_together(service_id).order_by().values_list("service_id", flat=True)
    return sorted(set(pool) | {service_id})


def periods_for(mpp: Mpp, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """The MPP's opening periods on `day` as aware datetimes (none on a closed day)."""
    return cached_read(OPENING, ("periods", mpp.pk, day), lambda: _periods_for(mpp, day))


def _periods_for(mpp: Mpp, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    if closure_reason(mpp, day) is not None:
        return []
    hours = OpeningHours.objects.filter(mpp=mpp, weekday=day.weekday()).order_by("opens_at")
    zone = mpp.tzinfo
    return [
        (
            dt.datetime.combine(day, h.opens_at, tzinfo=zone),
            dt.datetime.combine(day, h.closes_at, tzinfo=zone),
        )
        for h in hours
    ]


def next_opening_today(
    periods: list[tuple[dt.datetime, dt.datetime]], now: dt.datetime
) -> dt.datetime | None:
    """`now` when the MPP is open, else the start of its next period today, else None."""
    for opens, closes in periods:
        if opens <= now < closes:
            return now
        if opens > now:
            return opens
    return None


def push_past_breaks(
    periods: list[tuple[dt.datetime, dt.datetime]], start: dt.datetime, minutes: float
) -> float:
    """Minutes from `start` until `minutes` of opening time have passed (breaks skipped).
    After the last period the remaining time simply runs on (counters finish the queue)."""
    left = minutes
    t = start
    for opens, closes in periods:
        if closes <= t:
            continue
        t = max(t, opens)
        room = _minutes(closes, t)
        if left <= room:
            return _minutes(t, start) + left
        left -= room
        t = closes
    return _minutes(t, start) + left


def wait_until_called(free_in: list[float], ahead: int, mean: float) -> float:
    """When a counter frees for the ticket: counters free after `free_in` minutes, then
    each person ahead takes the first free counter for `mean` minutes."""
    heap = list(free_in)
    heapq.heapify(heap)
    rounds, rest = divmod(ahead, len(heap))
    if rounds > 50:  # a long queue: every counter serves `rounds` people first
        heap = [t + rounds * mean for t in heap]
        heapq.heapify(heap)
        ahead = rest
    for _ in range(ahead):
        heapq.heappush(heap, heapq.heappop(heap) + mean)
    return heap[0]


@dataclass(frozen=True)
class Estimate:
    minutes: float | None  # None: no counter will call this ticket today
    counters: int  # counters counted (open, or assumed to open)
    mean: float  # mean occupancy of a person ahead, minutes


def estimate(ticket: Ticket, ahead: int, *, now: dt.datetime | None = None) -> Estimate:
    """The model above, unrounded. `ticket` must be waiting."""
    now = now or timezone.now()
    mpp = ticket.mpp
    local = timezone.localtime(now, mpp.tzinfo)
    stats = stats_for(mpp, ticket.day)
    mean = stats.pool_mean(pool_of(ticket.service_id), local.hour)
    periods = periods_for(mpp, ticket.day)
    counters = counter_states(ticket.service_id)
    paused = CounterState.Mode.PAUSED
    free_in = [
        _residual(mean, status, called, now)
        for active, mode, status, called in counters
        if active and mode != paused  # counters.selectors.effective_mode: open
    ]
    start = now
    if not free_in:
        start_at = next_opening_today(periods, now)
        if start_at is None or not counters:
            return Estimate(None, 0, mean)
        waiting_to_open = sum(1 for active, mode, *_rest in counters if active and mode == paused)
        if start_at == now and not waiting_to_open:
            return Estimate(None, 0, mean)  # open hours, yet every counter of it is closed
        free_in = [0.0] * (waiting_to_open or len(counters))
        start = start_at
    minutes = wait_until_called(free_in, ahead, mean)
    total = _minutes(start, now) + push_past_breaks(periods, start, minutes)
    return Estimate(total, len(free_in), mean)


def counter_states(service_id: int) -> list[tuple]:
    """(active, mode, current ticket's status, its call time) of each counter serving the
    service, read live: a counter opened or closed counts at once."""
    counters = Counter.objects.filter(service_links__service_id=service_id).order_by()
    return list(
        counters.values_list(
            "is_active", "state__mode", "state__current__status", "state__current__called_at"
        )
    )


def _residual(
    mean: float, status: str | None, called: dt.datetime | None, now: dt.datetime
) -> float:
    if status not in (Status.CALLED, Status.SERVING) or called is None:
        return 0.0
    return max(mean - _minutes(now, called), MIN_RESIDUAL * mean)


def estimate_minutes(ticket: Ticket, ahead: int, *, now: dt.datetime | None = None) -> int | None:
    """Whole minutes (rounded up) for a waiting ticket, None when no counter will call it."""
    result = estimate(ticket, ahead, now=now)
    if result.minutes is None:
        return None
    return math.ceil(result.minutes - 1e-9)


def naive_minutes(ticket: Ticket, ahead: int) -> float:
    """The baseline the issue names: people ahead × the service's average service time."""
    return ahead * stats_for(ticket.mpp, ticket.day).plain_service_minutes(ticket.service_id)


def service_hour_table(mpp: Mpp, day: dt.date) -> dict[int, dict[int, float]]:
    """Service → hour → shrunk mean occupancy (for reports)."""
    stats = stats_for(mpp, day)
    table: dict[int, dict[int, float]] = defaultdict(dict)
    for service_id, hour in stats.by_hour:
        table[service_id][hour] = stats.hour_mean(service_id, hour)
    return dict(table)
