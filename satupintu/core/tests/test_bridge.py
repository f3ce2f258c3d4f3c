"""The ASGI → WSGI bridge that serves Django in `satupintu serve` (core/bridge.py)."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from django.core.wsgi import get_wsgi_application
from django.db import connection

from satupintu.core import bridge
from satupintu.core.bridge import WsgiBridge


def _scope(method: str = "GET", path: str = "/echo", query: bytes = b"", headers=()) -> dict:
    return {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "query_string": query,
        "http_version": "1.1",
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "client": ("10.0.0.7", 5151),
        "headers": [(k.encode(), v.encode()) for k, v in headers],
    }


def _serve(app: WsgiBridge, scope: dict, chunks=(b"",), disconnect: bool = False) -> dict:
    """Run one request through the bridge; the answer as status, headers and body."""
    messages = [{"type": "http.request", "body": c, "more_body": True} for c in chunks]
    messages[-1]["more_body"] = False
    if disconnect:
        messages[-1] = {"type": "http.disconnect"}
    sent: list[dict] = []

    async def receive() -> dict:
        return messages.pop(0)

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    if not sent:
        return {}
    return {
        "status": sent[0]["status"],
        "headers": dict(sent[0]["headers"]),
        "body": b"".join(m.get("body", b"") for m in sent[1:]),
    }


def echo(environ: dict, start_response) -> list[bytes]:
    """What Django would see of the request."""
    seen = {k: v for k, v in environ.items() if k.isupper()}
    seen["body"] = environ["wsgi.input"].read().decode()
    seen["thread"] = threading.current_thread().name
    try:
        asyncio.get_running_loop()
        seen["loop_visible"] = True
    except RuntimeError:
        seen["loop_visible"] = False
    start_response("201 Created", [("Content-Type", "application/json"), ("X-Echo", "1")])
    return [json.dumps(seen).encode()]


def test_django_sees_the_request_as_sent() -> None:
    scope = _scope(
        "POST",
        "/api/v1/tickets",
        b"a=1&b=2",
        [("content-type", "application/json"), ("x-kiosk", "K-1"), ("x-kiosk", "K-2")],
    )
    answer = _serve(WsgiBridge(echo), scope, chunks=(b'{"service":', b' "A01"}'))
    assert answer["status"] == 201
    assert answer["headers"][b"x-echo"] == b"1"
    seen = json.loads(answer["body"])
    assert seen["body"] == '{"service": "A01"}'  # both chunks, in order
    assert seen["CONTENT_LENGTH"] == "18"  # a chunked upload names no length: the bridge does
    assert seen["REQUEST_METHOD"] == "POST"
    assert seen["PATH_INFO"] == "/api/v1/tickets"
    assert seen["QUERY_STRING"] == "a=1&b=2"
    assert seen["CONTENT_TYPE"] == "application/json"
    assert seen["HTTP_X_KIOSK"] == "K-1,K-2"
    assert seen["REMOTE_ADDR"] == "10.0.0.7"


def test_inline_django_runs_as_sync_code_and_the_loop_comes_back() -> None:
    async def twice(app: WsgiBridge) -> tuple[bool, bool]:
        sent: list[dict] = []

        async def receive() -> dict:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict) -> None:
            sent.append(message)

        await app(_scope(), receive, send)
        loop_back = asyncio.get_running_loop() is not None
        return json.loads(sent[1]["body"])["loop_visible"], loop_back

    loop_visible, loop_back = asyncio.run(twice(WsgiBridge(echo, threads=0)))
    assert loop_visible is False  # Django's async-unsafe guard sees a sync thread
    assert loop_back is True


def test_threads_mode_runs_django_on_the_pool() -> None:
    seen = json.loads(_serve(WsgiBridge(echo, threads=2), _scope())["body"])
    assert seen["thread"].startswith("django")


def test_a_client_that_leaves_mid_upload_never_reaches_django() -> None:
    called = []

    def app(environ, start_response):
        called.append(environ)
        start_response("200 OK", [])
        return [b""]

    _serve(WsgiBridge(app), _scope("POST"), chunks=(b"part", b""), disconnect=True)
    assert called == []


def test_a_body_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bridge, "MAX_BODY", 10)
    answer = _serve(WsgiBridge(echo), _scope("POST"), chunks=(b"123456", b"789012"))
    assert answer["status"] == 413


def test_a_large_upload_is_spooled_and_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bridge, "IN_MEMORY_BODY", 8)
    chunks = (b"x" * 5, b"y" * 5, b"z" * 5)
    seen = json.loads(_serve(WsgiBridge(echo), _scope("POST"), chunks=chunks)["body"])
    assert seen["body"] == "xxxxxyyyyyzzzzz"
    assert seen["CONTENT_LENGTH"] == "15"


@pytest.mark.django_db(transaction=True)
def test_inline_requests_reuse_one_database_connection() -> None:
    """Django's connections are per thread: inline requests on the loop's thread must find
    the same one (a new SQLite connection per request cost more than the request)."""
    app = WsgiBridge(get_wsgi_application(), threads=0)
    seen = []

    def probe(environ, start_response):
        connection.ensure_connection()
        seen.append(connection.connection)  # kept alive: ids are not reused
        start_response("200 OK", [])
        return [b""]

    app.app = probe
    for _ in range(3):
        assert _serve(app, _scope())["status"] == 200
    assert len(seen) == 3 and seen[0] is seen[1] is seen[2]
    health = _serve(WsgiBridge(get_wsgi_application()), _scope("GET", "/healthz"))
    assert health["status"] == 200


def test_the_asgi_module_loads_in_a_fresh_process(tmp_path) -> None:
    """uvicorn's workers (and any ASGI server) import satupintu.asgi before Django is set
    up: the module must set it up itself before it imports the apps."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "SATUPINTU_DATA_DIR": str(tmp_path), "SECRET_KEY": "x"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", "import satupintu.asgi as m; print(type(m.application).__name__)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "EventStreams"
