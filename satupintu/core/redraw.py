"""A live page part redrawn by the server on the events of some channels (the pattern of
the floor view's and the console's streams, operations/floor_stream.py), for pages whose
live part is small: a citizen's bill ("lunas" the moment it is paid), an application's
tracking status, and the floor view itself. Each drawing is {event name: HTML}; a part
that changed is sent as a `core.sse.Fragment`, which htmx's SSE extension swaps in. A
drawing of None ends the stream (the viewer may no longer see it). Events that come
together redraw once after `throttle` seconds; `ignored` event types redraw nothing.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable

from satupintu.core import events
from satupintu.core.sse import Fragment, Message, StreamClosed, db

Drawing = dict[str, str] | None
REFRESH = 30.0  # seconds: drawn again when nothing happens (an expiry, a missed event)


class RedrawSource:
    def __init__(
        self,
        subscription: events.Subscription,
        draw: Callable[[], Awaitable[Drawing]],
        cursor: int,
        *,
        refresh: float = REFRESH,
        throttle: float = 0.0,
        ignored: frozenset[str] = frozenset(),
    ) -> None:
        self.subscription, self.draw, self.cursor = subscription, draw, cursor
        self.refresh, self.throttle, self.ignored = refresh, throttle, ignored
        self.pending: deque[Message] = deque()
        self.sent: dict[str, str] = {}
        self.drawn = 0.0
        self.due: float | None = None  # when to draw again because of an event

    async def next(self, timeout: float) -> Message | None:
        if self.pending:
            return self.pending.popleft()
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            due = self.drawn + self.refresh if self.due is None else self.due
            if due <= now:
                await self.redraw()
                if self.pending:
                    return self.pending.popleft()
                continue
            wait = min(deadline, due) - now
            if wait <= 0:
                return None
            try:
                event = await self.subscription.next(wait)
            except events.SubscriptionClosed:
                raise StreamClosed from None
            if event is not None and event.id > self.cursor and event.type not in self.ignored:
                self.cursor = event.id
                soonest = max(time.monotonic(), self.drawn + self.throttle)
                self.due = soonest if self.due is None else min(self.due, soonest)

    async def redraw(self) -> None:
        """Draw the live parts afresh and queue those that changed."""
        self.due, self.drawn = None, time.monotonic()
        drawing = await self.draw()
        if drawing is None:
            raise StreamClosed
        for name, html in drawing.items():
            if self.sent.get(name) != html:
                self.sent[name] = html
                self.pending.append(Fragment(self.cursor, name, html))

    def close(self) -> None:
        self.subscription.close()


async def open_redraw(
    channels: Iterable[str],
    draw: Callable[[], Awaitable[Drawing]],
    *,
    refresh: float = REFRESH,
    throttle: float = 0.0,
    ignored: frozenset[str] = frozenset(),
) -> RedrawSource | None:
    """The live part over `channels`, or None when the first drawing refuses."""
    bus = events.bus()
    if isinstance(bus, events.ListeningBus) and not bus.listening:
        await db(bus.start)  # a cross-process bus listens before the first stream
    subscription = events.subscribe(list(channels))  # before the first drawing: no gap
    source = RedrawSource(
        subscription, draw, bus.hub.last_id, refresh=refresh, throttle=throttle, ignored=ignored
    )
    try:
        await source.redraw()
    except StreamClosed:
        subscription.close()
        return None
    except BaseException:
        subscription.close()
        raise
    return source
