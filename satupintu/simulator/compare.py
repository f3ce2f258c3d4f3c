"""Journeys compared (issue 23 item 5): one realistic day at an MPP, with citizens who
come for a life event among the day's walk-ins, under three set-ups on the same counters,
with the same arrivals by seed, each driven through the real queue services:

- ``walk_in_fifo``: no online channel, no appointment, no plan: the citizen takes a kiosk
  number at each booth in an order they guess (a wrong guess is sent away and queues
  again later, by the plan's order rule), bringing documents as they guess;
- ``tickets``: satupintu before journeys: a number per step, online numbers for part of
  the walk-ins, an appointment for part of the citizens' first step, the service standards
  published (fewer missing documents), applications pre-verified online;
- ``journeys``: the citizens who plan ahead (the tickets set-up's appointment share) book
  the first visit as one (`journeys.services.book_journey`: consecutive slots, real
  capacity) and check in at the kiosk on arrival (`appointments.checkin.check_in`: one
  ticket due at the first slot, carrying the next steps); the others, and those whose plan
  cannot be booked or whose day is full, take one journey ticket at the kiosk
  (`journeys.services.take_journey_ticket`). Either ticket's next step is queued at its
  fair place when a step is finished (`finish` → `continue_route`), documents from the
  plan's merged list, and verified once: a document an earlier step of the visit checked is
  not checked again (less service time, nothing to forget).

Per citizen: door to done (arrival to the last step finished, all today's steps); who is
not done when the MPP stops taking numbers counts as longer than everybody. Per visit (a
number called at a counter): whether it ended "berkas kurang", and whether its application
was pre-verified online. The modelling figures are in assumptions.py ("Journeys compared").
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
import random
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F

from satupintu.appointments.checkin import check_in
from satupintu.appointments.models import Booking, BookingStatus, DayCounter, SlotCounter
from satupintu.catalog.models import Service
from satupintu.catalog.selectors import attach_current, services_in_force
from satupintu.core.errors import DomainError
from satupintu.journeys.selectors import journey_plan, life_events_at
from satupintu.journeys.services import book_journey, take_journey_ticket
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.models import Channel, Outcome, Status, Ticket
from satupintu.queueing.tickets import services as ticket_services
from satupintu.simulator.assumptions import (
    APPOINTMENT_SHARE,
    BETWEEN_BOOTHS_MINUTES,
    BOOKED_EARLY_MINUTES,
    BOOKED_THE_DAY_BEFORE_AT,
    CHECK_MINUTES_PER_DOCUMENT,
    EARLY_MINUTES,
    HOME_TRIP_MINUTES,
    JOURNEYS_PER_DAY,
    MISSING_DOCUMENT_CHANCE,
    ONLINE_SHARE,
    PRE_VERIFIED_SHARE,
    PRIORITY_SHARE,
    REFUSAL_MINUTES,
    WRONG_ORDER_SHARE,
    YES_SHARE,
    arrival_time,
    poisson,
    true_mean_minutes,
)
from satupintu.simulator.day import Day, Desk, opening_periods
from satupintu.tenancy.models import Mpp

WALK_IN_FIFO, TICKETS, JOURNEYS = SETUPS = ("walk_in_fifo", "tickets", "journeys")

BERKAS_KURANG = "Berkas kurang"
WRONG_ORDER = "Belum waktunya: selesaikan dulu layanan yang diperlukan"


@dataclass(frozen=True)
class Step:
    """One of today's steps of a citizen's plan."""

    key: str
    service: Service
    needs: tuple[str, ...]  # keys of today's steps whose product it needs
    documents: tuple[str, ...]  # documents the step asks for (required, not produced)
    checked_before: tuple[str, ...]  # of those, the ones an earlier step asks for too


@dataclass(frozen=True)
class Citizen:
    """A citizen who comes for a life event (the same in every set-up)."""

    number: int
    life_event: str
    answers: dict[str, str]
    arrives: dt.datetime
    priority: str
    steps: tuple[Step, ...]  # plan order
    guess: tuple[str, ...]  # the order they would take without a plan
    guessed_wrong: bool
    pre_verified: frozenset[str]  # steps applied for and verified online beforehand
    appointment: bool


@dataclass
class Progress:
    todo: list[str]
    done: set[str] = field(default_factory=set)
    numbers: int = 0  # numbers taken so far today
    finished_at: dt.datetime | None = None


@dataclass
class Visit:
    """A number called at a counter (or waiting for it)."""

    service: Service
    citizen: Citizen | None = None
    step: Step | None = None
    pre_verified: bool = False
    missing: bool = False  # ends "berkas kurang"
    out_of_order: bool = False
    ended: str = ""  # done | berkas_kurang | wrong_order


def draw_citizens(
    mpp: Mpp, day: dt.date, *, seed: int, per_day: dict[str, float] | None = None
) -> list[Citizen]:
    """The day's citizens with a life event: who, when, with which answers (assumptions)."""
    periods = opening_periods(mpp, day)
    if not periods:
        return []
    rng = random.Random(f"{seed}:{mpp.slug}:{day.isoformat()}:journeys")  # noqa: S311
    first_open = periods[0][0]
    windows = [(first_open - dt.timedelta(minutes=EARLY_MINUTES), first_open), *periods]
    categories = [c for c, _n in ticket_services.policy_for(mpp).priority_categories]
    events = {e.key: e for e in life_events_at(mpp)}
    plans: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[Step, ...]] = {}
    citizens: list[Citizen] = []
    numbers = itertools.count(1)
    for key, mean in sorted((per_day if per_day is not None else JOURNEYS_PER_DAY).items()):
        if key not in events:
            continue
        questions = list(events[key].questions.all())
        for _ in range(poisson(rng, mean)):
            answers = {q.key: _answer(rng, q.options) for q in questions}
            cache_key = (key, tuple(sorted(answers.items())))
            if cache_key not in plans:
                plans[cache_key] = _steps(mpp, key, answers, first_open)
            steps = plans[cache_key]
            arrives = arrival_time(rng, windows, mpp.tzinfo)
            priority = ""
            if categories and rng.random() < PRIORITY_SHARE:
                priority = rng.choice(categories)
            keys = [s.key for s in steps]
            wrong = rng.random()
            shuffled = rng.sample(keys, len(keys))
            online = [s.key for s in steps if s.service.online_application]
            citizens.append(
                Citizen(
                    number=next(numbers),
                    life_event=key,
                    answers=answers,
                    arrives=arrives,
                    priority=priority,
                    steps=steps,
                    guess=tuple(shuffled if wrong < WRONG_ORDER_SHARE else keys),
                    guessed_wrong=wrong < WRONG_ORDER_SHARE,
                    pre_verified=frozenset(k for k in online if rng.random() < PRE_VERIFIED_SHARE),
                    appointment=rng.random() < APPOINTMENT_SHARE,
                )
            )
    return [c for c in citizens if c.steps]


