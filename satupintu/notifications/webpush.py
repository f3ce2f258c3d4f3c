"""Web Push: the server's VAPID key and one encrypted message to one browser (pywebpush).

The key pair identifies this server to the browsers' push services (RFC 8292). It is
made once at set-up by `satupintu webpush_keys` into the data directory
(`SATUPINTU_DATA_DIR/webpush_vapid.pem`, next to the other generated state), or given by
the operator in `WEBPUSH_VAPID_PRIVATE_KEY` (docs/notifications.md): every process and
node must use the same key, or browsers subscribed through one would refuse the others.
Without a key, push is off and citizens are told on their other channels.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

from satupintu.notifications.gateways import GatewayError


class SubscriptionGone(Exception):
    """The push service says the subscription no longer exists (404/410): forget it."""


@dataclass(frozen=True)
class PushPayload:
    """What the service worker's `push` handler shows (/sw.js): exactly these four keys."""

    title: str
    body: str
    url: str
    tag: str

    def to_json(self) -> str:
        data = {"title": self.title, "body": self.body, "url": self.url, "tag": self.tag}
        return json.dumps(data, ensure_ascii=False)


def key_file() -> Path:
    return Path(settings.WEBPUSH_VAPID_KEY_FILE)


def ensure_vapid_keys() -> tuple[Path | None, bool]:
    """Make the key file if there is neither a configured key nor a file: (path, made).
    The path is None when the key comes from the environment. Safe to run again."""
    if settings.WEBPUSH_VAPID_PRIVATE_KEY:
        return None, False
    path = key_file()
    if path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    vapid = Vapid02()
    vapid.generate_keys()
    pem = vapid.private_pem()
    try:  # O_EXCL: two set-ups at once keep the first key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path, False
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return path, True


def vapid_key() -> Vapid02 | None:
    """The server's VAPID key, or None when push is not set up."""
    configured = settings.WEBPUSH_VAPID_PRIVATE_KEY
    if configured:
        if configured.lstrip().startswith("-----BEGIN"):
            return Vapid02.from_pem(configured.encode())
        return Vapid02.from_string(configured)
    path = key_file()
    if not path.exists():
        return None
    return Vapid02.from_file(str(path))


def public_key(vapid: Vapid02 | None = None) -> str:
    """The applicationServerKey a browser subscribes with: the uncompressed P-256 point,
    base64url without padding; "" when push is not set up."""
    vapid = vapid or vapid_key()
    if vapid is None:
        return ""
    raw = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def send_push(*, endpoint: str, p256dh: str, auth: str, payload: PushPayload) -> str:
    """Encrypt `payload` for one browser (aes128gcm) and post it to its push service,
    signed with the VAPID key. SubscriptionGone on 404/410, GatewayError otherwise."""
    vapid = vapid_key()
    if vapid is None:
        raise GatewayError("Web Push belum disiapkan: jalankan `satupintu webpush_keys`.")
    try:
        response = webpush(
            {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}},
            data=payload.to_json(),
            vapid_private_key=vapid,
            vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
            ttl=settings.WEBPUSH_TTL_SECONDS,
            timeout=10.0,
        )
    except WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in (404, 410):
            raise SubscriptionGone(str(status)) from exc
        raise GatewayError(f"{status or ''} {exc.message}".strip()[:300]) from exc
    except (OSError, ValueError) as exc:  # requests' errors are OSErrors; bad keys ValueErrors
        raise GatewayError(str(exc)[:300]) from exc
    location = getattr(response, "headers", {}).get("Location", "")
    return str(location)[-100:]
