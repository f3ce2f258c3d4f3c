"""Who may read and edit an MPP's service catalog through the staff pages (/staf/katalog/).

Officers read their agency's services, the MPP's supervisors read and edit all of them;
nobody reaches another MPP's catalog through these pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.roles import can_manage_mpp, can_view_agency, is_staff_of, own_mpp
from satupintu.catalog.models import Service
from satupintu.tenancy.models import Mpp


def can_view_catalog(user: User, mpp: Mpp) -> bool:
    """Read the staff catalog: officers (their agency's services) and supervisors."""
    return is_staff_of(user, mpp)


def can_edit_catalog(user: User, mpp: Mpp) -> bool:
    """Publish versions, add services, import and export: the MPP's supervisors."""
    return can_manage_mpp(user, mpp)


def catalog_agency_scope(user: User, mpp: Mpp) -> int | None:
    """The one agency whose services the user may read, or None for the whole catalog."""
    return None if can_edit_catalog(user, mpp) else user.agency_id


def staff_catalog_mpp(user: User, *, edit: bool = False) -> Mpp:
    """The MPP whose catalog the staff pages show: always the user's own, so nobody
    reaches another MPP's catalog through them. 403 for anyone else."""
    mpp = own_mpp(user)
    if mpp is None or not can_view_catalog(user, mpp):
        raise PermissionDenied(_("Halaman ini untuk petugas dan pengelola MPP."))
    if edit and not can_edit_catalog(user, mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat mengubah katalog layanan."))
    return mpp


def access_catalog_service(user: User, code: str, *, edit: bool = False) -> Service:
    """A service of the user's own MPP: 404 when the MPP has no such code, 403 when it
    belongs to another agency than an officer's, or when an officer asks to edit."""
    mpp = staff_catalog_mpp(user)
    service = (
        Service.objects.select_related("mpp", "agency", "category")
        .filter(mpp=mpp, code=code)
        .first()
    )
    if service is None:
        raise Http404(_("Layanan tidak ditemukan di MPP ini."))
    if not can_view_agency(user, mpp, service.agency_id):
        raise PermissionDenied(_("Layanan ini milik instansi lain."))
    if edit and not can_edit_catalog(user, mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat mengubah katalog layanan."))
    return service
