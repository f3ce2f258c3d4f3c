"""A live page part redrawn by the server on the events of some channels (the pattern of
the floor view's and the console's streams, operations/floor_stream.py), for pages whose
live part is small: a citizen's bill ("lunas" the moment it is paid), an application's
tracking status. Each drawing is {event name: HTML}; a part that changed is sent as a
`core.sse.Fragment`, which htmx's SSE extension swaps in. A drawing of None ends the
stream (the viewer may no longer see it).
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
        refresh: float = REFRESH,
    ) -> None:
        self.subscription, self.draw, self.cursor, self.refresh = (
            subscription,
            draw,
            cursor,
            refresh,
        )
        self.pending: deque[Message] = deque()
        self.sent: dict[str, str] = {}
        self.drawn = 0.0

    async def next(self, timeout: float) -> Message | None:
        if self.pending:
            return self.pending.popleft()
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            if self.drawn + self.refresh <= now:
                await self.redraw()
                if self.pending:
                    return self.pending.popleft()
                continue
            wait = min(deadline, self.drawn + self.refresh) - now
            if wait <= 0:
                return None
            try:
                event = await self.subscription.next(wait)
            except events.SubscriptionClosed:
                raise StreamClosed from None
            if event is not None and event.id > self.cursor:
                self.cursor = event.id
                await self.redraw()
                if self.pending:
                    return self.pending.popleft()

    async def redraw(self) -> None:
        self.drawn = time.monotonic()
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
    channels: Iterable[str], draw: Callable[[], Awaitable[Drawing]]
) -> RedrawSource | None:
    """The live part over `channels`, or None when the first drawing refuses."""
    bus = events.bus()
    if isinstance(bus, events.ListeningBus) and not bus.listening:
        await db(bus.start)
    subscription = events.subscribe(list(channels))  # before the first drawing: no gap
    source = RedrawSource(subscription, draw, bus.hub.last_id)
    try:
        await source.redraw()
    except StreamClosed:
        subscription.close()
        return None
    except BaseException:
        subscription.close()
        raise
    return source