def _answer(rng: random.Random, options: list[str]) -> str:
    if [o.casefold() for o in options] == ["ya", "tidak"]:
        return options[0] if rng.random() < YES_SHARE else options[1]
    return rng.choice(options)


def _steps(mpp: Mpp, key: str, answers: dict[str, str], now: dt.datetime) -> tuple[Step, ...]:
    plan = journey_plan(mpp, key, answers, now=now)
    today = [s for s in plan.today if s.service.uses_queue]
    numbers = {s.number: s.key for s in today}
    result = []
    for step in today:
        documents = [r for r in plan.requirements if step.number in r.steps and not r.is_optional]
        result.append(
            Step(
                key=step.key,
                service=step.service,
                needs=tuple(numbers[n] for n in step.needs if n in numbers),
                documents=tuple(r.key for r in documents),
                checked_before=tuple(r.key for r in documents if min(r.steps) < step.number),
            )
        )
    return tuple(result)


class CompareDay(Day):
    """One set-up of the compared day (module docstring)."""

    def __init__(self, mpp: Mpp, day: dt.date, *, seed: int, setup: str, citizens: list[Citizen]):
        super().__init__(mpp, day, seed=seed, evaluate=False)
        self.setup = setup
        self.citizens = citizens
        self.visits: dict[int, Visit] = {}
        self.progress: dict[int, Progress] = {}
        self.walk_in_tickets: list[int] = []
        self.last_number_at = self.periods[-1][1] if self.periods else None
        self.documents_of: dict[int, int] = {}
        self.seed = seed
        self.booked: dict[int, Booking] = {}  # citizen → the first booking of their visit
        self.arrives: dict[int, dt.datetime] = {}  # citizen → arrival, when not as drawn
        self.booking_refused: dict[str, int] = {}  # why a citizen who planned ahead walked in

    # --- the day: the base day's counters and walk-ins, citizens in place of some -------

    def plan(self) -> None:
        super().plan()
        arrivals = [e for e in self.events if e[2] == "arrive"]
        others = [e for e in self.events if e[2] != "arrive"]
        if self.setup == JOURNEYS:
            self.book_visits()
        for citizen in self.citizens:  # each step takes the place of one walk-in
            for step in citizen.steps:
                same = [e for e in arrivals if e[3].pk == step.service.pk]
                if same:
                    arrivals.remove(min(same, key=lambda e: abs(e[0] - citizen.arrives)))
            self.at(self.arrival(citizen), "citizen", citizen)
        self.events = [*others, *arrivals, *[e for e in self.events if e[2] == "citizen"]]
        heapq.heapify(self.events)

    def arrival(self, citizen: Citizen) -> dt.datetime:
        return self.arrives.get(citizen.number, citizen.arrives)

    def book_visits(self) -> None:
        """journeys: the citizens who plan ahead book their first visit as one, the day
        before, through the real services (assumptions: BOOKED_THE_DAY_BEFORE_AT); where
        the plan cannot be booked or the day has no run of slots left, they walk in."""
        rng = random.Random(f"{self.seed}:{self.mpp.slug}:{self.day.isoformat()}:booked")  # noqa: S311
        before = self.day - dt.timedelta(days=1)
        booked_at = dt.datetime.combine(before, BOOKED_THE_DAY_BEFORE_AT, tzinfo=self.zone)
        for citizen in self.citizens:
            if not citizen.appointment:
                continue
            try:
                visit = book_journey(
                    mpp=self.mpp, key=citizen.life_event, answers=citizen.answers,
                    day=self.day, after=citizen.arrives, name=f"Warga Simulasi {citizen.number}",
                    nik=simulated_nik(citizen.number), phone=f"0813{citizen.number:08d}",
                    now=booked_at,
                )  # fmt: skip
            except (DomainError, ValidationError) as refused:  # not bookable, or full
                code = getattr(refused, "code", None) or "invalid"
                self.booking_refused[code] = self.booking_refused.get(code, 0) + 1
                continue
            services = [booking.service_id for _slot, booking in visit]
            if services != [s.service.pk for s in citizen.steps]:
                raise DomainError(f"booked visit for {citizen.life_event} not as planned")
            start = visit[0][1].start
            early = self.minutes(rng.uniform(*BOOKED_EARLY_MINUTES))
            self.booked[citizen.number] = visit[0][1]
            self.arrives[citizen.number] = start - early

    # --- walk-ins with one service -------------------------------------------------------

    def on_arrive(self, when: dt.datetime, service: Service) -> None:
        rng = self.rng
        priority = rng.choice(self.categories) if rng.random() < PRIORITY_SHARE else ""
        online = self.setup != WALK_IN_FIFO and rng.random() < ONLINE_SHARE
        ticket = None
        if online:
            phone = f"0812{self.day:%m%d}{next(self.phones):04d}"
            ticket = self._issue(service, when, Channel.ONLINE, priority, phone=phone)
        ticket = ticket or self._issue(service, when, Channel.KIOSK, priority)
        if ticket is None:
            return
        pre = (
            self.setup != WALK_IN_FIFO
            and service.online_application
            and rng.random() < PRE_VERIFIED_SHARE
        )
        missing = not pre and self._misses(self._documents(service))
        self.visits[ticket.pk] = Visit(service, pre_verified=pre, missing=missing)
        self.walk_in_tickets.append(ticket.pk)

    def _documents(self, service: Service) -> int:
        """Documents a walk-in brings: the standard's required ones that hold always."""
        if not self.documents_of:
            in_force = attach_current(list(services_in_force(self.mpp, on=self.day)), full=True)
            self.documents_of = {
                s.pk: len(
                    [
                        r
                        for r in s.current.requirements.all()  # type: ignore[attr-defined]
                        if not r.is_optional and not r.applies_when
                    ]
                )
                for s in in_force
            }
        return self.documents_of.get(service.pk, 0)

    def _misses(self, documents: int) -> bool:
        chance = 1 - (1 - MISSING_DOCUMENT_CHANCE[self.setup]) ** documents
        return self.rng.random() < chance

    def _issue(
        self,
        service: Service,
        when: dt.datetime,
        channel: str,
        priority: str,
        *,
        phone: str = "",
        due_at: dt.datetime | None = None,
        route: list[int] | None = None,
    ) -> Ticket | None:
        try:
            ticket = ticket_services.issue_ticket(
                mpp=self.mpp, service=service, channel=channel, priority=priority, phone=phone,
                now=self.clock.now(when), due_at=due_at, route=route,
            )  # fmt: skip
        except (DomainError, ValidationError):
            return None
        self.result.issued += 1
        self.wake(service.pk, when)
        return ticket

    # --- citizens with a life event ------------------------------------------------------

    def on_citizen(self, when: dt.datetime, citizen: Citizen) -> None:
        if self.setup == JOURNEYS:
            self.progress[citizen.number] = Progress([s.key for s in citizen.steps])
            ticket = None
            booking = self.booked.get(citizen.number)
            try:
                if booking is not None:  # the visit booked as one: check in at the kiosk
                    ticket = check_in(booking=booking, now=self.clock.now(when))
                else:
                    ticket = take_journey_ticket(
                        mpp=self.mpp, key=citizen.life_event, answers=citizen.answers,
                        channel=Channel.KIOSK, priority=citizen.priority,
                        now=self.clock.now(when),
                    )  # fmt: skip
            except (DomainError, ValidationError):
                ticket = None
            if ticket is None or ticket.service_id != citizen.steps[0].service.pk:
                raise DomainError(f"journey ticket for {citizen.life_event} not as planned")
            self.result.issued += 1
            self.wake(ticket.service_id, when)
            self._register(ticket, citizen, citizen.steps[0])
            return
        wrong = citizen.guessed_wrong and (self.setup == WALK_IN_FIFO or citizen.number % 2)
        order = citizen.guess if wrong else tuple(s.key for s in citizen.steps)
        self.progress[citizen.number] = Progress(list(order))
        self.on_take_step(when, citizen)

    def on_take_step(self, when: dt.datetime, citizen: Citizen, *, retry: bool = False) -> None:
        """The citizen takes a number for the first step still to do (walk_in_fifo,
        tickets; journeys after a return home)."""
        progress = self.progress[citizen.number]
        if self.last_number_at is None or when >= self.last_number_at:
            return  # numbers are no longer given today: not done today
        step = self._step(citizen, progress.todo[0])
        channel, due_at, route = Channel.KIOSK, None, None
        if self.setup == TICKETS and citizen.appointment and not progress.numbers:
            channel, due_at = Channel.APPOINTMENT, when  # the booking's check-in ticket
        if self.setup == JOURNEYS:  # a journey ticket again for the rest of the plan
            route = [self._step(citizen, k).service.pk for k in progress.todo[1:]]
        ticket = self._issue(step.service, when, channel, citizen.priority, due_at=due_at,
                             route=route)  # fmt: skip
        if ticket is not None:
            self._register(ticket, citizen, step, retry=retry)

    def on_return(self, when: dt.datetime, citizen: Citizen) -> None:
        self.on_take_step(when, citizen, retry=True)

    def _step(self, citizen: Citizen, key: str) -> Step:
        return next(s for s in citizen.steps if s.key == key)

    def _register(
        self, ticket: Ticket, citizen: Citizen, step: Step, *, retry: bool = False
    ) -> None:
        progress = self.progress[citizen.number]
        progress.numbers += 1
        pre = self.setup != WALK_IN_FIFO and step.key in citizen.pre_verified
        documents = len(step.documents)
        if self.setup == JOURNEYS:  # verified once: checked at an earlier step of the visit
            documents -= len(step.checked_before)
        self.visits[ticket.pk] = Visit(
            ticket.service,
            citizen=citizen,
            step=step,
            pre_verified=pre,
            missing=not pre and not retry and self._misses(documents),
            out_of_order=any(n not in progress.done for n in step.needs),
        )

    # --- at the counter ------------------------------------------------------------------

    def shows_up(self, ticket: Ticket) -> bool:
        visit = self.visits.get(ticket.pk)
        shows = super().shows_up(ticket)
        return shows or (visit is not None and visit.citizen is not None)  # in the building

    def service_minutes(self, desk: Desk, ticket: Ticket, when: dt.datetime) -> float:
        visit = self.visits.get(ticket.pk)
        if visit is not None and (visit.out_of_order or visit.missing):
            return self.lognormal(REFUSAL_MINUTES, desk, when)
        mean = true_mean_minutes(ticket.service.code)
        if self.setup == JOURNEYS and visit is not None and visit.step is not None:
            saved = CHECK_MINUTES_PER_DOCUMENT * len(visit.step.checked_before)
            mean = max(mean / 2, mean - saved)
        return self.lognormal(mean, desk, when)

    def on_finish(self, when: dt.datetime, data: tuple[Desk, Ticket]) -> None:
        desk, ticket = data
        visit = self.visits.get(ticket.pk)
        now = self.clock.now(when)
        if visit is not None and visit.out_of_order:
            visit.ended = "wrong_order"
        elif visit is not None and visit.missing:
            visit.ended = "berkas_kurang"
        elif visit is not None:
            visit.ended = "done"
        if visit is not None and visit.ended != "done":
            reason = WRONG_ORDER if visit.ended == "wrong_order" else BERKAS_KURANG
            ticket = counter_services.finish(
                ticket=ticket, actor=None, outcome=Outcome.REJECTED, reason=reason, now=now
            )
        else:
            ticket = counter_services.finish(ticket=ticket, actor=None, now=now)
        self.result.served += 1
        if visit is not None and visit.citizen is not None:
            self._after_step(when, ticket, visit)
        self.at(when + self.minutes(self.rng.uniform(0.1, 0.6)), "free", desk)

    def _after_step(self, when: dt.datetime, ticket: Ticket, visit: Visit) -> None:
        citizen, step = visit.citizen, visit.step
        if citizen is None or step is None:
            return
        progress = self.progress[citizen.number]
        walk = self.minutes(self.rng.uniform(*BETWEEN_BOOTHS_MINUTES))
        if visit.ended == "wrong_order":  # queue there again once its needs are done
            progress.todo.remove(step.key)
            after = [i for i, k in enumerate(progress.todo) if k in step.needs]
            progress.todo.insert(max(after) + 1 if after else len(progress.todo), step.key)
            self.at(when + walk, "take_step", citizen)
            return
        if visit.ended == "berkas_kurang":  # home for the document, back the same day
            self.at(when + self.minutes(self.rng.uniform(*HOME_TRIP_MINUTES)), "return", citizen)
            return
        progress.done.add(step.key)
        progress.todo.remove(step.key)
        if not progress.todo:
            progress.finished_at = when
            return
        if self.setup != JOURNEYS:
            self.at(when + walk, "take_step", citizen)
            return
        follow = Ticket.objects.filter(transferred_from=ticket).first()
        if follow is None:  # the next service left its queue: a number at the kiosk
            self.at(when + walk, "take_step", citizen)
            return
        self.wake(follow.service_id, when)
        self._register(follow, citizen, self._step(citizen, progress.todo[0]))

    # --- the figures ---------------------------------------------------------------------

    def figures(self) -> dict[str, Any]:
        door_to_done: dict[str, list[float]] = {}
        for citizen in self.citizens:
            progress = self.progress.get(citizen.number)
            finished = progress.finished_at if progress else None
            arrived = self.arrival(citizen)
            minutes = (finished - arrived).total_seconds() / 60 if finished else math.inf
            door_to_done.setdefault(citizen.life_event, []).append(minutes)
        everyone = [m for values in door_to_done.values() for m in values]
        visits = [v for v in self.visits.values() if v.ended]
        mine = [v for v in visits if v.citizen is not None]
        waits = Ticket.objects.filter(pk__in=self.walk_in_tickets).values_list(
            "issued_at", "called_at", "status"
        )
        walk_in_waits = [(c - i).total_seconds() / 60 for i, c, _s in waits if c is not None]
        left = sum(1 for *_t, s in waits if s == Status.CANCELLED)
        return {
            "median_minutes": quantile(everyone, 0.5),
            "p90_minutes": quantile(everyone, 0.9),
            "citizens": len(everyone),
            "done_today": sum(1 for m in everyone if m != math.inf),
            "visits": len(mine),
            "wrong_order_returns": sum(1 for v in mine if v.ended == "wrong_order"),
            "berkas_kurang_trips": sum(1 for v in mine if v.ended == "berkas_kurang"),
            "booked_visits": len(self.booked),
            "booking_refused": dict(sorted(self.booking_refused.items())),
            "per_life_event": {
                key: {
                    "citizens": len(values),
                    "median_minutes": quantile(values, 0.5),
                    "p90_minutes": quantile(values, 0.9),
                }
                for key, values in sorted(door_to_done.items())
            },
            "walk_ins": {
                "tickets": len(self.walk_in_tickets),
                "median_wait_minutes": quantile(walk_in_waits, 0.5),
                "p90_wait_minutes": quantile(walk_in_waits, 0.9),
                "max_wait_minutes": round(max(walk_in_waits), 1) if walk_in_waits else None,
                "left_waiting": left,
            },
            "tickets": self.result.issued,
        }


