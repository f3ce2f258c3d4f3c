"""The floor view's live stream (`/staf/lantai/events`, docs/adr/0005-real-time.md).

The same pattern as the counter console's stream (queueing/board/streams.py): the server
draws the page's live parts again and sends each part that changed as an HTML fragment
(`core.sse.Fragment`), which htmx's SSE extension swaps in. The floor is redrawn on every
event of the MPP's channel (every ticket's move and every counter's mode change), at most
every FLOOR_THROTTLE seconds when events come together, and every FLOOR_REFRESH seconds
when nothing happens, so the longest wait and the idle counters move on by themselves.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable

from satupintu.core import events
from satupintu.core.sse import Fragment, Message, StreamClosed, db

FLOOR_THROTTLE = 0.5  # seconds: events that come together redraw the floor once
FLOOR_REFRESH = 30.0  # seconds: the waits move on when nothing happens
IGNORED = frozenset({"notice"})  # the board's running text changes nothing on the floor

# One drawing: the HTML of each live part by its event name, or None when the viewer may
# no longer watch the floor (the stream ends).
Drawing = dict[str, str] | None


class FloorSource:
    def __init__(
        self,
        subscription: events.Subscription,
        draw: Callable[[], Awaitable[Drawing]],
        cursor: int,
    ) -> None:
        self.subscription, self.draw, self.cursor = subscription, draw, cursor
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
            due = self.drawn + FLOOR_REFRESH if self.due is None else self.due
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
            if event is not None and event.id > self.cursor and event.type not in IGNORED:
                self.cursor = event.id
                soonest = max(time.monotonic(), self.drawn + FLOOR_THROTTLE)
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


async def open_floor(mpp_id: int, draw: Callable[[], Awaitable[Drawing]]) -> FloorSource | None:
    """The live floor of an MPP (allowed by the caller), or None when `draw` refuses."""
    bus = events.bus()
    if isinstance(bus, events.ListeningBus) and not bus.listening:
        await db(bus.start)  # a cross-process bus listens before the first stream
    subscription = events.subscribe([f"mpp:{mpp_id}"])  # before the first drawing: no gap
    source = FloorSource(subscription, draw, bus.hub.last_id)
    try:
        await source.redraw()
    except StreamClosed:
        subscription.close()
        return None
    except BaseException:
        subscription.close()
        raise
    return source
