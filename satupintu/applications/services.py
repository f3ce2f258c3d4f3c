"""Every write on an online application: one function per action, one transaction each.

Who may act is decided by `access.py` (who sees the application) and the
transition table in `workflow.py` (which role takes which action from which state).
Notifications go out after commit through `notifications.services.notify`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.applications import files as file_store
from satupintu.applications import sla
from satupintu.applications.access import can_officiate_application
from satupintu.applications.formdef import clean_answers
from satupintu.applications.models import (
    Application,
    ApplicationFile,
    Decision,
    FormDefinition,
    Handover,
    Status,
)
from satupintu.applications.workflow import APPLICANT, OFFICER, WORKFLOW, target_status
from satupintu.catalog.models import Requirement, Service, ServiceVersion
from satupintu.catalog.selectors import attach_current, services_in_force
from satupintu.core.errors import DomainError
from satupintu.core.identifiers import Nik, normalize_phone
from satupintu.notifications.services import notify
from satupintu.tenancy.models import Mpp

# Crockford's base32 without I, L, O and U: no letter is mistaken for a digit when read aloud.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_tracking_number() -> str:
    """Three groups of four (60 random bits), e.g. 7K3M-9QXD-2FHT."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_tracking_number(raw: str) -> str:
    """What a citizen types (lower case, spaces, O for 0, I/L for 1) back to the stored form."""
    text = "".join(ch for ch in str(raw).upper() if ch.isalnum())
    text = text.translate(str.maketrans("OIL", "011"))
    return f"{text[:4]}-{text[4:8]}-{text[8:12]}" if len(text) == 12 else ""


def requirement_key(requirement: Requirement) -> str:
    return f"p{requirement.order}"


@dataclass(frozen=True)
class Applicant:
    name: str
    phone: str
    nik: str = ""
    nib: str = ""
    email: str = ""


def _clean_applicant(applicant: Applicant) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    data: dict[str, str] = {"name": " ".join(applicant.name.split())[:150]}
    if not data["name"]:
        errors["applicant.name"] = [_("Nama pemohon wajib diisi.")]
    data["nik"] = data["nib"] = ""
    if applicant.nik:
        try:
            data["nik"] = Nik.parse(applicant.nik).value
        except ValidationError as exc:
            errors["applicant.nik"] = exc.messages
    if applicant.nib:
        nib = "".join(applicant.nib.split())
        if not (nib.isdigit() and len(nib) == 13):
            errors["applicant.nib"] = [_("NIB terdiri atas 13 angka.")]
        data["nib"] = nib
    if not applicant.nik and not applicant.nib:
        errors["applicant.nik"] = [_("Isi NIK pemohon (atau NIB untuk pelaku usaha).")]
    try:
        data["phone"] = normalize_phone(applicant.phone)
    except ValidationError as exc:
        errors["applicant.phone"] = exc.messages
    data["email"] = applicant.email.strip().lower()
    if data["email"]:
        try:
            validate_email(data["email"])
        except ValidationError:
            errors["applicant.email"] = [_("Alamat e-mail tidak valid.")]
    if errors:
        raise ValidationError(errors)
    return data


def online_service(mpp: Mpp, code: str) -> Service:
    """A service of the MPP that takes online applications, with its version in force
    (`.current`, requirements loaded); ValidationError on `service` otherwise."""
    service = services_in_force(mpp).filter(code=code, online_application=True).first()
    if service is None:
        raise ValidationError(
            {"service": [_("Layanan ini tidak menerima permohonan daring di MPP ini.")]}
        )
    return attach_current([service], full=True)[0]


def form_fields(service: Service) -> list[dict]:
    form = FormDefinition.objects.filter(service=service).first()
    return list(form.fields) if form else []


def _role(user: User, application: Application) -> str:
    if application.user_id == user.pk:
        return APPLICANT
    if can_officiate_application(user, application):
        return OFFICER
    raise Http404(_("Permohonan tidak ditemukan."))


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("mpp", "service", "service__agency", "version")
        .get(pk=application.pk)
    )


