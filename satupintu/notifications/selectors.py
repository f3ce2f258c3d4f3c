from __future__ import annotations

from django.db.models import QuerySet

from satupintu.accounts.models import User
from satupintu.notifications.models import (
    CitizenKind,
    Message,
    NotificationPreference,
    Preference,
    PushSubscription,
)


def messages_for(reference: str) -> QuerySet[Message]:
    """Everything sent (or queued) about one thing, newest first, e.g. `booking:K7Q2-9XDM`."""
    return Message.objects.filter(reference=reference).order_by("-created_at", "-pk")


def default_channel(user: User, *, subscribed: bool) -> str:
    """Without a choice: push on a subscribed browser, else the phone, else e-mail."""
    if subscribed:
        return Preference.PUSH
    if user.phone or not user.email:
        return Preference.PHONE
    return Preference.EMAIL


def channel_for(user: User, kind: str) -> str:
    """The channel `user` chose for `kind`, or the default (two small queries)."""
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("channel", flat=True)
        .first()
    )
    if chosen is not None:
        return chosen
    subscribed = PushSubscription.objects.filter(user=user).exists()
    return default_channel(user, subscribed=subscribed)


def preferences_of(user: User) -> dict[str, str]:
    """Every kind with the channel in force for `user` (chosen or default), in kind order."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    fallback = default_channel(user, subscribed=PushSubscription.objects.filter(user=user).exists())
    return {kind: chosen.get(kind, fallback) for kind in CitizenKind.values}


def subscriptions_of(user: User) -> QuerySet[PushSubscription]:
    return PushSubscription.objects.filter(user=user).order_by("-created_at", "-pk")


def event_keys_queued(keys: list[str]) -> set[str]:
    """Which of these event keys already have a message (one query)."""
    if not keys:
        return set()
    found = Message.objects.filter(event_key__in=keys).values_list("event_key", flat=True)
    return set(found)
