"""QRIS payloads for bills: the dynamic merchant-presented QR as QRIS uses EMVCo's format.

Source: EMV® QR Code Specification for Payment Systems, Merchant-Presented Mode (EMVCo,
v1.1), and ASPI's QRIS standard (Standar Nasional QR Code Pembayaran, PADG No.
21/18/PADG/2019 and its amendment PADG 24/1/PADG/2022) that profiles it:
tag 00 "01" (payload format), tag 01 "12" (point of initiation: dynamic, one amount for
one bill), tag 51 with GUID `ID.CO.QRIS.WWW` and the merchant's NMID in sub-tag 02,
tag 52 MCC, tag 53 "360" (ISO 4217 rupiah), tag 54 the amount, tag 58 "ID", tag 59/60
merchant name and city, tag 62 sub-tag 01 the bill number, and tag 63 the CRC-16/CCITT-
FALSE (polynomial 0x1021, initial 0xFFFF) over the whole payload up to and including
"6304", as four upper-case hex digits.

The TLV work is the `qriskit` library's (build, parse, validate); this module only says
what a bill's payload must carry and checks a provider's payload against the bill before
it is shown.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

import qriskit
import segno
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

POI_DYNAMIC = "12"
CURRENCY_IDR = "360"
NATIONAL_GUID = "ID.CO.QRIS.WWW"


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor): the CRC
    of tag 63. Kept here for the tests and for reading the spec, qriskit computes its own."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


@dataclass(frozen=True)
class Merchant:
    name: str
    city: str
    nmid: str
    mcc: str = "9399"  # government services


def build_payload(*, merchant: Merchant, amount: int, bill_number: str) -> str:
    """The dynamic QRIS payload of one bill (for the simulator and tests)."""
    static = qriskit.build(
        merchant_name=merchant.name.upper()[:25],
        merchant_city=merchant.city.upper()[:15],
        mcc=merchant.mcc,
        accounts=[qriskit.MerchantAccount.national(nmid=merchant.nmid)],
    )
    dynamic = static.to_dynamic(int(amount)).with_tag("62.01", bill_number)
    return dynamic.dumps()


@dataclass(frozen=True)
class Decoded:
    amount: int
    bill_number: str
    nmid: str
    currency: str
    point_of_initiation: str


def decode(payload: str) -> Decoded:
    """The fields of a payload that tie it to a bill; ValidationError when it is not a
    valid QRIS (broken TLV, wrong CRC, missing tags)."""
    try:
        parsed = qriskit.parse(payload, strict=True)
    except qriskit.QRISError as exc:
        raise ValidationError(
            _("Kode QRIS tidak sah: %(error)s") % {"error": exc}, code="qris_invalid"
        ) from None
    amount = parsed.amount if parsed.amount is not None else Decimal(0)
    return Decoded(
        amount=int(amount) if amount == amount.to_integral_value() else -1,
        bill_number=parsed.get("62.01") or "",
        nmid=parsed.nmid or "",
        currency=parsed.currency or "",
        point_of_initiation=parsed.get("01") or "",
    )


def check_payload(payload: str, *, amount: int, bill_number: str, nmid: str) -> Decoded:
    """A provider's payload is shown only if it is a valid dynamic QRIS for exactly this
    bill: the merchant's NMID, rupiah, the bill's amount and number."""
    found = decode(payload)
    problems = []
    if found.point_of_initiation != POI_DYNAMIC:
        problems.append(_("bukan QRIS dinamis"))
    if found.currency != CURRENCY_IDR:
        problems.append(_("mata uang bukan rupiah"))
    if found.nmid != nmid:
        problems.append(_("NMID bukan milik MPP"))
    if found.amount != amount:
        problems.append(_("jumlah tidak sama dengan tagihan"))
    if found.bill_number != bill_number:
        problems.append(_("nomor tagihan tidak sama"))
    if problems:
        raise ValidationError(
            _("Kode QRIS dari penyedia ditolak: %(problems)s.") % {"problems": ", ".join(problems)},
            code="qris_mismatch",
        )
    return found


def png(payload: str, *, scale: int = 6) -> bytes:
    """The payload drawn as a QR image (ASPI asks for at least 115×115 px)."""
    out = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
