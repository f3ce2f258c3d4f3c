"""The live demo day among people: an officer who calls, finishes, pauses or closes at a
counter the day drives takes it over, and the day goes on with the other counters; a
counter of every queue with two or more counters is left to people from the start."""

import heapq
import logging
import threading
from pathlib import Path

import pytest

from satupintu.accounts.models import Role, User
from satupintu.accounts.services import issue_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.demo.services import seed_demo
from satupintu.queueing.counters.selectors import effective_mode
from satupintu.queueing.models import CounterState, Status, Ticket, TicketEvent
from satupintu.queueing.tickets import services as ticket_services
from satupintu.simulator.live import LiveDay
from satupintu.tenancy.access import can_serve_at
from satupintu.tenancy.models import Counter, Mpp

pytestmark = pytest.mark.django_db


def live_day(mpp):
    """Today at 600× speed; the test plays its events one by one, without waiting."""
    sim = LiveDay(mpp, speed=600.0, seed=1, stop=threading.Event())
    sim.plan_live()
    return sim


def play(sim, *, until=lambda: False, steps=400):
    """Play up to `steps` events (never raising: that would stop the day); True when
    `until()` held after one of them."""
    for _ in range(steps):
        when, _seq, kind, data = heapq.heappop(sim.events)
        sim.step(kind, when, data)
        if until():
            return True
    return False


def at_counter(counter):
    state = CounterState.objects.filter(counter=counter).select_related("current").first()
    current = state.current if state else None
    return current if current and current.status in (Status.CALLED, Status.SERVING) else None


def desk_of(sim, counter):
    return next(d for d in sim.desks if d.counter.pk == counter.pk)


def next_is_free(sim, desk):
    """The day's next event is this counter's officer being free to call again."""
    _when, _seq, kind, data = sim.events[0]
    return kind == "free" and data is desk


def calls_at(counter, *, by_the_day, after=0):
    events = TicketEvent.objects.filter(counter=counter, action="call", pk__gt=after)
    return events.filter(actor__isnull=by_the_day).count()


def press(client, headers, path):
    """A console button: a POST to the API without a body, as the officer."""
    return client.generic("POST", path, b"", headers=headers)


@pytest.fixture
def officer_at_1(mpp):
    counter = Counter.objects.get(mpp=mpp, number=1)
    officer = make_user(Role.OFFICER, mpp=mpp, agency=counter.booth.agency, counters=[counter])
    return {"authorization": f"Bearer {issue_api_token(user=officer)}"}


def test_counter_two_of_queue_a_is_left_to_people_and_the_others_are_driven(mpp):
    sim = live_day(mpp)
    assert sorted(d.counter.number for d in sim.desks) == [1, 3]  # A: 1 and 2, B: 3
    assert play(
        sim, until=lambda: calls_at(Counter.objects.get(mpp=mpp, number=3), by_the_day=True) >= 3
    )
    two = Counter.objects.get(mpp=mpp, number=2)
    assert not TicketEvent.objects.filter(counter=two).exists()
    assert not CounterState.objects.filter(counter=two).exists()  # never even opened


@pytest.mark.parametrize("action", ["call", "pause", "close"])
def test_an_officer_who_calls_pauses_or_closes_between_steps_takes_the_counter_over(
    mpp, client, officer_at_1, action, caplog
):
    caplog.set_level(logging.INFO, logger="satupintu.simulator")
    sim = live_day(mpp)
    one, three = (Counter.objects.get(mpp=mpp, number=n) for n in (1, 3))
    desk = desk_of(sim, one)
    waiting = Ticket.objects.filter(mpp=mpp, status=Status.WAITING)
    assert play(sim, until=lambda: next_is_free(sim, desk) and waiting.count() > 2)

    path = {"call": "call-next", "pause": "pause", "close": "close"}[action]
    answer = press(client, officer_at_1, f"/api/v1/counters/{one.pk}/{path}")
    assert answer.status_code == 200, answer.content
    last = TicketEvent.objects.order_by("-pk").values_list("pk", flat=True).first()

    play(sim, steps=300)  # the day goes on
    assert one.pk in sim.let_go
    assert calls_at(one, by_the_day=True, after=last) == 0  # counter 1 is the officer's now
    assert calls_at(three, by_the_day=True, after=last) > 0  # counter 3 goes on by itself
    assert "counter 1 left to people" in caplog.text
    one.refresh_from_db()
    mode = effective_mode(one, CounterState.objects.get(counter=one))
    assert mode == {"call": "open", "pause": "paused", "close": "closed"}[action]
    if action == "call":
        mine = at_counter(one)
        assert mine is not None and mine.officer is not None  # the officer's visitor waits


