"""The local payment simulator: a gateway in test mode that really works offline.

It draws the bill's dynamic QRIS itself (payments/qris.py) and, when a supervisor
simulates a payment, writes the notification a SNAP gateway sends ("Payment Notify QRIS
MPM": originalReferenceNo, originalPartnerReferenceNo, latestTransactionStatus "00",
amount {value, currency}) and signs it with its own RSA key (SNAP asymmetric signature,
providers/snap.py). The receiving side checks it exactly as a real gateway's, with the
simulator's public key. The key pair is made on first use under
DATA_DIR/payments/simulator-rsa.pem (never committed, never shown).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.utils.translation import gettext as _

from satupintu.payments import qris
from satupintu.payments.providers import snap
from satupintu.payments.providers.base import BillRef, CallbackRefused, Notice, Provider

PARTNER_ID = "SATUPINTU-SIM"
NOTIFY_PATH_NAME = "simulator"


def _key_path() -> Path:
    return Path(settings.DATA_DIR) / "payments" / "simulator-rsa.pem"


def private_key() -> rsa.RSAPrivateKey:
    """The simulator's key, made once; two first callers race on O_EXCL, the loser reads."""
    path = _key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
            return key
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise ValueError("the simulator key is not RSA")
    return loaded


@dataclass(frozen=True)
class SignedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def _rupiah(value: object) -> int:
    """SNAP's "12345.00" as whole rupiah; -1 when it is not a whole amount."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return -1
    if amount < 0 or amount != amount.to_integral_value():
        return -1
    return int(amount)


class SimulatorProvider(Provider):
    name = NOTIFY_PATH_NAME
    simulates = True

    def qris_payload(self, bill: BillRef) -> str:
        merchant = qris.Merchant(bill.merchant_name, bill.merchant_city, bill.nmid, bill.mcc)
        return qris.build_payload(merchant=merchant, amount=bill.amount, bill_number=bill.number)

    def notification(
        self, *, path: str, bill_number: str, amount: int, now: dt.datetime, payment_id: str = ""
    ) -> SignedRequest:
        """The signed notification of one payment of `amount` for the bill."""
        body = json.dumps(
            {
                "originalReferenceNo": payment_id or f"SIM{secrets.token_hex(8).upper()}",
                "originalPartnerReferenceNo": bill_number,
                "latestTransactionStatus": "00",
                "transactionStatusDesc": "Success",
                "amount": {"value": f"{int(amount)}.00", "currency": "IDR"},
                "additionalInfo": {"paidTime": now.isoformat(timespec="seconds")},
            },
            separators=(",", ":"),
        ).encode()
        timestamp = now.astimezone(dt.timezone(dt.timedelta(hours=7))).isoformat(timespec="seconds")
        headers = {
            "Content-Type": "application/json",
            "X-TIMESTAMP": timestamp,
            "X-SIGNATURE": snap.sign(private_key(), "POST", path, body, timestamp),
            "X-PARTNER-ID": PARTNER_ID,
            "X-EXTERNAL-ID": secrets.token_hex(12),
            "CHANNEL-ID": "95221",
        }
        return SignedRequest("POST", path, headers, body)

    def read_callback(
        self,
        *,
        method: str,
        path: str,
        headers: Mapping[str, str],
        body: bytes,
        now: dt.datetime,
    ) -> Notice:
        lower = {k.lower(): v for k, v in headers.items()}
        timestamp, signature = lower.get("x-timestamp", ""), lower.get("x-signature", "")
        if not timestamp or not signature:
            raise CallbackRefused(_("Tanda tangan atau waktu notifikasi tidak ada."))
        if not snap.timestamp_fresh(timestamp, now):
            raise CallbackRefused(_("Waktu notifikasi terlalu jauh dari waktu server."))
        try:
            valid = snap.verify(
                private_key().public_key(), signature, method, path, body, timestamp
            )
        except ValueError:  # the body is not JSON
            valid = False
        if not valid:
            raise CallbackRefused(_("Tanda tangan notifikasi tidak sah."))
        data = json.loads(body)
        amount = data.get("amount") if isinstance(data, dict) else None
        if (
            not isinstance(data, dict)
            or data.get("latestTransactionStatus") != "00"
            or not isinstance(amount, dict)
            or amount.get("currency") != "IDR"
        ):
            raise CallbackRefused(_("Isi notifikasi tidak dikenali."), status=422)
        payment_id = str(data.get("originalReferenceNo") or "")[:64]
        number = str(data.get("originalPartnerReferenceNo") or "")[:25]
        value = _rupiah(amount.get("value"))
        if not payment_id or not number or value < 0:
            raise CallbackRefused(_("Isi notifikasi tidak lengkap."), status=422)
        paid_at = now
        info = data.get("additionalInfo")
        if isinstance(info, dict) and isinstance(info.get("paidTime"), str):
            try:
                parsed = dt.datetime.fromisoformat(info["paidTime"])
                paid_at = parsed if parsed.tzinfo else now
            except ValueError:
                paid_at = now
        return Notice(
            provider_payment_id=payment_id,
            bill_number=number,
            amount=value,
            paid_at=paid_at,
            channel="qris",
        )
