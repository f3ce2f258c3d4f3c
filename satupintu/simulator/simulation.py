"""A day at an MPP, driven through the real queue services on a simulated clock.

Discrete-event simulation: a heap of timed events (an arrival, a counter opening,
pausing or closing, an officer calling, a visitor walking up, a recall, a finish);
each event calls the same function the kiosk, console and API call (`issue_ticket`,
`set_counter_mode`, `call_next`, `recall`, `mark_no_show`, `start_serving`, `finish`,
`cancel`) with `now=` the simulated time, so no time passes and nothing sleeps.

The day (all figures are modelling assumptions, stated once here):
- arrivals: per queue, a Poisson number of visitors sized to its counters (a load of
  75–95 % of what they can serve in the day's opening hours, drawn per day), spread
  over the day by an hourly profile with a morning peak, within the opening periods
  and half an hour before the first (people wait at the door);
- the service mix: a few services (KTP-el, KK, akta, SKCK, SIM, STNK, BPJS, PBB) draw
  many more visitors than the rest; ~10 % take the number online, ~9 % are priority
  (lansia, ibu hamil, disabilitas, ibu dengan balita);
- service times: lognormal (σ 0.45) around a mean per service (fixed per service
  across days, 5–20 minutes), times a factor per officer and day (0.85–1.2) and a
  mild hour-of-day factor (slower at the start, faster before closing); walking up
  to the counter 0.3–1.5 minutes;
- counters: open at the start of each opening period (up to 8 minutes late), pause
  at its end (lunch, Friday prayer) once their visitor is done, and after the last
  period serve whoever still holds a number, then close; a few close early in the
  afternoon (never the last one of a queue). After `CLOSING_GRACE` the numbers still
  waiting are cancelled and reported as left waiting;
- no-shows: ~5 % do not come when called: recalled, then marked no-show.

For the evaluation every ticket of an evaluated day records, at issue, the estimate
the API would report (`selectors.estimate_wait`), the naive "people ahead × average
service time", and the first model's "÷ active counters"; then its actual wait
(issued → called).

A live mode plays today in (accelerated) real time on the running database so the
board and console move: same events, real timestamps, durations divided by `speed`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import itertools
import math
import random
import statistics
import threading
import time
from collections import Counter as Tally
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from satupintu.catalog.models import CounterService, Service
from satupintu.core.errors import DomainError
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.counters.selectors import effective_mode
from satupintu.queueing.counters.services import set_counter_mode
from satupintu.queueing.models import (
    Channel,
    CounterState,
    DailySequence,
    Status,
    Ticket,
)
from satupintu.queueing.tickets import services
from satupintu.queueing.waits import estimate as waits
from satupintu.queueing.waits import selectors
from satupintu.tenancy.models import Counter, Mpp
from satupintu.tenancy.selectors import closure_reason

# Relative arrival rate by local hour (08–09 the peak).
HOURLY_PROFILE = {7: 1.2, 8: 2.0, 9: 1.8, 10: 1.4, 11: 1.0, 12: 0.7, 13: 0.9, 14: 0.7, 15: 0.4}
POPULAR = {  # demo service codes (reference catalog) → relative demand
    "A01": 8, "A02": 6, "A03": 5, "A04": 5, "A05": 6, "A07": 3, "A09": 3,
    "C01": 8, "C02": 6, "C03": 5, "C04": 6, "D01": 8, "D02": 4,
    "G01": 4, "G02": 5, "H01": 3, "L01": 5, "O02": 3,
}  # fmt: skip
HOUR_FACTOR = {7: 1.1, 8: 1.08, 9: 1.0, 10: 1.0, 11: 0.97, 12: 1.0, 13: 1.05, 14: 0.95}
LATE_FACTOR = 0.88  # from 15:00 on, officers speed up before closing
PRIORITY_SHARE = 0.09
NO_SHOW_SHARE = 0.05
ONLINE_SHARE = 0.10
EARLY_CLOSE_SHARE = 0.08
EARLY_MINUTES = 30  # arrivals start this long before the first opening
CLOSING_GRACE = dt.timedelta(minutes=90)  # after the last closing, waiting numbers end
SIGMA = 0.45
RECALL_GAP = 1.0  # minutes between a call and each recall, and before the no-show


class SimulationRefused(Exception):
    """The day cannot be simulated as asked (it has tickets, the MPP is closed)."""


def _unit(*parts: object) -> float:
    """A stable number in [0, 1) from the parts (the same on every run and machine)."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def true_mean_minutes(code: str) -> float:
    """The simulated service's real mean service time (unknown to the estimate)."""
    return round(5 + 15 * _unit("service-minutes", code) ** 1.5, 1)


