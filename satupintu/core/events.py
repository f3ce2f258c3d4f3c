"""The event bus: services publish small events after commit; streams deliver them.

`publish(channel, type, data)` is the only call domain code makes. It defers to
`transaction.on_commit`, so a rolled-back change never reaches a screen.

Three layers (docs/adr/0005-real-time.md):
- a `Bus` sends events; EVENT_BUS_URL picks it: `inprocess://` (the embedded
  default, one process), `postgres` / `postgres://…` (LISTEN/NOTIFY, so an event
  published by one server process reaches the streams of all of them) or `redis://…`
  (Redis Streams across nodes, with a replay window: core/redis_bus.py);
- every process has one `Hub` (core/hub.py), fed by its bus in event-id order: the recent
  history of each channel (for `Last-Event-ID` resume) and thread-safe listeners;
- `subscribe(channels)` gives an async stream handler a `Subscription`: one
  `call_soon_threadsafe` per event and channel and event loop, then an in-loop
  fan-out to every subscriber, so thousands of streams cost no thread each.

Event ids only grow, across processes (PostgreSQL sequence) and across restarts
(the in-process bus starts at the current time in microseconds), so a client's
`Last-Event-ID` either resumes from the history or is recognised as too old.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import threading
import time
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from satupintu.core.hub import RESET, Event, Hub

logger = logging.getLogger("satupintu.events")


class Bus(ABC):
    """Sends events; every process's hub receives them in id order."""

    hub: Hub

    @abstractmethod
    def send(self, channel: str, type_: str, data: dict[str, Any]) -> Event | None:
        """Deliver the event to every hub (None when sending failed)."""

    def start(self) -> None:  # noqa: B027 - most buses have nothing to start
        """Start receiving other processes' events (before the first stream opens)."""

    def close(self) -> None:  # noqa: B027
        """Stop receiving (tests, shutdown)."""


class InProcessBus(Bus):
    """One process: sending is delivering to the hub."""

    def __init__(self) -> None:
        floor = time.time_ns() // 1000  # larger than any id a previous run gave out
        self.hub = Hub(floor=floor)
        self._ids = itertools.count(floor + 1)
        self._lock = threading.Lock()

    def send(self, channel: str, type_: str, data: dict[str, Any]) -> Event:
        with self._lock:  # ids in delivery order
            event = Event(next(self._ids), channel, type_, data)
            self.hub.deliver(event)
        return event


class ListeningBus(Bus):
    """A bus across processes: a listener thread feeds the hub, started before the first
    stream opens (`listening` tells a stream it need not wait for `start`)."""

    @property
    @abstractmethod
    def listening(self) -> bool:
        """Started and connected."""


