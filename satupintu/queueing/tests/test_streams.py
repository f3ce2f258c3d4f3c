"""The live streams through the real ASGI application (satupintu.asgi), as a browser sees them."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from django.db import connections

from satupintu.core import events, sse
from satupintu.core.tests.concurrency import run_async
from satupintu.gates.test_security import header_problems
from satupintu.queueing.board import streams
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets import services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("bus")]


def app():
    from satupintu.asgi import application

    return application


async def in_thread(fn, *args, **kwargs) -> Any:
    """Run ORM code from the test's event loop, as the server's own threads would."""

    def run():
        try:
            return fn(*args, **kwargs)
        finally:
            connections.close_all()

    return await sync_to_async(run, thread_sensitive=False)()


class Stream:
    """One HTTP request to the ASGI application, read as Server-Sent Events."""

    def __init__(self, path: str, *, method: str = "GET", headers=(), scheme: str = "http"):
        self.comm = ApplicationCommunicator(
            app(),
            {
                "type": "http",
                "asgi": {"version": "3.0"},
                "http_version": "1.1",
                "method": method,
                "scheme": scheme,
                "path": path,
                "raw_path": path.encode(),
                "query_string": b"",
                "root_path": "",
                "headers": [(b"host", b"localhost"), *headers],
                "client": ("127.0.0.1", 50000),
                "server": ("127.0.0.1", 8000),
            },
        )
        self.buffer = b""
        self.status = 0
        self.headers: dict[str, str] = {}
        self.ended = False

    async def open(self) -> Stream:
        await self.comm.send_input({"type": "http.request", "body": b"", "more_body": False})
        start = await self.comm.receive_output(timeout=10)
        assert start["type"] == "http.response.start", start
        self.status = start["status"]
        self.headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
        return self

    async def block(self, timeout: float = 5) -> str:
        """The next block (an event, a retry line or a heartbeat comment)."""
        while b"\n\n" not in self.buffer:
            message = await self.comm.receive_output(timeout=timeout)
            self.buffer += message.get("body", b"")
            if not message.get("more_body", False):
                self.ended = True
                if b"\n\n" not in self.buffer:
                    raise EOFError(self.buffer)
        block, self.buffer = self.buffer.split(b"\n\n", 1)
        return block.decode()

    async def event(self, timeout: float = 5) -> dict:
        """The next event, skipping retry lines and heartbeats."""
        while True:
            block = await self.block(timeout)
            fields = dict(
                line.split(": ", 1) for line in block.splitlines() if not line.startswith(":")
            )
            if "event" in fields:
                return {
                    "id": int(fields["id"]),
                    "type": fields["event"],
                    **json.loads(fields["data"]),
                }

    async def body(self) -> bytes:
        chunks = self.buffer
        while True:
            message = await self.comm.receive_output(timeout=10)
            chunks += message.get("body", b"")
            if not message.get("more_body", False):
                return chunks

    async def close(self) -> None:
        await self.comm.send_input({"type": "http.disconnect"})
        await self.comm.wait(timeout=5)


def board_path(q) -> str:
    return f"/api/v1/mpps/{q.mpp.slug}/events"


def issue(q, **kw):
    return services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk", **kw)


def test_the_board_gets_a_snapshot_then_the_call_then_lets_go_on_disconnect():
    q = make_queue()
    ticket = issue(q)

    async def scenario():
        stream = await Stream(board_path(q)).open()
        assert stream.status == 200
        assert stream.headers["content-type"] == "text/event-stream; charset=utf-8"
        assert (await stream.block()).startswith("retry: ")
        snapshot = await stream.event()
        assert snapshot["type"] == "snapshot" and snapshot["mpp"] == q.mpp.slug
        assert [w["number"] for w in snapshot["waiting"]] == ["A-001"]
        await in_thread(counter_services.call_next, counter=q.counters[0], officer=None)
        call = await stream.event()
        assert call["type"] == "call" and call["number"] == "A-001"
        assert call["counter_number"] == q.counters[0].number
        assert call["id"] > snapshot["id"]
        assert str(ticket.public_id) not in json.dumps([snapshot, call])  # a public board
        fanout = events._fanouts[asyncio.get_running_loop()]
        assert fanout.count(f"mpp:{q.mpp.pk}") == 1
        await stream.close()
        assert fanout.count(f"mpp:{q.mpp.pk}") == 0  # the disconnect ended the stream

    run_async(scenario())


def test_a_reconnect_with_last_event_id_gets_what_it_missed_not_a_snapshot():
    q = make_queue()

    async def scenario():
        stream = await Stream(board_path(q)).open()
        snapshot = await stream.event()
        await stream.close()
        await in_thread(issue, q)
        await in_thread(counter_services.call_next, counter=q.counters[0], officer=None)
        header = [(b"last-event-id", str(snapshot["id"]).encode())]
        again = await Stream(board_path(q), headers=header).open()
        assert [(await again.event())["type"] for _ in range(2)] == ["issue", "call"]
        await again.close()
        too_old = await Stream(board_path(q), headers=[(b"last-event-id", b"1")]).open()
        fresh = await too_old.event()
        assert fresh["type"] == "snapshot" and fresh["counters"][0]["ticket"]["number"] == "A-001"
        await too_old.close()

    run_async(scenario())


def test_displays_connecting_together_share_one_snapshot_read(monkeypatch):
    q = make_queue()
    reads = []
    original = streams._board_snapshot

    def counted(mpp_id):
        reads.append(mpp_id)
        return original(mpp_id)

    monkeypatch.setattr(streams, "_board_snapshot", counted)

    async def scenario():
        boards = [await Stream(board_path(q)).open() for _ in range(3)]
        ids = {(await b.event())["id"] for b in boards}
        assert len(reads) == 1 and len(ids) == 1
        await in_thread(issue, q)
        for b in boards:
            assert (await b.event())["type"] == "issue"
        late = await Stream(board_path(q)).open()
        assert len((await late.event())["waiting"]) == 1  # the issue made the copy stale
        assert len(reads) == 2
        for b in [*boards, late]:
            await b.close()

    run_async(scenario())


def test_a_reconnect_storm_of_displays_costs_one_snapshot_read(monkeypatch):
    q = make_queue()
    reads = []
    original = streams._board_snapshot

    def slow(mpp_id):
        reads.append(mpp_id)
        time.sleep(0.2)  # every display connects while the first read is under way
        return original(mpp_id)

    monkeypatch.setattr(streams, "_board_snapshot", slow)

    async def scenario():
        boards = await asyncio.gather(*(Stream(board_path(q)).open() for _ in range(20)))
        snapshots = [await b.event() for b in boards]
        assert len(reads) == 1 and {s["type"] for s in snapshots} == {"snapshot"}
        for b in boards:
            await b.close()

    run_async(scenario())


def test_an_idle_stream_sends_heartbeats(monkeypatch):
    q = make_queue()
    monkeypatch.setattr(sse, "HEARTBEAT", 0.05)

    async def scenario():
        stream = await Stream(board_path(q)).open()
        await stream.event()
        assert await stream.block() == ": heartbeat"
        await stream.close()

    run_async(scenario())


def test_the_phone_sees_its_place_move_and_its_call():
    q = make_queue(counters=2)
    issue(q)
    mine = issue(q)

    async def scenario():
        stream = await Stream(f"/api/v1/tickets/{mine.public_id}/events").open()
        snapshot = await stream.event()
        assert (snapshot["type"], snapshot["number"], snapshot["ahead"]) == ("snapshot", "A-002", 1)
        await in_thread(counter_services.call_next, counter=q.counters[0], officer=None)
        moved = await stream.event()
        assert (moved["type"], moved["ahead"], moved["status"]) == ("ticket", 0, "waiting")
        await in_thread(counter_services.call_next, counter=q.counters[1], officer=None)
        called = await stream.event()
        assert (called["status"], called["counter"]) == ("called", q.counters[1].number)
        await stream.close()

    run_async(scenario())


def test_the_phone_stream_words_the_place_in_the_holders_language():
    q = make_queue(counters=1)
    issue(q)
    mine = issue(q)

    async def scenario():
        path = f"/api/v1/tickets/{mine.public_id}/events"
        stream = await Stream(path, headers=[(b"accept-language", b"en")]).open()
        snapshot = await stream.event()
        assert (snapshot["ahead_text"], snapshot["wait_text"]) == ("1 person", "about 10 minutes")
        await in_thread(counter_services.call_next, counter=q.counters[0], officer=None)
        moved = await stream.event()
        assert moved["ahead"] == 0 and moved["ahead_text"] == "Nobody — you are next"
        await stream.close()

    run_async(scenario())


def test_an_unknown_mpp_or_ticket_gets_djangos_404_in_the_error_shape():
    async def scenario():
        for path in ("/api/v1/mpps/tidak-ada/events", f"/api/v1/tickets/{uuid.uuid4()}/events"):
            response = await Stream(path).open()
            assert response.status == 404
            assert json.loads(await response.body())["code"] == "not_found"

    run_async(scenario())


def test_other_methods_and_paths_go_to_django():
    q = make_queue()

    async def scenario():
        post = await Stream(board_path(q), method="POST").open()
        assert post.status == 405
        await post.body()
        snapshot = await Stream(f"/api/v1/mpps/{q.mpp.slug}/queue").open()
        assert snapshot.status == 200 and "json" in snapshot.headers["content-type"]
        await snapshot.body()

    run_async(scenario())


def test_a_stream_carries_the_security_headers_of_every_other_answer(settings):
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 31536000
    q = make_queue()

    class Headers(dict):
        def get(self, key, default=None):
            return super().get(key.lower(), default)

    async def scenario():
        stream = await Stream(board_path(q), scheme="https").open()
        assert stream.status == 200
        assert header_problems(Headers(stream.headers)) == []
        assert "'unsafe-inline'" not in stream.headers["content-security-policy"]
        await stream.close()

    run_async(scenario())


def test_a_host_outside_allowed_hosts_is_left_to_django():
    q = make_queue()

    async def scenario():
        stream = Stream(board_path(q))
        stream.comm.scope["headers"] = [(b"host", b"evil.example")]
        await stream.open()
        assert stream.status == 400
        await stream.body()

    run_async(scenario())


def test_through_django_the_same_path_answers_the_snapshot_and_ends(client):
    """WSGI servers (and the API fuzzer) reach the OpenAPI operation: one event, then the end."""
    q = make_queue()
    issue(q)
    response = client.get(board_path(q))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    body = response.content.decode()
    assert body.startswith("retry: 5000\n\n") and "event: snapshot" in body
    ticket = issue(q)
    body = client.get(f"/api/v1/tickets/{ticket.public_id}/events").content.decode()
    data = json.loads(body.split("data: ", 1)[1])
    assert data["number"] == "A-002" and data["ahead"] == 1
