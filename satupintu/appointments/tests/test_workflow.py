"""The booking state machine: every action from every status, allowed or refused."""

from __future__ import annotations

import pytest

from satupintu.appointments.models import BookingStatus
from satupintu.appointments.workflow import (
    TRANSITIONS,
    IllegalBookingTransition,
    target_status,
)

ALLOWED = {
    ("book", ""): BookingStatus.BOOKED,
    ("check_in", BookingStatus.BOOKED): BookingStatus.CHECKED_IN,
    ("cancel", BookingStatus.BOOKED): BookingStatus.CANCELLED,
    ("no_show", BookingStatus.BOOKED): BookingStatus.NO_SHOW,
    ("reschedule", BookingStatus.BOOKED): BookingStatus.BOOKED,
}
EVERY = [(action, status) for action in TRANSITIONS for status in ["", *BookingStatus.values]]


@pytest.mark.parametrize(("action", "status"), [c for c in EVERY if c in ALLOWED])
def test_allowed_transition(action, status):
    assert target_status(action, status) == ALLOWED[(action, status)]


@pytest.mark.parametrize(("action", "status"), [c for c in EVERY if c not in ALLOWED])
def test_every_other_transition_is_refused(action, status):
    with pytest.raises(IllegalBookingTransition):
        target_status(action, status)


def test_a_refusal_names_the_status_and_the_action_in_indonesian():
    with pytest.raises(IllegalBookingTransition) as refused:
        target_status("cancel", BookingStatus.CHECKED_IN)
    assert refused.value.code == "illegal_transition"
    assert "tidak dapat dibatalkan" in refused.value.message
