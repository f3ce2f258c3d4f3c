"""Checking the signature of a PDF with pyHanko's own validator, against the trust roots
of the MPP that issued it.

The level is read from the file (ETSI EN 319 142-1 §6): B-B (a PAdES signature), B-T (plus
an RFC 3161 signature timestamp in the unsigned attributes), B-LT (plus the chain and
revocation data in the document security store, DSS). B-T and B-LT are both accepted:
a B-LT signature is validated at its timestamp's time with the DSS's own revocation data
and no network ("hard-fail": revocation data that is missing or does not check fails
it), so it stays checkable after the CRL it carries has expired.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

B_B, B_T, B_LT = "B-B", "B-T", "B-LT"


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool
    valid: bool = False  # intact, the signature checks, the chain leads to the MPP's CA
    covers_whole_file: bool = False  # the signed revision, or it plus only a DSS update
    signer: str = ""
    signed_at: dt.datetime | None = None  # the signer's own claim
    timestamped_at: dt.datetime | None = None  # the TSA's time (B-T and up)
    level: str = ""  # B-B, B-T or B-LT
    summary: str = ""


def _timestamp_time(sig) -> dt.datetime | None:
    """genTime of the signature timestamp token (RFC 3161 §2.4.2), if there is one."""
    try:
        attrs = sig.signer_info["unsigned_attrs"]
        for attr in attrs or ():
            if attr["type"].native == "signature_time_stamp_token":
                token = attr["values"][0]
                info = token["content"]["encap_content_info"]["content"].parsed
                return info["gen_time"].native
    except (KeyError, ValueError, TypeError, AttributeError):
        return None
    return None


def check_signature(data: bytes, trust_roots: list) -> SignatureCheck:
    """pyHanko's verdict (run off any event loop of this thread: signing/base.py)."""
    from satupintu.documents.signing.base import off_the_loop

    return off_the_loop(lambda: _check(data, trust_roots))


def _check(data: bytes, trust_roots: list) -> SignatureCheck:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_regular_signatures
    except Exception:  # any unreadable file carries no signature we trust
        return SignatureCheck(signed=False)
    if not embedded:
        return SignatureCheck(signed=False)
    sig = embedded[-1]
    stamped_at = _timestamp_time(sig)
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # no DSS (B-B, B-T) or an unreadable one
        dss = None
    long_term = dss is not None and stamped_at is not None and bool(dss.crls or dss.ocsps)
    kwargs = {"trust_roots": trust_roots, "allow_fetching": False}
    try:
        if long_term and dss is not None:
            context = dss.as_validation_context(
                {
                    **kwargs,
                    "moment": stamped_at,
                    "revocation_mode": "hard-fail",
                    "retroactive_revinfo": True,
                }
            )
        else:
            context = ValidationContext(**kwargs)  # type: ignore[arg-type]
        status = validate_pdf_signature(sig, context, ValidationContext(**kwargs))  # type: ignore[arg-type]
    except Exception as exc:  # a broken signature is an invalid one
        return SignatureCheck(signed=True, summary=type(exc).__name__)
    cert = status.signing_cert
    signer = cert.subject.native.get("common_name", "") if cert is not None else ""
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level <= ModificationLevel.LTA_UPDATES
    )
    ts = status.timestamp_validity
    level = B_LT if long_term else (B_T if ts is not None else B_B)
    return SignatureCheck(
        signed=True,
        valid=bool(status.bottom_line) and whole,
        covers_whole_file=whole,
        signer=str(signer),
        signed_at=status.signer_reported_dt,
        timestamped_at=ts.timestamp if ts is not None else None,
        level=level,
        summary=status.summary(),
    )
