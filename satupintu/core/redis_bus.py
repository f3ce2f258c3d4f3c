"""The event bus on Redis Streams, for app nodes on several machines (EVENT_BUS=redis).

Sending is one Lua script, atomic in Redis: `INCR` of a counter gives the event id and
`XADD` appends the event to one stream under that id (`<id>-0`), trimmed to about
EVENT_BUS_REDIS_MAXLEN entries. So ids are global, gap-free and in stream order, and the
stream is the replay window: a node that starts (or reconnects after losing Redis) loads
what the stream still holds into its hub, and a client that resumes there with a
`Last-Event-ID` from another node gets the events it missed. Only when the stream no longer
reaches back to where a node left off does the hub reset (its streams start again from a
snapshot), as the PostgreSQL bus does on every reconnect.

A fresh counter (a new or emptied Redis) starts at the current time in microseconds, like
the in-process bus, so ids keep growing across a Redis that lost its data.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from satupintu.core.events import ListeningBus
from satupintu.core.hub import Event, Hub

logger = logging.getLogger("satupintu.events")

# The id as Redis's string (GET): a Lua number of 16 digits prints as 1.7e+15.
SEND_SCRIPT = """
if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('SET', KEYS[2], ARGV[3]) end
redis.call('INCR', KEYS[2])
local id = redis.call('GET', KEYS[2])
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], id .. '-0', 'e', ARGV[1])
return id
"""


def _entry_id(raw: bytes | str) -> int:
    text = raw.decode() if isinstance(raw, bytes) else raw
    return int(text.split("-", 1)[0])


class RedisStreamBus(ListeningBus):
    """Redis Streams: every node hears every event and keeps the stream's window for resume."""

    STREAM = "satupintu:events"
    COUNTER = "satupintu:events:id"
    READ_BLOCK_MS = 1_000
    READ_COUNT = 500

    def __init__(self, url: str, *, maxlen: int = 10_000) -> None:
        import redis

        self.url = url
        self.maxlen = maxlen
        self.hub = Hub()
        self._client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        self._send = self._client.register_script(SEND_SCRIPT)
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    # --- sending
    def send(self, channel: str, type_: str, data: dict[str, Any]) -> Event | None:
        import redis

        body = json.dumps(
            {"c": channel, "t": type_, "d": data}, cls=DjangoJSONEncoder, separators=(",", ":")
        )
        floor = time.time_ns() // 1000
        try:
            event_id = int(
                self._send(keys=[self.STREAM, self.COUNTER], args=[body, self.maxlen, floor])
            )
        except redis.RedisError as exc:
            logger.error("event %s on %s not sent: Redis %s", type_, channel, exc)
            return None
        return Event(event_id, channel, type_, data)

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
            raise TimeoutError("the Redis event listener did not connect")

    @property
    def listening(self) -> bool:
        return self._ready.is_set() and self._thread is not None and self._thread.is_alive()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._client.close()

    def _listen(self) -> None:
        import redis

        client = redis.Redis.from_url(
            self.url,
            socket_connect_timeout=2,
            socket_timeout=(self.READ_BLOCK_MS / 1000) + 5,
        )
        last: int | None = None  # the newest id this hub received
        delay = 0.5
        while not self._stop.is_set():
            try:
                last = self._catch_up(client, last)
                self._ready.set()
                delay = 0.5
                while not self._stop.is_set():
                    answer: Any = client.xread(
                        {self.STREAM: f"{last}-0"}, count=self.READ_COUNT, block=self.READ_BLOCK_MS
                    )
                    for _stream, entries in answer or ():
                        for raw_id, fields in entries:
                            last = self._receive(raw_id, fields)
            except redis.RedisError as exc:
                logger.warning("event listener lost Redis (%s); retry in %.1fs", exc, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, 10.0)
        client.close()

    def _catch_up(self, client: Any, last: int | None) -> int:
        """Feed the hub what the stream holds after `last` (the whole window on start);
        reset the hub when the stream no longer reaches back to `last`."""
        first = client.xrange(self.STREAM, count=1)
        if first:
            oldest = _entry_id(first[0][0])
        else:
            counter = client.get(self.COUNTER)
            oldest = int(counter) + 1 if counter is not None else 0
        if last is None:  # starting: the window is this hub's history
            floor = max(oldest - 1, 0)
            self.hub.floor = self.hub.last_id = floor
            last = floor
        elif oldest > last + 1:  # events between were trimmed away, or Redis lost its data
            logger.warning("event stream moved on past %s while away; streams restart", last)
            self.hub.reset(oldest - 1)
            last = oldest - 1
        while True:
            entries: Any = client.xrange(self.STREAM, min=f"({last}-0", count=self.READ_COUNT)
            if not entries:
                return last
            for raw_id, fields in entries:
                last = self._receive(raw_id, fields)

    def _receive(self, raw_id: Any, fields: Any) -> int:
        event_id = _entry_id(raw_id)
        try:
            message = json.loads(fields[b"e"])
            event = Event(event_id, message["c"], message["t"], message["d"])
        except (ValueError, KeyError, TypeError):
            logger.error("ignored a malformed event %s", event_id)
            return event_id
        self.hub.deliver(event)
        return event_id
