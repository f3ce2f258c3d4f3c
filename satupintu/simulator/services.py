"""Running the simulator: days replayed on a simulated clock (`simulate`, for the wait
estimate's evaluation, `satupintu simulate`), and today played live in accelerated real
time (`run_live`: `satupintu simulate --live`, `satupintu serve --demo-live`).

The days simulated must hold no tickets (or are cleared with `replace`), and every
counter goes back to the mode it had afterwards.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter as Tally
from collections.abc import Callable

from django.db import connections, transaction
from django.utils import timezone

from satupintu.catalog.models import Service
from satupintu.core.errors import DomainError
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.counters.selectors import effective_mode
from satupintu.queueing.counters.services import set_counter_mode
from satupintu.queueing.models import CounterState, DailySequence, Status, Ticket
from satupintu.simulator.assumptions import demand_weight, true_mean_minutes
from satupintu.simulator.day import Day, LiveClock, SimulationRefused, opening_periods
from satupintu.simulator.results import DayResult
from satupintu.tenancy.models import Counter, Mpp
from satupintu.tenancy.selectors import mpp_by_slug


def working_days_before(mpp: Mpp, day: dt.date, count: int) -> list[dt.date]:
    """The `count` days before `day` on which the MPP opens, oldest first."""
    days: list[dt.date] = []
    probe = day
    while len(days) < count:
        probe -= dt.timedelta(days=1)
        if opening_periods(mpp, probe):
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
    if not opening_periods(mpp, day):
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


def start_live_demo(slug: str, *, speed: float, stop: threading.Event) -> threading.Thread:
    """`satupintu serve --demo-live SLUG`: play today at that MPP in a background thread of
    the server's process (the in-process bus reaches the screens only there) until `stop`."""
    mpp = mpp_by_slug(slug)
    thread = threading.Thread(target=_play, args=(mpp, speed, stop), daemon=True)
    thread.start()
    return thread


def _play(mpp: Mpp, speed: float, stop: threading.Event) -> None:
    try:
        run_live(mpp, speed=speed, stop=stop)
    finally:
        connections.close_all()  # the ones this thread opened
