"""Today played live (`satupintu serve --demo-live`, `satupintu simulate --live`), among people.

The live day drives counters through the same services as the console, while officers
may be at work in the same MPP. So:

- it leaves some counters to people from the start: in every queue that two or more
  counters call for, the highest-numbered one (`free_counters`), and any counter with a
  visitor at it when the day begins;
- it lets go of a counter for the rest of the day as soon as a person works there
  (calls, serves, finishes, makes a walk-in number, opens, pauses or closes it: the
  counter's history names them, `worked_by_a_person`), or when it finds the counter not
  as it left it (closed, paused, someone else's visitor at it);
- a step that finds the world changed (the ticket already finished, transferred or
  cancelled by someone else) is skipped, and the counter goes on with its next visitor.

None of this stops the day: it is logged at info level (logger `satupintu.simulator`).
A counter let go is driven again when the day restarts.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError
from django.utils import timezone

from satupintu.core.errors import DomainError
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.counters.selectors import worked_by_a_person
from satupintu.queueing.models import CounterState, Status
from satupintu.simulator.assumptions import demand_weight, true_mean_minutes
from satupintu.simulator.day import Day, Desk, LiveClock
from satupintu.tenancy.models import Mpp

logger = logging.getLogger("satupintu.simulator")

AT_COUNTER = (Status.CALLED, Status.SERVING)


def free_counters(desks: list[Desk]) -> set[int]:
    """The counters left to people: the highest-numbered of every queue two or more
    counters call for (so every queue still moves by itself)."""
    by_queue: dict[str, list[Desk]] = defaultdict(list)
    for desk in desks:
        by_queue[desk.queue].append(desk)
    return {
        max(queue, key=lambda d: d.counter.number).counter.pk
        for queue in by_queue.values()
        if len(queue) > 1
    }


def _desk_in(data: Any) -> Desk | None:
    """The counter an event is about: a desk, or (desk, ticket); arrivals have none."""
    if isinstance(data, tuple):
        data = data[0]
    return data if isinstance(data, Desk) else None


class LiveDay(Day):
    """Today at `speed`× real time until `stop` is set, on the counters no person works at."""

    def __init__(
        self,
        mpp: Mpp,
        *,
        speed: float,
        seed: int,
        stop: threading.Event,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.started = timezone.now()
        day = timezone.localtime(self.started, mpp.tzinfo).date()
        super().__init__(mpp, day, seed=seed, evaluate=False, clock=LiveClock(speed, stop), log=log)
        self.all_desks = list(self.desks)
        occupied = set(
            CounterState.objects.filter(
                counter__in=[d.counter for d in self.desks], current__status__in=AT_COUNTER
            ).values_list("counter_id", flat=True)
        )
        self.left_to_people = free_counters(self.desks) | occupied
        self.desks = [d for d in self.desks if d.counter.pk not in self.left_to_people]
        self.let_go: set[int] = set()  # counters a person took over today
        self.per_minute = 0.0

    @property
    def driven(self) -> list[Desk]:
        """The desks the day still drives."""
        return [d for d in self.desks if d.counter.pk not in self.let_go]

    def plan_live(self) -> None:
        """Every driven counter opens within two minutes; visitors arrive at the morning
        peak's rate (0.9 of what the driven counters can serve)."""
        services = sorted(self.services.values(), key=lambda s: s.code)
        weights = [demand_weight(s.code) for s in services]
        mean = sum(
            w * (true_mean_minutes(s.code) + 1.5) for w, s in zip(weights, services, strict=True)
        ) / sum(weights)
        self.per_minute = 0.9 * len(self.desks) / mean  # visitors per simulated minute
        for desk in self.desks:
            desk.speed = self.rng.uniform(0.85, 1.2)
            self.at(self.started + self.minutes(self.rng.uniform(0, 2)), "open", desk)
        self.at(self.started, "live_arrival")
        numbers = sorted(d.counter.number for d in self.all_desks if not self._drives(d))
        logger.info(
            "live day at %s: counters %s are left to people",
            self.mpp.slug,
            ", ".join(map(str, numbers)) or "none",
        )

    def _drives(self, desk: Desk) -> bool:
        return desk.counter.pk not in self.left_to_people | self.let_go

    # --- the guard around every step ---------------------------------------------------

    def step(self, kind: str, when: dt.datetime, data: Any) -> None:
        desk = _desk_in(data)
        if desk is not None and (not self._drives(desk) or self._taken_over(desk)):
            return
        try:
            super().step(kind, when, data)
        except DomainError as exc:  # the world changed under this step
            logger.info("live day: %s skipped (%s)", self._what(kind, desk), exc.message)
            self._replan(kind, when, desk)
        except DatabaseError:  # e.g. a lock held too long by a person's write at the counter
            logger.warning("live day: %s skipped", self._what(kind, desk), exc_info=True)
            self._replan(kind, when, desk)

    def _taken_over(self, desk: Desk) -> bool:
        if not worked_by_a_person(desk.counter, since=self.started):
            return False
        self._let_go(desk, "a person works at it")
        return True

    def _let_go(self, desk: Desk, why: str) -> None:
        self.let_go.add(desk.counter.pk)
        desk.busy = desk.idle = False
        logger.info("live day: counter %s left to people (%s)", desk.counter.number, why)

    def _replan(self, kind: str, when: dt.datetime, desk: Desk | None) -> None:
        """After a refused step: a counter not as the day left it (closed, paused, another
        visitor at it) is let go; a visitor someone else moved on frees the counter."""
        if desk is None:
            return
        if kind in ("recall", "start", "finish"):
            if not self._taken_over(desk):  # e.g. the citizen cancelled their number
                self.at(when + self.minutes(self.rng.uniform(0.1, 0.6)), "free", desk)
            return
        self._let_go(desk, f"it is not as the day left it ({kind})")

    @staticmethod
    def _what(kind: str, desk: Desk | None) -> str:
        return f"{kind} at counter {desk.counter.number}" if desk else kind

    # --- arrivals ---------------------------------------------------------------------

    def on_live_arrival(self, when: dt.datetime, _data: None) -> None:
        """The next arrival is planned first, so a refused one does not end them."""
        self.at(when + self.minutes(self.rng.expovariate(self.per_minute)), "live_arrival")
        open_ids = {
            sid for d in self.desks if d.mode == CounterState.Mode.OPEN for sid in d.service_ids
        }
        candidates = [s for s in self.services.values() if s.pk in open_ids]
        if not candidates:
            return
        candidates.sort(key=lambda s: s.code)
        service = self.rng.choices(candidates, [demand_weight(s.code) for s in candidates])[0]
        self.on_arrive(when, service)
        self.log(f"{timezone.localtime(timezone.now(), self.zone):%H.%M.%S} +1 {service.code}")

    def wind_down(self) -> None:
        """Finish the visitors still at the counters the day drives (it was stopped); the
        counters left to people keep theirs."""
        for state in CounterState.objects.filter(
            counter__in=[d.counter for d in self.driven], current__status__in=AT_COUNTER
        ).select_related("current"):
            ticket = state.current
            if ticket is None:
                continue
            try:
                if ticket.status == Status.CALLED:
                    ticket = counter_services.start_serving(ticket=ticket, actor=None)
                counter_services.finish(ticket=ticket, actor=None)
            except DomainError as exc:  # a person finished it meanwhile
                logger.info("live day: visitor %s left as is (%s)", ticket.number, exc.message)
