"""The booking state machine.

booked → checked_in (at the kiosk or counter, within the check-in window)
booked → cancelled (by the citizen, or by the MPP closing the day)
booked → no_show (the periodic job, after the window has passed)
booked → booked (rescheduled to another slot)
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from satupintu.appointments.models import BookingStatus
from satupintu.core.errors import DomainError

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "book": (frozenset({""}), BookingStatus.BOOKED),
    "check_in": (frozenset({BookingStatus.BOOKED}), BookingStatus.CHECKED_IN),
    "cancel": (frozenset({BookingStatus.BOOKED}), BookingStatus.CANCELLED),
    "no_show": (frozenset({BookingStatus.BOOKED}), BookingStatus.NO_SHOW),
    "reschedule": (frozenset({BookingStatus.BOOKED}), BookingStatus.BOOKED),
}

ACTION_LABELS = {
    "book": _("dipesan"),
    "check_in": _("check-in"),
    "cancel": _("dibatalkan"),
    "no_show": _("dinyatakan tidak hadir"),
    "reschedule": _("dijadwalkan ulang"),
}


class IllegalBookingTransition(DomainError):
    status = 409
    code = "illegal_transition"
    default_message = _("Tindakan ini tidak dapat dilakukan pada status janji temu sekarang.")


def target_status(action: str, current: str) -> str:
    """The status `action` leads to from `current`, or IllegalBookingTransition."""
    allowed_from, target = TRANSITIONS[action]
    if current not in allowed_from:
        raise IllegalBookingTransition(
            _("Janji temu berstatus “%(status)s” tidak dapat %(action)s.")
            % {"status": BookingStatus(current).label, "action": ACTION_LABELS[action]}
        )
    return target