def test_an_officer_who_finishes_the_days_visitor_takes_the_counter_over(mpp, client, officer_at_1):
    sim = live_day(mpp)
    one, three = (Counter.objects.get(mpp=mpp, number=n) for n in (1, 3))
    assert play(sim, until=lambda: at_counter(one) is not None)
    ticket = at_counter(one)
    if ticket.status == Status.CALLED:
        answer = press(client, officer_at_1, f"/api/v1/tickets/{ticket.public_id}/start")
        assert answer.status_code == 200, answer.content
    answer = press(client, officer_at_1, f"/api/v1/tickets/{ticket.public_id}/finish")
    assert answer.status_code == 200, answer.content
    last = TicketEvent.objects.order_by("-pk").values_list("pk", flat=True).first()

    play(sim, steps=300)  # its pending walk-up and finish of that visitor are skipped
    assert one.pk in sim.let_go
    assert calls_at(one, by_the_day=True, after=last) == 0
    assert calls_at(three, by_the_day=True, after=last) > 0
    ticket.refresh_from_db()
    assert ticket.status == Status.DONE
    assert TicketEvent.objects.filter(ticket=ticket, action="finish").count() == 1


def test_a_visitor_cancelled_at_the_counter_is_skipped_and_the_counter_calls_on(mpp, caplog):
    """No person worked at the counter: the day keeps it and calls the next visitor."""
    caplog.set_level(logging.INFO, logger="satupintu.simulator")
    sim = live_day(mpp)
    one = Counter.objects.get(mpp=mpp, number=1)
    assert play(sim, until=lambda: (t := at_counter(one)) is not None and t.status == Status.CALLED)
    ticket = at_counter(one)
    ticket_services.cancel(ticket=ticket, actor=None, note="Batal")  # e.g. from the phone
    last = TicketEvent.objects.order_by("-pk").values_list("pk", flat=True).first()

    play(sim, steps=300)
    assert one.pk not in sim.let_go
    assert calls_at(one, by_the_day=True, after=last) > 0
    assert "skipped" in caplog.text


# What the README's demo section promises: the counters free to try and the login for each.
FREE_TO_TRY = {
    4: "agus.setiawan",
    7: "dewi.lestari",
    9: "bambang.sutrisno",
    11: "pengelola",
    13: "rina.wulandari",
    16: "hendra.gunawan",
    22: "pengelola",
}


@pytest.mark.slow
def test_the_counters_the_readme_says_are_free_to_try_are_left_to_those_logins():
    seed_demo()
    banyumas = Mpp.objects.get(slug="banyumas")
    sim = live_day(banyumas)
    left = Counter.objects.filter(pk__in=sim.left_to_people)
    assert sorted(c.number for c in left) == sorted(FREE_TO_TRY)
    for counter in left:
        user = User.objects.get(email=f"{FREE_TO_TRY[counter.number]}@banyumas.mpp.test")
        assert can_serve_at(user, counter), counter.number
    readme = " ".join((Path(__file__).parents[3] / "README.md").read_text().split())
    for number, login in FREE_TO_TRY.items():
        if login != "pengelola":
            assert f"{number} (`{login}`)" in readme, number
    assert "11 and 22 (`pengelola`), each login `@banyumas.mpp.test`" in readme
