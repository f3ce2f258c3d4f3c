"""The queue's live streams: the MPP board (as JSON for API clients, as HTML fragments for
the TV), one ticket's page, and a counter's console (the `…/events` views answer them with
core/sse.py).

Board (`/api/v1/mpps/{slug}/events`): a `snapshot` event (`selectors.queue_snapshot`)
whose id is the bus cursor, then every event of the MPP channel (`issue`, `call`,
`recall`, `start`, `finish`, `no_show`, `restore`, `cancel`, `transfer`), which
`board.apply_event` applies. A reconnect with a `Last-Event-ID` the bus history still
covers gets the missed events instead of a snapshot; otherwise a fresh snapshot.
Snapshots are shared between the board streams of an MPP until its next event, so a
reconnect storm of displays costs one database read, not one per display.

Board screen (`/layar/{slug}/events`): the same board drawn by the server (board/screen.py)
for the TV page: a `board` message with every part of the screen on each (re)connect, then
for each event the parts it changed (`call`, with the sentence to say, or `update`). The
server moves its copy of the snapshot with `snapshot.apply_event`, the one reducer; at the
MPP's midnight it starts the new day from a fresh snapshot.

Console (`/staf/loket/{id}/konsol/events`): the console's live part as the page draws it,
redrawn when an event concerns the counter (a ticket of a service it serves, or the counter
itself), at most every CONSOLE_THROTTLE seconds, and every CONSOLE_REFRESH seconds for the
waiting minutes.

Ticket (`/api/v1/tickets/{id}/events`): the holder's view (tickets/selectors.py `ticket_view`:
status, people ahead, wait, counter, the place and wait in words in the language the
stream was opened in) as a `snapshot`, then a `ticket` event whenever
it changes: at once on the ticket's own transitions, and at most once a second while
it waits and tickets of the services sharing its counters move. The view is small,
so a reconnect always gets it fresh.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils import timezone, translation

from satupintu.core import events
from satupintu.core.sse import Fragment, Message, StreamClosed, db
from satupintu.queueing.board import selectors
from satupintu.queueing.board.screen import Screen, message_of
from satupintu.queueing.board.snapshot import apply_event
from satupintu.queueing.models import Status
from satupintu.queueing.tickets.selectors import public_ticket, ticket_view
from satupintu.queueing.waits.selectors import ticket_pool_codes
from satupintu.tenancy.models import Mpp

SNAPSHOT_TTL = 5.0  # seconds a shared board snapshot may be reused while nothing happens
TICKET_REFRESH = 1.0  # at most one recomputation of "people ahead" per second and ticket
CONSOLE_THROTTLE = 0.25  # seconds: events that come together redraw a console once
CONSOLE_REFRESH = 30.0  # seconds: the waiting minutes move on when nothing happens


async def _start_bus() -> events.Bus:
    """The bus, receiving: a cross-process bus starts its listener before the first stream."""
    bus = events.bus()
    if isinstance(bus, events.ListeningBus) and not bus.listening:
        await db(bus.start)
    return bus


class _SubscriptionSource:
    def __init__(self, subscription: events.Subscription, initial: list[Message], cursor: int):
        self.subscription = subscription
        self.pending = deque(initial)
        self.cursor = cursor  # events up to here are in the snapshot or were replayed

    async def _event(self, timeout: float) -> events.Event | None:
        try:
            event = await self.subscription.next(timeout)
        except events.SubscriptionClosed:
            raise StreamClosed from None
        return event

    def close(self) -> None:
        self.subscription.close()


class _EventSource(_SubscriptionSource):
    """A stream that answers each new event at once (`_message`), and `_quiet()` when none
    came within the wait."""

    async def next(self, timeout: float) -> Message | None:
        if self.pending:
            return self.pending.popleft()
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            event = await self._event(left)
            if event is None:
                break
            if event.id > self.cursor and (message := self._message(event)) is not None:
                return message
        return await self._quiet()

    def _message(self, event: events.Event) -> Message | None:
        raise NotImplementedError

    async def _quiet(self) -> Message | None:
        return None


class _RedrawSource(_SubscriptionSource):
    """A stream that draws its view afresh when it is due (`_due()`, None: not until an
    event says so) and learns from each new event whether that makes it due sooner."""

    async def next(self, timeout: float) -> Message | None:
        if self.pending:
            return self.pending.popleft()
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            due = self._due()
            if due is not None and due <= now:
                if (message := await self._redraw()) is not None:
                    return message
                continue
            wait = (deadline if due is None else min(deadline, due)) - now
            if wait <= 0:
                return None
            event = await self._event(wait)
            if event is not None and event.id > self.cursor:
                self._consider(event)

    def _due(self) -> float | None:
        raise NotImplementedError

    async def _redraw(self) -> Message | None:
        raise NotImplementedError

    def _consider(self, event: events.Event) -> None:
        raise NotImplementedError


class BoardSource(_EventSource):
    def _message(self, event: events.Event) -> Message | None:
        return Message(event.id, event.type, event.data)


@dataclass
class _Cached:
    cursor: int
    at: float
    data: dict[str, Any]


@dataclass
class SnapshotCache:
    """The latest board snapshot per channel, valid until the channel's next event; displays
    that connect while it is being read wait for that one read (a reconnect storm)."""

    entries: dict[str, _Cached] = field(default_factory=dict)
    reading: dict[str, asyncio.Future[None]] = field(default_factory=dict)

    def _valid(self, hub: events.Hub, channel: str) -> _Cached | None:
        cached = self.entries.get(channel)
        if (
            cached is not None
            and cached.cursor >= hub.channel_last_id(channel)
            and time.monotonic() - cached.at < SNAPSHOT_TTL
        ):
            return cached
        return None

    async def get(self, hub: events.Hub, channel: str, mpp_id: int) -> tuple[int, dict]:
        while (cached := self._valid(hub, channel)) is None and channel in self.reading:
            await asyncio.shield(self.reading[channel])
        if cached is not None:  # no event since it was read: it is today's board still
            return hub.last_id, cached.data
        cursor = hub.last_id
        self.reading[channel] = asyncio.get_running_loop().create_future()
        try:
            data = await db(_board_snapshot, mpp_id)
            if data is None:
                raise StreamClosed  # the MPP went away between the two reads
            self.entries[channel] = _Cached(cursor, time.monotonic(), data)
        finally:
            self.reading.pop(channel).set_result(None)
        return cursor, data


snapshots = SnapshotCache()


def _mpp_id(slug: str) -> int | None:
    """The active MPP's id, read live (one indexed query per board that connects)."""
    return Mpp.objects.filter(slug=slug, is_active=True).values_list("pk", flat=True).first()


