"""The demo's issued documents: MPP Banyumas signs with its own chain (set up here before
the demo's applications reach "ready", so their documents are signed PAdES-B-LT at
issue), and one of them is revoked, so the verification page shows both answers."""

from __future__ import annotations

from django.conf import settings

from satupintu.accounts.models import Role, User
from satupintu.documents.models import DocumentStatus, IssuedDocument
from satupintu.documents.services import revoke_document
from satupintu.documents.signing import local
from satupintu.tenancy.models import Mpp

REVOKED_REASON = "Diganti dengan dokumen baru karena salah ketik alamat"


def prepare(mpp: Mpp) -> None:
    """The MPP's signing chain, when the local provider signs and it has none yet."""
    if getattr(settings, "DOCUMENT_SIGNER", "local") == "local" and not local.is_set_up(mpp.slug):
        local.create_chain(mpp_slug=mpp.slug, mpp_name=mpp.name)


def seed(mpp: Mpp) -> None:
    """Revoke the MPP's oldest document once (idempotent)."""
    documents = IssuedDocument.objects.filter(mpp=mpp).select_related("agency", "mpp")
    if documents.count() < 2 or documents.filter(status=DocumentStatus.REVOKED).exists():
        return
    document = documents.order_by("issued_at", "pk").last()
    if document is None:
        return
    officer = (
        User.objects.filter(role=Role.OFFICER, mpp=mpp, agency=document.agency)
        .order_by("pk")
        .first()
    )
    if officer is not None:
        revoke_document(user=officer, document=document, reason=REVOKED_REASON)


def summary(mpp: Mpp) -> list[dict]:
    """`seed_demo --json`: per MPP, its documents' verification codes and standing."""
    return [
        {
            "verification_code": d.code,
            "status": d.status,
            "number": d.number,
            "signed": d.signing_status == "signed",
        }
        for d in IssuedDocument.objects.filter(mpp=mpp).order_by("pk")
    ]
