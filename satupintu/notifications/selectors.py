from __future__ import annotations

from django.db.models import QuerySet

from satupintu.notifications.models import Message


def messages_for(reference: str) -> QuerySet[Message]:
    """Everything sent (or queued) about one thing, newest first, e.g. `booking:K7Q2-9XDM`."""
    return Message.objects.filter(reference=reference).order_by("-created_at", "-pk")