class PostgresBus(ListeningBus):
    """PostgreSQL LISTEN/NOTIFY: every server process hears every event.

    Sending is one short transaction: an advisory lock (so ids leave in the order
    they are notified), `nextval` of a sequence (ids unique across processes) and
    `pg_notify` with "id json" as payload. A listener thread per process feeds
    the hub; on reconnect it resets the hub, since notifications sent while it was
    away are lost (PostgreSQL does not queue them for absent listeners).
    """

    CHANNEL = "satupintu_events"
    LOCK = 5_304_173  # advisory lock key of the bus
    MAX_PAYLOAD = 7_900  # NOTIFY payloads are limited to 8,000 bytes
    APPLICATION_NAME = "satupintu-events"  # the listener, as pg_stat_activity shows it
    NOTIFY_SQL = (
        "WITH lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(%s)) "
        "SELECT n.id, pg_notify(%s, n.id::text || ' ' || %s) "
        "FROM (SELECT nextval('satupintu_event_id') AS id FROM lock) AS n"
    )
    FLOOR_SQL = "SELECT last_value, is_called FROM satupintu_event_id"
    CREATE_SQL = "CREATE SEQUENCE IF NOT EXISTS satupintu_event_id"

    def __init__(self, url: str) -> None:
        self.url = url
        self.hub = Hub()
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._pool: Any = None
        self._sequence_ready = False

    @property
    def uses_default_database(self) -> bool:
        return self.url in {"postgres", "postgresql"}

    def conninfo(self) -> dict[str, Any]:
        """Connection parameters, read when needed (tests rename the default database)."""
        if not self.uses_default_database:
            return {"conninfo": self.url}
        from django.db import connections

        connection = connections["default"]
        if connection.vendor != "postgresql":
            raise ImproperlyConfigured("EVENT_BUS_URL=postgres needs a PostgreSQL DATABASE_URL")
        params = connection.get_connection_params()
        return {k: v for k, v in params.items() if k not in {"cursor_factory", "context"}}

    # --- sending
    def _ensure_sequence(self, cursor: Any) -> None:
        if not self._sequence_ready:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [self.LOCK])
            cursor.execute(self.CREATE_SQL)
            self._sequence_ready = True

    def send(self, channel: str, type_: str, data: dict[str, Any]) -> Event | None:
        body = json.dumps(
            {"c": channel, "t": type_, "d": data}, cls=DjangoJSONEncoder, separators=(",", ":")
        )
        if len(body.encode()) > self.MAX_PAYLOAD:
            logger.error("event %s on %s is too large for NOTIFY; not sent", type_, channel)
            return None
        params: list[int | str] = [self.LOCK, self.CHANNEL, body]
        if self.uses_default_database:
            from django.db import connections

            with transaction.atomic(using="default"), connections["default"].cursor() as cursor:
                self._ensure_sequence(cursor)
                cursor.execute(self.NOTIFY_SQL, params)
                event_id = cursor.fetchone()[0]
        else:
            with self._publisher().connection() as conn, conn.transaction():
                cursor = conn.cursor()
                self._ensure_sequence(cursor)
                event_id = cursor.execute(self.NOTIFY_SQL, params).fetchone()[0]
        return Event(event_id, channel, type_, data)

    def _publisher(self) -> Any:
        """A small pool for a bus database of its own (per-request threads must not leak
        connections under ASGI)."""
        if self._pool is None:
            from psycopg_pool import ConnectionPool

            self._pool = ConnectionPool(
                self.conninfo()["conninfo"], min_size=0, max_size=4, open=True
            )
        return self._pool

    # --- receiving
    def start(self, timeout: float = 10.0) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(
                    target=self._listen, name="satupintu-event-listener", daemon=True
                )
                self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("the PostgreSQL event listener did not connect")

    @property
    def listening(self) -> bool:
        """Started and connected: a new stream need not wait for `start`."""
        return self._ready.is_set() and self._thread is not None and self._thread.is_alive()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._pool is not None:
            self._pool.close()

    def _listen(self) -> None:
        import psycopg

        delay, connected_before = 0.5, False
        while not self._stop.is_set():
            try:
                params = {**self.conninfo(), "application_name": self.APPLICATION_NAME}
                with psycopg.connect(**params, autocommit=True) as conn:
                    conn.execute(f"LISTEN {self.CHANNEL}")
                    floor = self._floor(conn)
                    if connected_before:
                        self.hub.reset(floor)
                    else:
                        self.hub.floor = self.hub.last_id = floor
                    connected_before, delay = True, 0.5
                    self._ready.set()
                    while not self._stop.is_set():
                        for notify in conn.notifies(timeout=1.0):
                            self._receive(notify.payload)
            except psycopg.Error as exc:
                logger.warning("event listener lost PostgreSQL (%s); retry in %.1fs", exc, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, 10.0)

    def _floor(self, conn: Any) -> int:
        """The newest id given out before our LISTEN took effect: every later event reaches
        us (senders hold the advisory lock from nextval until their NOTIFY is queued)."""
        with conn.transaction():
            cursor = conn.cursor()
            self._ensure_sequence(cursor)
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [self.LOCK])
            last, called = cursor.execute(self.FLOOR_SQL).fetchone()
            return int(last) if called else 0

    def _receive(self, payload: str) -> None:
        try:
            raw_id, body = payload.split(" ", 1)
            message = json.loads(body)
            event = Event(int(raw_id), message["c"], message["t"], message["d"])
        except (ValueError, KeyError):
            logger.error("ignored a malformed event payload: %.80s", payload)
            return
        self.hub.deliver(event)


_bus: Bus | None = None
_bus_lock = threading.Lock()


def make_bus(url: str) -> Bus:
    if url.startswith("inprocess://"):
        return InProcessBus()
    if url in {"postgres", "postgresql"} or url.startswith(("postgres://", "postgresql://")):
        return PostgresBus(url)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from satupintu.core.redis_bus import RedisStreamBus

        return RedisStreamBus(url, maxlen=getattr(settings, "EVENT_BUS_REDIS_MAXLEN", 10_000))
    raise ImproperlyConfigured(
        f"EVENT_BUS_URL must be inprocess://, postgres, postgres://… or redis://…, got {url!r}"
    )


def bus() -> Bus:
    global _bus
    if _bus is None:
        with _bus_lock:
            if _bus is None:
                _bus = make_bus(settings.EVENT_BUS_URL)
    return _bus


def reset_bus() -> None:
    """Forget the bus (tests that switch EVENT_BUS_URL or need an empty history)."""
    global _bus
    with _bus_lock:
        if _bus is not None:
            _bus.close()
        _bus = None