def simulated_nik(number: int) -> str:
    """A well-formed NIK for the simulation's citizen `number` (Banyumas 33.02.01, born
    15-06-1990, serial 9000 + number); never a real person's."""
    return f"330201150690{9000 + number:04d}"


def release_booked_visits(mpp: Mpp, day: dt.date) -> None:
    """Delete the simulation's bookings of `day` (a re-run, or the next set-up) and give
    their places back to the slots and the day."""
    mine = Booking.objects.filter(mpp=mpp, day=day, name__startswith="Warga Simulasi ")
    held = mine.filter(status__in=[BookingStatus.BOOKED, BookingStatus.CHECKED_IN])
    for service_id, start in held.values_list("service_id", "start"):
        SlotCounter.objects.filter(service_id=service_id, start=start, booked__gt=0).update(
            booked=F("booked") - 1
        )
        DayCounter.objects.filter(service_id=service_id, day=day, booked__gt=0).update(
            booked=F("booked") - 1
        )
    mine.update(follows=None)
    mine.delete()


def quantile(values: list[float], q: float) -> float | None:
    """The q-quantile (linear between ranks); None when it falls among the not done
    (math.inf) or there are no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low, high = ordered[math.floor(position)], ordered[math.ceil(position)]
    if math.inf in (low, high):
        return None
    return round(low + (high - low) * (position - math.floor(position)), 1)


def wasted_trips(days: list[CompareDay]) -> dict[str, Any]:
    """Share of visits (numbers called, walk-ins and citizens) ending "berkas kurang", by
    whether the application was pre-verified online (the set-ups that have it)."""
    visits = [v for d in days if d.setup != WALK_IN_FIFO for v in d.visits.values() if v.ended]
    pre = [v for v in visits if v.pre_verified]
    rest = [v for v in visits if not v.pre_verified]

    def share(group: list[Visit]) -> float | None:
        if not group:
            return None
        return round(sum(1 for v in group if v.ended == "berkas_kurang") / len(group), 4)

    walk_in = [v for d in days if d.setup == WALK_IN_FIFO for v in d.visits.values() if v.ended]
    return {
        "pre_verified": share(pre),
        "not_pre_verified": share(rest),
        "visits_pre_verified": len(pre),
        "visits_not_pre_verified": len(rest),
        "walk_in_fifo": share(walk_in),
    }
