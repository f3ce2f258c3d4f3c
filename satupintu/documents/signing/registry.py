"""Which signer signs an MPP's documents (settings.DOCUMENT_SIGNER):

- "local" (the default): the MPP's own chain, signed at issue; None (the document is
  issued unsigned) while `satupintu setup_document_signing <mpp>` has not been run;
- "bsre": BSrE's eSign Client (signing/bsre.py); documents wait for the signing
  officer, who signs them one by one or in a batch with their passphrase or code.
"""

from __future__ import annotations

from django.conf import settings

from satupintu.documents.signing import local
from satupintu.documents.signing.base import DocumentSigner
from satupintu.documents.signing.bsre import BsreSigner


def signer_for(mpp_slug: str) -> DocumentSigner | None:
    chosen = getattr(settings, "DOCUMENT_SIGNER", "local")
    if chosen == BsreSigner.name:
        return BsreSigner()
    if chosen != local.LocalSigner.name:
        return None
    return local.LocalSigner(mpp_slug) if local.is_set_up(mpp_slug) else None


def trust_roots(signer_name: str, mpp_slug: str) -> list:
    """The CA certificates a document signed by `signer_name` must chain to."""
    if signer_name == BsreSigner.name:
        return BsreSigner().trust_roots()
    if signer_name == local.LocalSigner.name:
        return local.LocalSigner(mpp_slug).trust_roots()
    return []
