"""Tell a citizen something: one call, sent after commit on the channels they chose.

Callers describe *what* to say (`kind`, `subject`, `body`, `reference` such as
`booking:K7Q2-9XDM`); this module decides how: e-mail through Django's mailer, phone
numbers through the SMS/WhatsApp gateway (`gateways.py`), browsers through Web Push
(`webpush.py`). Sending happens in a Django task enqueued on commit, so a rolled-back
booking never sends a confirmation; with the default immediate task backend it runs at
once in the request, and a worker-backed task backend moves it out of the request unchanged.

`notify_citizen` is the entry point for an event in a citizen's life (called to a
counter, an application ready, a document issued, a complaint answered): it follows the
account's choice per kind (selectors.channel_for) and names the event, so one address hears one
event once on one channel however often and however concurrently it is queued (the
database's `message_once_per_event`). `notify` sends to the addresses given, as for a
visitor without an account.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.notifications.gateways import GatewayError, gateway
from satupintu.notifications.models import (
    CitizenKind,
    Message,
    MessageChannel,
    MessageStatus,
    NotificationPreference,
    Preference,
    PushSubscription,
)
from satupintu.notifications.selectors import channel_for
from satupintu.notifications.webpush import PushPayload, SubscriptionGone, send_push
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
    targets: list[tuple[str, str, PushSubscription | None]] = []
    if email:
        targets.append((MessageChannel.EMAIL, email, None))
    if phone:
        targets.append((settings.NOTIFY_PHONE_CHANNEL, phone, None))
    fields = {"mpp": mpp, "kind": kind, "subject": subject, "body": body, "reference": reference}
    return _queue(targets, **fields)


def notify_citizen(
    *,
    kind: CitizenKind,
    event_key: str,
    title: str,
    body: str,
    url: str = "",
    user: User | None = None,
    phone: str = "",
    email: str = "",
    mpp: Mpp | None = None,
    reference: str = "",
    message_kind: str = "",
    phone_channel: str = "",
) -> list[Message]:
    """Tell a citizen about one event (`event_key`, unique for it: `ticket:42:called`).

    With an account (`user`), the channel is the one they chose for `kind` (push to each
    of their browsers, WhatsApp/SMS, e-mail or nothing; `phone`/`email` given here win
    over the account's own); without one, every address given is used, as `notify` does.
    Returns the messages queued now: none for an event already queued to those addresses.
    The documents and complaints apps call this with DOCUMENT_ISSUED / COMPLAINT_ANSWERED.
    `phone_channel` (whatsapp | sms): the way this citizen wrote in (inbound.py), used for
    their phone instead of `NOTIFY_PHONE_CHANNEL`.
    """
    if user is None:
        targets = _addresses(phone=phone, email=email)
    else:
        choice = channel_for(user, kind)
        targets = _targets(user, choice, phone=phone or user.phone or "", email=email)
    if phone_channel:
        targets = [
            (phone_channel if channel == settings.NOTIFY_PHONE_CHANNEL else channel, to, sub)
            for channel, to, sub in targets
        ]
    fields = {
        "mpp": mpp,
        "kind": message_kind or kind,
        "subject": title,
        "body": body,
        "url": url,
        "reference": reference,
        "event_key": event_key,
    }
    return _queue(targets, **fields)


Target = tuple[str, str, PushSubscription | None]


def _addresses(*, phone: str, email: str) -> list[Target]:
    found: list[Target] = []
    if email:
        found.append((MessageChannel.EMAIL, email, None))
    if phone:
        found.append((settings.NOTIFY_PHONE_CHANNEL, phone, None))
    return found


def _targets(user: User, choice: str, *, phone: str, email: str) -> list[Target]:
    """Where a chosen channel leads; a channel without an address falls back to the next
    (push → phone → e-mail), so choosing push on a phone that later unsubscribed still
    reaches the citizen."""
    email = email or user.email or ""
    if choice == Preference.NONE:
        return []
    if choice == Preference.PUSH:
        subscriptions = list(PushSubscription.objects.filter(user=user).order_by("pk"))
        if subscriptions:
            return [(MessageChannel.PUSH, f"push:{s.pk}", s) for s in subscriptions]
        choice = Preference.PHONE
    if choice == Preference.PHONE and phone:
        return [(settings.NOTIFY_PHONE_CHANNEL, phone, None)]
    if email:
        return [(MessageChannel.EMAIL, email, None)]
    return [(settings.NOTIFY_PHONE_CHANNEL, phone, None)] if phone else []


def _queue(targets: list[Target], **fields) -> list[Message]:
    """One Message per target, each delivered after commit. A target that already has the
    event (`message_once_per_event`) is skipped: its insert fails in a savepoint, also when
    another transaction queued it a moment earlier (PostgreSQL waits for that one to commit;
    SQLite's IMMEDIATE transactions run one writer at a time)."""
    fields["subject"] = fields["subject"][:200]
    fields["reference"] = fields["reference"][:80]
    messages = []
    for channel, recipient, subscription in targets:
        row = Message(channel=channel, recipient=recipient, subscription=subscription, **fields)
        if not row.event_key:
            row.save(force_insert=True)
        else:
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                continue
        messages.append(row)
    for message in messages:
        transaction.on_commit(functools.partial(deliver_message.enqueue, message.pk))
    return messages


@task
def deliver_message(message_id: int) -> str:
    """Send one queued message; failures are recorded and retried by `retry_failed`.

    The row is claimed first (status `sending`, one attempt more) by a conditional update
    that only one worker can win, so two workers that pick up the same message send it once."""
    message = Message.objects.filter(pk=message_id, status__in=_SENDABLE).first()
    if message is None:
        return "skipped"
    claimed = Message.objects.filter(
        pk=message.pk, status=message.status, attempts=message.attempts
    ).update(status=MessageStatus.SENDING, attempts=message.attempts + 1)
    if not claimed:
        return "skipped"
    message.attempts += 1
    try:
        message.provider_id = _send(message)
    except SubscriptionGone:
        _forget_subscription(message)
        message.status, message.error = MessageStatus.FAILED, "subscription gone (404/410)"
        message.attempts = max(message.attempts, MAX_ATTEMPTS)  # nobody to retry for
    except (GatewayError, OSError) as exc:
        message.status, message.error = MessageStatus.FAILED, str(exc)[:300]
        _push_failed(message)
    else:
        message.status, message.error, message.sent_at = MessageStatus.SENT, "", timezone.now()
        _push_succeeded(message)
    message.save(update_fields=["attempts", "provider_id", "status", "error", "sent_at"])
    return message.status


_SENDABLE = (MessageStatus.QUEUED, MessageStatus.FAILED)


def _send(message: Message) -> str:
    if message.channel == MessageChannel.PUSH:
        subscription = message.subscription
        if subscription is None:
            raise SubscriptionGone("unsubscribed")
        payload = PushPayload(
            title=message.subject,
            body=message.body,
            url=message.url,
            tag=message.event_key or message.reference or message.kind,
        )
        return send_push(
            endpoint=subscription.endpoint,
            p256dh=subscription.p256dh,
            auth=subscription.auth,
            payload=payload,
        )
    if message.channel == MessageChannel.EMAIL:
        body = message.body
        if message.url and message.url not in body:
            body = f"{body}\n\n{message.url}"
        send_mail(message.subject, body, None, [message.recipient])
        return ""
    return gateway().send(
        to=message.recipient,
        channel=message.channel,
        body=message.body,
        reference=message.reference,
    )


def _forget_subscription(message: Message) -> None:
    if message.subscription_id is not None:
        PushSubscription.objects.filter(pk=message.subscription_id).delete()
        message.subscription = None


def _push_failed(message: Message) -> None:
    if message.subscription_id is not None:
        PushSubscription.objects.filter(pk=message.subscription_id).update(
            failure_count=F("failure_count") + 1
        )


def _push_succeeded(message: Message) -> None:
    if message.subscription_id is not None:
        PushSubscription.objects.filter(pk=message.subscription_id).update(
            last_success_at=message.sent_at, failure_count=0
        )


# A message still `sending` this long after it was queued lost its worker (a crash between
# the claim and the result): it is tried again, at the risk of a second copy.
STUCK_AFTER = dt.timedelta(minutes=30)


def retry_failed() -> int:
    """Send again the messages that failed fewer than MAX_ATTEMPTS times (a periodic job)."""
    stuck = Q(status=MessageStatus.SENDING, created_at__lt=timezone.now() - STUCK_AFTER)
    Message.objects.filter(stuck).update(status=MessageStatus.FAILED, error="stuck in sending")
    pending = Message.objects.filter(status=MessageStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
    ids = list(pending.values_list("pk", flat=True)[:200])
    for pk in ids:
        deliver_message.enqueue(pk)
    return len(ids)


# --- a citizen's browsers and choices ------------------------------------------------


def _key_bytes(value: str) -> bytes | None:
    """base64url (padding optional) to bytes, or None when it is not base64url."""
    if not value or any(c not in _B64URL for c in value.rstrip("=")):
        return None
    try:
        return base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        return None


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _endpoint_allowed(endpoint: str) -> bool:
    """An https push service; plain http only to a loopback address, and only where the
    settings allow it (development and tests)."""
    try:
        parts = urlsplit(endpoint)
        host = parts.hostname or ""
    except ValueError:
        return False
    if not host or parts.username or parts.password:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None  # a name, as push services have
    if parts.scheme == "https":
        # an address in the MPP's own network is no push service (the server would post to it)
        return address is None or address.is_global
    if parts.scheme != "http" or not settings.WEBPUSH_ALLOW_LOOPBACK_HTTP:
        return False
    return host == "localhost" or (address is not None and address.is_loopback)


def _check_subscription(endpoint: str, p256dh: str, auth: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    if len(endpoint) > 1000 or not _endpoint_allowed(endpoint):
        errors["endpoint"] = [_("Alamat layanan notifikasi harus berupa URL https.")]
    key = _key_bytes(p256dh)
    if key is None or len(key) != 65 or key[0] != 4:
        errors["keys.p256dh"] = [
            _("Kunci p256dh harus titik P-256 tak terkompresi (65 bita) dalam base64url.")
        ]
    secret = _key_bytes(auth)
    if secret is None or len(secret) != 16:
        errors["keys.auth"] = [_("Kunci auth harus 16 bita dalam base64url.")]
    if errors:
        raise ValidationError(errors, code="bad_subscription")
    return p256dh.rstrip("="), auth.rstrip("=")


@transaction.atomic
def subscribe_push(
    *, user: User, endpoint: str, p256dh: str, auth: str, label: str = ""
) -> tuple[PushSubscription, bool]:
    """Keep one browser's push subscription for `user`: (subscription, created). The same
    endpoint again updates its keys and owner (a browser that re-subscribed, or another
    person signed in on the same phone); ValidationError for a bad endpoint or keys."""
    p256dh, auth = _check_subscription(endpoint, p256dh, auth)
    label = " ".join(label.split())[:120]
    subscription, created = PushSubscription.objects.select_for_update().get_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "label": label},
    )
    if not created:
        subscription.user, subscription.p256dh, subscription.auth = user, p256dh, auth
        subscription.label = label or subscription.label
        subscription.failure_count = 0
        subscription.save(update_fields=["user", "p256dh", "auth", "label", "failure_count"])
    return subscription, created


@transaction.atomic
def unsubscribe_push(*, user: User, endpoint: str) -> bool:
    """Forget one of `user`'s browsers; False when it was not theirs (or not known)."""
    deleted, _rows = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted > 0


@transaction.atomic
def set_preferences(*, user: User, choices: dict[str, str]) -> dict[str, str]:
    """Store `user`'s channel per kind (kinds left out keep theirs); ValidationError for an
    unknown kind or channel. Returns the kinds stored."""
    errors = {
        kind: [_("Pilihan saluran tidak dikenal.")]
        for kind, channel in choices.items()
        if kind not in CitizenKind.values or channel not in Preference.values
    }
    if errors:
        raise ValidationError(errors, code="bad_preference")
    for kind, channel in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"channel": channel}
        )
    return choices
