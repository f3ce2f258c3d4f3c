"""Counters finishing journey steps at once: each finished step continues exactly once, the
next queue's numbers stay gap-free, no ticket is called twice (SQLite and PostgreSQL)."""

import pytest
from django.db import close_old_connections

from satupintu.core.tests.concurrency import run_concurrently
from satupintu.journeys.services import take_journey_ticket
from satupintu.journeys.tests.factories import make_birth
from satupintu.queueing.counters import services as counters
from satupintu.queueing.models import Status, Ticket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency, pytest.mark.slow]

JOURNEYS = 40


def test_two_counters_serving_journeys_at_once_continue_each_step_exactly_once():
    birth = make_birth()
    for _ in range(JOURNEYS):
        take_journey_ticket(mpp=birth.mpp, key="kelahiran", answers={"jkn": "Ya"}, channel="kiosk")

    def counter(i):
        served = []
        at = birth.dukcapil[i] if i < 2 else birth.bpjs
        idle = 0
        while idle < 20:  # the BPJS counter waits for the first continuations
            ticket = counters.call_next(counter=at, officer=None)
            close_old_connections()
            if ticket is None:
                idle += 1
                continue
            idle = 0
            counters.start_serving(ticket=ticket, actor=None)
            counters.finish(ticket=ticket, actor=None)
            served.append(ticket.pk)
            close_old_connections()
        return served

    results = run_concurrently(counter, 3)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    served = [pk for r in results for pk in r]
    while (ticket := counters.call_next(counter=birth.bpjs, officer=None)) is not None:
        counters.start_serving(ticket=ticket, actor=None)  # the last ones, now quietly
        counters.finish(ticket=ticket, actor=None)
        served.append(ticket.pk)
    assert len(served) == len(set(served))
    for service, steps_after in ((birth.akta, 2), (birth.kk, 1), (birth.jkn, 0)):
        tickets = Ticket.objects.filter(service=service)
        assert tickets.count() == JOURNEYS
        assert sorted(tickets.values_list("seq", flat=True)) == list(range(1, JOURNEYS + 1))
        if steps_after:
            continued = Ticket.objects.filter(transferred_from__service=service)
            assert continued.count() == JOURNEYS
    assert not Ticket.objects.exclude(status=Status.DONE).exists()
