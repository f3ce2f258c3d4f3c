"""An open event stream costs no thread: thousands of boards and phones wait on the event loop,
and Django's middleware still answers each of them (satupintu/asgi.py)."""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.testing import ApplicationCommunicator

from satupintu.core.tests.concurrency import run_async
from satupintu.queueing.tests.factories import make_queue

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("bus")]

WATCHERS = 80  # more than the event loop's pool of threads can hold (32 at most)


def board(slug: str) -> ApplicationCommunicator:
    from satupintu.asgi import application

    path = f"/api/v1/mpps/{slug}/events"
    return ApplicationCommunicator(
        application,
        {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"localhost")],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
        },
    )


async def open_stream(comm: ApplicationCommunicator) -> dict[str, str]:
    """The stream's headers, once its snapshot has arrived."""
    await comm.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await comm.receive_output(timeout=20)
    assert (start["type"], start["status"]) == ("http.response.start", 200), start
    body = b""
    while b"event: snapshot" not in body:
        body += (await comm.receive_output(timeout=20))["body"]
    return {k.decode().lower(): v.decode() for k, v in start["headers"]}


def test_open_board_streams_hold_no_thread_each_and_keep_djangos_headers():
    q = make_queue()

    async def scenario() -> tuple[int, int, list[dict[str, str]], int]:
        before = threading.active_count()
        comms = [board(q.mpp.slug) for _ in range(WATCHERS)]
        headers = await asyncio.gather(*(open_stream(c) for c in comms))
        await asyncio.sleep(0.2)
        during = threading.active_count()
        for comm in comms:
            await comm.send_input({"type": "http.disconnect"})
        for comm in comms:
            await comm.wait(timeout=10)
        await asyncio.sleep(0.2)
        return before, during, headers, threading.active_count()

    before, during, headers, after = run_async(scenario())

    assert during - before < WATCHERS / 2, f"{during - before} threads for {WATCHERS} streams"
    assert after <= during
    for answer in headers:  # from Django's SecurityMiddleware, as on every other answer
        assert answer["x-content-type-options"] == "nosniff"
        assert answer["content-type"].startswith("text/event-stream")