def demand_weight(code: str) -> float:
    return POPULAR.get(code, 0.6 + 1.2 * _unit("demand", code))


@dataclass
class Record:
    """One ticket of an evaluated day."""

    ticket_id: int
    number: str
    service: str
    queue: str
    priority: bool
    issued_at: dt.datetime
    ahead: int = 0
    estimate: int | None = None
    naive: float = 0.0
    previous: float = 0.0
    called_at: dt.datetime | None = None
    status: str = Status.WAITING

    @property
    def wait(self) -> float | None:
        if self.called_at is None:
            return None
        return (self.called_at - self.issued_at).total_seconds() / 60


@dataclass
class DayResult:
    day: dt.date
    evaluated: bool
    records: list[Record] = field(default_factory=list)
    issued: int = 0
    served: int = 0
    no_shows: int = 0
    left_waiting: int = 0
    seconds: float = 0.0

    def summary(self, zone: dt.tzinfo) -> dict[str, Any]:
        called = [r for r in self.records if r.wait is not None]
        out: dict[str, Any] = {
            "day": self.day.isoformat(),
            "evaluated": self.evaluated,
            "tickets": self.issued,
            "served": self.served,
            "no_shows": self.no_shows,
            "left_waiting": self.left_waiting,
            "seconds": round(self.seconds, 2),
        }
        if self.evaluated:
            waits_ = [r.wait for r in called if r.wait is not None]
            out["mean_wait_minutes"] = round(statistics.fmean(waits_), 1) if waits_ else None
            out["priority_mean_wait"] = _mean_wait([r for r in called if r.priority])
            out["regular_mean_wait"] = _mean_wait([r for r in called if not r.priority])
            out["per_hour"] = dict(
                sorted(Tally(r.issued_at.astimezone(zone).hour for r in self.records).items())
            )
            out["mae"] = mae(called)
        return out


def _mean_wait(records: list[Record]) -> float | None:
    values = [r.wait for r in records if r.wait is not None]
    return round(statistics.fmean(values), 1) if values else None


def mae(records: list[Record]) -> dict[str, Any]:
    """Mean absolute error in minutes of each estimate against the actual wait, over the
    tickets that were called and got an estimate."""
    rows = [r for r in records if r.wait is not None and r.estimate is not None]
    if not rows:
        return {"n": 0}
    return {
        "n": len(rows),
        "no_estimate": sum(1 for r in records if r.wait is not None and r.estimate is None),
        "estimate": round(statistics.fmean(abs(r.estimate - r.wait) for r in rows), 2),  # type: ignore[operator]
        "naive": round(statistics.fmean(abs(r.naive - r.wait) for r in rows), 2),  # type: ignore[operator]
        "previous": round(statistics.fmean(abs(r.previous - r.wait) for r in rows), 2),  # type: ignore[operator]
    }


@dataclass
class Desk:
    """A counter as the simulation drives it."""

    counter: Counter
    queue: str
    service_ids: set[int]
    speed: float = 1.0  # the officer's pace today (service time factor)
    mode: str = CounterState.Mode.CLOSED
    busy: bool = False
    idle: bool = False  # open, nobody to call: woken by the next arrival
    closes_early_at: dt.datetime | None = None  # stops calling then, and closes
    draining: bool = False  # after the last period: calls until nobody waits, then closes