def _move(
    application: Application,
    *,
    user: User,
    action: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> Application:
    """Apply `action`, taken by `user`, and record it; the caller saves the application."""
    role = _role(user, application)
    WORKFLOW.apply(application, action, role=role, actor=user, note=note, now=now, save=False)
    return application


def _tell(application: Application, kind: str, subject: str, body: str) -> None:
    notify(
        mpp=application.mpp,
        kind=f"application.{kind}",
        subject=subject,
        body=body,
        phone=application.applicant_phone,
        email=application.applicant_email,
        reference=application.reference,
    )


def requirements_of(version: ServiceVersion) -> list[Requirement]:
    return list(version.requirements.all())


def current_files(application: Application) -> dict[str, ApplicationFile]:
    return {
        f.requirement_key: f
        for f in application.files.filter(superseded_at__isnull=True).order_by("pk")
    }


# --- the applicant ---------------------------------------------------------------------


def create_application(
    *,
    user: User,
    mpp: Mpp,
    service_code: str,
    applicant: Applicant,
    fields: Mapping | None = None,
    uploads: Mapping | None = None,
    submit: bool = False,
) -> Application:
    """A new application (a draft, or submitted at once when `submit`). With `uploads`
    ({requirement key: file}) every file is checked before anything is written, and a
    failure anywhere leaves neither an application nor a stored file behind."""
    if user.role != Role.CITIZEN:
        raise ValidationError({"user": [_("Permohonan daring diajukan dengan akun warga.")]})
    service = online_service(mpp, service_code)
    version = service.current  # type: ignore[attr-defined]
    errors: dict[str, list[str]] = {}
    try:
        person = _clean_applicant(applicant)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        answers = clean_answers(form_fields(service), dict(fields or {}))
    except ValidationError as exc:
        errors.update({f"fields.{k}": v for k, v in exc.message_dict.items()})
    checked = _check_uploads(version, uploads or {}, errors)
    if errors:
        raise ValidationError(errors)
    stored: list[str] = []
    try:
        with transaction.atomic():
            application = _insert(user, mpp, service, version, person, answers)
            for key, item in checked.items():
                stored.append(_store_file(application, key, item))
            if submit:
                application = _submit(application, user=user)
        return application
    except BaseException:
        file_store.discard(stored)
        raise


def _check_uploads(version, uploads: Mapping, errors: dict) -> dict:
    slots = {requirement_key(r): r for r in requirements_of(version) if r.uploadable}
    checked = {}
    for key, upload in uploads.items():
        if upload is None:
            continue
        if key not in slots:
            errors[f"files.{key}"] = [_("Persyaratan ini tidak menerima unggahan.")]
            continue
        try:
            checked[key] = file_store.check_upload(upload, allowed=slots[key].file_types)
        except ValidationError as exc:
            errors[f"files.{key}"] = exc.messages
    return checked


def _insert(user, mpp, service, version, person, answers) -> Application:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    mpp=mpp,
                    service=service,
                    version=version,
                    user=user,
                    tracking_number=new_tracking_number(),
                    applicant_name=person["name"],
                    applicant_nik=person["nik"],
                    applicant_nib=person["nib"],
                    applicant_phone=person["phone"],
                    applicant_email=person["email"],
                    fields=answers,
                )
                break
        except IntegrityError:  # pragma: no cover - a 1-in-2^60 collision
            continue
    WORKFLOW.record(application, "create", "", actor=user)
    return application


def _store_file(application: Application, key: str, checked: file_store.CheckedFile) -> str:
    name = file_store.save(checked, mpp_id=application.mpp_id)
    now = timezone.now()
    application.files.filter(requirement_key=key, superseded_at__isnull=True).update(
        superseded_at=now
    )
    ApplicationFile.objects.create(
        application=application,
        mpp_id=application.mpp_id,
        requirement_key=key,
        storage_name=name,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
    )
    return name


def add_file(*, user: User, application: Application, requirement: str, upload) -> ApplicationFile:
    """Upload (or replace) the file of one requirement: in a draft any uploadable one; while
    the officer asks for a revision only those the officer rejected."""
    if application.user_id != user.pk:
        _role(user, application)  # 404 for strangers
        raise PermissionDenied(_("Hanya pemohon yang dapat mengunggah berkas."))
    errors: dict[str, list[str]] = {}
    checked = _check_uploads(application.version, {requirement: upload}, errors)
    if errors:
        raise ValidationError(errors)
    stored: list[str] = []
    try:
        with transaction.atomic():
            application = _locked(application)
            current = current_files(application).get(requirement)
            if application.status == Status.NEEDS_REVISION:
                if current is None or current.decision != Decision.REJECTED:
                    raise DomainError(
                        _("Hanya berkas yang diminta diperbaiki yang dapat diganti."),
                        code="file_not_rejected",
                    )
            elif application.status != Status.DRAFT:
                raise DomainError(
                    _("Berkas tidak dapat diubah setelah permohonan diajukan."),
                    code="file_locked",
                )
            stored.append(_store_file(application, requirement, checked[requirement]))
        return application.files.get(storage_name=stored[0])
    except BaseException:
        file_store.discard(stored)
        raise


def missing_requirements(application: Application) -> list[Requirement]:
    have = current_files(application)
    return [
        r
        for r in requirements_of(application.version)
        if r.uploadable and not r.is_optional and requirement_key(r) not in have
    ]


