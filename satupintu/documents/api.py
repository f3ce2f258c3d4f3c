"""Verification over JSON, with no account: by the code on the QR, or by uploading a copy
(multipart field `file`). Both answer 200 with a status: valid, revoked, altered or
unknown (a code or file the register does not know is an answer, not an error)."""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt
from typing import Annotated, Literal

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Path, Router, Schema
from ninja.files import UploadedFile

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.applications import files
from satupintu.core.api import PUBLIC_ERRORS, ErrorOut
from satupintu.core.links import citizen_link
from satupintu.core.ratelimit import check_rate
from satupintu.documents import selectors, wallet

router = Router(tags=["Dokumen elektronik"])
VERIFY_RATE = getattr(settings, "DOCUMENT_VERIFY_RATE", "120/h")

Code = Annotated[
    str,
    Path(pattern=selectors.CODE_PATTERN, description="Kode verifikasi (16 huruf/angka)."),
]


class VerdictOut(Schema):
    status: Literal["valid", "revoked", "altered", "unknown"]
    issuer: str | None = None
    mpp: str | None = None
    signer: str | None = None  # the signing certificate's name; null when unsigned
    signed_at: dt.datetime | None = None
    timestamped_at: dt.datetime | None = None  # the RFC 3161 timestamp's time (B-T, B-LT)
    signature_level: Literal["B-B", "B-T", "B-LT"] | None = None  # PAdES baseline level
    signature_valid: bool | None = None  # pyHanko's validator; null when unsigned
    title: str | None = None
    number: str | None = None
    holder: str | None = None
    holder_nik: str | None = None  # masked
    issued_at: dt.datetime | None = None
    valid_until: dt.date | None = None
    revoked_at: dt.datetime | None = None
    revoked_reason: str | None = None
    sha256: str | None = None  # of the issued bytes
    bytes_match: bool | None = None  # null when no file was compared
    purged_at: dt.datetime | None = None  # the PDF was destroyed past its retention
    verification_url: str | None = None
    document_url: str | None = None


def _out(request: HttpRequest, verdict: selectors.Verdict) -> VerdictOut:
    doc = verdict.document
    if doc is None:
        return VerdictOut(status=verdict.status, bytes_match=verdict.bytes_match)  # type: ignore[arg-type]
    sig = verdict.signature
    return VerdictOut(
        status=verdict.status,  # type: ignore[arg-type]
        signer=(sig.signer or None) if sig else None,
        signed_at=sig.signed_at if sig else None,
        timestamped_at=sig.timestamped_at if sig else None,
        signature_level=(sig.level or None) if sig else None,  # type: ignore[arg-type]
        signature_valid=sig.valid if sig else None,
        issuer=doc.agency.name,
        mpp=doc.mpp.name,
        title=doc.title,
        number=doc.number,
        holder=doc.holder_name,
        holder_nik=verdict.holder_nik,
        issued_at=doc.issued_at,
        valid_until=doc.valid_until,
        revoked_at=doc.revoked_at,
        revoked_reason=doc.revoked_reason or None,
        sha256=doc.sha256,
        bytes_match=verdict.bytes_match,
        verification_url=citizen_link(reverse("documents:verify-code", args=[doc.code]), request),
        purged_at=doc.purged_at,
        document_url=None
        if verdict.purged
        else citizen_link(reverse("documents:download", args=[doc.code]), request),
    )


@router.get(
    "/documents/verify/{code}",
    response={200: VerdictOut, **PUBLIC_ERRORS},
    summary="Verifikasi dokumen dengan kodenya (dari QR)",
)
def verify_code(request: HttpRequest, code: Code):
    check_rate("documents-verify-api", request.META.get("REMOTE_ADDR", ""), VERIFY_RATE)
    return _out(request, selectors.verify_code(code))


@router.post(
    "/documents/verify",
    response={200: VerdictOut, **PUBLIC_ERRORS},
    summary="Verifikasi salinan dokumen (unggah PDF)",
)
def verify_file(
    request: HttpRequest,
    file: Annotated[UploadedFile, File(description="Berkas PDF dokumen yang diperiksa.")],
):
    check_rate("documents-verify-api", request.META.get("REMOTE_ADDR", ""), VERIFY_RATE)
    data = file.read(files.max_bytes() + 1)
    return _out(request, selectors.verify_bytes(data))


class ShareOut(Schema):
    id: int
    label: str
    expires_at: dt.datetime
    revoked_at: dt.datetime | None = None


class ReadOut(Schema):
    at: dt.datetime
    via: Literal["holder", "code", "share", "upload"]
    pdf: bool  # the PDF was downloaded (else the page was opened)
    share_label: str | None = None
    network: str  # the reader's address, truncated to /24 (/48)


class MyDocumentOut(Schema):
    code: str
    title: str
    number: str
    issuer: str
    mpp: str
    issued_at: dt.datetime
    valid_until: dt.date | None = None
    status: Literal["valid", "revoked"]
    signing_status: Literal["", "pending", "unknown", "signed"]
    verification_url: str
    download_url: str
    shares: list[ShareOut]
    reads: list[ReadOut]  # the latest, newest first


@router.get(
    "/me/documents",
    response={200: list[MyDocumentOut], 401: ErrorOut, 429: ErrorOut},
    auth=authenticated,
    summary="Dokumen saya: semua dokumen yang diterbitkan untuk warga (dompet dokumen)",
)
def my_documents(request: HttpRequest):
    out = []
    for d in wallet.wallet_of(acting_user(request)):
        reads = list(d.reads.all())[: wallet.READS_SHOWN]
        out.append(
            MyDocumentOut(
                code=d.code,
                title=d.title,
                number=d.number,
                issuer=d.agency.name,
                mpp=d.mpp.name,
                issued_at=d.issued_at,
                valid_until=d.valid_until,
                status=d.status,  # type: ignore[arg-type]
                signing_status=d.signing_status,  # type: ignore[arg-type]
                verification_url=citizen_link(
                    reverse("documents:verify-code", args=[d.code]), request
                ),
                download_url=citizen_link(
                    reverse("documents:wallet-download", args=[d.code]), request
                ),
                shares=[
                    ShareOut(
                        id=s.pk, label=s.label, expires_at=s.expires_at, revoked_at=s.revoked_at
                    )
                    for s in d.shares.all()
                ],
                reads=[
                    ReadOut(
                        at=r.at,
                        via=r.via,  # type: ignore[arg-type]
                        pdf=r.pdf,
                        share_label=(r.share.label or None) if r.share else None,
                        network=r.network,
                    )
                    for r in reads
                ],
            )
        )
    return out
