"""People ahead and the first, simple wait estimate."""

import datetime as dt

import pytest
from django.utils import timezone

from satupintu.catalog.services import assign_service_to_counter
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.models import Ticket
from satupintu.queueing.tests.factories import make_queue, queue_at
from satupintu.queueing.tickets import services
from satupintu.queueing.waits import selectors

pytestmark = pytest.mark.django_db


def issue(q, priority="", service=None):
    return services.issue_ticket(
        mpp=q.mpp, service=service or q.service, channel="kiosk", priority=priority
    )


def ahead(ticket):
    return selectors.people_ahead(Ticket.objects.get(pk=ticket.pk))


def test_regular_tickets_wait_behind_earlier_ones_and_up_to_k_priority_per_call():
    q = make_queue()
    r1, r2 = issue(q), issue(q)
    p1, p2, p3 = issue(q, "lansia"), issue(q, "lansia"), issue(q, "lansia")
    # Calls will go p1 p2 r1 p3 r2 (K = 2).
    assert [ahead(t) for t in (p1, p2, r1, p3, r2)] == [0, 1, 2, 3, 4]


def test_ahead_matches_the_real_call_order():
    q = make_queue()
    tickets = [issue(q, "lansia" if i in (2, 3, 4, 7) else "") for i in range(9)]
    predicted = {t.pk: ahead(t) for t in tickets}
    order = []
    while (ticket := counter_services.call_next(counter=q.counters[0], officer=None)) is not None:
        order.append(ticket.pk)
        counter_services.start_serving(ticket=ticket, actor=None)
        counter_services.finish(ticket=ticket, actor=None)
    assert [predicted[pk] for pk in order] == list(range(9))


def test_tickets_issued_in_the_same_microsecond_go_in_issue_order():
    q = make_queue()
    moment = timezone.now()
    same = [
        services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk", now=moment)
        for _ in range(3)
    ]
    late = services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk", priority="lansia")
    assert [ahead(t) for t in same] == [1, 2, 3]  # the priority ticket goes first (K = 2)
    assert ahead(late) == 0


def test_tickets_of_another_service_at_the_same_counters_count_too():
    q = make_queue()
    other = queue_at(q.counters[0], "B")
    assign_service_to_counter(counter=q.counters[0], service=other)
    issue(q, service=other)
    mine = issue(q)
    assert ahead(mine) == 1
    unrelated = make_queue(prefix="C", mpp=q.mpp)
    assert ahead(issue(unrelated)) == 0


def test_a_ticket_at_the_counter_or_done_has_nobody_ahead():
    q = make_queue()
    ticket = issue(q)
    issue(q)
    called = counter_services.call_next(counter=q.counters[0], officer=None)
    assert called == ticket and ahead(called) == 0


# How the wait learns from finished services: test_waits.py.


def test_more_open_counters_shorten_the_wait():
    q = make_queue(counters=3)
    ticket = issue(q)
    assert selectors.estimate_wait(ticket, 6) == 20
    q.counters[0].is_active = False
    q.counters[0].save(update_fields=["is_active"])
    assert selectors.estimate_wait(ticket, 6) == 30


def test_no_estimate_once_the_ticket_is_over():
    q = make_queue()
    ticket = issue(q)
    services.cancel(ticket=ticket, actor=None)
    assert selectors.estimate_wait(Ticket.objects.get(pk=ticket.pk), 0) is None


def test_a_due_appointment_counts_ahead_of_walk_ins_issued_before_its_check_in():
    """A checked-in booking whose slot time has come is called first (priority.py), so the
    walk-ins already waiting see one more person ahead, and the appointment sees nobody."""
    q = make_queue()
    walk_in, later = issue(q), issue(q)
    due = services.issue_ticket(
        mpp=q.mpp,
        service=q.service,
        channel="appointment",
        due_at=timezone.now() - dt.timedelta(minutes=1),
    )
    not_yet = services.issue_ticket(
        mpp=q.mpp,
        service=q.service,
        channel="appointment",
        due_at=timezone.now() + dt.timedelta(hours=1),
    )
    predicted = {t.pk: ahead(t) for t in (walk_in, later, due, not_yet)}
    assert predicted == {due.pk: 0, walk_in.pk: 1, later.pk: 2, not_yet.pk: 3}
    order = []
    while (ticket := counter_services.call_next(counter=q.counters[0], officer=None)) is not None:
        order.append(ticket.pk)
        counter_services.start_serving(ticket=ticket, actor=None)
        counter_services.finish(ticket=ticket, actor=None)
    assert [predicted[pk] for pk in order] == [0, 1, 2, 3]


def test_a_priority_ticket_waits_behind_due_appointments():
    q = make_queue()
    services.issue_ticket(
        mpp=q.mpp,
        service=q.service,
        channel="appointment",
        due_at=timezone.now() - dt.timedelta(minutes=5),
    )
    issue(q)
    assert ahead(issue(q, "lansia")) == 1
