"""Who may see a complaint and act on it, and who sees its reporter.

- The complaint officer (petugas pengaduan) of an MPP is its supervisor (pengelola MPP,
  `Role.SUPERVISOR`): they receive every complaint of the MPP, verify, route, forward,
  reject, merge, refer outside and decide reopen requests, and are the ones reminders and
  escalations reach (docs/complaints.md). A platform operator is not.
- An officer of the complaint's agency at that MPP sees it once it has been forwarded to
  the agency, and follows it up and answers it.
- The reporter holds the tracking code: the tracking page and its reopen request need it,
  nothing more.

Identity: an anonymous complaint has none. A confidential one shows its reporter only to
the MPP's complaint officer; the agency's officers read "Dirahasiakan".
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.roles import is_officer_of, is_supervisor_of, own_mpp
from satupintu.complaints.models import AGENCY_STATUSES, Complaint
from satupintu.complaints.workflow import AGENCY, DESK
from satupintu.tenancy.models import Mpp


def is_complaint_officer(user: User, mpp: Mpp) -> bool:
    """The MPP's complaint officer: its own supervisor."""
    return is_supervisor_of(user, mpp)


def is_agency_officer(user: User, complaint: Complaint) -> bool:
    """An officer of the complaint's agency, once it was forwarded there."""
    return (
        complaint.agency_id is not None
        and complaint.status in AGENCY_STATUSES
        and is_officer_of(user, complaint.mpp_id, complaint.agency_id)
    )


def role_on(user: User, complaint: Complaint) -> str | None:
    """DESK, AGENCY, or None for anyone else."""
    if is_complaint_officer(user, complaint.mpp):
        return DESK
    if is_agency_officer(user, complaint):
        return AGENCY
    return None


def access_complaint(user: User, code: str) -> tuple[Complaint, str]:
    """A complaint and the staff role `user` has on it; 404 for everyone else (its
    existence is not revealed)."""
    complaint = (
        Complaint.objects.select_related("mpp", "agency", "service", "merged_into")
        .filter(tracking_code=code)
        .first()
    )
    if complaint is None or not user.is_authenticated:
        raise Http404(_("Laporan tidak ditemukan."))
    role = role_on(user, complaint)
    if role is None:
        raise Http404(_("Laporan tidak ditemukan."))
    return complaint, role


def sees_reporter(role: str | None, complaint: Complaint) -> bool:
    """Whether the reporter's name and contacts are shown to someone of `role`."""
    if complaint.anonymous:
        return False
    return role == DESK or not complaint.confidential


def staff_complaints_mpp(user: User) -> Mpp:
    """The MPP whose complaint work list `user` reads: their own, as its complaint officer
    or as an officer of one of its agencies; 403 for anyone else."""
    mpp = own_mpp(user)
    if mpp is None or not (
        is_complaint_officer(user, mpp)
        or (user.agency_id is not None and is_officer_of(user, mpp.pk, user.agency_id))
    ):
        raise PermissionDenied(_("Halaman ini untuk petugas pengaduan dan petugas instansi."))
    return mpp


def desk_mpp(user: User, mpp: Mpp) -> Mpp:
    """`mpp` when `user` is its complaint officer (recording a spoken complaint); else 403."""
    if not is_complaint_officer(user, mpp):
        raise PermissionDenied(_("Hanya petugas pengaduan MPP yang dapat melakukan ini."))
    return mpp
