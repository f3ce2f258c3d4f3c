"""Who may read the operations figures of an MPP.

`check_*` raise PermissionDenied; `can_*` answer yes or no (the pattern of the domain
apps' access.py; roles are asked through accounts/roles.py).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.roles import can_manage_mpp, is_operator, is_supervisor_of, own_mpp
from satupintu.operations.models import FollowUpAction
from satupintu.tenancy.models import Mpp


def can_read_staffing(user: User, mpp: Mpp) -> bool:
    """The staffing advice of an MPP: its own managers (supervisors) and the platform
    operator. Officers and other MPPs' staff are refused: it is a planning view of the
    whole floor, not of one agency."""
    return can_manage_mpp(user, mpp)


def check_staffing(user: User, mpp: Mpp) -> None:
    if not can_read_staffing(user, mpp):
        raise PermissionDenied(_("Saran kebutuhan loket hanya untuk pengelola MPP ini."))


def staff_staffing_mpp(user: User) -> Mpp:
    """The MPP whose staffing page the user opens: their own, as its supervisor."""
    mpp = own_mpp(user)
    if mpp is None or not is_supervisor_of(user, mpp):
        raise PermissionDenied(_("Halaman ini untuk pengelola MPP."))
    return mpp


def check_measures(user: User, mpp: Mpp) -> None:
    """The MPP's measures: its supervisors (managers) and the platform operator."""
    if not can_manage_mpp(user, mpp):
        raise PermissionDenied(_("Ukuran kinerja MPP ini hanya untuk pengelola MPP ini."))


def staff_floor_mpp(user: User) -> Mpp:
    """The MPP whose live floor the user watches: their own, as its supervisor. Officers
    follow their own counters on the console, not the whole floor."""
    mpp = own_mpp(user)
    if mpp is None or not is_supervisor_of(user, mpp):
        raise PermissionDenied(_("Pantauan lantai hanya untuk pengelola MPP ini."))
    return mpp


def comparison_scope(user: User) -> int | None:
    """Which MPPs a user may compare side by side (operations/regional.py): every MPP for
    the platform operator (None), only their own for an MPP's supervisor (its id: another
    regency's unpublished figures are that government's, not theirs; the open data shows
    every MPP with small counts suppressed). Everyone else is refused."""
    if is_operator(user):
        return None
    mpp = own_mpp(user)
    if mpp is not None and is_supervisor_of(user, mpp):
        return mpp.pk
    raise PermissionDenied(_("Perbandingan antar-MPP hanya untuk operator platform."))


def check_pack(user: User, mpp: Mpp) -> None:
    """The coordination pack names officers and their ratings: the MPP's supervisors and
    the platform operator only."""
    if not can_manage_mpp(user, mpp):
        raise PermissionDenied(_("Bahan rapat koordinasi hanya untuk pengelola MPP ini."))


def access_follow_up(user: User, mpp: Mpp, raw_id: str) -> FollowUpAction:
    """A follow-up action of the MPP the user manages; 404 for any other."""
    check_pack(user, mpp)
    action = (
        FollowUpAction.objects.filter(mpp=mpp, pk=int(raw_id)).first()
        if str(raw_id).isdigit()
        else None
    )
    if action is None:
        raise Http404(_("Tindak lanjut tidak ditemukan."))
    return action
