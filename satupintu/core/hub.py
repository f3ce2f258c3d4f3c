"""Every process's hub: the events it received, in id order, as the recent history of
each channel (for `Last-Event-ID` resume) and thread-safe listeners. `events.py` feeds it
from the bus and hands its events to the streams (docs/adr/0005-real-time.md)."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, NamedTuple

logger = logging.getLogger("satupintu.events")

HISTORY = 200  # events kept per channel for clients that reconnect


CHANNELS_KEPT = 20_000  # channels with a history (one per MPP board and per live ticket)


RESET = "_reset"  # hub signal: events may have been lost, consumers must start again


class Event(NamedTuple):
    """One published event."""

    id: int
    channel: str
    type: str
    data: dict[str, Any]


Listener = Callable[[Event], None]


def _kept(event: Event) -> tuple:
    """An event as the history keeps it: a plain tuple of plain values (its data as
    key-value pairs), which the garbage collector stops tracking after one pass. The
    history holds thousands of events, and every tracked object lengthens each full
    pass: a stall for every request in flight (docs/benchmarks.md)."""
    return (event.id, event.channel, event.type, tuple(event.data.items()))


def _unkept(kept: tuple) -> Event:
    event_id, channel, type_, items = kept
    return Event(event_id, channel, type_, dict(items))


class Hub:
    """The events this process received, in id order: history and listeners. Thread-safe.

    Listeners run under the hub's lock, so each sees events in order; they must not
    block (the async fan-out only schedules a callback on its event loop).
    """

    def __init__(self, floor: int = 0) -> None:
        self._lock = threading.RLock()
        self._history: OrderedDict[str, tuple[tuple, ...]] = OrderedDict()  # of Event
        self._evicted: dict[str, int] = {}  # channel -> newest id dropped from its history
        self._forgotten = 0  # newest id of any channel whose whole history was dropped
        self._listeners: dict[str, list[Listener]] = {}
        self.floor = floor  # every event with a larger id reaches this hub
        self.last_id = floor

    def deliver(self, event: Event) -> None:
        with self._lock:
            history = self._history.get(event.channel)
            if history is None:
                history = ()
                if len(self._history) >= CHANNELS_KEPT:
                    _channel, dropped = self._history.popitem(last=False)
                    self._evicted.pop(_channel, None)
                    if dropped:
                        self._forgotten = max(self._forgotten, dropped[-1][0])
            else:
                self._history.move_to_end(event.channel)
            if len(history) >= HISTORY:
                self._evicted[event.channel] = history[-HISTORY][0]
                history = history[1 - HISTORY :]
            self._history[event.channel] = (*history, _kept(event))
            self.last_id = max(self.last_id, event.id)
            for listener in self._listeners.get(event.channel, ()):
                try:
                    listener(event)
                except Exception:  # one broken listener must not starve the others
                    logger.exception("event listener failed on %s", event.channel)

    def subscribe(self, channel: str, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.setdefault(channel, []).append(listener)

        def unsubscribe() -> None:
            with self._lock:
                listeners = self._listeners.get(channel, [])
                if listener in listeners:
                    listeners.remove(listener)
                if not listeners:
                    self._listeners.pop(channel, None)

        return unsubscribe

    def since(self, channel: str, last_id: int) -> tuple[list[Event] | None, int]:
        """Events of `channel` after `last_id`, or None when some may be missing (the
        client needs a fresh snapshot); and the cursor: every event up to it has been
        delivered, so a stream forwards only later ones."""
        with self._lock:
            cursor = self.last_id
            history = self._history.get(channel)
            gap = (
                last_id < self.floor
                or last_id > self.last_id  # an id this hub never saw: another bus, or a restart
                or last_id < self._evicted.get(channel, 0)
                or (history is None and last_id < self._forgotten)
            )
            if gap:
                return None, cursor
            return [_unkept(e) for e in history or () if e[0] > last_id], cursor

    def channel_last_id(self, channel: str) -> int:
        """Id of the newest event of `channel` still known (0 when none)."""
        with self._lock:
            history = self._history.get(channel)
            return history[-1][0] if history else self._evicted.get(channel, 0)

    def reset(self, floor: int) -> None:
        """The feed restarted at `floor` and events before it may be lost: forget the
        history and tell every listener, whose streams then start again from a snapshot."""
        with self._lock:
            self._history.clear()
            self._evicted.clear()
            self._forgotten = 0
            self.floor = floor
            self.last_id = max(self.last_id, floor)
            for channel, listeners in list(self._listeners.items()):
                for listener in list(listeners):
                    listener(Event(self.last_id, channel, RESET, {}))
