"""Server-Sent Events answered by Django views: `stream_response(source)`.

A live stream is an ordinary Django response (`StreamingHttpResponse` over an async
generator), so it passes through Django's own middleware like every other answer:
host checks, HTTPS redirect, security headers, the error shape of a 404. Served by
Django's ASGI handler (`satupintu serve`, satupintu/asgi.py) the generator runs on
the event loop and waits on a future; Django cancels it when the client disconnects
(docs/adr/0007-stock-runtime.md).

A WSGI server cannot hold thousands of streams open (each would hold a worker
thread), and Django's test client reads a response whole; there the views
answers the stream's first messages and ends, and the browser reconnects after
the `retry` delay: a slow poll.

Each stream: `retry:` with a random delay (spreads a reconnect storm), then the
source's messages, each with `id:`; a comment line every HEARTBEAT seconds so
proxies and clients know it is alive. Database reads go through `db()`: a short
`sync_to_async` on the event loop's few pool threads, whose connections Django keeps
or closes as `CONN_MAX_AGE` says (SQLite: kept, so a stream that opens does not pay
for a new connection; PostgreSQL: back to the pool), so ten thousand open streams hold
no database connection of their own.
"""

from __future__ import annotations

import json
import random
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import close_old_connections
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse

from satupintu.core.events import bus

HEARTBEAT = 15.0  # seconds between comment lines on an idle stream
RETRY_MS = (1_000, 5_000)  # reconnect delay a client is told, drawn per connection
POLL_RETRY_MS = 5_000  # the reconnect delay of a stream answered whole (WSGI)
CONTENT_TYPE = "text/event-stream; charset=utf-8"


@dataclass(frozen=True)
class Message:
    id: int
    type: str
    data: Any

    def encode(self) -> bytes:
        """The SSE frame. A board event goes to every display and phone of the MPP with the
        same data object: it is serialised once, not once per watcher (10,000 of them)."""
        key = (self.id, self.type)
        kept = _encoded.get(key)
        if kept is not None and kept[0] is self.data:
            return kept[1]
        data = json.dumps(self.data, cls=DjangoJSONEncoder, separators=(",", ":"))
        frame = f"id: {self.id}\nevent: {self.type}\ndata: {data}\n\n".encode()
        with _encoded_lock:  # streams encode on the loop, the WSGI answer on a thread
            if len(_encoded) >= ENCODED_KEPT:
                _encoded.popitem(last=False)
            _encoded[key] = (self.data, frame)  # holding the data keeps `is` meaningful
        return frame


@dataclass(frozen=True)
class Fragment(Message):
    """A message whose data is HTML drawn by the server (a live screen swaps it in), sent as
    it is: one `data:` line per line of the text, which the browser joins again."""

    data: str

    def encode(self) -> bytes:
        lines = [f"data: {line}\n" for line in self.data.splitlines() if line.strip()]
        body = "".join(lines) or "data: \n"
        return f"id: {self.id}\nevent: {self.type}\n{body}\n".encode()


ENCODED_KEPT = 256
_encoded: OrderedDict[tuple[int, str], tuple[Any, bytes]] = OrderedDict()
_encoded_lock = threading.Lock()


class StreamClosed(Exception):
    """The source has nothing more to send; the client reconnects and resyncs."""


class Source(Protocol):
    async def next(self, timeout: float) -> Message | None:
        """The next message, None after `timeout` s without one; StreamClosed at the end."""

    def close(self) -> None: ...


async def db(fn: Callable[..., Any], *args: Any) -> Any:
    """Run a short database read on the event loop's pool of threads (a few, fixed), which
    keep their connections as long as `CONN_MAX_AGE` says, as the request threads do."""

    def run() -> Any:
        try:
            return fn(*args)
        finally:
            close_old_connections()

    return await sync_to_async(run, thread_sensitive=False)()


def last_event_id(request: HttpRequest) -> int | None:
    """The `Last-Event-ID` a reconnecting EventSource sends, when it is a number."""
    try:
        return int(request.headers["Last-Event-ID"])
    except (KeyError, ValueError):
        return None


def can_stream(request: HttpRequest) -> bool:
    """Whether the server holds streams on its event loop (ASGI) rather than a thread."""
    return isinstance(request, ASGIRequest)


def reader(request: HttpRequest) -> Callable[..., Awaitable[Any]]:
    """How a stream view reads the database: `db` when it streams (ASGI), otherwise on the
    request's own thread, as a WSGI view would (the test client's transaction included)."""
    if can_stream(request):
        return db
    return lambda fn, *args: sync_to_async(fn)(*args)


def stream_response(source: Source) -> StreamingHttpResponse:
    """The open stream of `source`'s messages (ASGI)."""
    return _response(StreamingHttpResponse(_frames(source), content_type=CONTENT_TYPE))


async def stream_or_snapshot(
    request: HttpRequest,
    snapshot: Callable[[], Any],
    open_source: Callable[[], Awaitable[Source | None]],
) -> HttpResponse | StreamingHttpResponse:
    """A JSON stream endpoint's answer: the open stream under the ASGI server (Http404 when
    `open_source` finds nothing); under a WSGI server or the test client, `snapshot()` as
    one "snapshot" event with the bus's last id, then the end (a slow poll)."""
    if not can_stream(request):
        data = await sync_to_async(snapshot)()
        return finite_stream([Message(bus().hub.last_id, "snapshot", data)])
    source = await open_source()
    if source is None:
        raise Http404
    return stream_response(source)


def finite_stream(messages: list[Message], retry_ms: int = POLL_RETRY_MS) -> HttpResponse:
    """The same stream answered whole (WSGI, the test client): its first messages, then the
    end, so an EventSource reconnects after `retry_ms`."""
    body = f"retry: {retry_ms}\n\n".encode() + b"".join(m.encode() for m in messages)
    return _response(HttpResponse(body, content_type=CONTENT_TYPE))


def _response[R: HttpResponse | StreamingHttpResponse](response: R) -> R:
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


async def _frames(source: Source) -> AsyncIterator[bytes]:
    try:
        retry = random.randint(*RETRY_MS)  # noqa: S311 - jitter, not a secret
        yield f"retry: {retry}\n\n".encode()
        while True:
            try:
                message = await source.next(HEARTBEAT)
            except StreamClosed:
                return
            yield message.encode() if message else b": heartbeat\n\n"
    finally:
        source.close()
