"""The booking state machine.

booked → checked_in (at the kiosk or counter, within the check-in window)
booked → cancelled (by the citizen, or by the MPP closing the day)
booked → no_show (the periodic job, after the window has passed)
booked → booked (rescheduled to another slot)
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from satupintu.appointments.models import BookingEvent, BookingStatus
from satupintu.core import workflow
from satupintu.core.workflow import Move

TRANSITIONS: dict[str, Move] = {
    "book": Move(frozenset({""}), BookingStatus.BOOKED),
    "check_in": Move(frozenset({BookingStatus.BOOKED}), BookingStatus.CHECKED_IN),
    "cancel": Move(frozenset({BookingStatus.BOOKED}), BookingStatus.CANCELLED),
    "no_show": Move(frozenset({BookingStatus.BOOKED}), BookingStatus.NO_SHOW),
    "reschedule": Move(frozenset({BookingStatus.BOOKED}), BookingStatus.BOOKED),
}

ACTION_LABELS = {
    "book": _("dipesan"),
    "check_in": _("check-in"),
    "cancel": _("dibatalkan"),
    "no_show": _("dinyatakan tidak hadir"),
    "reschedule": _("dijadwalkan ulang"),
}


class IllegalBookingTransition(workflow.IllegalTransition):
    default_message = _("Tindakan ini tidak dapat dilakukan pada status janji temu sekarang.")


# A booking's moves are told to the citizen by `notices` (through notifications, which
# deliver after commit), not on the event bus: no screen follows a booking live.
WORKFLOW = workflow.Workflow(
    moves=TRANSITIONS,
    error=IllegalBookingTransition,
    refusal=_("Janji temu berstatus “%(status)s” tidak dapat %(action)s."),
    status_labels=dict(BookingStatus.choices),
    action_labels=ACTION_LABELS,
    history=BookingEvent,
    subject="booking",
)
target_status = WORKFLOW.target_status