def _board_snapshot(mpp_id: int) -> dict[str, Any] | None:
    mpp = Mpp.objects.filter(pk=mpp_id).first()
    return selectors.queue_snapshot(mpp) if mpp else None


async def open_board(slug: str, last_event_id: int | None) -> BoardSource | None:
    """The board stream of an active MPP, or None when there is none by that slug."""
    bus = await _start_bus()
    mpp_id = await db(_mpp_id, slug)
    if mpp_id is None:
        return None
    channel = f"mpp:{mpp_id}"
    subscription = events.subscribe([channel])
    try:
        if last_event_id is not None:
            missed, cursor = bus.hub.since(channel, last_event_id)
            if missed is not None:
                replay = [Message(e.id, e.type, e.data) for e in missed]
                return BoardSource(subscription, replay, cursor)
        cursor, data = await snapshots.get(bus.hub, channel, mpp_id)
    except BaseException:
        subscription.close()
        raise
    return BoardSource(subscription, [Message(cursor, "snapshot", data)], cursor)


# --- the board drawn by the server, for the TV page


class BoardScreenSource(_EventSource):
    def __init__(
        self,
        subscription: events.Subscription,
        screen: Screen,
        where: tuple[int, dt.tzinfo],
        state: dict[str, Any],
        cursor: int,
    ) -> None:
        super().__init__(subscription, [Fragment(cursor, "board", screen.render(state))], cursor)
        self.screen, self.state = screen, state
        self.mpp_id, self.tz = where

    def _message(self, event: events.Event) -> Message | None:
        before, self.state = self.state, apply_event(self.state, event.type, event.data)
        if self.state == before:  # already on the screen (it was in the snapshot)
            return None
        name, parts = message_of(event.type, before, event.data)
        fresh = event.data.get("counter") if name == "call" else None
        return Fragment(event.id, name, self.screen.render(self.state, parts, fresh=fresh))

    async def _quiet(self) -> Message | None:
        """The new day's board, once the MPP's day has turned."""
        if timezone.localdate(timezone=self.tz).isoformat() == self.state["day"]:
            return None
        bus = await _start_bus()
        self.cursor, self.state = await snapshots.get(bus.hub, f"mpp:{self.mpp_id}", self.mpp_id)
        return Fragment(self.cursor, "board", self.screen.render(self.state))


async def open_board_screen(mpp: Mpp, screen: Screen) -> BoardScreenSource:
    """The board of an MPP (found and allowed by the caller) as `screen` draws it."""
    bus = await _start_bus()
    channel = f"mpp:{mpp.pk}"
    subscription = events.subscribe([channel])
    try:
        cursor, data = await snapshots.get(bus.hub, channel, mpp.pk)
        return BoardScreenSource(subscription, screen, (mpp.pk, mpp.tzinfo), data, cursor)
    except BaseException:
        subscription.close()
        raise


# --- a counter's console

# The console's live part and the codes of the services the counter serves, or None when
# the officer may no longer serve there (the stream ends).
Drawing = tuple[str, frozenset[str]] | None


