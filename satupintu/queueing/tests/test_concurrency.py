"""Many kiosks issuing and many counters calling at once, on SQLite and PostgreSQL."""

import pytest
from django.db import close_old_connections

from satupintu.core.errors import DomainError
from satupintu.core.tests.concurrency import run_concurrently
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.models import Status, Ticket, TicketEvent
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets import services
from satupintu.queueing.workflow import IllegalTransition

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency, pytest.mark.slow]


def test_sixteen_kiosks_issue_3200_numbers_with_no_gap_and_no_duplicate():
    q = make_queue()

    def kiosk(i):
        seqs = []
        for _ in range(200):
            seqs.append(services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk").seq)
            # One request each: the connection goes back to the pool (PostgreSQL's pool has
            # fewer connections than there are kiosks here, as in production).
            close_old_connections()
        return seqs

    results = run_concurrently(kiosk, 16)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    seqs = sorted(s for r in results for s in r)
    assert seqs == list(range(1, 3201))
    assert Ticket.objects.filter(queue=q.queue).count() == 3200


def test_eight_counters_call_until_empty_and_each_ticket_is_called_once():
    q = make_queue(counters=8)
    for i in range(240):
        priority = "lansia" if i % 5 == 0 else ""
        services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk", priority=priority)

    def counter(i):
        called = []
        while True:
            ticket = counter_services.call_next(counter=q.counters[i], officer=None)
            if ticket is None:
                return called
            called.append(ticket.pk)
            counter_services.start_serving(ticket=ticket, actor=None)
            counter_services.finish(ticket=ticket, actor=None)

    results = run_concurrently(counter, 8)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    called = [pk for r in results for pk in r]
    assert len(called) == len(set(called)) == 240
    assert TicketEvent.objects.filter(action="call").count() == 240
    assert not Ticket.objects.filter(status=Status.WAITING).exists()


def test_finish_racing_no_show_ends_in_one_valid_state():
    q = make_queue()
    for _ in range(10):
        ticket = services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk")
        counter_services.call_next(counter=q.counters[0], officer=None)
        for _ in range(2):
            counter_services.recall(ticket=ticket, actor=None)

        def act(i, ticket=ticket):
            if i == 0:
                counter_services.start_serving(ticket=ticket, actor=None)
                return counter_services.finish(ticket=ticket, actor=None).status
            return counter_services.mark_no_show(ticket=ticket, actor=None).status

        results = run_concurrently(act, 2)
        wins = [r for r in results if isinstance(r, str)]
        refusals = [r for r in results if isinstance(r, IllegalTransition | DomainError)]
        assert len(wins) == 1 and len(refusals) == 1, results
        ticket.refresh_from_db()
        assert ticket.status in {Status.DONE, Status.NO_SHOW}
        if ticket.status == Status.DONE:
            continue
        counter_services.restore(ticket=ticket, actor=None)
        services.cancel(ticket=ticket, actor=None)
