"""Every authorisation decision of satupintu, in one place.

`can_*` answer a yes/no question; `access_*` fetch a protected object for a
user or raise: Http404 when the object lies in another MPP (its existence is
not revealed), PermissionDenied when it is in the user's MPP but outside their
role or agency. Views, API endpoints and services call these, never their own
`if user.role == …`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.tenancy.models import Agency, Counter, Mpp


def _is(user: User, role: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == role)


def is_operator(user: User) -> bool:
    return _is(user, Role.OPERATOR)


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
    return is_operator(user) or (_is(user, Role.SUPERVISOR) and user.mpp_id == mpp.pk)


def can_view_agency(user: User, mpp: Mpp, agency: Agency) -> bool:
    """Internal data of an agency at an MPP: its officers, its counters' work."""
    if can_manage_mpp(user, mpp):
        return True
    return _is(user, Role.OFFICER) and user.mpp_id == mpp.pk and user.agency_id == agency.pk


def can_serve_at(user: User, counter: Counter) -> bool:
    """Open, close and (later) call tickets at this counter."""
    if can_manage_mpp(user, counter.mpp):
        return True
    return (
        _is(user, Role.OFFICER)
        and user.mpp_id == counter.mpp_id
        and user.agency_id == counter.booth.agency_id
        and user.counters.filter(pk=counter.pk).exists()
    )


def can_rename_counter(user: User, counter: Counter) -> bool:
    return can_manage_mpp(user, counter.mpp)


def access_counter(user: User, counter_id: int) -> Counter:
    """The counter if the user may see it; 404 outside their MPP, 403 outside their agency."""
    counter = (
        Counter.objects.select_related("mpp", "booth", "booth__agency")
        .filter(pk=counter_id)
        .first()
    )
    if counter is None or not user.is_authenticated:
        raise Http404(_("Loket tidak ditemukan."))
    if not is_staff_of(user, counter.mpp):
        raise Http404(_("Loket tidak ditemukan."))
    if not can_view_agency(user, counter.mpp, counter.booth.agency):
        raise PermissionDenied(_("Loket ini milik instansi lain."))
    return counter


def access_agency(user: User, mpp: Mpp, code: str) -> Agency:
    """An agency present at `mpp` whose internal data the user may read."""
    agency = Agency.objects.filter(code=code, booths__mpp=mpp).first()
    if agency is None:
        raise Http404(_("Instansi tidak ditemukan di MPP ini."))
    if not is_staff_of(user, mpp):
        if user.is_authenticated and user.role in {Role.OFFICER, Role.SUPERVISOR}:
            raise Http404(_("Instansi tidak ditemukan di MPP ini."))
        raise PermissionDenied(_("Anda tidak berhak melihat data internal instansi ini."))
    if not can_view_agency(user, mpp, agency):
        raise PermissionDenied(_("Anda tidak berhak melihat data internal instansi ini."))
    return agency
