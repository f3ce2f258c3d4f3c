"""The national CA's signing service as Indonesian agencies call it: BSrE's "eSign Client"
(Balai Sertifikasi Elektronik, BSSN). The signing officer's certificate lives at BSrE; the
officer's NIK and passphrase (or a one-time code, `totp`) unlock it for one call.

Two API versions, both with HTTP Basic authentication of the client application:

- v1: `POST /api/sign/pdf`, multipart: `file` (the PDF), `nik`, `passphrase`, `tampilan`
  (`invisible` or `visible`; visible adds `image`, `page`, `xAxis`, `yAxis`, `width`,
  `height`); the answer is the signed PDF itself (`application/pdf`).
- v2: `POST /api/v2/sign/pdf`, JSON: `nik`, `passphrase` (or `totp`),
  `signatureProperties[]` (`tampilan` `INVISIBLE`/`VISIBLE`, `location`, `reason`, …) and
  `file[]` (base64 PDFs); the answer is `{"file": [base64 signed PDFs]}`.
  Errors come as JSON with `error` (and BSrE's `status_code`).

Rules this client keeps (issue 20 item 2): a sign call is sent once and never retried by
itself; when the connection was made and no answer came (read timeout, connection lost)
the outcome is *unknown*, not failed; the passphrase lives only in this call's memory: it
is not logged, stored or put on a queue (Credentials hides it from repr()).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from satupintu.documents.signing.base import DocumentSigner


@dataclass(frozen=True)
class Credentials:
    """The signing officer's NIK and passphrase or one-time code, for one call only."""

    nik: str
    passphrase: str = field(default="", repr=False)
    totp: str = field(default="", repr=False)


class SigningRefused(Exception):
    """BSrE answered and refused (wrong passphrase, unknown NIK, bad file): nothing signed."""


class SigningNotSent(Exception):
    """The request never reached BSrE (no connection): nothing signed, safe to try again."""


class SigningOutcomeUnknown(Exception):
    """The request was sent and no answer came: it may or may not have been signed."""


def _refusal(response) -> SigningRefused:
    try:
        body = response.json()
        message = str(body.get("error") or body.get("message") or "")[:200]
    except ValueError:
        message = ""
    return SigningRefused(f"BSrE {response.status_code}: {message}".strip(": "))


class BsreSigner(DocumentSigner):
    name = "bsre"
    needs_officer = True  # each signature needs the officer's passphrase or one-time code

    def __init__(self, *, url: str = "", user: str = "", password: str = "", version: int = 0):
        self.url = (url or getattr(settings, "DOCUMENT_BSRE_URL", "")).rstrip("/")
        self.auth = (
            user or getattr(settings, "DOCUMENT_BSRE_USER", ""),
            password or getattr(settings, "DOCUMENT_BSRE_PASSWORD", ""),
        )
        self.version = version or int(getattr(settings, "DOCUMENT_BSRE_API_VERSION", 2))
        self.timeout = float(getattr(settings, "DOCUMENT_BSRE_TIMEOUT", 30))

    def trust_roots(self) -> list:
        from pyhanko.keys import load_cert_from_pemder

        roots = getattr(settings, "DOCUMENT_BSRE_TRUST_ROOTS", "")
        return [load_cert_from_pemder(path) for path in str(roots).split(",") if path.strip()]

    def sign(
        self,
        data: bytes,
        *,
        reason: str,
        location: str,
        credentials: Any = None,
    ) -> bytes:
        if not isinstance(credentials, Credentials):
            raise SigningRefused("BSrE needs the signing officer's NIK and passphrase")
        return self.sign_many([data], reason=reason, location=location, credentials=credentials)[0]

    def sign_many(
        self, files: list[bytes], *, reason: str, location: str, credentials: Credentials
    ) -> list[bytes]:
        """One call for several files (v2 takes them together; v1 signs one per call)."""
        if self.version == 1:
            return [self._v1(data, credentials) for data in files]
        return self._v2(files, reason=reason, location=location, credentials=credentials)

    def _post(self, path: str, **kwargs):
        import requests

        try:
            return requests.post(
                f"{self.url}{path}", auth=self.auth, timeout=self.timeout, **kwargs
            )
        except (requests.ConnectTimeout, requests.exceptions.InvalidURL) as exc:
            raise SigningNotSent(type(exc).__name__) from None
        except requests.ConnectionError as exc:
            if isinstance(exc, requests.ReadTimeout) or "Read timed out" in str(exc):
                raise SigningOutcomeUnknown(type(exc).__name__) from None
            if "Connection refused" in str(exc) or "Name or service not known" in str(exc):
                raise SigningNotSent(type(exc).__name__) from None
            raise SigningOutcomeUnknown(type(exc).__name__) from None
        except requests.Timeout as exc:  # read timeout: sent, no answer
            raise SigningOutcomeUnknown(type(exc).__name__) from None

    def _v1(self, data: bytes, credentials: Credentials) -> bytes:
        fields = {"nik": credentials.nik, "tampilan": "invisible"}
        if credentials.totp:
            fields["totp"] = credentials.totp
        else:
            fields["passphrase"] = credentials.passphrase
        response = self._post(
            "/api/sign/pdf", data=fields, files={"file": ("dokumen.pdf", data, "application/pdf")}
        )
        if response.status_code != 200 or not response.content.startswith(b"%PDF-"):
            raise _refusal(response)
        return response.content

    def _v2(
        self, files: list[bytes], *, reason: str, location: str, credentials: Credentials
    ) -> list[bytes]:
        body: dict = {
            "nik": credentials.nik,
            "signatureProperties": [
                {"tampilan": "INVISIBLE", "reason": reason, "location": location}
            ],
            "file": [base64.b64encode(data).decode("ascii") for data in files],
        }
        if credentials.totp:
            body["totp"] = credentials.totp
        else:
            body["passphrase"] = credentials.passphrase
        response = self._post("/api/v2/sign/pdf", json=body)
        if response.status_code != 200:
            raise _refusal(response)
        try:
            signed = [base64.b64decode(item) for item in response.json()["file"]]
        except (ValueError, KeyError, TypeError):
            raise SigningOutcomeUnknown("unreadable answer") from None
        if len(signed) != len(files):
            raise SigningOutcomeUnknown("answer has a different number of files")
        return signed