def _submit(application: Application, *, user: User) -> Application:
    missing = missing_requirements(application)
    if missing:
        raise ValidationError(
            {
                f"files.{requirement_key(r)}": [
                    _("Berkas “%(name)s” belum diunggah.") % {"name": r.name}
                ]
                for r in missing
            },
            code="missing_files",
        )
    _move(application, user=user, action="submit")
    now = timezone.now()
    application.submitted_at = now
    application.due_date = sla.due_date(application.mpp, application.version, now, 0)
    application.save()
    _tell(
        application,
        "submitted",
        _("Permohonan %(number)s diterima") % {"number": application.tracking_number},
        _(
            "Permohonan %(service)s dengan nomor %(number)s sudah kami terima dan akan "
            "diperiksa petugas. Simpan nomor ini untuk melacak permohonan."
        )
        % {"service": application.version.name, "number": application.tracking_number},
    )
    return application


@transaction.atomic
def submit_application(*, user: User, application: Application) -> Application:
    """Draft → submitted; ValidationError listing each required file still missing."""
    return _submit(_locked(application), user=user)


@transaction.atomic
def resubmit_application(*, user: User, application: Application, note: str = "") -> Application:
    """Needs revision → verifying, once every rejected file has been replaced. The service
    level clock runs again from today."""
    application = _locked(application)
    still = [f for f in current_files(application).values() if f.decision == Decision.REJECTED]
    if still and application.status == Status.NEEDS_REVISION:
        raise ValidationError(
            {f"files.{f.requirement_key}": [_("Berkas ini belum diganti.")] for f in still}
        )
    _move(application, user=user, action="resubmit", note=note)
    _resume_clock(application, timezone.now())
    application.save()
    return application


@transaction.atomic
def withdraw_application(*, user: User, application: Application, note: str = "") -> Application:
    application = _locked(application)
    _move(application, user=user, action="withdraw", note=note)
    application.closed_at = timezone.now()
    application.paused_since = None
    application.save()
    return application


# --- the officer -----------------------------------------------------------------------


def _resume_clock(application: Application, now: dt.datetime) -> None:
    if application.paused_since is None or application.submitted_at is None:
        return
    application.paused_working_days += sla.paused_working_days(
        application.mpp, application.paused_since, now
    )
    application.paused_since = None
    application.due_date = sla.due_date(
        application.mpp,
        application.version,
        application.submitted_at,
        application.paused_working_days,
    )


