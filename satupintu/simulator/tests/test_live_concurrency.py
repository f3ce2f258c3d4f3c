"""The live demo day and an officer at the same counter at the same moment, each on a
database connection of its own (SQLite and PostgreSQL): one visitor at the counter, and
the day goes on."""

import threading
import time

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from satupintu.accounts.models import Role
from satupintu.accounts.services import issue_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.core.errors import DomainError
from satupintu.core.tests.concurrency import run_concurrently
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.models import Channel, CounterState, Status, Ticket, TicketEvent
from satupintu.queueing.tickets import services as ticket_services
from satupintu.simulator.tests.test_live_people import at_counter, desk_of, live_day, play, press
from satupintu.tenancy.models import Counter

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency, pytest.mark.slow]

Mode = CounterState.Mode


def clear(counter):
    """Finish whatever visitor is at the counter (as the system: no person's work)."""
    ticket = at_counter(counter)
    if ticket is not None:
        if ticket.status == Status.CALLED:
            ticket = counter_services.start_serving(ticket=ticket, actor=None)
        counter_services.finish(ticket=ticket, actor=None)


def test_a_day_step_and_an_officers_call_at_once_leave_one_visitor_and_the_day_going(mpp):
    one = Counter.objects.get(mpp=mpp, number=1)
    officer = make_user(Role.OFFICER, mpp=mpp, agency=one.booth.agency, counters=[one])
    service = one.service_links.order_by("service__code").first().service
    outcomes = set()
    for _round in range(8):
        clear(one)
        sim = live_day(mpp)  # a fresh day: counter 1 is the day's again
        desk = desk_of(sim, one)
        sim.set_mode(desk, Mode.OPEN, timezone.now())
        for _ in range(2):
            ticket_services.issue_ticket(mpp=mpp, service=service, channel=Channel.KIOSK)

        def act(i, sim=sim, desk=desk):
            if i == 0:  # the day: its officer at counter 1 is free and calls
                return sim.step("free", timezone.now(), desk)
            return counter_services.call_next(counter=one, officer=officer)

        day_step, officers_call = run_concurrently(act, 2)
        assert day_step is None, day_step  # the day's step never fails
        assert isinstance(officers_call, Ticket | DomainError), officers_call
        called = Ticket.objects.filter(counter=one, status=Status.CALLED)
        assert called.count() == 1  # one visitor at the counter, and the counter names them
        assert CounterState.objects.get(counter=one).current_id == called.get().pk
        officer_won = isinstance(officers_call, Ticket)
        assert called.get().officer_id == (officer.pk if officer_won else None)
        assert (one.pk in sim.let_go) == officer_won  # the day lets go only of a taken counter
        if not officer_won:
            assert officers_call.code == "counter_busy"  # "Selesaikan dulu nomor …"
        outcomes.add(officer_won)
        play(sim, steps=40)  # and the day goes on
    assert outcomes  # (which side wins each round is up to the scheduler)


def test_the_live_demo_thread_runs_on_while_an_officer_takes_a_counter_over(mpp, client):
    one, three = (Counter.objects.get(mpp=mpp, number=n) for n in (1, 3))
    officer = make_user(Role.OFFICER, mpp=mpp, agency=three.booth.agency, counters=[three])
    headers = {"authorization": f"Bearer {issue_api_token(user=officer)}"}
    service = three.service_links.get().service  # B01, which few visitors of the day need
    for _ in range(6):
        ticket_services.issue_ticket(mpp=mpp, service=service, channel=Channel.KIOSK)
    start = import_string(settings.LIVE_DEMO_STARTER)
    stop = threading.Event()
    thread = start(mpp.slug, speed=600.0, stop=stop)
    try:
        # The officer presses the console's buttons at counter 3 for a few seconds while
        # the day calls there too: calls, finishes the day's visitor, calls again.
        answers = []
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            answer = press(client, headers, f"/api/v1/counters/{three.pk}/call-next")
            answers.append(answer.status_code)
            ticket = at_counter(three)
            if ticket is not None:
                if ticket.status == Status.CALLED:
                    press(client, headers, f"/api/v1/tickets/{ticket.public_id}/start")
                press(client, headers, f"/api/v1/tickets/{ticket.public_id}/finish")
            time.sleep(0.05)
        assert 200 in answers and set(answers) <= {200, 204, 409}, answers  # never a 500
        assert thread.is_alive()  # the day did not stop
        last = TicketEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        by_day = TicketEvent.objects.filter(action="call", actor__isnull=True, pk__gt=last)
        deadline = time.monotonic() + 20
        while not by_day.filter(counter=one).exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert by_day.filter(counter=one).exists()  # counter 1 goes on by itself
        # the officer calls one more visitor and is serving them when the day stops
        ticket_services.issue_ticket(mpp=mpp, service=service, channel=Channel.KIOSK)
        press(client, headers, f"/api/v1/counters/{three.pk}/call-next")
        mine = at_counter(three)
        assert not by_day.filter(counter=three).exists()  # counter 3 is the officer's
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert mine is not None and mine.officer_id == officer.pk
    mine.refresh_from_db()
    assert mine.status == Status.CALLED  # the day's wind-down leaves the officer's visitor
