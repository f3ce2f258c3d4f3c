"""A day at an MPP, driven through the real queue services on a simulated clock.

Discrete-event simulation: a heap of timed events (an arrival, a counter opening,
pausing or closing, an officer calling, a visitor walking up, a recall, a finish);
each event calls the same function the kiosk, console and API call (`issue_ticket`,
`set_counter_mode`, `call_next`, `recall`, `mark_no_show`, `start_serving`, `finish`,
`cancel`) with `now=` the simulated time, so no time passes and nothing sleeps. What
the day looks like (arrivals, service mix and times, counters, no-shows) is in
assumptions.py; running days, and the live mode, in services.py.

For the evaluation every ticket of an evaluated day records, at issue, the estimate
the API would report (`selectors.estimate_wait`), the naive "people ahead × average
service time", and the first model's "÷ active counters"; then its actual wait
(issued → called) (results.py).

In the live mode (`LiveClock`) the same events carry real timestamps and durations
are divided by `speed`, so the board and console move (live.py: the live day, among
officers at work in the same MPP).
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from satupintu.catalog.models import CounterService, Service
from satupintu.core.errors import DomainError
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.counters.services import set_counter_mode
from satupintu.queueing.models import Channel, CounterState, Status, Ticket
from satupintu.queueing.tickets import services
from satupintu.queueing.waits import estimate as waits
from satupintu.queueing.waits import selectors
from satupintu.simulator.assumptions import (
    CLOSING_GRACE,
    EARLY_CLOSE_SHARE,
    EARLY_MINUTES,
    HOUR_FACTOR,
    LATE_FACTOR,
    NO_SHOW_SHARE,
    ONLINE_SHARE,
    PRIORITY_SHARE,
    RECALL_GAP,
    SIGMA,
    arrival_time,
    demand_weight,
    poisson,
    true_mean_minutes,
)
from satupintu.simulator.results import DayResult, Record
from satupintu.tenancy.models import Counter, Mpp
from satupintu.tenancy.selectors import closure_reason


class SimulationRefused(Exception):
    """The day cannot be simulated as asked (it has tickets, the MPP is closed)."""


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
        self.periods = opening_periods(mpp, day)
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
            for _ in range(poisson(rng, expected)):
                when = arrival_time(rng, windows, self.zone)
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
            self.step(kind, when, data)
        self.result.seconds = time.perf_counter() - started
        self.result.records = list(self.records.values())
        return self.result

    def step(self, kind: str, when: dt.datetime, data: Any) -> None:
        """One event: what happens at `when` (the live day guards it, live.py)."""
        getattr(self, f"on_{kind}")(when, data)

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
        self.wake(service.pk, when)

    def wake(self, service_id: int, when: dt.datetime) -> None:
        """A number of this service was issued: an idle counter serving it calls soon."""
        for desk in self.desks:
            if desk.idle and service_id in desk.service_ids:
                desk.idle = False
                self.at(when + self.minutes(self.rng.uniform(0.05, 0.3)), "free", desk)

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
        if not self.shows_up(ticket):
            self.at(when + self.minutes(RECALL_GAP), "recall", (desk, ticket))
        else:
            walk = self.rng.uniform(0.3, 1.5)
            self.at(when + self.minutes(walk), "start", (desk, ticket))

    def shows_up(self, ticket: Ticket) -> bool:
        """Whether the visitor called comes to the counter (else recalled, no-show)."""
        return self.rng.random() >= NO_SHOW_SHARE

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
        minutes = self.service_minutes(desk, ticket, when)
        self.at(when + self.minutes(max(0.5, minutes)), "finish", (desk, ticket))

    def service_minutes(self, desk: Desk, ticket: Ticket, when: dt.datetime) -> float:
        """How long this visitor takes at this counter now (assumptions.py)."""
        return self.lognormal(true_mean_minutes(ticket.service.code), desk, when)

    def lognormal(self, mean: float, desk: Desk, when: dt.datetime) -> float:
        mean *= desk.speed * HOUR_FACTOR.get(when.astimezone(self.zone).hour, LATE_FACTOR)
        return self.rng.lognormvariate(math.log(mean) - SIGMA**2 / 2, SIGMA)

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


def opening_periods(mpp: Mpp, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    if closure_reason(mpp, day) is not None:
        return []
    zone = mpp.tzinfo
    return [
        (dt.datetime.combine(day, h.opens_at, tzinfo=zone),
         dt.datetime.combine(day, h.closes_at, tzinfo=zone))
        for h in mpp.opening_hours.filter(weekday=day.weekday()).order_by("opens_at")
    ]  # fmt: skip
