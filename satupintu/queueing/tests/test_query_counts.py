"""The queue's hot paths pinned to the queries the ORM makes for them, on both databases.

Each path is warmed once first (the token's use is recorded at most once a minute, a
counter's state row and a queue's daily sequence are created on first use), then
measured in the state a busy morning keeps it in. A change in these numbers is a change
of what a request costs: look at the queries, then move the pin on purpose.
"""

import pytest

from satupintu.queueing.tests.factories import queue_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, personas):
    """An MPP with ten tickets waiting (some priority) and an officer who has served one."""
    q = queue_personas(personas)
    desk = Desk(client, q)
    for i in range(10):
        desk.issue(**({"priority": "lansia"} if i % 3 == 0 else {}))
    desk.serve_one()
    return desk


class Desk:
    def __init__(self, client, q) -> None:
        self.client, self.q = client, q
        self.kiosk = {"headers": {"authorization": f"Bearer {q.p.token(q.p.kiosk_x)}"}}
        self.officer = {"headers": {"authorization": f"Bearer {q.p.token(q.p.officer_xa)}"}}
        self.slug = q.p.mpp_x.slug

    def issue(self, **body) -> dict:
        body = {"service": self.q.service_xa.code, "channel": "kiosk", **body}
        response = self.client.post(
            f"/api/v1/mpps/{self.slug}/tickets", body, content_type="application/json", **self.kiosk
        )
        assert response.status_code == 201, response.content
        return response.json()

    def call_next(self) -> dict:
        response = self.post(f"/counters/{self.q.p.counter_xa.pk}/call-next")
        assert response.status_code == 200, response.content
        return response.json()

    def serve_one(self) -> None:
        ticket = self.call_next()
        for action in ("start", "finish"):
            assert self.post(f"/tickets/{ticket['id']}/{action}").status_code == 200

    def post(self, path: str):
        return self.client.generic("POST", f"/api/v1{path}", b"", **self.officer)


def test_issuing_a_ticket_at_the_kiosk(desk, django_assert_num_queries):
    # token; MPP; the number (sequence row read, then UPDATE … RETURNING in a
    # savepoint); ticket; history row; then the ticket's view: people ahead (one
    # aggregate) and the wait (the counters' states); savepoints. The service with its
    # queue, its pool, K, its name, the day's periods and the history statistics are kept
    # in the cache (core/cached.py) since the warm-up.
    with django_assert_num_queries(12):
        desk.issue()


def test_calling_the_next_ticket(desk, django_assert_num_queries):
    # token; counter with MPP, agency and the officer's assignment; counter state locked;
    # its services; open/busy/lines in one query; the head of the line locked; ticket,
    # state and history written; savepoint (K and the service's name from the cache)
    with django_assert_num_queries(11):
        desk.call_next()


def test_the_board_snapshot(desk, client, django_assert_num_queries):
    # MPP, running text, queues, services with their names, waiting, at the counters,
    # counters with their state, last calls
    with django_assert_num_queries(8):
        assert client.get(f"/api/v1/mpps/{desk.slug}/queue").status_code == 200


@pytest.mark.parametrize("path", ["/antrian/{id}/", "/api/v1/tickets/{id}"])
def test_the_public_ticket_page_and_its_json(desk, client, path, django_assert_num_queries):
    ticket = desk.issue()
    # ticket with MPP, service and counter; people ahead (one aggregate); the wait (the
    # counters' states); pool, K, name and the day's periods from the cache
    with django_assert_num_queries(3):
        assert client.get(path.format(id=ticket["id"])).status_code == 200
