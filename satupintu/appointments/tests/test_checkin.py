"""Check-in turns a booking into a queue ticket called at its slot time ahead of walk-ins."""

import datetime as dt

import pytest

from satupintu.appointments import checkin, services
from satupintu.appointments.models import BookingStatus, LateRule
from satupintu.appointments.tests.factories import NIKS, at, make_bookable
from satupintu.core.errors import DomainError
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.counters.priority import Waiting, choose_line, next_streak
from satupintu.queueing.counters.services import set_counter_mode
from satupintu.queueing.models import Channel, CounterState
from satupintu.queueing.tickets import services as queue

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 8, 10)


@pytest.fixture
def b():
    return make_bookable(all_day=True, counters=1)


def book(b, hour, minute=0, nik=NIKS[0]):
    return services.book(
        mpp=b.mpp,
        service=b.service,
        start=at(b.mpp, MONDAY, hour, minute),
        name="Budi",
        nik=nik,
        phone="081234567890",
        now=at(b.mpp, MONDAY, 0, 1),
    )


def test_check_in_inside_the_window_gives_an_appointment_ticket_due_at_the_slot(b):
    booking = book(b, 10)
    with pytest.raises(DomainError) as early:
        checkin.check_in(booking=booking, now=at(b.mpp, MONDAY, 9, 29))
    assert early.value.code == "too_early" and "09.30" in early.value.message
    ticket = checkin.check_in(booking=booking, now=at(b.mpp, MONDAY, 9, 30))
    assert ticket.channel == Channel.APPOINTMENT and ticket.due_at == at(b.mpp, MONDAY, 10)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN and booking.ticket == ticket
    with pytest.raises(DomainError) as twice:
        checkin.check_in(booking=booking, now=at(b.mpp, MONDAY, 9, 31))
    assert twice.value.code == "already_checked_in" and ticket.number in twice.value.message


def test_late_arrival_gets_a_regular_ticket_or_is_refused(b):
    late = at(b.mpp, MONDAY, 10, 16)
    ticket = checkin.check_in(booking=book(b, 10), now=late)
    assert ticket.due_at is None  # joins the regular line
    policy = services.policy_for(b.mpp)
    policy.late_rule = LateRule.REFUSE
    policy.save()
    with pytest.raises(DomainError) as refused:
        checkin.check_in(booking=book(b, 10, nik=NIKS[1]), now=late)
    assert refused.value.code == "too_late"


def test_due_appointment_is_called_ahead_of_earlier_walk_ins(b):
    counter = b.counters[0]
    set_counter_mode(counter=counter, mode="open", actor=None)
    walk_ins = [
        queue.issue_ticket(
            mpp=b.mpp, service=b.service, channel="kiosk", now=at(b.mpp, MONDAY, 9, m)
        )
        for m in (0, 1)
    ]
    appointment = checkin.check_in(booking=book(b, 10), now=at(b.mpp, MONDAY, 9, 40))
    # before its slot time the appointment waits its turn behind the earlier walk-ins
    first = counter_services.call_next(counter=counter, officer=None, now=at(b.mpp, MONDAY, 9, 50))
    assert first == walk_ins[0]
    counter_services.start_serving(ticket=first, actor=None)
    counter_services.finish(ticket=first, actor=None)
    # at its slot time it goes first, and does not count as a priority call
    second = counter_services.call_next(counter=counter, officer=None, now=at(b.mpp, MONDAY, 10))
    assert second == appointment
    assert CounterState.objects.get(counter=counter).priority_streak == 0


def test_no_shows_are_recorded_after_the_window(b):
    booking = book(b, 10)
    assert checkin.mark_no_shows(now=at(b.mpp, MONDAY, 10, 15)) == 0
    assert checkin.mark_no_shows(now=at(b.mpp, MONDAY, 10, 16)) == 1
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
    assert [e.action for e in booking.history.all()] == ["book", "no_show"]


def test_choose_line_puts_a_due_appointment_first_and_keeps_the_streak():
    both = Waiting(priority=True, regular=True, appointment=True)
    assert choose_line(both, streak=0, max_streak=2) == "appointment"
    assert choose_line(both, streak=5, max_streak=2) == "appointment"
    assert choose_line(Waiting(priority=True, regular=True), streak=2, max_streak=2) == "regular"
    assert next_streak("appointment", 1) == 1
    assert next_streak("priority", 1) == 2 and next_streak("regular", 1) == 0
