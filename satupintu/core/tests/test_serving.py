"""The server as it runs (`satupintu serve`: Django's ASGI handler under uvicorn): a slow
request holds only its own thread; health, the API and the board streams go on meanwhile."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import requests

from satupintu.accounts.models import Role
from satupintu.accounts.services import issue_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.core.tests.servers import ServerProcess, Watcher
from satupintu.queueing.tests.factories import make_queue

pytestmark = [pytest.mark.slow, pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

# Long enough that a server which let the busy view hold the others (they would wait
# about 4 s) is far from the goal, even on a loaded 2-core CI machine.
BUSY_SECONDS = 4.0
# The goal of docs/benchmarks.md: within max(250 ms, a quarter of the slow request's time).
ALLOWED = max(0.25, BUSY_SECONDS / 4)


@pytest.fixture
def server(tmp_path) -> Iterator[ServerProcess]:
    running = ServerProcess(
        tmp_path, DJANGO_SETTINGS_MODULE="satupintu.core.tests.slow_settings"
    ).wait_ready()
    yield running
    running.stop()


def timed(call) -> tuple[float, requests.Response]:
    started = time.monotonic()
    response = call()
    return time.monotonic() - started, response


def test_a_slow_request_does_not_hold_health_the_api_or_the_board(server):
    q = make_queue()
    kiosk = {"Authorization": f"Bearer {issue_api_token(user=make_user(Role.KIOSK, mpp=q.mpp))}"}
    issue_url = f"{server.url}/api/v1/mpps/{q.mpp.slug}/tickets"
    first = requests.post(
        issue_url, json={"service": q.service.code, "channel": "kiosk"}, headers=kiosk, timeout=10
    )
    assert first.status_code == 201, first.text
    board = Watcher(f"{server.url}/api/v1/mpps/{q.mpp.slug}/events")
    assert board.next()["type"] == "snapshot"

    slow: dict[str, float] = {}

    def busy() -> None:
        took, response = timed(
            lambda: requests.get(f"{server.url}/test/busy?seconds={BUSY_SECONDS}", timeout=30)
        )
        assert response.status_code == 200
        slow["took"] = took

    worker = threading.Thread(target=busy)
    try:
        worker.start()
        time.sleep(0.3)  # the slow view is under way
        health, response = timed(lambda: requests.get(f"{server.url}/healthz", timeout=10))
        assert response.status_code == 200
        ticket_url = f"{server.url}/api/v1/tickets/{first.json()['id']}"
        ticket, response = timed(lambda: requests.get(ticket_url, timeout=10))
        assert response.status_code == 200 and response.json()["number"] == "A-001"
        started = time.monotonic()
        issued = requests.post(
            issue_url,
            json={"service": q.service.code, "channel": "kiosk"},
            headers=kiosk,
            timeout=10,
        )
        assert issued.status_code == 201, issued.text
        event = board.next(timeout=10)
        on_board = time.monotonic() - started
        still_busy = "took" not in slow
    finally:
        worker.join(timeout=30)
        board.close()

    assert (event["type"], event["number"]) == ("issue", "A-002")
    assert still_busy, "the slow view ended before the other requests were made"
    assert slow["took"] >= BUSY_SECONDS
    took = f"health {health:.3f} s, ticket {ticket:.3f} s, board {on_board:.3f} s"
    assert max(health, ticket, on_board) < ALLOWED, took
