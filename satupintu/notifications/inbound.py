"""Messages citizens send to an MPP's WhatsApp or SMS number, through the message gateway.

Two ways in, one path after:
- a provider (or the thin relay in front of it) POSTs each message to
  `/api/v1/mpps/{slug}/messages/inbound` with `Authorization: Bearer
  $MESSAGE_GATEWAY_TOKEN`: `{"from": "+628…", "channel": "whatsapp"|"sms",
  "message": "…", "id": "<provider's message id>", "name": "<profile name>"?}`;
- with the local gateway (`MESSAGE_GATEWAY_URL=local://`, the default) the simulator
  `satupintu simulate_message --mpp <slug> --from 0812… "…"` hands a message in.

Both call `receive`, which gives the message to the apps that registered a handler
(`on_message`; the complaints app turns it into a complaint). A handler answers on the
channel the message came by through the outbox like any other news, or returns a short
reply (a refusal, a hint) that `receive` queues back to the sender on that channel.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.core.identifiers import normalize_phone
from satupintu.notifications.models import Message, MessageChannel
from satupintu.notifications.services import _queue
from satupintu.tenancy.models import Mpp

PHONE_CHANNELS = (MessageChannel.WHATSAPP.value, MessageChannel.SMS.value)
MAX_TEXT = 4000


@dataclass(frozen=True)
class Inbound:
    mpp: Mpp
    sender: str  # normalised phone number
    channel: str  # whatsapp | sms: replies go back the same way
    text: str
    message_id: str  # the provider's id (or a digest of the message): one message, one effect
    name: str = ""  # the sender's profile name, when the provider gives one


Handler = Callable[[Inbound], str | None]
_handlers: list[Handler] = []


def on_message(handler: Handler) -> None:
    """Register `handler` (in an AppConfig.ready); registering it twice has no effect."""
    if handler not in _handlers:
        _handlers.append(handler)


@transaction.atomic
def receive(
    *, mpp: Mpp, sender: str, channel: str, text: str, message_id: str = "", name: str = ""
) -> list[Message]:
    """Hand one incoming message to the handlers; queue a handler's short reply back to the
    sender on the same channel. ValidationError (Indonesian) for a message that cannot be
    one: an unknown channel, a sender that is not a phone number, no text."""
    errors: dict[str, list[str]] = {}
    if channel not in PHONE_CHANNELS:
        errors["channel"] = [_("Saluran pesan harus whatsapp atau sms.")]
    try:
        sender = normalize_phone(sender)
    except ValidationError as exc:
        errors["from"] = exc.messages
    text = (text or "").strip()[:MAX_TEXT]
    if not text:
        errors["message"] = [_("Pesan kosong.")]
    if errors:
        raise ValidationError(errors)
    if not message_id:
        message_id = hashlib.sha256(f"{channel}:{sender}:{text}".encode()).hexdigest()[:40]
    message = Inbound(mpp, sender, channel, text, message_id[:100], (name or "").strip()[:120])
    queued: list[Message] = []
    for handler in _handlers:
        reply = handler(message)
        if reply:
            queued += _queue(
                [(channel, sender, None)],
                mpp=mpp,
                kind="inbound.reply",
                subject=_("Balasan %(mpp)s") % {"mpp": mpp.name},
                body=reply,
                reference=f"inbound:{message.message_id}",
                event_key=f"inbound:{channel}:{message.message_id}",
            )
    return queued
