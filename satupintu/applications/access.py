"""Who may see an online application (permohonan daring) and move it on.

Its applicant and the officers of the service's agency at its MPP (and the MPP's
supervisors); for everyone else it does not exist (404).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.roles import (
    can_manage_mpp,
    can_view_agency,
    is_officer_of,
    is_operator,
    is_staff_of,
    own_mpp,
)
from satupintu.applications.models import Application
from satupintu.tenancy.models import Mpp


def can_officiate_application(user: User, application: Application) -> bool:
    """Verify and move an application on: officers of the service's agency at its MPP, and
    the MPP's supervisors."""
    return can_view_agency(user, application.mpp, application.service.agency_id)


def access_application(user: User, public_id: uuid.UUID | str) -> Application:
    """An application for its applicant or for the officers of its agency; 404 for anyone
    else (its existence is not revealed)."""
    application = (
        Application.objects.select_related("mpp", "service", "service__agency", "version")
        .filter(public_id=public_id)
        .first()
    )
    if application is None or not user.is_authenticated or not user.is_active:
        raise Http404(_("Permohonan tidak ditemukan."))
    if application.user_id == user.pk or can_officiate_application(user, application):
        return application
    raise Http404(_("Permohonan tidak ditemukan."))


def can_reveal_nik(user: User, application: Application) -> bool:
    """The full NIK, to check it against the population register (SIAK): only the officers
    of the service's agency at the application's MPP, who verify it. Not the MPP's
    supervisors (they read who looked, `can_read_nik_reveals`), not other agencies'
    officers, not the applicant (their pages show it masked like everyone's)."""
    return is_officer_of(user, application.mpp_id, application.service.agency_id)


def access_nik_reveal(user: User, public_id: uuid.UUID | str) -> Application:
    """The application whose full NIK `user` may have shown: 404 for whoever may not see
    the application at all, 403 for those who see it but may not reveal (a supervisor,
    the applicant)."""
    application = access_application(user, public_id)
    if not can_reveal_nik(user, application):
        raise PermissionDenied(
            _("NIK lengkap hanya dapat dibuka oleh petugas instansi pemilik layanan.")
        )
    return application


def can_read_nik_reveals(user: User, mpp: Mpp) -> bool:
    """Who opened which full NIK at an MPP: its supervisors (and platform operators)."""
    return can_manage_mpp(user, mpp)


def staff_applications_mpp(user: User) -> Mpp:
    """The MPP whose application work list the user sees: their own, as officer or
    supervisor; 403 for anyone else."""
    mpp = own_mpp(user)
    if mpp is None or not is_staff_of(user, mpp) or is_operator(user):
        raise PermissionDenied(_("Halaman ini untuk petugas dan pengelola MPP."))
    return mpp
