"""Writes: the signing officer signs issued documents that wait for them (a provider that
needs the officer's passphrase or one-time code each time: BSrE, signing/bsre.py).

Signing one document is three short steps, so no transaction is held open while the
signing service works: (1) under the row lock the document goes from "pending" to
"unknown" (sent); (2) the provider is called once, never retried by itself; (3) the
signed bytes are stored and the document becomes "signed". When the provider refuses
(wrong passphrase, bad file) or the request never left, the document goes back to
"pending" with the reason; when the request left and no answer came it stays "unknown"
until an officer checks it and decides to sign it again (`again=True`).

The officer's credentials are the re-authentication: BSrE checks the passphrase or code
itself. They live in this call's memory only (never logged, stored or queued).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.applications import files
from satupintu.documents.access import can_sign
from satupintu.documents.models import IssuedDocument, SigningBatch, SigningStatus
from satupintu.documents.selectors import document_bytes
from satupintu.documents.signing.bsre import (
    Credentials,
    SigningNotSent,
    SigningOutcomeUnknown,
    SigningRefused,
)
from satupintu.documents.signing.registry import signer_for

log = logging.getLogger(__name__)


def _claim(user: User, document: IssuedDocument, *, again: bool) -> IssuedDocument:
    with transaction.atomic():
        document = (
            IssuedDocument.objects.select_for_update()
            .select_related("mpp", "agency")
            .get(pk=document.pk)
        )
        if not can_sign(user, document):
            raise PermissionDenied(_("Hanya petugas instansi penerbit yang dapat menandatangani."))
        allowed = {SigningStatus.PENDING} | ({SigningStatus.UNKNOWN} if again else set())
        if document.signing_status not in allowed:
            if document.signing_status == SigningStatus.UNKNOWN:
                raise ValidationError(
                    _(
                        "Hasil penandatanganan %(number)s belum pasti. Periksa dahulu, lalu "
                        "tanda tangani ulang bila memang belum ditandatangani."
                    )
                    % {"number": document.number}
                )
            raise ValidationError(
                _("Dokumen %(number)s tidak menunggu tanda tangan.") % {"number": document.number}
            )
        document.signing_status, document.signing_error = SigningStatus.UNKNOWN, ""
        document.save(update_fields=["signing_status", "signing_error"])
    return document


def _back_to_pending(document: IssuedDocument, reason: str) -> None:
    IssuedDocument.objects.filter(pk=document.pk).update(
        signing_status=SigningStatus.PENDING, signing_error=reason[:200]
    )


@transaction.atomic
def _store_signed(document: IssuedDocument, user: User, data: bytes) -> IssuedDocument:
    name = files.storage().save(
        f"documents/{document.mpp_id}/{document.code}-ttd.pdf", ContentFile(data)
    )
    document.storage_name, document.sha256 = name, hashlib.sha256(data).hexdigest()
    document.signing_status, document.signing_error = SigningStatus.SIGNED, ""
    document.signed_by = user
    document.save(
        update_fields=["storage_name", "sha256", "signing_status", "signing_error", "signed_by"]
    )
    return document


def sign_document(
    *, user: User, document: IssuedDocument, credentials: Credentials, again: bool = False
) -> IssuedDocument:
    """Sign one waiting document with the officer's credentials; returns it, signed.

    Raises ValidationError for a refusal (the document waits again) and for an answer
    that never came (the document stays "unknown")."""
    document = _claim(user, document, again=again)
    signer = signer_for(document.mpp.slug)
    if signer is None or not signer.needs_officer:
        _back_to_pending(document, "no signer")
        raise ValidationError(_("Penanda tangan dokumen belum diatur untuk MPP ini."))
    try:
        signed = signer.sign(
            document_bytes(document),
            reason=_("Penerbitan %(title)s nomor %(number)s")
            % {"title": document.title, "number": document.number},
            location=document.mpp.name,
            credentials=credentials,
        )
    except SigningRefused as exc:
        _back_to_pending(document, str(exc))
        log.info("document %s: signing refused (%s)", document.code, exc)
        raise ValidationError(
            _("Penandatanganan ditolak: %(reason)s") % {"reason": str(exc)}
        ) from None
    except SigningNotSent as exc:
        _back_to_pending(document, str(exc))
        raise ValidationError(
            _("Layanan tanda tangan tidak dapat dihubungi. Tidak ada yang ditandatangani.")
        ) from None
    except SigningOutcomeUnknown as exc:
        IssuedDocument.objects.filter(pk=document.pk).update(signing_error=str(exc)[:200])
        log.warning("document %s: signing outcome unknown (%s)", document.code, exc)
        raise ValidationError(
            _(
                "Permintaan terkirim tetapi jawaban tidak datang. Status dokumen %(number)s "
                "belum pasti; periksa dahulu sebelum menandatangani ulang."
            )
            % {"number": document.number}
        ) from None
    return _store_signed(document, user, signed)


def waiting_documents(user: User, codes: Iterable[str]) -> list[IssuedDocument]:
    """The documents among `codes` that this officer may sign and that wait for it."""
    found = IssuedDocument.objects.select_related("mpp", "agency").filter(
        code__in=[str(c).upper() for c in codes], signing_status=SigningStatus.PENDING
    )
    return [d for d in found if can_sign(user, d)]


# The officer's credentials for a running batch, in this process's memory only: the task
# carries the batch id, never the secret. A worker in another process finds nothing here
# and stops the batch, asking the officer to sign again (docs/documents.md).
_CREDENTIALS: dict[int, Credentials] = {}
_CREDENTIALS_LOCK = threading.Lock()


def start_signing_batch(
    *, user: User, codes: Iterable[str], credentials: Credentials
) -> SigningBatch:
    """The officer signs many waiting documents in one act; the worker does the work."""
    documents = waiting_documents(user, codes)
    if not documents:
        raise ValidationError(_("Pilih dokumen yang menunggu tanda tangan."))
    if not credentials.nik or not (credentials.passphrase or credentials.totp):
        raise ValidationError(_("Isi NIK dan passphrase (atau kode sekali pakai) Anda."))
    with transaction.atomic():
        batch = SigningBatch.objects.create(
            mpp=documents[0].mpp,
            created_by=user,
            document_ids=[d.pk for d in documents],
            total=len(documents),
        )
        with _CREDENTIALS_LOCK:
            _CREDENTIALS[batch.pk] = credentials
        transaction.on_commit(functools.partial(run_signing_batch.enqueue, batch.pk))
    return batch


@task
def run_signing_batch(batch_id: int) -> str:
    """Sign a batch's documents one by one, counting progress; a refusal or an unknown
    outcome stops it (the same passphrase would fail again; nothing is retried)."""
    with _CREDENTIALS_LOCK:
        credentials = _CREDENTIALS.pop(batch_id, None)
    batch = SigningBatch.objects.select_related("created_by").get(pk=batch_id)
    if credentials is None or batch.created_by is None:
        SigningBatch.objects.filter(pk=batch_id).update(
            state=SigningBatch.State.STOPPED,
            message=_("Sesi penandatanganan berakhir. Tanda tangani ulang dokumen yang tersisa."),
        )
        return "stopped"
    documents = IssuedDocument.objects.select_related("mpp", "agency").in_bulk(batch.document_ids)
    for pk in batch.document_ids:
        document = documents.get(pk)
        try:
            if document is None:
                raise ValidationError(_("Dokumen tidak ditemukan."))
            sign_document(user=batch.created_by, document=document, credentials=credentials)
        except (ValidationError, PermissionDenied) as exc:
            SigningBatch.objects.filter(pk=batch_id).update(failed=F("failed") + 1)
            now = IssuedDocument.objects.filter(pk=pk).values_list(
                "signing_status", "signing_error"
            )
            status, error = now.first() or ("", "")
            if status == SigningStatus.UNKNOWN or (status == SigningStatus.PENDING and error):
                # the service refused, was unreachable or did not answer: the next
                # document would fare the same, and nothing is retried by itself
                SigningBatch.objects.filter(pk=batch_id).update(
                    state=SigningBatch.State.STOPPED,
                    message=" ".join(getattr(exc, "messages", [str(exc)]))[:300],
                )
                return "stopped"
        else:
            SigningBatch.objects.filter(pk=batch_id).update(done=F("done") + 1)
    SigningBatch.objects.filter(pk=batch_id).update(state=SigningBatch.State.FINISHED)
    return "finished"
