"""Which signer signs an MPP's documents: settings.DOCUMENT_SIGNER ("local", the default)
when the MPP's chain is set up; None (the document is issued unsigned) otherwise."""

from __future__ import annotations

from django.conf import settings

from satupintu.documents.signing import local
from satupintu.documents.signing.base import DocumentSigner


def signer_for(mpp_slug: str) -> DocumentSigner | None:
    if getattr(settings, "DOCUMENT_SIGNER", "local") != "local":
        return None
    return local.LocalSigner(mpp_slug) if local.is_set_up(mpp_slug) else None
