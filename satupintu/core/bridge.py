"""Django (WSGI) behind the ASGI server, with as few thread hand-offs as possible.

`satupintu serve` is one uvicorn process: the event streams are pure ASGI
(core/sse.py) and every other request goes to Django as WSGI through this bridge.
The request body is read on the event loop, Django answers in one call, and the
whole response goes back in one message.

Two ways to run Django (`SATUPINTU_SERVER_THREADS`):

- `0`, the default on SQLite: on the event loop's own thread, one request at a
  time, like a sync worker. Python runs one thread at a time anyway, and each
  hand-off between the loop and a worker thread costs a GIL round trip that, on
  a 2-core machine, weighed more than Django's own work: a trivial endpoint
  answered 2,000 requests/s inline against 700 through a2wsgi's pool (which
  hands off 4–5 times per request) and 1,300 through a one-hop pool
  (docs/benchmarks.md). It also keeps SQLite's writers in this process at one, so
  none waits in SQLite's unfair busy handler. The price: a slow request (a PDF
  report) holds every other request, and the streams' heartbeats, for its length.
- `N > 0`, the default on PostgreSQL: a pool of N threads, one hand-off each way,
  so a request waiting on the database lets the others run.

Responses are collected whole before they are sent (downloads here are a few MB
at most); the streams that must not be collected never reach Django.
"""

from __future__ import annotations

import asyncio
import contextvars
import io
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

Response = tuple[int, list[tuple[bytes, bytes]], bytes]

IN_MEMORY_BODY = 1024 * 1024  # larger request bodies (uploads) spill to a temporary file
MAX_BODY = 64 * 1024 * 1024  # answered 413 beyond this; Django's own limits are smaller


class WsgiBridge:
    """An ASGI application that serves a WSGI application (Django) inline or on threads."""

    def __init__(self, app: Callable[..., Iterable[bytes]], threads: int = 0) -> None:
        self.app = app
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="django") if threads else None
        # Inline requests share one context, as a sync worker's thread would.
        self.inline_context = contextvars.Context()

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            await send({"type": "websocket.close", "code": 1000})
            return
        body = await _read_body(receive)
        if body is None:  # the client left, or sent too much
            await _answer(send, (413, [(b"content-type", b"text/plain")], b"Too large\n"))
            return
        environ = wsgi_environ(scope, body)
        if self.pool is None:
            response = self._inline(environ)
        else:
            loop = asyncio.get_running_loop()
            response = await loop.run_in_executor(self.pool, call_wsgi, self.app, environ)
        await _answer(send, response)

    def _inline(self, environ: dict[str, Any]) -> Response:
        """Run Django on this thread. The running loop is hidden for the call, so Django
        sees the sync thread it is (thread-local connections, reused across requests;
        no SynchronousOnlyOperation) while nothing else runs on the loop anyway."""
        loop = asyncio.get_running_loop()
        asyncio._set_running_loop(None)
        try:
            return self.inline_context.run(call_wsgi, self.app, environ)
        finally:
            asyncio._set_running_loop(loop)


def call_wsgi(app: Callable[..., Iterable[bytes]], environ: dict[str, Any]) -> Response:
    """Call the WSGI application and collect its whole answer."""
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
        started[:] = [int(status.split(" ", 1)[0]), headers]
        return _unbuffered_write_refused

    chunks = app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()  # Django's request_finished: connections tidied on this thread
    status, headers = started
    raw = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]
    return status, raw, body


def _unbuffered_write_refused(data: bytes) -> None:
    raise NotImplementedError("write() of WSGI is not supported; return the body instead")


async def _read_body(receive: Callable) -> io.IOBase | None:
    """The request body as a file, or None when the client disconnected or exceeded MAX_BODY."""
    message = await receive()
    if message["type"] == "http.disconnect":
        return None
    first = message.get("body", b"")
    if not message.get("more_body"):
        return io.BytesIO(first)
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BODY)  # noqa: SIM115 - returned
    spool.write(first)
    size = len(first)
    while message.get("more_body"):
        message = await receive()
        if message["type"] == "http.disconnect":
            spool.close()
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            spool.close()
            return None
        spool.write(chunk)
    spool.seek(0)
    return spool


def wsgi_environ(scope: dict, body: io.IOBase) -> dict[str, Any]:
    """PEP 3333 environ for an ASGI HTTP scope."""
    server = scope.get("server") or ("localhost", 80)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode().decode("latin-1"),
        "PATH_INFO": scope["path"].encode().decode("latin-1"),
        "QUERY_STRING": scope["query_string"].decode("latin-1"),
        "SERVER_NAME": server[0],
        "SERVER_PORT": str(server[1] or 80),
        "SERVER_PROTOCOL": f"HTTP/{scope['http_version']}",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    client = scope.get("client")
    if client:
        environ["REMOTE_ADDR"], environ["REMOTE_PORT"] = client[0], str(client[1])
    for raw_name, raw_value in scope["headers"]:
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        if name not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            name = "HTTP_" + name
        value = raw_value.decode("latin-1")
        environ[name] = f"{environ[name]},{value}" if name in environ else value
    if isinstance(body, tempfile.SpooledTemporaryFile) or "CONTENT_LENGTH" not in environ:
        environ["CONTENT_LENGTH"] = str(_length(body))  # chunked uploads carry none
    return environ


def _length(body: io.IOBase) -> int:
    position = body.tell()
    size = body.seek(0, io.SEEK_END)
    body.seek(position)
    return size


async def _answer(send: Callable, response: Response) -> None:
    status, headers, body = response
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _lifespan(receive: Callable, send: Callable) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
