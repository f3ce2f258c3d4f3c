"""SNAP's asymmetric signature of a notification (callback) request.

Source: Bank Indonesia / ASPI, Standar Nasional Open API Pembayaran (SNAP), "Spesifikasi
Keamanan" and the service specifications of payment notifications (e.g. "Payment Notify
QRIS MPM", "Payment Flag / Notify VA"), https://apidevportal.aspi-indonesia.or.id/ :

    X-SIGNATURE = base64( SHA256withRSA( private_key, stringToSign ) )
    stringToSign = HTTPMethod + ":" + EndpointUrl + ":"
                   + Lowercase(HexEncode(SHA-256(minify(RequestBody)))) + ":" + X-TIMESTAMP

with X-TIMESTAMP in ISO 8601 with the zone offset (`2026-12-07T10:00:00+07:00`), the
endpoint URL as its path (and query) without the host, and the body minified (JSON with no
whitespace outside strings). The receiver checks the signature with the sender's public
key and refuses a timestamp too far from its own clock (a replayed request).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

MAX_SKEW = dt.timedelta(minutes=5)


def minify(body: bytes) -> bytes:
    """The body as SNAP hashes it: the JSON with no whitespace between tokens."""
    return json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False).encode()


def string_to_sign(method: str, path: str, body: bytes, timestamp: str) -> bytes:
    digest = hashlib.sha256(minify(body)).hexdigest().lower()
    return f"{method.upper()}:{path}:{digest}:{timestamp}".encode()


def sign(
    private_key: rsa.RSAPrivateKey, method: str, path: str, body: bytes, timestamp: str
) -> str:
    signature = private_key.sign(
        string_to_sign(method, path, body, timestamp), padding.PKCS1v15(), hashes.SHA256()
    )
    return base64.b64encode(signature).decode()


def verify(
    public_key: rsa.RSAPublicKey,
    signature: str,
    method: str,
    path: str,
    body: bytes,
    timestamp: str,
) -> bool:
    """Whether `signature` is the sender's over this request; never raises."""
    try:
        raw = base64.b64decode(signature, validate=True)
        public_key.verify(
            raw, string_to_sign(method, path, body, timestamp), padding.PKCS1v15(), hashes.SHA256()
        )
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def timestamp_fresh(timestamp: str, now: dt.datetime) -> bool:
    try:
        at = dt.datetime.fromisoformat(timestamp)
    except ValueError:
        return False
    if at.tzinfo is None:
        return False
    return abs(now - at) <= MAX_SKEW


def load_public_key(pem: bytes) -> rsa.RSAPublicKey:
    key: Any = serialization.load_pem_public_key(pem)
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("not an RSA public key")
    return key
