"""The officer checks the files: start verifying, accept or reject each file, ask for a
revision, declare the files complete."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.applications.models import Application, Decision, Status
from satupintu.applications.services.common import (
    current_files,
    locked_application,
    missing_requirements,
    move,
    requirement_key,
    requirements_of,
    role_of,
    tell,
)
from satupintu.applications.workflow import APPLICANT, OFFICER, target_status
from satupintu.core.errors import DomainError


@transaction.atomic
def start_verification(*, user: User, application: Application) -> Application:
    application = locked_application(application)
    move(application, user=user, action="start_verification")
    application.save()
    return application


@dataclass(frozen=True)
class FileDecision:
    requirement: str
    accepted: bool
    reason: str = ""


@transaction.atomic
def decide_files(
    *, user: User, application: Application, decisions: list[FileDecision]
) -> Application:
    """Accept or reject uploaded files one by one (a rejection needs a reason). A submitted
    application moves to verifying with the first decision."""
    application = locked_application(application)
    if application.status == Status.SUBMITTED:
        move(application, user=user, action="start_verification")
        application.save()
    elif role_of(user, application) != OFFICER:
        target_status("verify", application.status, APPLICANT)  # raises PermissionDenied
    if application.status != Status.VERIFYING:
        raise DomainError(
            _("Berkas hanya dapat diperiksa saat permohonan sedang diverifikasi."),
            code="illegal_transition",
        )
    have = current_files(application)
    errors: dict[str, list[str]] = {}
    now = timezone.now()
    for decision in decisions:
        item = have.get(decision.requirement)
        reason = " ".join(decision.reason.split())[:300]
        if item is None:
            errors[f"decisions.{decision.requirement}"] = [
                _("Belum ada berkas untuk persyaratan ini.")
            ]
            continue
        if not decision.accepted and not reason:
            errors[f"decisions.{decision.requirement}"] = [
                _("Tuliskan alasan agar pemohon tahu apa yang harus diperbaiki.")
            ]
            continue
        item.decision = Decision.ACCEPTED if decision.accepted else Decision.REJECTED
        item.reason = "" if decision.accepted else reason
        item.decided_by, item.decided_at = user, now
        item.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
    if errors:
        raise ValidationError(errors)
    return application


@transaction.atomic
def request_revision(*, user: User, application: Application, note: str = "") -> Application:
    """Verifying → needs revision: at least one file rejected. The clock pauses."""
    application = locked_application(application)
    rejected = [f for f in current_files(application).values() if f.decision == Decision.REJECTED]
    target_status("request_revision", application.status, role_of(user, application))
    if not rejected:
        raise ValidationError(
            {"decisions": [_("Tolak minimal satu berkas beserta alasannya.")]},
            code="nothing_rejected",
        )
    move(application, user=user, action="request_revision", note=note)
    application.paused_since = timezone.now()
    application.save()
    names = {requirement_key(r): r.name for r in requirements_of(application.version)}
    lines = "\n".join(
        f"- {names.get(f.requirement_key, f.requirement_key)}: {f.reason}" for f in rejected
    )
    tell(
        application,
        "needs_revision",
        _("Permohonan %(number)s perlu perbaikan") % {"number": application.tracking_number},
        _("Mohon ganti berkas berikut melalui halaman permohonan Anda:\n%(lines)s")
        % {"lines": lines},
    )
    return application


@transaction.atomic
def verify_application(*, user: User, application: Application, note: str = "") -> Application:
    """Verifying → verified: every current file accepted and every required one present."""
    application = locked_application(application)
    target_status("verify", application.status, role_of(user, application))
    open_items = [f for f in current_files(application).values() if f.decision != Decision.ACCEPTED]
    missing = missing_requirements(application)
    if open_items or missing:
        raise ValidationError(
            {
                "decisions": [
                    _("Semua berkas harus diterima sebelum permohonan dinyatakan lengkap.")
                ]
            },
            code="files_not_accepted",
        )
    move(application, user=user, action="verify", note=note)
    application.save()
    if application.service.fully_online:
        body = _("Berkas permohonan %(number)s lengkap dan benar. Permohonan kini diproses.")
    else:
        body = _(
            "Berkas permohonan %(number)s lengkap dan benar. Langkah berikutnya perlu "
            "kehadiran Anda: ambil nomor antrian atau buat janji temu di %(mpp)s, lalu "
            "sebutkan nomor permohonan ini di loket."
        )
    tell(
        application,
        "verified",
        _("Berkas permohonan %(number)s lengkap") % {"number": application.tracking_number},
        body % {"number": application.tracking_number, "mpp": application.mpp.name},
    )
    return application