class ConsoleSource(_RedrawSource):
    def __init__(
        self,
        subscription: events.Subscription,
        counter_id: int,
        draw: Callable[[], Awaitable[Drawing]],
        cursor: int,
    ) -> None:
        super().__init__(subscription, [], cursor)
        self.counter_id, self.draw = counter_id, draw
        self.services: frozenset[str] = frozenset()
        self.html = ""
        self.drawn = 0.0
        self.due: float | None = None  # when to draw again because of an event

    def _due(self) -> float:
        return self.drawn + CONSOLE_REFRESH if self.due is None else self.due

    def _consider(self, event: events.Event) -> None:
        data = event.data
        if data.get("counter") == self.counter_id or data.get("service") in self.services:
            self.cursor = event.id
            soonest = max(time.monotonic(), self.drawn + CONSOLE_THROTTLE)
            self.due = soonest if self.due is None else min(self.due, soonest)

    async def _redraw(self) -> Message | None:
        return await self.redraw()

    async def redraw(self) -> Message | None:
        """The live part drawn afresh, or None when it has not changed."""
        self.due, self.drawn = None, time.monotonic()
        drawing = await self.draw()
        if drawing is None:
            raise StreamClosed
        html, self.services = drawing
        if html == self.html:
            return None
        self.html = html
        return Fragment(self.cursor, "live", html)


async def open_console(
    mpp_id: int, counter_id: int, draw: Callable[[], Awaitable[Drawing]]
) -> ConsoleSource | None:
    """The live console of a counter (allowed by the caller), or None when `draw` refuses."""
    bus = await _start_bus()
    subscription = events.subscribe([f"mpp:{mpp_id}"])  # before the first drawing: no gap
    source = ConsoleSource(subscription, counter_id, draw, bus.hub.last_id)
    try:
        first = await source.redraw()
    except StreamClosed:
        first = None
    except BaseException:
        subscription.close()
        raise
    if first is None:
        subscription.close()
        return None
    source.pending.append(first)
    return source


# --- one ticket's page


@dataclass(frozen=True)
class _TicketState:
    mpp_id: int
    pool: frozenset[str]
    view: dict[str, Any]


def _ticket_state(public_id: uuid.UUID, language: str) -> _TicketState | None:
    """The ticket's view (its words in the holder's `language`), or None when it is gone."""
    try:
        ticket = public_ticket(public_id)
    except Http404:
        return None
    with translation.override(language):
        view = ticket_view(ticket)
    return _TicketState(ticket.mpp_id, frozenset(ticket_pool_codes(ticket)), view)


def _ticket_view(public_id: uuid.UUID, language: str) -> dict[str, Any] | None:
    state = _ticket_state(public_id, language)
    return state.view if state else None


class TicketSource(_RedrawSource):
    def __init__(
        self,
        subscription: events.Subscription,
        public_id: uuid.UUID,
        state: _TicketState,
        cursor: int,
        language: str,
    ) -> None:
        super().__init__(subscription, [Message(cursor, "snapshot", state.view)], cursor)
        self.public_id, self.language = public_id, language
        self.own = f"ticket:{public_id}"
        self.pool = state.pool
        self.view = state.view
        self.seen = cursor
        self.due: float | None = None  # when to recompute the view
        self.refreshed = 0.0

    def _due(self) -> float | None:
        return self.due

    def _consider(self, event: events.Event) -> None:
        self.seen = max(self.seen, event.id)
        now = time.monotonic()
        if event.channel == self.own:
            self.due = now
        elif self.view["status"] == Status.WAITING and event.data.get("service") in self.pool:
            soonest = max(now, self.refreshed + TICKET_REFRESH)
            self.due = soonest if self.due is None else min(self.due, soonest)

    async def _redraw(self) -> Message | None:
        self.due, self.refreshed = None, time.monotonic()
        view = await db(_ticket_view, self.public_id, self.language)
        if view is None:
            raise StreamClosed
        if view == self.view:
            return None
        self.view = view
        return Message(self.seen, "ticket", view)


async def open_ticket(public_id: uuid.UUID, language: str) -> TicketSource | None:
    """The live view of one ticket, worded in `language`, or None when there is no such
    ticket."""
    bus = await _start_bus()
    # The ticket's own channel is known without the database: subscribe first, so no
    # transition between the read and the subscription is missed.
    own = events.subscribe([f"ticket:{public_id}"])
    try:
        cursor = bus.hub.last_id
        state = await db(_ticket_state, public_id, language)
        if state is None:
            own.close()
            return None
        mpp_channel = f"mpp:{state.mpp_id}"
        moved = bus.hub.channel_last_id(mpp_channel) > cursor
        subscription = events.subscribe([f"ticket:{public_id}", mpp_channel])
        own.close()
    except BaseException:
        own.close()
        raise
    source = TicketSource(subscription, public_id, state, cursor, language)
    if moved or bus.hub.channel_last_id(f"ticket:{public_id}") > cursor:
        source.due = time.monotonic()  # something moved while we read: look again at once
    return source
