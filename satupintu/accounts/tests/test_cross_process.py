"""Refusals take effect at once in every process: nothing that authorises a request is cached.

Process B is a real server (`core/tests/servers.py`) on the test database, SQLite or
PostgreSQL; process A is this test process, which changes the rows through the same
services and saves the admin uses. B has already served the caller, so it would hold
whatever it kept about them; its very next request must be refused, with no waiting.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from satupintu.accounts.models import ApiToken, Role
from satupintu.accounts.services import issue_api_token, revoke_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.core.tests.servers import ServerProcess
from satupintu.queueing.counters.services import close_counter
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets import services

pytestmark = [pytest.mark.slow, pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def process_b(tmp_path_factory, django_db_setup, django_db_blocker) -> Iterator[ServerProcess]:
    with django_db_blocker.unblock():
        server = ServerProcess(tmp_path_factory.mktemp("process-b"), "b")
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


class Officer:
    """An officer at a counter with a token, and their requests to process B."""

    def __init__(self, server: ServerProcess) -> None:
        self.q = make_queue()
        self.counter = self.q.counters[0]
        agency = self.counter.booth.agency
        self.user = make_user(Role.OFFICER, mpp=self.q.mpp, agency=agency, counters=[self.counter])
        self.raw = issue_api_token(user=self.user)
        self.server = server

    def me(self) -> int:
        return self._send("GET", "/api/v1/me")

    def call_next(self) -> int:
        return self._send("POST", f"/api/v1/counters/{self.counter.pk}/call-next")

    def _send(self, method: str, path: str) -> int:
        headers = {"Authorization": f"Bearer {self.raw}"}
        response = requests.request(method, self.server.url + path, headers=headers, timeout=10)
        return response.status_code


def served(officer: Officer) -> None:
    """B authenticates the officer several times and lets them call (nobody waits: 204)."""
    for _ in range(3):
        assert officer.me() == 200
    assert officer.call_next() == 204


def test_a_token_revoked_in_one_process_is_refused_by_the_other_at_once(process_b):
    officer = Officer(process_b)
    served(officer)
    revoke_api_token(token=ApiToken.objects.get(user=officer.user))
    assert officer.me() == 401
    assert officer.call_next() == 401


def test_a_user_deactivated_in_one_process_is_refused_by_the_other_at_once(process_b):
    officer = Officer(process_b)
    served(officer)
    officer.user.is_active = False
    officer.user.save(update_fields=["is_active"])  # as the admin's change form does
    assert officer.me() == 401
    assert officer.call_next() == 401


def test_a_counter_closed_in_one_process_no_longer_calls_in_the_other(process_b):
    officer = Officer(process_b)
    served(officer)
    close_counter(counter=officer.counter, actor=officer.user)
    services.issue_ticket(mpp=officer.q.mpp, service=officer.q.service, channel="kiosk")
    response_status = officer.call_next()
    assert response_status == 409  # counter_closed, though a ticket waits
