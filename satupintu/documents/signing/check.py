"""Checking the signatures of a PDF with pyHanko's own validator, against the trust roots
of the MPP that issued it."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool
    valid: bool = False  # intact, the signature checks, the chain leads to the MPP's CA
    covers_whole_file: bool = False
    signer: str = ""
    signed_at: dt.datetime | None = None
    summary: str = ""


def check_signature(data: bytes, trust_roots: list) -> SignatureCheck:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except Exception:  # any unreadable file carries no signature we trust
        return SignatureCheck(signed=False)
    if not embedded:
        return SignatureCheck(signed=False)
    sig = embedded[-1]
    try:
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=trust_roots))
    except Exception as exc:  # a broken signature is an invalid one
        return SignatureCheck(signed=True, summary=type(exc).__name__)
    cert = status.signing_cert
    signer = cert.subject.native.get("common_name", "") if cert is not None else ""
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return SignatureCheck(
        signed=True,
        valid=bool(status.bottom_line) and whole,
        covers_whole_file=whole,
        signer=str(signer),
        signed_at=status.signer_reported_dt,
        summary=status.summary(),
    )
