"""The applicant's writes: create a draft (or submit at once), upload files, submit,
resubmit after a revision, withdraw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.applications import files as file_store
from satupintu.applications import sla
from satupintu.applications.formdef import clean_answers
from satupintu.applications.models import (
    Application,
    ApplicationFile,
    Decision,
    FormDefinition,
    Status,
)
from satupintu.applications.services.common import (
    current_files,
    locked_application,
    missing_among,
    missing_requirements,
    move,
    new_tracking_number,
    requirement_key,
    requirements_of,
    role_of,
    tell,
)
from satupintu.applications.signals import application_closed, file_stored
from satupintu.applications.workflow import WORKFLOW
from satupintu.catalog import conditions as catalog_conditions
from satupintu.catalog.models import Service
from satupintu.catalog.selectors import attach_current, services_in_force
from satupintu.core.errors import DomainError
from satupintu.core.identifiers import Nik, normalize_phone
from satupintu.tenancy.models import Mpp


@dataclass(frozen=True)
class Applicant:
    name: str
    phone: str
    nik: str = ""
    nib: str = ""
    email: str = ""


def asks_nib(service: Service) -> bool:
    """Whether the applicant may identify as a business (NIB): business licensing, or a
    standard whose requirements name the NIB. A KTP or a birth certificate asks for a NIK."""
    if service.category.slug == "perizinan-usaha":
        return True
    version = getattr(service, "current", None)
    return version is not None and any(
        "NIB" in r.name.upper().replace("-", " ").split() for r in version.requirements.all()
    )


def _clean_applicant(applicant: Applicant, *, nib_allowed: bool = True) -> dict[str, str]:
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
    if applicant.nib and not nib_allowed:
        errors["applicant.nib"] = [_("Layanan ini diajukan dengan NIK, bukan NIB.")]
    elif applicant.nib:
        nib = "".join(applicant.nib.split())
        if not (nib.isdigit() and len(nib) == 13):
            errors["applicant.nib"] = [_("NIB terdiri atas 13 angka.")]
        data["nib"] = nib
    if not applicant.nik and not applicant.nib:
        errors["applicant.nik"] = [
            _("Isi NIK pemohon (atau NIB untuk pelaku usaha).")
            if nib_allowed
            else _("Isi NIK pemohon.")
        ]
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


def create_application(
    *,
    user: User,
    mpp: Mpp,
    service_code: str,
    applicant: Applicant,
    fields: Mapping | None = None,
    conditions: Mapping | None = None,
    uploads: Mapping | None = None,
    held: Mapping[str, file_store.HeldFile] | None = None,
    submit: bool = False,
) -> Application:
    """A new application (a draft, or submitted at once when `submit`).

    `conditions` answers the standard's condition questions ({question: option}); they
    decide which requirements apply. `uploads` ({requirement key: file}) are checked, and
    `held` files (kept from an earlier try of the same form) are taken over. Every error
    (applicant, form, conditions, each file, each missing file) is reported at once, and
    a failure anywhere leaves neither an application nor a stored file behind."""
    if user.role != Role.CITIZEN:
        raise ValidationError({"user": [_("Permohonan daring diajukan dengan akun warga.")]})
    service = online_service(mpp, service_code)
    version = service.current  # type: ignore[attr-defined]
    errors: dict[str, list[str]] = {}
    person: dict[str, str] = {}
    try:
        person = _clean_applicant(applicant, nib_allowed=asks_nib(service))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    answers: dict = {}
    try:
        answers = clean_answers(form_fields(service), dict(fields or {}))
    except ValidationError as exc:
        errors.update({f"fields.{k}": v for k, v in exc.message_dict.items()})
    chosen: dict[str, str] | None = {}
    try:
        chosen = catalog_conditions.clean_answers(
            list(version.questions.all()), dict(conditions or {})
        )
    except ValidationError as exc:
        chosen = None
        errors.update(exc.message_dict)
    applying = (
        catalog_conditions.applicable(requirements_of(version), chosen)
        if chosen is not None
        else None
    )
    checked = _check_uploads(version, uploads or {}, errors, applying)
    kept = {k: h for k, h in (held or {}).items() if k not in checked}
    if applying is not None:
        kept = {k: h for k, h in kept.items() if k in {requirement_key(r) for r in applying}}
    if submit:
        # Unanswered questions: at least what applies in every case is known to be missing.
        due = (
            applying
            if applying is not None
            else [r for r in requirements_of(version) if not r.answers]
        )
        for r in missing_among(due, {*checked, *kept}):
            errors.setdefault(
                f"files.{requirement_key(r)}",
                [_("Berkas “%(name)s” belum diunggah.") % {"name": r.name}],
            )
    if errors:
        raise ValidationError(errors)
    for key, item in kept.items():
        checked[key] = file_store.take_held(item)
    stored: list[str] = []
    try:
        with transaction.atomic():
            application = _insert(user, mpp, service, version, person, answers, chosen or {})
            for key, one in checked.items():
                stored.append(_store_file(application, key, one))
            if submit:
                application = _submit(application, user=user)
            transaction.on_commit(
                lambda: file_store.discard([h.storage_name for h in kept.values()])
            )
        return application
    except BaseException:
        file_store.discard(stored)
        raise


def _check_uploads(version, uploads: Mapping, errors: dict, applying=None) -> dict:
    """Each upload checked; files for a requirement that does not apply to the answers
    given (a choice changed after picking a file) are left out, not refused."""
    slots = {requirement_key(r): r for r in requirements_of(version) if r.uploadable}
    wanted = None if applying is None else {requirement_key(r) for r in applying}
    checked = {}
    for key, upload in uploads.items():
        if upload is None:
            continue
        if key not in slots:
            errors[f"files.{key}"] = [_("Persyaratan ini tidak menerima unggahan.")]
            continue
        if wanted is not None and key not in wanted:
            continue
        try:
            checked[key] = file_store.check_upload(upload, allowed=slots[key].file_types)
        except ValidationError as exc:
            errors[f"files.{key}"] = exc.messages
    return checked


def _insert(user, mpp, service, version, person, answers, chosen) -> Application:
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
                    conditions=chosen,
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
    stored = ApplicationFile.objects.create(
        application=application,
        mpp_id=application.mpp_id,
        requirement_key=key,
        storage_name=name,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
    )
    transaction.on_commit(lambda: file_stored.send(sender=ApplicationFile, file=stored))
    return name


def add_file(*, user: User, application: Application, requirement: str, upload) -> ApplicationFile:
    """Upload (or replace) the file of one requirement: in a draft any uploadable one; while
    the officer asks for a revision only those the officer rejected."""
    if application.user_id != user.pk:
        role_of(user, application)  # 404 for strangers
        raise PermissionDenied(_("Hanya pemohon yang dapat mengunggah berkas."))
    errors: dict[str, list[str]] = {}
    applying = catalog_conditions.applicable(
        requirements_of(application.version), application.conditions
    )
    checked = _check_uploads(application.version, {requirement: upload}, errors, applying)
    if not errors and requirement not in checked:
        errors[f"files.{requirement}"] = [_("Persyaratan ini tidak berlaku untuk permohonan Anda.")]
    if errors:
        raise ValidationError(errors)
    stored: list[str] = []
    try:
        with transaction.atomic():
            application = locked_application(application)
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
    move(application, user=user, action="submit")
    now = timezone.now()
    application.submitted_at = now
    application.due_date = sla.due_date(application.mpp, application.version, now, 0)
    application.save()
    tell(
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
    return _submit(locked_application(application), user=user)


@transaction.atomic
def resubmit_application(*, user: User, application: Application, note: str = "") -> Application:
    """Needs revision → verifying, once every rejected file has been replaced. The service
    level clock runs again from today."""
    application = locked_application(application)
    still = [f for f in current_files(application).values() if f.decision == Decision.REJECTED]
    if still and application.status == Status.NEEDS_REVISION:
        raise ValidationError(
            {f"files.{f.requirement_key}": [_("Berkas ini belum diganti.")] for f in still}
        )
    move(application, user=user, action="resubmit", note=note)
    _resume_clock(application, timezone.now())
    application.save()
    return application


@transaction.atomic
def withdraw_application(*, user: User, application: Application, note: str = "") -> Application:
    """The applicant cancels (also while awaiting payment: the unpaid bill is cancelled in
    the same transaction, signals.application_closed)."""
    application = locked_application(application)
    move(application, user=user, action="withdraw", note=note)
    application.closed_at = timezone.now()
    application.paused_since = None
    application.save()
    application_closed.send(sender=Application, application=application, user=user)
    return application


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
