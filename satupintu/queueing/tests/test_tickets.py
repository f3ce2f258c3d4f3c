"""Issuing and moving tickets through the state machine, through the services."""

import datetime as dt

import pytest

from satupintu.core.errors import DomainError
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.models import Status, TicketEvent
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets import services
from satupintu.queueing.workflow import TRANSITIONS, IllegalTransition, target_status

pytestmark = pytest.mark.django_db


def test_numbers_follow_the_queue_letter_and_restart_each_local_day():
    q = make_queue(prefix="C")
    wib_evening = dt.datetime(2026, 11, 23, 16, 59, tzinfo=dt.UTC)  # 23.59 WIB
    first = services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk", now=wib_evening)
    second = services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk", now=wib_evening)
    next_day = services.issue_ticket(
        mpp=q.mpp, service=q.service, channel="kiosk", now=wib_evening + dt.timedelta(minutes=2)
    )
    assert (first.number, second.number, next_day.number) == ("C-001", "C-002", "C-001")
    assert next_day.day == dt.date(2026, 11, 24)


def test_every_transition_writes_history():
    q = make_queue()
    ticket = services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk")
    called = counter_services.call_next(counter=q.counters[0], officer=None)
    assert called == ticket
    counter_services.start_serving(ticket=ticket, actor=None)
    done = counter_services.finish(ticket=ticket, actor=None)
    assert done.status == Status.DONE and done.outcome == "completed"
    history = list(
        TicketEvent.objects.filter(ticket=ticket).values_list("action", "from_status", "to_status")
    )
    assert history == [
        ("issue", "", "waiting"),
        ("call", "waiting", "called"),
        ("start", "called", "serving"),
        ("finish", "serving", "done"),
    ]


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_each_action_is_refused_from_every_state_it_does_not_start_from(action):
    allowed, target = TRANSITIONS[action].sources, TRANSITIONS[action].target
    for state in Status:
        if state in allowed:
            assert target_status(action, state) == target
        else:
            with pytest.raises(IllegalTransition):
                target_status(action, state)


def test_finishing_a_waiting_ticket_is_refused_with_a_clear_error():
    q = make_queue()
    ticket = services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk")
    with pytest.raises(IllegalTransition) as exc:
        counter_services.finish(ticket=ticket, actor=None)
    assert "menunggu" in exc.value.message
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING


def test_a_rejection_needs_a_reason():
    q = make_queue()
    ticket = services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk")
    counter_services.call_next(counter=q.counters[0], officer=None)
    counter_services.start_serving(ticket=ticket, actor=None)
    with pytest.raises(DomainError):
        counter_services.finish(ticket=ticket, actor=None, outcome="rejected")


def test_priority_goes_first_but_never_more_than_twice_in_a_row():
    q = make_queue()
    issue = lambda p="": services.issue_ticket(  # noqa: E731
        mpp=q.mpp, service=q.service, channel="kiosk", priority=p
    )
    r1, r2 = issue(), issue()
    p1, p2, p3 = issue("lansia"), issue("ibu_hamil"), issue("disabilitas")
    order = []
    for _ in range(5):
        ticket = counter_services.call_next(counter=q.counters[0], officer=None)
        order.append(ticket.number)
        counter_services.start_serving(ticket=ticket, actor=None)
        counter_services.finish(ticket=ticket, actor=None)
    assert order == [p1.number, p2.number, r1.number, p3.number, r2.number]


def test_a_no_show_needs_the_recalls_and_can_be_restored_in_time():
    q = make_queue()
    ticket = services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk")
    counter_services.call_next(counter=q.counters[0], officer=None)
    with pytest.raises(DomainError):
        counter_services.mark_no_show(ticket=ticket, actor=None)
    counter_services.recall(ticket=ticket, actor=None)
    counter_services.recall(ticket=ticket, actor=None)
    gone = counter_services.mark_no_show(ticket=ticket, actor=None)
    assert gone.status == Status.NO_SHOW
    back = counter_services.restore(ticket=ticket, actor=None)
    assert back.status == Status.WAITING
    assert counter_services.call_next(counter=q.counters[0], officer=None) == ticket


def test_restoring_after_the_window_is_refused():
    q = make_queue()
    ticket = services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk")
    counter_services.call_next(counter=q.counters[0], officer=None)
    for _ in range(2):
        counter_services.recall(ticket=ticket, actor=None)
    gone = counter_services.mark_no_show(ticket=ticket, actor=None)
    with pytest.raises(DomainError) as exc:
        counter_services.restore(
            ticket=ticket, actor=None, now=gone.finished_at + dt.timedelta(minutes=31)
        )
    assert exc.value.code == "restore_expired"


def test_a_transfer_keeps_the_place_in_the_target_queue():
    a, b = make_queue(prefix="A"), None
    b = make_queue(prefix="B", mpp=a.mpp)
    early = services.issue_ticket(mpp=a.mpp, service=a.service, channel="kiosk")
    later = services.issue_ticket(mpp=b.mpp, service=b.service, channel="kiosk")
    counter_services.call_next(counter=a.counters[0], officer=None)
    moved = counter_services.transfer(ticket=early, to_service=b.service, actor=None)
    assert moved.number.startswith("B-") and moved.transferred_from == early
    assert counter_services.call_next(counter=b.counters[0], officer=None) == moved
    assert later.status == Status.WAITING


def test_online_tickets_one_per_phone_per_service():
    q = make_queue()
    services.issue_ticket(mpp=q.mpp, service=q.service, channel="online", phone="081234567890")
    with pytest.raises(DomainError) as exc:
        services.issue_ticket(
            mpp=q.mpp, service=q.service, channel="online", phone="+6281234567890"
        )
    assert exc.value.code == "already_queued"


def test_a_refused_online_ticket_leaves_no_gap_in_the_numbers():
    q = make_queue()
    services.issue_ticket(mpp=q.mpp, service=q.service, channel="online", phone="081234567890")
    with pytest.raises(DomainError):
        services.issue_ticket(mpp=q.mpp, service=q.service, channel="online", phone="081234567890")
    assert services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk").number == "A-002"


def test_unknown_priority_category_is_refused():
    q = make_queue()
    with pytest.raises(DomainError):
        services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk", priority="vip")
