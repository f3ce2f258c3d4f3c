"""Running the simulator: days replayed on a simulated clock (`simulate`, for the wait
estimate's evaluation, `satupintu simulate`), and today played live in accelerated real
time (`run_live`: `satupintu simulate --live`, `satupintu serve --demo-live`).

The days simulated must hold no tickets (or are cleared with `replace`), and every
counter goes back to the mode it had afterwards.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.db import connections, transaction

from satupintu.core.errors import DomainError
from satupintu.queueing.counters.selectors import effective_mode
from satupintu.queueing.counters.services import set_counter_mode
from satupintu.queueing.models import DailySequence, Ticket
from satupintu.satisfaction.models import Source, SurveyResponse
from satupintu.simulator.compare import (
    SETUPS,
    CompareDay,
    draw_citizens,
    release_booked_visits,
    wasted_trips,
)
from satupintu.simulator.day import Day, SimulationRefused, opening_periods
from satupintu.simulator.live import LiveDay
from satupintu.simulator.results import DayResult
from satupintu.tenancy.models import Counter, Mpp
from satupintu.tenancy.selectors import mpp_by_slug

logger = logging.getLogger("satupintu.simulator")


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
    """Refuse days that already hold tickets, or with `replace` delete those tickets, and
    the SKM answers given about them online (an online answer is about a visit; the
    visits replaced never happened). Paper answers stay."""
    existing = Ticket.objects.filter(mpp=mpp, day__in=days)
    taken = sorted({d.isoformat() for d in existing.values_list("day", flat=True)})
    if taken and not replace:
        raise SimulationRefused(
            f"{mpp.slug} already has tickets on {', '.join(taken)}; the simulator does not "
            "touch them. Use --replace to delete those days' tickets first."
        )
    with transaction.atomic():
        existing.update(transferred_from=None)
        SurveyResponse.objects.filter(ticket__in=existing).exclude(source=Source.PAPER).delete()
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
    """Play today at `speed`× real time until `stop` is set: the linked counters open
    (but those left to people, live.py), visitors arrive at the morning-peak rate of the
    day's profile, officers call and serve. On stop, the visitors at the counters the day
    drives are finished and those counters go back to the mode they had."""
    sim = LiveDay(mpp, speed=speed, seed=seed, stop=stop, log=log)
    modes = _modes(mpp)
    sim.plan_live()
    try:
        sim.run()
    finally:
        sim.wind_down()
        _restore_modes(mpp, {d.counter.pk: modes[d.counter.pk] for d in sim.driven})
    return sim.result


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
    except Exception:  # the server goes on without its demo day; say why
        logger.exception("the live demo day at %s stopped", mpp.slug)
    finally:
        connections.close_all()  # the ones this thread opened


def compare_journeys(
    mpp: Mpp,
    day: dt.date,
    *,
    seed: int = 1,
    replace: bool = False,
    per_day: dict[str, float] | None = None,
) -> dict:
    """The day under the three set-ups of compare.py, one after the other on the same
    counters (each set-up's tickets are deleted before the next; the last one's stay),
    as one dict: {set-up: figures, "wasted_trips": {...}}."""
    if not opening_periods(mpp, day):
        raise SimulationRefused(f"{mpp.slug} is closed on {day.isoformat()}")
    clear_days(mpp, [day], replace=replace)
    citizens = draw_citizens(mpp, day, seed=seed, per_day=per_day)
    modes = _modes(mpp)
    days: list[CompareDay] = []
    out: dict[str, Any] = {}
    try:
        for setup in SETUPS:
            clear_days(mpp, [day], replace=True)
            release_booked_visits(mpp, day)
            sim = CompareDay(mpp, day, seed=seed, setup=setup, citizens=citizens)
            sim.plan()
            sim.run()
            out[setup] = sim.figures()  # before the next set-up deletes its tickets
            _restore_modes(mpp, modes)
            days.append(sim)
    finally:
        _restore_modes(mpp, modes)
    out["wasted_trips"] = wasted_trips(days)
    out["seconds"] = round(sum(d.result.seconds for d in days), 2)
    return out