def publish(channel: str, type_: str, data: dict[str, Any]) -> None:
    """Send the event once the current transaction commits (at once outside one).

    Robust: the change is committed either way, so a bus failure is logged instead
    of failing the request; screens catch up from a snapshot when they reconnect.
    """
    data = {key: _plain(value) for key, value in data.items()}
    transaction.on_commit(lambda: bus().send(channel, type_, data), robust=True)


def _plain(value: Any) -> Any:
    """A str subclass (a model's choices member, a lazy translation) as a plain str: the
    garbage collector tracks those objects, and with them every event and history entry
    that holds one (see Event)."""
    if isinstance(value, str) and type(value) is not str:
        return str(value)
    return value


# --- async fan-out for stream handlers


class SubscriptionClosed(Exception):
    """The subscription ended: the client left, it fell too far behind, or the bus reset."""


class Subscription:
    """Events of some channels for one async consumer, in order. Lives on one event loop."""

    MAX_PENDING = 1_000  # a consumer this far behind is cut off and resyncs on reconnect

    def __init__(self, fanout: LoopFanout, channels: tuple[str, ...]) -> None:
        self.channels = channels
        self.closed = False
        self._fanout = fanout
        self._pending: list[Event] = []  # mostly empty: a list is a tenth of a deque's size
        self._waiter: asyncio.Future[None] | None = None
        # One timer per wait of `timeout` s, not one per event: at 10,000 watchers, arming and
        # cancelling a timer for each of them on every event was a tenth of the fan-out.
        self._deadline = 0.0
        self._timer: asyncio.TimerHandle | None = None

    def push(self, event: Event) -> None:
        if self.closed:
            return
        if event.type == RESET or len(self._pending) >= self.MAX_PENDING:
            self.close()
            return
        self._pending.append(event)
        self._wake()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._fanout.remove(self)
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    def _on_timer(self) -> None:
        """The wait's deadline, or an earlier one: events since then moved it on."""
        self._timer = None
        if self._waiter is None or self.closed:
            return  # not waiting now: the next wait arms its own timer
        if self._fanout.loop.time() < self._deadline:
            self._timer = self._fanout.loop.call_at(self._deadline, self._on_timer)
        else:
            self._wake()

    async def next(self, timeout: float) -> Event | None:
        """The next event, None when none came within `timeout` s; SubscriptionClosed at the end."""
        if not self._pending and not self.closed:
            loop = self._fanout.loop
            self._deadline = loop.time() + timeout
            if self._timer is None or self._timer.when() > self._deadline:
                if self._timer is not None:
                    self._timer.cancel()
                self._timer = loop.call_at(self._deadline, self._on_timer)
            self._waiter = loop.create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        if self._pending:
            return self._pending.pop(0)
        if self.closed:
            raise SubscriptionClosed
        return None


class LoopFanout:
    """All subscriptions of one event loop: one hub listener per channel, fanned out in-loop."""

    def __init__(self, hub: Hub, loop: asyncio.AbstractEventLoop) -> None:
        self.hub = hub
        self.loop = loop
        self._subscribers: dict[str, set[Subscription]] = {}
        self._unsubscribe: dict[str, Callable[[], None]] = {}

    def subscribe(self, channels: Iterable[str]) -> Subscription:
        subscription = Subscription(self, tuple(channels))
        for channel in subscription.channels:
            if channel not in self._subscribers:
                self._subscribers[channel] = set()
                self._unsubscribe[channel] = self.hub.subscribe(channel, self._from_any_thread)
            self._subscribers[channel].add(subscription)
        return subscription

    def remove(self, subscription: Subscription) -> None:
        for channel in subscription.channels:
            subscribers = self._subscribers.get(channel)
            if subscribers is None:
                continue
            subscribers.discard(subscription)
            if not subscribers:
                del self._subscribers[channel]
                self._unsubscribe.pop(channel)()

    def count(self, channel: str) -> int:
        return len(self._subscribers.get(channel, ()))

    def _from_any_thread(self, event: Event) -> None:
        with contextlib.suppress(RuntimeError):  # a closed loop: nobody listens there now
            self.loop.call_soon_threadsafe(self._dispatch, event)

    def _dispatch(self, event: Event) -> None:
        for subscription in list(self._subscribers.get(event.channel, ())):
            subscription.push(event)


_fanouts: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LoopFanout] = (
    weakref.WeakKeyDictionary()
)


def subscribe(channels: Iterable[str]) -> Subscription:
    """Subscribe the running event loop's consumer to `channels` (call from async code)."""
    loop = asyncio.get_running_loop()
    hub = bus().hub
    fanout = _fanouts.get(loop)
    if fanout is None or fanout.hub is not hub:
        fanout = _fanouts[loop] = LoopFanout(hub, loop)
    return fanout.subscribe(channels)
