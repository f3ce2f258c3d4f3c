"""Tell a citizen something: one call, every channel they gave, sent after commit.

Callers describe *what* to say (`kind`, `subject`, `body`, `reference` such as
`booking:K7Q2-9XDM`); this module decides how: e-mail through Django's mailer,
phone numbers through the SMS/WhatsApp gateway (`gateways.py`). Sending happens
in a Django task enqueued on commit, so a rolled-back booking never sends a
confirmation; with the default immediate task backend it runs at once in the
request, and a worker-backed task backend moves it out of the request unchanged.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from satupintu.notifications.gateways import GatewayError, gateway
from satupintu.notifications.models import Message, MessageChannel, MessageStatus
from satupintu.tenancy.models import Mpp

MAX_ATTEMPTS = 3


def notify(
    *,
    mpp: Mpp | None,
    kind: str,
    subject: str,
    body: str,
    phone: str = "",
    email: str = "",
    reference: str = "",
) -> list[Message]:
    """Queue one message per address given; each is sent once the transaction commits."""
    targets: list[tuple[str, str]] = []
    if email:
        targets.append((MessageChannel.EMAIL, email))
    if phone:
        targets.append((settings.NOTIFY_PHONE_CHANNEL, phone))
    messages = [
        Message.objects.create(
            mpp=mpp,
            kind=kind,
            channel=channel,
            recipient=to,
            subject=subject[:200],
            body=body,
            reference=reference[:80],
        )
        for channel, to in targets
    ]
    for message in messages:
        transaction.on_commit(functools.partial(deliver_message.enqueue, message.pk))
    return messages


@task
def deliver_message(message_id: int) -> str:
    """Send one queued message; failures are recorded and retried by `retry_failed`."""
    message = Message.objects.filter(pk=message_id, status__in=_SENDABLE).first()
    if message is None:
        return "skipped"
    message.attempts += 1
    try:
        message.provider_id = _send(message)
    except (GatewayError, OSError) as exc:
        message.status, message.error = MessageStatus.FAILED, str(exc)[:300]
    else:
        message.status, message.error, message.sent_at = MessageStatus.SENT, "", timezone.now()
    message.save(update_fields=["attempts", "provider_id", "status", "error", "sent_at"])
    return message.status


_SENDABLE = (MessageStatus.QUEUED, MessageStatus.FAILED)


def _send(message: Message) -> str:
    if message.channel == MessageChannel.EMAIL:
        send_mail(message.subject, message.body, None, [message.recipient])
        return ""
    return gateway().send(
        to=message.recipient,
        channel=message.channel,
        body=message.body,
        reference=message.reference,
    )


def retry_failed() -> int:
    """Send again the messages that failed fewer than MAX_ATTEMPTS times (a periodic job)."""
    pending = Message.objects.filter(status=MessageStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
    ids = list(pending.values_list("pk", flat=True)[:200])
    for pk in ids:
        deliver_message.enqueue(pk)
    return len(ids)
