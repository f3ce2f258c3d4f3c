"""Who a user is and where they work: their role, their MPP, their agency.

Each app decides access to its own objects in its own `access.py` (`access_*` fetch a
protected object or raise, `can_*` answer yes or no); they build on these questions,
never on their own `if user.role == …`.
"""

from __future__ import annotations

from satupintu.accounts.models import Role, User
from satupintu.tenancy.models import Mpp


def has_role(user: User, role: str) -> bool:
    """Signed in, active, and of this role."""
    return bool(user.is_authenticated and user.is_active and user.role == role)


def is_citizen(user: object) -> bool:
    """A signed-in citizen: only their own tickets, bookings and complaints join an account
    (never a kiosk's, an officer's or an anonymous visitor's)."""
    return isinstance(user, User) and has_role(user, Role.CITIZEN)


def is_operator(user: User) -> bool:
    return has_role(user, Role.OPERATOR)


def is_staff_of(user: User, mpp: Mpp) -> bool:
    """Officer or supervisor working at this MPP (operators count everywhere)."""
    if is_operator(user):
        return True
    return (
        user.is_authenticated
        and user.role in {Role.OFFICER, Role.SUPERVISOR}
        and (user.mpp_id == mpp.pk and user.is_active)
    )


def can_manage_mpp(user: User, mpp: Mpp) -> bool:
    return is_operator(user) or (has_role(user, Role.SUPERVISOR) and user.mpp_id == mpp.pk)


def is_supervisor_of(user: User, mpp: Mpp) -> bool:
    """This MPP's own supervisor (an operator does not count)."""
    return has_role(user, Role.SUPERVISOR) and can_manage_mpp(user, mpp)


def is_officer_of(user: User, mpp_id: int, agency_id: int) -> bool:
    """An officer of this agency working at this MPP."""
    return has_role(user, Role.OFFICER) and user.mpp_id == mpp_id and user.agency_id == agency_id


def can_view_agency(user: User, mpp: Mpp, agency_id: int) -> bool:
    """Internal data of an agency at an MPP: its officers, its counters' work."""
    return can_manage_mpp(user, mpp) or is_officer_of(user, mpp.pk, agency_id)


def is_device_of(user: User, role: str, mpp_id: int) -> bool:
    """A device (kiosk, display, tablet) of this MPP."""
    return has_role(user, role) and user.mpp_id == mpp_id


def own_mpp(user: User) -> Mpp | None:
    """The MPP a signed-in user belongs to (staff and devices), else None."""
    return user.mpp if user.is_authenticated else None
