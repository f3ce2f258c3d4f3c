"""Who may check a booking in, change it, and manage the MPP's appointment days."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.roles import can_manage_mpp, is_officer_of, is_supervisor_of, own_mpp
from satupintu.appointments.models import Booking
from satupintu.queueing.access import can_issue_at_kiosk
from satupintu.tenancy.models import Mpp


def can_check_in_booking(user: User | None, booking: Booking) -> bool:
    """Turn a booking into a queue ticket: the MPP's kiosk devices (the citizen typed or
    scanned the code), its supervisors, and officers of the booked service's agency."""
    if user is None or not user.is_authenticated:
        return False
    if can_issue_at_kiosk(user, booking.mpp) or can_manage_mpp(user, booking.mpp):
        return True
    return is_officer_of(user, booking.mpp_id, booking.service.agency_id)


def can_change_booking(user: User | None, booking: Booking, *, proven: bool) -> bool:
    """Reschedule or cancel: whoever proved the last 4 digits of the phone or NIK
    (`proven`), the signed-in citizen who booked it, or the MPP's supervisors."""
    if proven:
        return True
    if user is None or not user.is_authenticated:
        return False
    return (booking.user_id is not None and booking.user_id == user.pk) or can_manage_mpp(
        user, booking.mpp
    )


def staff_appointments_mpp(user: User) -> Mpp:
    """The MPP whose bookings and day overrides the user manages: their own, as its
    supervisor; 403 for anyone else."""
    mpp = own_mpp(user)
    if mpp is None or not is_supervisor_of(user, mpp):
        raise PermissionDenied(_("Halaman janji temu ini untuk pengelola MPP."))
    return mpp