@transaction.atomic
def start_verification(*, user: User, application: Application) -> Application:
    application = _locked(application)
    _move(application, user=user, action="start_verification")
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
    application = _locked(application)
    if application.status == Status.SUBMITTED:
        _move(application, user=user, action="start_verification")
        application.save()
    elif _role(user, application) != OFFICER:
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
    application = _locked(application)
    rejected = [f for f in current_files(application).values() if f.decision == Decision.REJECTED]
    target_status("request_revision", application.status, _role(user, application))
    if not rejected:
        raise ValidationError(
            {"decisions": [_("Tolak minimal satu berkas beserta alasannya.")]},
            code="nothing_rejected",
        )
    _move(application, user=user, action="request_revision", note=note)
    application.paused_since = timezone.now()
    application.save()
    names = {requirement_key(r): r.name for r in requirements_of(application.version)}
    lines = "\n".join(
        f"- {names.get(f.requirement_key, f.requirement_key)}: {f.reason}" for f in rejected
    )
    _tell(
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
    application = _locked(application)
    target_status("verify", application.status, _role(user, application))
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
    _move(application, user=user, action="verify", note=note)
    application.save()
    if application.service.fully_online:
        body = _("Berkas permohonan %(number)s lengkap dan benar. Permohonan kini diproses.")
    else:
        body = _(
            "Berkas permohonan %(number)s lengkap dan benar. Langkah berikutnya perlu "
            "kehadiran Anda: ambil nomor antrian atau buat janji temu di %(mpp)s, lalu "
            "sebutkan nomor permohonan ini di loket."
        )
    _tell(
        application,
        "verified",
        _("Berkas permohonan %(number)s lengkap") % {"number": application.tracking_number},
        body % {"number": application.tracking_number, "mpp": application.mpp.name},
    )
    return application


@transaction.atomic
def advance_application(*, user: User, application: Application, note: str = "") -> Application:
    """Verified → processing → ready (for pick-up or delivery)."""
    application = _locked(application)
    action = "mark_ready" if application.status == Status.PROCESSING else "process"
    _move(application, user=user, action=action, note=note)
    application.save()
    if application.status == Status.READY:
        _tell(
            application,
            "ready",
            _("Dokumen permohonan %(number)s sudah jadi") % {"number": application.tracking_number},
            _(
                "Dokumen Anda sudah jadi. Ambil di gerai %(agency)s, %(mpp)s, dengan "
                "menunjukkan nomor permohonan %(number)s dan KTP-el."
            )
            % {
                "agency": application.service.agency.name,
                "mpp": application.mpp.name,
                "number": application.tracking_number,
            },
        )
    return application


@transaction.atomic
def reject_application(*, user: User, application: Application, reason: str) -> Application:
    application = _locked(application)
    reason = " ".join(str(reason).split())[:500]
    target_status("reject", application.status, _role(user, application))
    if not reason:
        raise ValidationError({"reason": [_("Alasan penolakan wajib diisi.")]})
    _move(application, user=user, action="reject", note=reason)
    application.rejection_reason = reason
    application.closed_at = timezone.now()
    application.paused_since = None
    application.save()
    _tell(
        application,
        "rejected",
        _("Permohonan %(number)s ditolak") % {"number": application.tracking_number},
        _("Permohonan Anda ditolak dengan alasan: %(reason)s") % {"reason": reason},
    )
    return application


@transaction.atomic
def hand_over(
    *,
    user: User,
    application: Application,
    method: str,
    recipient: str = "",
    courier: str = "",
    receipt_number: str = "",
) -> Application:
    """Ready → completed: picked up at the booth (who took it) or sent by post (courier and
    receipt number, shown on the tracking page)."""
    application = _locked(application)
    target_status("hand_over", application.status, _role(user, application))
    recipient, courier, receipt_number = (
        " ".join(str(v).split())[:n]
        for v, n in ((recipient, 150), (courier, 80), (receipt_number, 60))
    )
    if method == Handover.PICKUP:
        if not recipient:
            raise ValidationError({"recipient": [_("Tuliskan nama orang yang mengambil dokumen.")]})
        note = _("Diambil oleh %(name)s") % {"name": recipient}
    elif method == Handover.DELIVERY:
        errors = {}
        if not courier:
            errors["courier"] = [_("Tuliskan nama kurir atau pos.")]
        if not receipt_number:
            errors["receipt_number"] = [_("Tuliskan nomor resi pengiriman.")]
        if errors:
            raise ValidationError(errors)
        note = _("Dikirim melalui %(courier)s, nomor resi %(receipt)s") % {
            "courier": courier,
            "receipt": receipt_number,
        }
    else:
        raise ValidationError({"method": [_("Pilih diambil di gerai atau dikirim.")]})
    _move(application, user=user, action="hand_over", note=note)
    application.handover_method = method
    application.handover_recipient = recipient
    application.courier = courier if method == Handover.DELIVERY else ""
    application.receipt_number = receipt_number if method == Handover.DELIVERY else ""
    application.handed_over_by = user
    application.closed_at = timezone.now()
    application.save()
    if method == Handover.DELIVERY:
        _tell(
            application,
            "delivered",
            _("Dokumen permohonan %(number)s dikirim") % {"number": application.tracking_number},
            note,
        )
    return application


def escalate_overdue(*, now: dt.datetime) -> list[Application]:
    """Flag every open application past its deadline (paused ones excepted) once, with a
    history row, and tell the MPP's supervisors."""
    candidates = (
        Application.objects.filter(
            status__in=[Status.SUBMITTED, Status.VERIFYING, Status.VERIFIED, Status.PROCESSING],
            escalated_at__isnull=True,
            due_date__lt=(now + dt.timedelta(days=1)).date(),
        )
        .select_related("mpp", "service", "version")
        .order_by("pk")
    )
    escalated = []
    for application in candidates:
        # due_date__lt above leaves out applications without a deadline
        if application.due_date is None or application.due_date >= sla.local_date(
            application.mpp, now
        ):
            continue
        with transaction.atomic():
            locked = _locked(application)
            if locked.escalated_at is not None or locked.due_date is None:
                continue
            locked.escalated_at = now
            locked.save(update_fields=["escalated_at"])
            WORKFLOW.record(locked, "escalate", locked.status, now=now)
            for supervisor in User.objects.filter(
                role=Role.SUPERVISOR, mpp=locked.mpp, is_active=True
            ).exclude(email=None):
                notify(
                    mpp=locked.mpp,
                    kind="application.escalated",
                    subject=_("Permohonan %(number)s melewati batas waktu")
                    % {"number": locked.tracking_number},
                    body=_(
                        "Permohonan %(number)s (%(service)s) melewati batas waktu %(due)s "
                        "dan belum selesai."
                    )
                    % {
                        "number": locked.tracking_number,
                        "service": locked.version.name,
                        "due": locked.due_date.isoformat(),
                    },
                    email=supervisor.email or "",
                    reference=locked.reference,
                )
            escalated.append(locked)
    return escalated
