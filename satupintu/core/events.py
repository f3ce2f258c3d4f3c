"""The event bus: services publish small events after commit; streams deliver them.

`publish(channel, event)` is the only call domain code makes. It defers to
`transaction.on_commit`, so a rolled-back change never reaches a screen. The
implementation comes from EVENT_BUS_URL: `inprocess://` (the embedded default,
one process) keeps a per-channel history for Last-Event-ID resume; cross-process
buses (PostgreSQL LISTEN/NOTIFY, Redis) plug in behind the same interface.
"""

from __future__ import annotations

import itertools
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

HISTORY = 200  # events kept per channel for clients that reconnect


@dataclass(frozen=True)
class Event:
    id: int
    channel: str
    type: str
    data: dict[str, Any]


Listener = Callable[[Event], None]


@dataclass
class InProcessBus:
    """Fan-out inside one process; thread-safe, listeners must not block."""

    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _history: dict[str, deque[Event]] = field(
        default_factory=lambda: defaultdict(lambda: deque(maxlen=HISTORY))
    )
    _listeners: dict[str, list[Listener]] = field(default_factory=lambda: defaultdict(list))

    def send(self, channel: str, type_: str, data: dict[str, Any]) -> Event:
        with self._lock:
            event = Event(next(self._ids), channel, type_, data)
            self._history[channel].append(event)
            listeners = list(self._listeners[channel])
        for listener in listeners:
            listener(event)
        return event

    def subscribe(self, channel: str, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners[channel].append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners[channel]:
                    self._listeners[channel].remove(listener)

        return unsubscribe

    def since(self, channel: str, last_id: int) -> list[Event]:
        """Events after `last_id` still in the history (for Last-Event-ID resume)."""
        with self._lock:
            return [e for e in self._history[channel] if e.id > last_id]


_bus: InProcessBus | None = None


def bus() -> InProcessBus:
    global _bus
    if _bus is None:
        url = settings.EVENT_BUS_URL
        if not url.startswith("inprocess://"):
            raise NotImplementedError(f"event bus {url!r} is not available yet")
        _bus = InProcessBus()
    return _bus


def publish(channel: str, type_: str, data: dict[str, Any]) -> None:
    """Send the event once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: bus().send(channel, type_, data))
