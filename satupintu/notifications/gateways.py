"""Where SMS and WhatsApp messages go: a gateway chosen by `MESSAGE_GATEWAY_URL`.

- `local://` (default): nothing leaves the machine; the Message row is the record
  (admin → Pesan, or `messages_for(reference)`), so the whole system runs offline
  and tests exercise the same code path as production.
- `https://…`: a JSON POST to the provider's send endpoint with a bearer token
  (`MESSAGE_GATEWAY_TOKEN`): `{"to": "+628…", "channel": "whatsapp"|"sms",
  "message": "…", "reference": "…"}`; any 2xx is success and a JSON `"id"` in the
  answer is kept. Indonesian WhatsApp/SMS providers differ in field names; a thin
  relay or a subclass of `HttpGateway` adapts one.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings


class GatewayError(Exception):
    """The provider refused or could not be reached; the message stays retryable."""


class Gateway(Protocol):
    def send(self, *, to: str, channel: str, body: str, reference: str) -> str:
        """Send one message; return the provider's id (may be empty)."""
        ...


class LocalGateway:
    def send(self, *, to: str, channel: str, body: str, reference: str) -> str:
        return ""


@dataclass(frozen=True)
class HttpGateway:
    url: str
    token: str
    timeout: float = 10.0

    def send(self, *, to: str, channel: str, body: str, reference: str) -> str:
        payload = {"to": to, "channel": channel, "message": body, "reference": reference}
        request = urllib.request.Request(  # noqa: S310 — the operator configures an https URL
            self.url,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = response.read()
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise GatewayError(str(exc)[:300]) from exc
        try:
            return str(json.loads(answer or b"{}").get("id", ""))[:100]
        except (ValueError, AttributeError):
            return ""


def gateway() -> Gateway:
    url = settings.MESSAGE_GATEWAY_URL
    if url.startswith(("http://", "https://")):
        return HttpGateway(url=url, token=settings.MESSAGE_GATEWAY_TOKEN)
    return LocalGateway()
