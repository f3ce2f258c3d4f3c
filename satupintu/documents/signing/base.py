"""What a signer does: sign a PDF (PAdES) and tell which certificates it trusts."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any


class DocumentSigner(ABC):
    name: str
    needs_officer = False  # True: each signature needs the officer's passphrase or code

    @abstractmethod
    def sign(self, data: bytes, *, reason: str, location: str, credentials: Any = None) -> bytes:
        """The PDF with a PAdES signature added (incremental update)."""

    @abstractmethod
    def trust_roots(self) -> list:
        """The CA certificates (asn1crypto) a signature by this signer chains to."""
