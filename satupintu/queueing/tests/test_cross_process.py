"""Two server processes on one PostgreSQL: a call made through one reaches a board on the other.

Each server is a real `uvicorn satupintu.asgi:application` on a free loopback port with
EVENT_BUS_URL=postgres (LISTEN/NOTIFY on the default database, here the test database).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from django.db import connection

from satupintu.accounts.models import Role
from satupintu.accounts.services import issue_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.core.tests.servers import ServerProcess, Watcher
from satupintu.queueing.tests.factories import make_queue

pytestmark = [
    pytest.mark.slow,
    pytest.mark.concurrency,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN/NOTIFY needs PostgreSQL"),
]


@pytest.fixture
def two_servers(tmp_path) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    servers = tuple(ServerProcess(tmp_path, name, EVENT_BUS_URL="postgres") for name in "ab")
    try:
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()


def test_a_call_made_on_one_server_reaches_the_board_on_the_other(two_servers):
    a, b = two_servers
    q = make_queue()
    counter = q.counters[0]
    kiosk = issue_api_token(user=make_user(Role.KIOSK, mpp=q.mpp))
    officer = make_user(Role.OFFICER, mpp=q.mpp, agency=counter.booth.agency, counters=[counter])
    staff = {"Authorization": f"Bearer {issue_api_token(user=officer)}"}
    board = f"/api/v1/mpps/{q.mpp.slug}/events"

    on_b, on_a = Watcher(b.url + board), Watcher(a.url + board)
    watchers = [on_a, on_b]
    try:
        assert on_b.next()["type"] == on_a.next()["type"] == "snapshot"
        issued = requests.post(
            f"{a.url}/api/v1/mpps/{q.mpp.slug}/tickets",
            json={"service": q.service.code, "channel": "kiosk"},
            headers={"Authorization": f"Bearer {kiosk}"},
            timeout=10,
        )
        assert issued.status_code == 201, issued.text
        called = requests.post(
            f"{a.url}/api/v1/counters/{counter.pk}/call-next", headers=staff, timeout=10
        )
        assert called.status_code == 200, called.text

        issue_b, call_b = on_b.next(), on_b.next()
        assert (issue_b["type"], issue_b["number"]) == ("issue", "A-001")
        assert (call_b["type"], call_b["counter_number"]) == ("call", counter.number)
        # The same events, with the same ids, on the server that handled the requests.
        assert [on_a.next()["id"], on_a.next()["id"]] == [issue_b["id"], call_b["id"]]

        # Ids are global: a board that saw the issue on B resumes on A from A's history.
        resumed = Watcher(a.url + board, last_event_id=issue_b["id"])
        watchers.append(resumed)
        replay = resumed.next()
        assert (replay["type"], replay["id"]) == ("call", call_b["id"])
    finally:
        for watcher in watchers:
            watcher.close()
