"""Who may read an MPP's operations: its measures and staffing advice."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.roles import can_manage_mpp
from satupintu.tenancy.models import Mpp


def check_measures(user: User, mpp: Mpp) -> None:
    """The MPP's measures: its supervisors (managers) and the platform operator."""
    if not can_manage_mpp(user, mpp):
        raise PermissionDenied(_("Ukuran kinerja MPP ini hanya untuk pengelola MPP ini."))