class Clock:
    """Replay: the event's simulated time is `now`; nothing waits."""

    def now(self, at: dt.datetime) -> dt.datetime | None:
        return at

    def until(self, at: dt.datetime) -> bool:
        return True

    scale = 1.0


class LiveClock(Clock):
    """Live: real timestamps; waits until the event is due; durations ÷ speed."""

    def __init__(self, speed: float, stop: threading.Event) -> None:
        self.scale = 1 / speed
        self.stop = stop

    def now(self, at: dt.datetime) -> dt.datetime | None:
        return None

    def until(self, at: dt.datetime) -> bool:
        delay = (at - timezone.now()).total_seconds()
        if delay > 0:
            self.stop.wait(delay)
        return not self.stop.is_set()


class Day:
    """One day at one MPP: the events and what they do."""

    def __init__(
        self,
        mpp: Mpp,
        day: dt.date,
        *,
        seed: int,
        evaluate: bool,
        clock: Clock | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.mpp, self.day, self.evaluate = mpp, day, evaluate
        self.clock = clock or Clock()
        self.rng = random.Random(f"{seed}:{mpp.slug}:{day.isoformat()}")  # noqa: S311
        self.result = DayResult(day=day, evaluated=evaluate)
        self.log = log or (lambda _text: None)
        self.events: list[tuple[dt.datetime, int, str, Any]] = []
        self.seq = itertools.count()
        self.records: dict[int, Record] = {}
        self.phones = itertools.count(1)
        self.zone = mpp.tzinfo
        self.periods = _periods(mpp, day)
        self.services = {
            s.pk: s
            for s in Service.objects.filter(
                mpp=mpp, is_active=True, uses_queue=True, queue_link__isnull=False
            ).select_related("queue_link__queue", "mpp")
        }
        links = defaultdict(set)
        for counter_id, service_id in CounterService.objects.filter(
            mpp=mpp, service_id__in=self.services
        ).values_list("counter_id", "service_id"):
            links[counter_id].add(service_id)
        self.desks = [
            Desk(counter=c, queue=self.services[min(links[c.pk])].queue_link.queue.prefix,
                 service_ids=links[c.pk])
            for c in Counter.objects.filter(mpp=mpp, pk__in=links).select_related("mpp")
            .order_by("number")
        ]  # fmt: skip
        self.categories = [code for code, _n in services.policy_for(mpp).priority_categories]
        self.open_counts: dict[int, int] = defaultdict(int)  # service → counters not closed

    # --- scheduling -------------------------------------------------------------------

    def at(self, when: dt.datetime, kind: str, data: Any = None) -> None:
        heapq.heappush(self.events, (when, next(self.seq), kind, data))

    def minutes(self, value: float) -> dt.timedelta:
        return dt.timedelta(minutes=value * self.clock.scale)

    def plan(self) -> None:
        """The day's counters and arrivals (replay)."""
        if not self.periods:
            raise SimulationRefused(f"{self.mpp.slug} is closed on {self.day.isoformat()}")
        rng = self.rng
        for desk in self.desks:
            desk.speed = rng.uniform(0.85, 1.2)
            for index, (opens, closes) in enumerate(self.periods):
                self.at(opens + dt.timedelta(minutes=rng.uniform(0, 8)), "open", desk)
                last = index == len(self.periods) - 1
                self.at(closes, "end_of_day" if last else "pause", desk)
        self._plan_early_closes()
        first_open, last_close = self.periods[0][0], self.periods[-1][1]
        self.at(last_close + CLOSING_GRACE, "hard_stop")
        windows = [(first_open - dt.timedelta(minutes=EARLY_MINUTES), first_open)]
        windows += self.periods
        open_minutes = sum((b - a).total_seconds() / 60 for a, b in self.periods)
        by_queue: dict[str, list[Service]] = defaultdict(list)
        for service in self.services.values():
            by_queue[service.queue_link.queue.prefix].append(service)
        for prefix in sorted(by_queue):
            queue_services = sorted(by_queue[prefix], key=lambda s: s.code)
            desks = [d for d in self.desks if d.queue == prefix]
            if not desks:
                continue
            weights = [demand_weight(s.code) for s in queue_services]
            mean = sum(
                w * (true_mean_minutes(s.code) + 1.5)
                for w, s in zip(weights, queue_services, strict=True)
            ) / sum(weights)
            load = rng.uniform(0.75, 0.95)
            expected = load * len(desks) * open_minutes / mean
            for _ in range(_poisson(rng, expected)):
                when = _arrival_time(rng, windows, self.zone)
                service = rng.choices(queue_services, weights)[0]
                self.at(when, "arrive", service)

    def _plan_early_closes(self) -> None:
        by_queue: dict[str, list[Desk]] = defaultdict(list)
        for desk in self.desks:
            by_queue[desk.queue].append(desk)
        last_open = self.periods[-1][0]
        for desks in by_queue.values():
            for desk in desks[1:]:  # the first counter of a queue stays to the end
                if self.rng.random() < EARLY_CLOSE_SHARE:
                    desk.closes_early_at = last_open + dt.timedelta(
                        minutes=self.rng.uniform(30, 90)
                    )
                    self.at(desk.closes_early_at, "close_early", desk)

    # --- running ----------------------------------------------------------------------

    def run(self) -> DayResult:
        started = time.perf_counter()
        while self.events:
            when, _seq, kind, data = heapq.heappop(self.events)
            if not self.clock.until(when):
                break
            getattr(self, f"on_{kind}")(when, data)
        self.result.seconds = time.perf_counter() - started
        self.result.records = list(self.records.values())
        return self.result

    def set_mode(self, desk: Desk, mode: str, when: dt.datetime) -> None:
        before = desk.mode
        set_counter_mode(counter=desk.counter, mode=mode, actor=None, now=self.clock.now(when))
        desk.mode = mode
        change = (mode != CounterState.Mode.CLOSED) - (before != CounterState.Mode.CLOSED)
        for service_id in desk.service_ids:
            self.open_counts[service_id] += change

    def on_open(self, when: dt.datetime, desk: Desk) -> None:
        if desk.closes_early_at is not None and when >= desk.closes_early_at:
            return
        self.set_mode(desk, CounterState.Mode.OPEN, when)
        if not desk.busy:
            self.on_free(when, desk)

    def on_pause(self, when: dt.datetime, desk: Desk) -> None:
        if desk.mode == CounterState.Mode.OPEN:
            self.set_mode(desk, CounterState.Mode.PAUSED, when)  # the visitor at it goes on
            desk.idle = False

    def on_close_early(self, when: dt.datetime, desk: Desk) -> None:
        desk.idle = False
        if desk.mode != CounterState.Mode.CLOSED and not desk.busy:
            self.set_mode(desk, CounterState.Mode.CLOSED, when)

    def on_end_of_day(self, when: dt.datetime, desk: Desk) -> None:
        desk.draining = True
        if desk.idle:
            self.on_close_early(when, desk)

    def on_hard_stop(self, when: dt.datetime, _data: None) -> None:
        for record in self.records.values():
            if record.status == Status.WAITING:
                self._cancel(record, when)
        left = Ticket.objects.filter(mpp=self.mpp, day=self.day, status=Status.WAITING)
        for ticket in left.order_by("pk"):  # history days keep no records
            services.cancel(
                ticket=ticket, actor=None, note="Layanan hari ini sudah selesai",
                now=self.clock.now(when),
            )  # fmt: skip
            self.result.left_waiting += 1

    def _cancel(self, record: Record, when: dt.datetime) -> None:
        ticket = Ticket.objects.get(pk=record.ticket_id)
        services.cancel(
            ticket=ticket, actor=None, note="Layanan hari ini sudah selesai",
            now=self.clock.now(when),
        )  # fmt: skip
        record.status = Status.CANCELLED
        self.result.left_waiting += 1

    def on_arrive(self, when: dt.datetime, service: Service) -> None:
        rng = self.rng
        priority = rng.choice(self.categories) if rng.random() < PRIORITY_SHARE else ""
        now = self.clock.now(when)
        ticket = None
        if rng.random() < ONLINE_SHARE:
            phone = f"0812{self.day:%m%d}{next(self.phones):04d}"
            try:
                ticket = services.issue_ticket(
                    mpp=self.mpp, service=service, channel=Channel.ONLINE,
                    priority=priority, phone=phone, now=now,
                )  # fmt: skip
            except (DomainError, ValidationError):
                ticket = None  # closed for online, quota full: they take it at the kiosk
        if ticket is None:
            ticket = services.issue_ticket(
                mpp=self.mpp, service=service, channel=Channel.KIOSK, priority=priority, now=now
            )
        self.result.issued += 1
        if self.evaluate:
            self._record(ticket, service, when)
        for desk in self.desks:
            if desk.idle and service.pk in desk.service_ids:
                desk.idle = False
                self.at(when + self.minutes(rng.uniform(0.05, 0.3)), "free", desk)

    def _record(self, ticket: Ticket, service: Service, when: dt.datetime) -> None:
        ahead = selectors.people_ahead(ticket, now=when)
        stats = waits.stats_for(self.mpp, self.day)
        plain = stats.plain_service_minutes(service.pk)
        self.records[ticket.pk] = Record(
            ticket_id=ticket.pk,
            number=ticket.number,
            service=service.code,
            queue=service.queue_link.queue.prefix,
            priority=bool(ticket.priority),
            issued_at=ticket.issued_at,
            ahead=ahead,
            estimate=selectors.estimate_wait(ticket, ahead, now=self.clock.now(when)),
            naive=ahead * plain,
            previous=ahead * plain / max(1, self.open_counts[service.pk]),
        )

    def on_free(self, when: dt.datetime, desk: Desk) -> None:
        """The officer is free: call the next number, pause or close, or wait."""
        desk.busy = False
        if desk.mode != CounterState.Mode.OPEN:
            return
        if desk.closes_early_at is not None and when >= desk.closes_early_at:
            ticket = None
        else:
            ticket = counter_services.call_next(
                counter=desk.counter, officer=None, now=self.clock.now(when)
            )
        if ticket is None:
            stopping = desk.closes_early_at is not None and when >= desk.closes_early_at
            if stopping or desk.draining:
                desk.idle = False
                self.set_mode(desk, CounterState.Mode.CLOSED, when)
            else:
                desk.idle = True
            return
        desk.busy = True
        record = self.records.get(ticket.pk)
        if record is not None:
            record.called_at, record.status = ticket.called_at, Status.CALLED
        if self.rng.random() < NO_SHOW_SHARE:
            self.at(when + self.minutes(RECALL_GAP), "recall", (desk, ticket))
        else:
            walk = self.rng.uniform(0.3, 1.5)
            self.at(when + self.minutes(walk), "start", (desk, ticket))

    def on_recall(self, when: dt.datetime, data: tuple[Desk, Ticket]) -> None:
        desk, ticket = data
        policy = services.policy_for(self.mpp)
        if ticket.recalls < policy.recalls_before_no_show:
            ticket = counter_services.recall(ticket=ticket, actor=None, now=self.clock.now(when))
            self.at(when + self.minutes(RECALL_GAP), "recall", (desk, ticket))
            return
        counter_services.mark_no_show(ticket=ticket, actor=None, now=self.clock.now(when))
        self.result.no_shows += 1
        self._done(ticket, Status.NO_SHOW)
        self.at(when + self.minutes(self.rng.uniform(0.1, 0.4)), "free", desk)

    def on_start(self, when: dt.datetime, data: tuple[Desk, Ticket]) -> None:
        desk, ticket = data
        ticket = counter_services.start_serving(ticket=ticket, actor=None, now=self.clock.now(when))
        local_hour = when.astimezone(self.zone).hour
        mean = true_mean_minutes(ticket.service.code) * desk.speed
        mean *= HOUR_FACTOR.get(local_hour, LATE_FACTOR)
        minutes = self.rng.lognormvariate(math.log(mean) - SIGMA**2 / 2, SIGMA)
        self.at(when + self.minutes(max(0.5, minutes)), "finish", (desk, ticket))

    def on_finish(self, when: dt.datetime, data: tuple[Desk, Ticket]) -> None:
        desk, ticket = data
        counter_services.finish(ticket=ticket, actor=None, now=self.clock.now(when))
        self.result.served += 1
        self._done(ticket, Status.DONE)
        self.at(when + self.minutes(self.rng.uniform(0.1, 0.6)), "free", desk)

    def _done(self, ticket: Ticket, status: str) -> None:
        record = self.records.get(ticket.pk)
        if record is not None:
            record.status = status


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (normal approximation above 50, exact below)."""
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _arrival_time(
    rng: random.Random, windows: list[tuple[dt.datetime, dt.datetime]], zone: dt.tzinfo
) -> dt.datetime:
    """A time within the windows, with density following HOURLY_PROFILE (per minute)."""
    pieces: list[tuple[dt.datetime, float, float]] = []  # start, minutes, weight
    for start, end in windows:
        t = start
        while t < end:
            hour_end = (t.astimezone(zone) + dt.timedelta(hours=1)).replace(
                minute=0, second=0, microsecond=0
            )
            stop = min(end, hour_end)
            minutes = (stop - t).total_seconds() / 60
            weight = HOURLY_PROFILE.get(t.astimezone(zone).hour, 0.3) * minutes
            pieces.append((t, minutes, weight))
            t = stop
    start, minutes, _w = rng.choices(pieces, [p[2] for p in pieces])[0]
    return start + dt.timedelta(minutes=rng.uniform(0, minutes))


def _periods(mpp: Mpp, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    if closure_reason(mpp, day) is not None:
        return []
    zone = mpp.tzinfo
    return [
        (dt.datetime.combine(day, h.opens_at, tzinfo=zone),
         dt.datetime.combine(day, h.closes_at, tzinfo=zone))
        for h in mpp.opening_hours.filter(weekday=day.weekday()).order_by("opens_at")
    ]  # fmt: skip


def working_days_before(mpp: Mpp, day: dt.date, count: int) -> list[dt.date]:
    """The `count` days before `day` on which the MPP opens, oldest first."""
    days: list[dt.date] = []
    probe = day
    while len(days) < count:
        probe -= dt.timedelta(days=1)
        if _periods(mpp, probe):
            days.append(probe)
        if (day - probe).days > 10 * count + 30:
            break
    return sorted(days)


def clear_days(mpp: Mpp, days: list[dt.date], *, replace: bool) -> None:
    """Refuse days that already hold tickets, or with `replace` delete those tickets."""
    existing = Ticket.objects.filter(mpp=mpp, day__in=days)
    taken = sorted({d.isoformat() for d in existing.values_list("day", flat=True)})
    if taken and not replace:
        raise SimulationRefused(
            f"{mpp.slug} already has tickets on {', '.join(taken)}; the simulator does not "
            "touch them. Use --replace to delete those days' tickets first."
        )
    with transaction.atomic():
        existing.update(transferred_from=None)
        existing.delete()
        DailySequence.objects.filter(queue__mpp=mpp, day__in=days).delete()


def _modes(mpp: Mpp) -> dict[int, str]:
    desks = Counter.objects.filter(mpp=mpp).select_related("state")
    return {c.pk: effective_mode(c, getattr(c, "state", None)) for c in desks}


def _restore_modes(mpp: Mpp, modes: dict[int, str]) -> None:
    """Put every counter back in the mode it had before the simulation."""
    for counter in Counter.objects.filter(mpp=mpp, pk__in=modes).order_by("pk"):
        try:
            set_counter_mode(counter=counter, mode=modes[counter.pk], actor=None)
        except DomainError:  # a ticket is at the counter (live mode stopped mid-service)
            continue


def simulate(
    mpp: Mpp,
    day: dt.date,
    *,
    seed: int = 1,
    history_days: int = 0,
    replace: bool = False,
    log: Callable[[str], None] | None = None,
) -> list[DayResult]:
    """Simulate `history_days` working days before `day`, then `day` itself (evaluated)."""
    if not _periods(mpp, day):
        raise SimulationRefused(f"{mpp.slug} is closed on {day.isoformat()}")
    days = [*working_days_before(mpp, day, history_days), day]
    clear_days(mpp, days, replace=replace)
    modes = _modes(mpp)
    results = []
    try:
        for current in days:
            evaluated = current == day
            sim = Day(mpp, current, seed=seed, evaluate=evaluated, log=log)
            sim.plan()
            results.append(sim.run())
            if log:
                log(f"{current.isoformat()}: {sim.result.issued} nomor")
    finally:
        _restore_modes(mpp, modes)
    return results


def run_live(
    mpp: Mpp,
    *,
    speed: float = 10.0,
    seed: int = 1,
    stop: threading.Event,
    log: Callable[[str], None] | None = None,
) -> DayResult:
    """Play today at `speed`× real time until `stop` is set: every linked counter opens,
    visitors arrive at the morning-peak rate of the day's profile, officers call and
    serve. On stop, the visitors at the counters are finished and the counters go back
    to the mode they had."""
    now = timezone.now()
    day = timezone.localtime(now, mpp.tzinfo).date()
    sim = Day(mpp, day, seed=seed, evaluate=False, clock=LiveClock(speed, stop), log=log)
    modes = _modes(mpp)
    by_queue: dict[str, int] = Tally(d.queue for d in sim.desks)
    services_list = sorted(sim.services.values(), key=lambda s: s.code)
    weights = [demand_weight(s.code) for s in services_list]
    mean = sum(
        w * (true_mean_minutes(s.code) + 1.5) for w, s in zip(weights, services_list, strict=True)
    ) / sum(weights)
    per_minute = 0.9 * sum(by_queue.values()) / mean  # visitors per simulated minute
    for desk in sim.desks:
        desk.speed = sim.rng.uniform(0.85, 1.2)
        sim.at(now + sim.minutes(sim.rng.uniform(0, 2)), "open", desk)
    sim.on_live_arrival = lambda when, _data: _live_arrival(sim, when, per_minute, services_list)  # type: ignore[attr-defined]
    sim.at(now, "live_arrival")
    try:
        sim.run()
    finally:
        _wind_down(sim)
        _restore_modes(mpp, modes)
    return sim.result


def _live_arrival(
    sim: Day, when: dt.datetime, per_minute: float, services_list: list[Service]
) -> None:
    weights = [demand_weight(s.code) for s in services_list]
    queued = {s.pk for s in services_list}
    open_ids = {sid for d in sim.desks if d.mode == CounterState.Mode.OPEN for sid in d.service_ids}
    candidates = [(s, w) for s, w in zip(services_list, weights, strict=True) if s.pk in open_ids]
    if candidates and queued:
        service = sim.rng.choices([c[0] for c in candidates], [c[1] for c in candidates])[0]
        sim.on_arrive(when, service)
        sim.log(f"{timezone.localtime(timezone.now(), sim.zone):%H.%M.%S} +1 {service.code}")
    gap = sim.rng.expovariate(per_minute)
    sim.at(when + sim.minutes(gap), "live_arrival")


def _wind_down(sim: Day) -> None:
    """Finish the visitors still at a counter (live mode stopped)."""
    for state in CounterState.objects.filter(
        mpp=sim.mpp, current__status__in=(Status.CALLED, Status.SERVING)
    ).select_related("current"):
        ticket = state.current
        if ticket is None:
            continue
        if ticket.status == Status.CALLED:
            ticket = counter_services.start_serving(ticket=ticket, actor=None)
        counter_services.finish(ticket=ticket, actor=None)
