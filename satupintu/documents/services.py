"""Writes: issuing an application's product as a PDF document (signed PAdES-B-B when the
MPP's signing chain is set up: signing/registry.py), and revoking it.

Issuing runs inside the transaction that moves the application to "ready"
(applications.signals.application_ready): the number is taken from the agency's year
sequence under its row lock, so numbers are gap-free per agency and year; if anything
fails the move, the number and the document roll back with it (the stored PDF stays as
an orphan under a random name).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.applications import files
from satupintu.applications.models import Application, FormDefinition
from satupintu.applications.selectors import answer_rows
from satupintu.core.identifiers import mask_nik
from satupintu.core.links import citizen_link
from satupintu.documents import numbering, pdf
from satupintu.documents.access import can_revoke
from satupintu.documents.models import (
    DocumentSettings,
    DocumentStatus,
    IssuedDocument,
    SigningStatus,
)
from satupintu.documents.signing.base import DocumentSigner
from satupintu.documents.signing.registry import signer_for
from satupintu.notifications.models import CitizenKind
from satupintu.notifications.services import notify_citizen

LOCAL_BASE_URL = "http://localhost:8000"  # in the QR when SATUPINTU_PUBLIC_URL is not set


def verify_url(code: str) -> str:
    path = reverse("documents:verify-code", args=[code])
    return (settings.PUBLIC_URL or LOCAL_BASE_URL) + path


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _content(application: Application) -> list[list[str]]:
    definition = FormDefinition.objects.filter(service=application.service).first()
    rows = answer_rows(definition.fields if definition else [], application)
    return [[str(k), str(v)] for k, v in rows]


def _long_date(day: dt.date | None) -> str:
    if day is None:
        return _("Tanpa batas waktu")
    return formats.date_format(day, "j F Y")


@transaction.atomic
def issue_document(
    *, application: Application, user: User | None, now: dt.datetime | None = None
) -> IssuedDocument:
    """The application's product as a stored PDF with a gap-free number; issued once."""
    existing = IssuedDocument.objects.filter(application=application).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    mpp, service = application.mpp, application.service
    agency = service.agency
    local = now.astimezone(mpp.tzinfo)
    config = DocumentSettings.objects.filter(agency=agency).first()
    seq = numbering.next_seq(agency.pk, local.year)
    number = numbering.format_number(
        config.number_pattern if config else "",
        seq=seq,
        agency=agency.code,
        service=service.code,
        mpp=mpp.slug,
        month=local.month,
        year=local.year,
    )
    valid_until = (
        _add_years(local.date(), config.valid_years) if config and config.valid_years else None
    )
    code = numbering.new_code()
    content = _content(application)
    title = application.version.product or application.version.name
    with translation.override("id"):
        sheet = pdf.Sheet(
            issuer=agency.name,
            mpp=mpp.name,
            title=title,
            number=number,
            holder_name=application.applicant_name,
            holder_nik=mask_nik(application.applicant_nik),
            rows=[(k, v) for k, v in content]
            + [(_("Nomor permohonan"), application.tracking_number)],
            issued_on=_long_date(local.date()),
            valid_until=_long_date(valid_until),
            verify_url=verify_url(code),
            code=code,
            issued_at=now,
            labels={
                "number": _("Nomor"),
                "holder": _("Nama pemegang"),
                "nik": _("NIK"),
                "issued_on": _("Tanggal terbit"),
                "valid_until": _("Berlaku sampai"),
                "code": _("Kode verifikasi"),
                "qr_note": _(
                    "Pindai kode QR atau buka alamat di bawah untuk memeriksa keabsahan "
                    "dokumen ini. Dokumen elektronik ini diterbitkan melalui Mal Pelayanan "
                    "Publik."
                ),
            },
        )
        data = pdf.render(sheet)
        signer = signer_for(mpp.slug)
        if signer is not None and not signer.needs_officer:
            data = signer.sign(
                data,
                reason=_("Penerbitan %(title)s nomor %(number)s")
                % {"title": title, "number": number},
                location=mpp.name,
            )
    name = files.storage().save(f"documents/{mpp.pk}/{code}.pdf", ContentFile(data))
    document = IssuedDocument.objects.create(
        mpp=mpp,
        agency=agency,
        service=service,
        application=application,
        code=code,
        number=number,
        year=local.year,
        seq=seq,
        title=title[:300],
        holder_name=application.applicant_name,
        holder_nik=application.applicant_nik,
        content=content,
        issued_at=now,
        valid_until=valid_until,
        issued_by=user,
        signer=signer.name if signer is not None else "",
        signing_status=_signing_status_at_issue(signer),
        storage_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    transaction.on_commit(functools.partial(_tell_issued, document.pk))
    return document


def _tell_issued(document_id: int) -> None:
    """ "Dokumen terbit": the holder is told (their chosen channel), with the wallet's link."""
    document = (
        IssuedDocument.objects.select_related("application", "mpp").filter(pk=document_id).first()
    )
    application = document.application if document is not None else None
    if document is None or application is None:
        return
    values = {"title": document.title, "number": document.number, "mpp": document.mpp.name}
    notify_citizen(
        kind=CitizenKind.DOCUMENT_ISSUED,
        event_key=f"document:{document.pk}:issued",
        title=_("Dokumen terbit: %(title)s") % values,
        body=_(
            "%(title)s nomor %(number)s sudah terbit di %(mpp)s. Unduh atau bagikan dari "
            "Dokumen saya."
        )
        % values,
        url=citizen_link(reverse("documents:wallet")),
        user=application.user,
        phone=application.applicant_phone,
        email=application.applicant_email,
        mpp=document.mpp,
        reference=document.number,
    )


def _signing_status_at_issue(signer: DocumentSigner | None) -> str:
    if signer is None:
        return SigningStatus.NONE
    return SigningStatus.PENDING if signer.needs_officer else SigningStatus.SIGNED


def issue_for_ready_application(
    sender: Any, *, application: Application, user: User, **kwargs: Any
) -> None:
    """applications.signals.application_ready's receiver."""
    issue_document(application=application, user=user)


@transaction.atomic
def revoke_document(*, user: User, document: IssuedDocument, reason: str) -> IssuedDocument:
    """The issuing agency's officer or the MPP's supervisor revokes a document, with a
    reason; verification says so from the next request on."""
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if not can_revoke(user, document):
        raise PermissionDenied(_("Hanya petugas instansi penerbit yang dapat mencabut dokumen."))
    reason = " ".join(str(reason).split())[:500]
    if not reason:
        raise ValidationError({"reason": [_("Alasan pencabutan wajib diisi.")]})
    if document.status == DocumentStatus.REVOKED:
        raise ValidationError({"reason": [_("Dokumen ini sudah dicabut.")]})
    document.status = DocumentStatus.REVOKED
    document.revoked_at = timezone.now()
    document.revoked_reason = reason
    document.revoked_by = user
    document.save(update_fields=["status", "revoked_at", "revoked_reason", "revoked_by"])
    return document
