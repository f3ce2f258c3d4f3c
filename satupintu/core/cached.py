"""Slowly changing reads kept in Django's cache, dropped when their tables change.

The issue and ticket paths read the same few rows on every request (a service and its
queue, the services its counters call, K of the priority rule, the name in force,
opening hours and closures). Building those statements costs more than running them
(docs/benchmarks.md), so their results are kept here under a *topic*. Any save or
delete of a model of the topic (`forget_on_change`) moves the topic to a new generation,
which every later read sees at once, in every process sharing the cache (Redis when
`CACHE_URL` names it). Two limits, both bounded by `READ_CACHE_SECONDS`: with the
default local-memory cache each process has its own generations, and a bulk
`QuerySet.update()` sends no signal.

Nothing that authorises a request (token, user, assignment, counter state, an MPP's
active flag) is read through here: those stay one live query each.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models.signals import post_delete, post_save

_MISSING = object()


def _generation(topic: str) -> str:
    key = f"read-gen:{topic}"
    generation = cache.get(key)
    if generation is None:
        cache.add(key, uuid.uuid4().hex, None)
        generation = cache.get(key) or "0"
    return generation


def cached_read[T](topic: str, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or its result kept since the topic last changed (at most
    `READ_CACHE_SECONDS` old). The result must pickle (rows, plain data)."""
    parts = ":".join(quote(str(part), safe="") for part in key)  # safe for any backend
    full_key = f"read:{topic}:{_generation(topic)}:{parts}"
    value: Any = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, settings.READ_CACHE_SECONDS)
    return value


def forget(topic: str) -> None:
    """Drop every kept read of `topic` (a new generation; old entries expire unread)."""
    cache.set(f"read-gen:{topic}", uuid.uuid4().hex, None)


def forget_on_change(topic: str, *watched: type[models.Model]) -> None:
    """Forget `topic` whenever a row of a watched model is saved or deleted. Called from
    an AppConfig.ready(); the receiver only invalidates, it decides nothing."""

    def receiver(**_kwargs: Any) -> None:
        forget(topic)

    for model in watched:
        uid = f"cached-read:{topic}:{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
