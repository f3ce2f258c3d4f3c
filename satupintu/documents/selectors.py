"""Reads: the verdict on a verification code or an uploaded copy, and a document's bytes.

A verdict is "valid" or "revoked" for a document in the register whose bytes match what
was issued, "altered" when a copy names a document of the register (its verification
address is in the file) but its SHA-256 differs from the issued one, and "unknown" when
nothing ties the code or the file to a document.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.applications import files
from satupintu.core.identifiers import mask_nik
from satupintu.documents.models import DocumentStatus, IssuedDocument, SigningStatus
from satupintu.documents.signing.check import SignatureCheck, check_signature
from satupintu.documents.signing.registry import trust_roots

VALID, REVOKED, ALTERED, UNKNOWN = "valid", "revoked", "altered", "unknown"
_CODE_IN_FILE = re.compile(rb"/verifikasi/([0-9A-Z]{16})/")
CODE_PATTERN = r"^[0-9A-Za-z]{16}$"


@dataclass(frozen=True)
class Verdict:
    status: str
    document: IssuedDocument | None = None
    bytes_match: bool | None = None  # None: no file was compared (a code was looked up)
    signature: SignatureCheck | None = None  # None: the document was issued unsigned

    @property
    def purged(self) -> bool:
        """The PDF was destroyed past its retention: the record answers, without it."""
        return self.document is not None and self.document.purged_at is not None

    @property
    def holder_nik(self) -> str:
        return mask_nik(self.document.holder_nik) if self.document else ""


def _document(code: str) -> IssuedDocument | None:
    return (
        IssuedDocument.objects.select_related("mpp", "agency", "service")
        .filter(code=str(code).upper()[:32])
        .first()
    )


def _standing(document: IssuedDocument) -> str:
    return REVOKED if document.status == DocumentStatus.REVOKED else VALID


def _signature(document: IssuedDocument, data: bytes | None = None) -> SignatureCheck | None:
    """pyHanko's verdict on the signature of `data` (default: the issued bytes; none once
    they were purged past their retention)."""
    if document.signing_status != SigningStatus.SIGNED:
        return None
    if data is None and document.purged_at is not None:
        return None
    try:
        roots = trust_roots(document.signer, document.mpp.slug)
    except OSError:  # the chain is gone: nothing to trust
        return SignatureCheck(signed=True, summary="trust roots missing")
    return check_signature(document_bytes(document) if data is None else data, roots)


def verify_code(code: str) -> Verdict:
    document = _document(code)
    if document is None:
        return Verdict(UNKNOWN)
    return Verdict(_standing(document), document, signature=_signature(document))


def verify_bytes(data: bytes) -> Verdict:
    """The verdict on a copy: its SHA-256 against the register, else the code it names."""
    digest = hashlib.sha256(data).hexdigest()
    document = (
        IssuedDocument.objects.select_related("mpp", "agency", "service")
        .filter(sha256=digest)
        .first()
    )
    if document is not None:
        return Verdict(
            _standing(document), document, bytes_match=True, signature=_signature(document, data)
        )
    for found in _CODE_IN_FILE.finditer(data):
        document = _document(found.group(1).decode())
        if document is not None:
            return Verdict(
                ALTERED, document, bytes_match=False, signature=_signature(document, data)
            )
    return Verdict(UNKNOWN, bytes_match=False)


class Purged(Exception):
    """The document's PDF was destroyed past its retention (archive.py)."""


def purged_message() -> str:
    return _(
        "PDF dokumen ini sudah dimusnahkan karena masa retensi arsipnya berakhir; catatan "
        "penerbitannya tetap dan masih dapat diverifikasi."
    )


def document_bytes(document: IssuedDocument) -> bytes:
    if document.purged_at is not None:
        raise Purged(purged_message())
    with files.storage().open(document.storage_name, "rb") as fh:
        return fh.read()


def documents_of(user: User) -> QuerySet[IssuedDocument]:
    """The documents issued on a citizen's own applications, newest first (their "Beranda
    saya"; the wallet across MPPs is issue 20's item 4)."""
    return (
        IssuedDocument.objects.filter(application__user=user)
        .select_related("mpp")
        .order_by("-issued_at", "-pk")
    )


def waiting_for(user: User, *, limit: int = 200) -> list[IssuedDocument]:
    """Documents this officer may sign that wait for a signature (or whose signing is not
    certain), oldest first (the signing page)."""
    from satupintu.documents.access import can_sign
    from satupintu.documents.models import SigningStatus

    found = (
        IssuedDocument.objects.filter(
            signing_status__in=[SigningStatus.PENDING, SigningStatus.UNKNOWN],
            status=DocumentStatus.VALID,
        )
        .select_related("mpp", "agency")
        .order_by("issued_at", "pk")[: limit * 4]
    )
    return [d for d in found if can_sign(user, d)][:limit]
