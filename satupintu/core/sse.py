"""Server-Sent Events in front of Django: a small pure-ASGI handler, no thread per stream.

`EventStreams(django_app, routes)` answers GET requests on its routes itself and
hands everything else to Django (docs/adr/0005-real-time.md; perf-notes: a
Django StreamingHttpResponse holds an OS thread per open stream). A route's
`open` coroutine returns a `Source` of messages, or None to let Django answer
(unknown MPP or ticket: the one 404 shape, from the same path's API operation).

Each stream: the security headers of every other answer, `retry:` with a random
delay (spreads a reconnect storm), then the source's messages, each with `id:`;
a comment line every HEARTBEAT seconds so proxies and clients know it is alive;
it ends when the client disconnects (`http.disconnect`) or the source closes.
Database reads go through `db()`: a short `sync_to_async` that closes its
connections afterwards (under ASGI, CONN_MAX_AGE=0 and no request signals).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.http import HttpResponse
from django.http.request import split_domain_port, validate_host
from django.utils.csp import CSP, build_policy

logger = logging.getLogger("satupintu.sse")

HEARTBEAT = 15.0  # seconds between comment lines on an idle stream
RETRY_MS = (1_000, 5_000)  # reconnect delay a client is told, drawn per connection
CONTENT_TYPE = "text/event-stream; charset=utf-8"

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[..., Awaitable[None]]  # Django's handler types its arguments more loosely


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
        with _encoded_lock:  # streams encode on the loop, the polling view on Django's threads
            if len(_encoded) >= ENCODED_KEPT:
                _encoded.popitem(last=False)
            _encoded[key] = (self.data, frame)  # holding the data keeps `is` meaningful
        return frame


ENCODED_KEPT = 256
_encoded: OrderedDict[tuple[int, str], tuple[Any, bytes]] = OrderedDict()
_encoded_lock = threading.Lock()


class StreamClosed(Exception):
    """The source has nothing more to send; the client reconnects and resyncs."""


class Source(Protocol):
    async def next(self, timeout: float) -> Message | None:
        """The next message, None after `timeout` s without one; StreamClosed at the end."""

    def close(self) -> None: ...


@dataclass(frozen=True)
class StreamRequest:
    params: dict[str, str]
    last_event_id: int | None


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    open: Callable[[StreamRequest], Awaitable[Source | None]]


async def db(fn: Callable[..., Any], *args: Any) -> Any:
    """Run a short database read off the event loop and close its connection after."""

    def run() -> Any:
        try:
            return fn(*args)
        finally:
            connections.close_all()

    return await sync_to_async(run, thread_sensitive=False)()


def finite_stream(messages: list[Message], retry_ms: int = 5_000) -> HttpResponse:
    """The same stream answered by Django (WSGI, the fuzzer): its first messages, then the
    end, so an EventSource reconnects after `retry_ms` (a slow poll)."""
    body = f"retry: {retry_ms}\n\n".encode() + b"".join(m.encode() for m in messages)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-cache, no-store"
    return response


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _is_secure(scope: Scope) -> bool:
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        header, value = proxy
        name = header.removeprefix("HTTP_").lower().replace("_", "-").encode()
        return _header(scope, name) == value
    return scope.get("scheme") == "https"


def security_headers(scope: Scope) -> list[tuple[bytes, bytes]]:
    """The headers Django's security middleware gives every other answer."""
    headers: dict[str, str] = {}
    if settings.SECURE_CSP:
        headers[CSP.HEADER_ENFORCE] = build_policy(settings.SECURE_CSP)  # type: ignore[arg-type]
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers["X-Content-Type-Options"] = "nosniff"
    if settings.SECURE_REFERRER_POLICY:
        headers["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    if settings.SECURE_HSTS_SECONDS and _is_secure(scope):
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers["Strict-Transport-Security"] = hsts
    return [(k.lower().encode(), v.encode()) for k, v in headers.items()]


def _host_allowed(scope: Scope) -> bool:
    """Django's ALLOWED_HOSTS check (an unknown host is Django's 400 to give)."""
    host = _header(scope, b"host") or ""
    domain, _port = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return bool(domain) and validate_host(domain, allowed)


def _last_event_id(scope: Scope) -> int | None:
    raw = _header(scope, b"last-event-id")
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


class EventStreams:
    """ASGI application: the streams of `routes`; every other request goes to `app`."""

    def __init__(self, app: ASGIApp, routes: list[Route]) -> None:
        self.app = app
        self.routes = routes
        self.open_streams = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        source = await self._open(scope) if scope["type"] == "http" else None
        if source is None:
            await self.app(scope, receive, send)
            return
        self.open_streams += 1
        try:
            await self._stream(scope, receive, send, source)
        finally:
            self.open_streams -= 1

    async def _open(self, scope: Scope) -> Source | None:
        if scope["method"] != "GET" or not _host_allowed(scope):
            return None
        if settings.SECURE_SSL_REDIRECT and not _is_secure(scope):
            return None  # Django redirects to https
        for route in self.routes:
            match = route.pattern.fullmatch(scope["path"])
            if match:
                request = StreamRequest(match.groupdict(), _last_event_id(scope))
                try:
                    return await route.open(request)
                except Exception:
                    logger.exception("could not open the stream %s", scope["path"])
                    return None  # Django answers, in the one error shape
        return None

    async def _stream(self, scope: Scope, receive: Receive, send: Send, source: Source) -> None:
        headers = [
            (b"content-type", CONTENT_TYPE.encode()),
            (b"cache-control", b"no-cache, no-store"),
            (b"x-accel-buffering", b"no"),  # nginx: pass each event on at once
            *security_headers(scope),
        ]
        watcher = asyncio.create_task(_close_on_disconnect(receive, source))
        try:
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            retry = random.randint(*RETRY_MS)  # noqa: S311 - jitter, not a secret
            await _body(send, f"retry: {retry}\n\n".encode())
            while True:
                try:
                    message = await source.next(HEARTBEAT)
                except StreamClosed:
                    break
                await _body(send, message.encode() if message else b": heartbeat\n\n")
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:  # the client went away mid-write
            pass
        finally:
            watcher.cancel()
            source.close()


async def _body(send: Send, body: bytes) -> None:
    await send({"type": "http.response.body", "body": body, "more_body": True})


async def _close_on_disconnect(receive: Receive, source: Source) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            source.close()
            return
