"""Who may see and work at an MPP's counters and read its agencies' internal data.

`access_*` fetch a protected object or raise: Http404 when it lies in another MPP (its
existence is not revealed), PermissionDenied when it is in the user's MPP but outside
their role or agency. Nothing here is cached: every answer rests on rows read in this
request (the user's own row, their token, the counter and its assignment), so a
deactivated officer, a revoked token or a removed assignment is refused at once, in
every process.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.accounts.roles import can_manage_mpp, can_view_agency, is_officer_of, is_staff_of
from satupintu.tenancy.models import Agency, Counter, Mpp


def _assignments(user: User) -> QuerySet[Any]:
    return User.counters.through.objects.filter(user_id=user.pk)


def is_assigned_to(user: User, counter_id: int, counter: Counter | None = None) -> bool:
    """Whether the user is assigned to the counter; the answer `counter_for` read with
    `counter`'s row, when it was for this user."""
    known = getattr(counter, "_assignment", None)
    if known is not None and known[0] == user.pk:
        return known[1]
    return _assignments(user).filter(counter_id=counter_id).exists()


def counter_for(user: User, counter_id: int) -> Counter | None:
    """A counter with its MPP and booth's agency, read in one query with whether `user` is
    assigned to it, which the counter keeps for `is_assigned_to`."""
    assigned = Exists(_assignments(user).filter(counter_id=OuterRef("pk")))
    counter = (
        Counter.objects.select_related("mpp", "booth__agency")
        .annotate(assigned=assigned)
        .filter(pk=counter_id)
        .first()
    )
    if counter is not None:
        counter._assignment = (user.pk, counter.assigned)  # type: ignore[attr-defined]
    return counter


def can_serve_at(user: User, counter: Counter) -> bool:
    """Open, close and call tickets at this counter."""
    if can_manage_mpp(user, counter.mpp):
        return True
    return is_officer_of(user, counter.mpp_id, counter.booth.agency_id) and is_assigned_to(
        user, counter.pk, counter
    )


def can_rename_counter(user: User, counter: Counter) -> bool:
    return can_manage_mpp(user, counter.mpp)


def access_counter(user: User, counter_id: int) -> Counter:
    """The counter if the user may see it; 404 outside their MPP, 403 outside their agency."""
    counter = counter_for(user, counter_id)
    if counter is None:
        raise Http404(_("Loket tidak ditemukan."))
    if not is_staff_of(user, counter.mpp):
        raise Http404(_("Loket tidak ditemukan."))
    if not can_view_agency(user, counter.mpp, counter.booth.agency_id):
        raise PermissionDenied(_("Loket ini milik instansi lain."))
    return counter


def access_counter_to_serve(user: User, counter_id: int) -> Counter:
    """A counter the user may call tickets at: access_counter, then 403 unless they serve it."""
    counter = access_counter(user, counter_id)
    if not can_serve_at(user, counter):
        raise PermissionDenied(_("Anda tidak bertugas di loket ini."))
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
    if not can_view_agency(user, mpp, agency.pk):
        raise PermissionDenied(_("Anda tidak berhak melihat data internal instansi ini."))
    return agency
