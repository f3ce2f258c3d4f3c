"""The citizen's apply form as one step: create and submit the application, or answer
every error at once and keep the files that passed their check for the next try (so a
mistyped NIK never costs the citizen the files already chosen)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.applications import files as file_store
from satupintu.applications.models import Application
from satupintu.applications.services.common import requirement_key
from satupintu.applications.services.submission import (
    Applicant,
    create_application,
    online_service,
)
from satupintu.applications.signals import file_held
from satupintu.tenancy.models import Mpp


@dataclass
class Attempt:
    application: Application | None
    errors: dict[str, list[str]] = field(default_factory=dict)
    held: dict[str, file_store.HeldFile] = field(default_factory=dict)


def apply_online(
    *,
    user: User,
    mpp: Mpp,
    service_code: str,
    applicant: Applicant,
    fields: Mapping,
    conditions: Mapping,
    uploads: Mapping,
    held: Mapping[str, file_store.HeldFile],
) -> Attempt:
    """Submit the form. On errors nothing is created; every upload that passed its own
    check is held (replacing the one held before for that requirement) and returned with
    the errors. On success the held files become the application's and are let go."""
    try:
        application = create_application(
            user=user,
            mpp=mpp,
            service_code=service_code,
            applicant=applicant,
            fields=fields,
            conditions=conditions,
            uploads=uploads,
            held=held,
            submit=True,
        )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"form": exc.messages}
        return Attempt(None, errors, _hold(mpp, service_code, uploads, dict(held), errors))
    return Attempt(application)


def _hold(mpp: Mpp, service_code: str, uploads: Mapping, held: dict, errors: dict) -> dict:
    names = _requirement_names(mpp, service_code) if any(uploads.values()) else {}
    for key, upload in uploads.items():
        if upload is None or f"files.{key}" in errors:
            continue  # nothing chosen, or the file itself was refused
        try:
            upload.seek(0)
            checked = file_store.check_upload(upload)
        except (ValidationError, OSError, ValueError):
            continue
        before = held.get(key)
        held[key] = file_store.hold(checked, mpp_id=mpp.pk)
        if before is not None:
            file_store.discard([before.storage_name])
        # read like a file chosen before submitting, so the redrawn form can warn too
        file_held.send(
            sender=file_store.HeldFile,
            held=held[key],
            mpp=mpp,
            requirement=names.get(key, ""),
            sha256=checked.sha256,
        )
    return held


def _requirement_names(mpp: Mpp, service_code: str) -> dict[str, str]:
    try:
        service = online_service(mpp, service_code)
    except ValidationError:
        return {}
    version = service.current  # type: ignore[attr-defined]
    return {requirement_key(r): r.name for r in version.requirements.all()}


def hold_upload(
    *, mpp: Mpp, version, requirement: str, upload, before: file_store.HeldFile | None
) -> file_store.HeldFile:
    """One file of the form, chosen before submitting (htmx, on change): checked and held
    like the files of a failed try, replacing `before`, then announced with `file_held`
    (reading/apps.py reads it in the background to warn the citizen before submitting).
    ValidationError with the citizen's message when the file is refused."""
    found = next(
        (
            r
            for r in version.requirements.all()
            if r.uploadable and requirement_key(r) == requirement
        ),
        None,
    )
    if found is None:
        raise ValidationError(_("Persyaratan ini tidak menerima unggahan berkas."))
    if upload is None:
        raise ValidationError(_("Pilih berkas yang akan diunggah."))
    checked = file_store.check_upload(upload, allowed=found.file_types)
    held = file_store.hold(checked, mpp_id=mpp.pk)
    if before is not None:
        file_store.discard([before.storage_name])
    file_held.send(
        sender=file_store.HeldFile,
        held=held,
        mpp=mpp,
        requirement=found.name,
        sha256=checked.sha256,
    )
    return held
