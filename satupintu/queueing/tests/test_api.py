"""The queue through /api/v1 with named personas: who may issue, call and move tickets."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from satupintu.catalog.services import assign_service_to_counter
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.counters.services import set_counter_mode
from satupintu.queueing.models import Status, Ticket
from satupintu.queueing.tests.factories import queue_at, queue_personas
from satupintu.queueing.tickets import services
from satupintu.tenancy.tests.factories import CounterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def q(personas):
    return queue_personas(personas)


def bearer(q, user) -> dict:
    return {"headers": {"authorization": f"Bearer {q.p.token(user)}"}}


def kiosk_ticket(client, q, service=None, **body) -> dict:
    service = service or q.service_xa
    response = client.post(
        f"/api/v1/mpps/{q.p.mpp_x.slug}/tickets",
        {"service": service.code, "channel": "kiosk", **body},
        content_type="application/json",
        **bearer(q, q.p.kiosk_x),
    )
    assert response.status_code == 201, response.json()
    return response.json()


def online(client, slug, service, phone="081234567890", **extra):
    return client.post(
        f"/api/v1/mpps/{slug}/tickets",
        {"service": service.code, "channel": "online", "phone": phone},
        content_type="application/json",
        **extra,
    )


def post(client, q, user, path, body=None):
    """POST as `user`; without `body` the request has no body at all (as `curl -X POST`)."""
    if body is None:
        return client.generic("POST", f"/api/v1{path}", b"", **bearer(q, user))
    return client.post(f"/api/v1{path}", body, content_type="application/json", **bearer(q, user))


# --- issuing


def test_a_kiosk_of_the_mpp_issues_a_numbered_ticket_with_its_place(client, q):
    first = kiosk_ticket(client, q)
    second = kiosk_ticket(client, q, priority="lansia")
    assert first["number"] == "A-001" and first["status"] == "waiting"
    assert (first["ahead"], first["eta_minutes"]) == (0, 0)
    assert second["number"] == "A-002"
    assert second["ahead"] == 0  # a priority ticket goes before the regular one
    assert client.get(f"/api/v1/tickets/{first['id']}").json()["ahead"] == 1
    assert first["track_url"] == f"http://testserver/antrian/{first['id']}/"
    assert uuid.UUID(first["id"]) == Ticket.objects.get(number="A-001").public_id


def test_the_ticket_link_is_at_the_public_address_when_one_is_set(client, q, settings):
    # a kiosk on the MPP's network may reach the server at an address phones cannot open
    settings.PUBLIC_URL = "https://mpp.banyumaskab.go.id"
    ticket = kiosk_ticket(client, q)  # asked at http://testserver
    assert ticket["track_url"] == f"https://mpp.banyumaskab.go.id/antrian/{ticket['id']}/"


def test_a_kiosk_token_of_another_mpp_is_refused(client, q):
    kiosk_y = q.p.kiosk_x.__class__.objects.get(pk=q.p.kiosk_x.pk)
    kiosk_y.mpp = q.p.mpp_y
    kiosk_y.save(update_fields=["mpp"])
    response = client.post(
        f"/api/v1/mpps/{q.p.mpp_x.slug}/tickets",
        {"service": q.service_xa.code, "channel": "kiosk"},
        content_type="application/json",
        **bearer(q, kiosk_y),
    )
    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "message": "Nomor antrian kios hanya dapat diambil dari kios MPP ini.",
    }
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("who", ["officer_xa", "supervisor_x", "citizen"])
def test_only_a_kiosk_device_takes_kiosk_tickets(client, q, who):
    response = client.post(
        f"/api/v1/mpps/{q.p.mpp_x.slug}/tickets",
        {"service": q.service_xa.code, "channel": "kiosk"},
        content_type="application/json",
        **bearer(q, getattr(q.p, who)),
    )
    assert response.status_code == 403


def test_a_kiosk_ticket_without_a_token_is_a_401(client, q):
    response = client.post(
        f"/api/v1/mpps/{q.p.mpp_x.slug}/tickets",
        {"service": q.service_xa.code, "channel": "kiosk"},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_an_unknown_service_is_a_422_and_another_mpps_service_is_unknown(client, q):
    response = online(client, q.p.mpp_x.slug, q.service_ya)
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_service"


def test_online_tickets_need_no_login_but_a_phone(client, q):
    response = online(client, q.p.mpp_x.slug, q.service_xa)
    assert response.status_code == 201
    assert Ticket.objects.get().phone == "+6281234567890"
    no_phone = client.post(
        f"/api/v1/mpps/{q.p.mpp_x.slug}/tickets",
        {"service": q.service_xa.code, "channel": "online"},
        content_type="application/json",
    )
    assert no_phone.status_code == 422
    assert no_phone.json()["code"] == "phone_required"


def test_one_active_online_ticket_per_phone_and_service(client, q):
    assert online(client, q.p.mpp_x.slug, q.service_xa).status_code == 201
    again = online(client, q.p.mpp_x.slug, q.service_xa, phone="+62 812-3456-7890")
    assert again.status_code == 409
    assert again.json()["code"] == "already_queued"
    assert online(client, q.p.mpp_x.slug, q.service_xb).status_code == 201


def test_online_tickets_are_rate_limited_per_phone(client, q, settings):
    settings.RATE_LIMITS_ENABLED = True
    codes = []
    for i in range(7):
        service = q.service_xa if i % 2 == 0 else q.service_xb
        response = online(client, q.p.mpp_x.slug, service, REMOTE_ADDR=f"10.0.0.{i}")
        codes.append(response.status_code)
        if response.status_code == 429:
            assert int(response["Retry-After"]) > 0
            assert response.json()["code"] == "rate_limited"
        if response.status_code == 201:  # finish it, so "one active ticket" does not refuse
            Ticket.objects.filter(status=Status.WAITING).update(status=Status.CANCELLED)
    assert codes == [201] * 6 + [429]
    assert online(client, q.p.mpp_x.slug, q.service_xa, phone="081299990000").status_code == 201


def test_online_tickets_are_rate_limited_per_address(client, q, settings, monkeypatch):
    from satupintu.queueing.tickets import api

    settings.RATE_LIMITS_ENABLED = True
    monkeypatch.setattr(api, "ONLINE_RATE_ADDRESS", "3/h")
    codes = [
        online(client, q.p.mpp_x.slug, q.service_xa, phone=f"08129999000{i}").status_code
        for i in range(4)
    ]
    assert codes == [201, 201, 201, 429]


def test_rate_limits_switched_off_let_everything_through(client, q, settings):
    settings.RATE_LIMITS_ENABLED = False
    for i in range(8):
        response = online(client, q.p.mpp_x.slug, q.service_xa, phone=f"0812999900{i:02d}")
        assert response.status_code == 201


# --- the public ticket


def test_anyone_with_the_id_reads_the_ticket_and_a_guess_is_a_404(client, q):
    ticket = kiosk_ticket(client, q)
    body = client.get(f"/api/v1/tickets/{ticket['id']}").json()
    assert body["number"] == "A-001" and body["counter"] is None
    assert client.get(f"/api/v1/tickets/{uuid.uuid4()}").status_code == 404
    assert client.get("/api/v1/tickets/1").status_code == 422


def test_a_called_ticket_shows_its_counter(client, q):
    ticket = kiosk_ticket(client, q)
    post(client, q, q.p.officer_xa, f"/counters/{q.p.counter_xa.pk}/call-next")
    body = client.get(f"/api/v1/tickets/{ticket['id']}").json()
    assert (body["status"], body["counter"], body["eta_minutes"]) == ("called", 1, 0)


# --- calling


def test_the_officer_of_the_counter_calls_the_next_ticket(client, q):
    ticket = kiosk_ticket(client, q)
    response = post(client, q, q.p.officer_xa, f"/counters/{q.p.counter_xa.pk}/call-next")
    assert response.status_code == 200
    assert response.json()["id"] == ticket["id"]
    assert response.json()["status"] == "called"


def test_call_next_with_nobody_waiting_is_a_204(client, q):
    response = post(client, q, q.p.officer_xa, f"/counters/{q.p.counter_xa.pk}/call-next")
    assert response.status_code == 204
    assert response.content == b""


def test_the_supervisor_may_call_at_any_counter_of_the_mpp(client, q):
    kiosk_ticket(client, q)
    response = post(client, q, q.p.supervisor_x, f"/counters/{q.p.counter_xa.pk}/call-next")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("officer_xb", 403),  # another agency at the same MPP: access_counter's 403
        ("officer_ya", 404),  # the same agency at another MPP: not revealed
        ("supervisor_y", 404),
        ("kiosk_x", 404),  # devices and citizens are not staff
        ("citizen", 404),
    ],
)
def test_others_cannot_call_at_a_counter_not_theirs(client, q, who, status):
    kiosk_ticket(client, q)
    response = post(client, q, getattr(q.p, who), f"/counters/{q.p.counter_xa.pk}/call-next")
    assert response.status_code == status
    assert Ticket.objects.get().status == Status.WAITING


def test_an_officer_of_the_agency_not_assigned_to_the_counter_is_refused(client, q):
    from satupintu.accounts.tests.factories import make_user

    colleague = make_user("officer", mpp=q.p.mpp_x, agency=q.p.counter_xa.booth.agency, counters=[])
    kiosk_ticket(client, q)
    response = post(client, q, colleague, f"/counters/{q.p.counter_xa.pk}/call-next")
    assert response.status_code == 403


def test_calling_without_a_token_is_a_401(client, q):
    assert client.post(f"/api/v1/counters/{q.p.counter_xa.pk}/call-next").status_code == 401


def test_a_busy_counter_must_finish_first(client, q):
    kiosk_ticket(client, q), kiosk_ticket(client, q)
    path = f"/counters/{q.p.counter_xa.pk}/call-next"
    assert post(client, q, q.p.officer_xa, path).status_code == 200
    busy = post(client, q, q.p.officer_xa, path)
    assert busy.status_code == 409 and busy.json()["code"] == "counter_busy"


def test_a_closed_counter_does_not_call(client, q):
    kiosk_ticket(client, q)
    q.p.counter_xa.is_active = False
    q.p.counter_xa.save(update_fields=["is_active"])
    response = post(client, q, q.p.officer_xa, f"/counters/{q.p.counter_xa.pk}/call-next")
    assert response.status_code == 409 and response.json()["code"] == "counter_closed"


# --- moving a ticket on


def test_a_whole_visit_recall_start_finish_with_an_empty_body(client, q):
    ticket = kiosk_ticket(client, q)
    officer, tid = q.p.officer_xa, ticket["id"]
    post(client, q, officer, f"/counters/{q.p.counter_xa.pk}/call-next")
    recalled = post(client, q, officer, f"/tickets/{tid}/recall")
    assert recalled.status_code == 200 and recalled.json()["recalls"] == 1
    assert post(client, q, officer, f"/tickets/{tid}/start").json()["status"] == "serving"
    done = post(client, q, officer, f"/tickets/{tid}/finish")
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert Ticket.objects.get().outcome == "completed"
    assert done.json()["eta_minutes"] is None


def test_finish_with_an_outcome_and_a_rejection_needs_a_reason(client, q):
    ticket = kiosk_ticket(client, q)
    officer, tid = q.p.officer_xa, ticket["id"]
    post(client, q, officer, f"/counters/{q.p.counter_xa.pk}/call-next")
    post(client, q, officer, f"/tickets/{tid}/start")
    refused = post(client, q, officer, f"/tickets/{tid}/finish", {"outcome": "rejected"})
    assert refused.status_code == 422 and refused.json()["code"] == "reason_required"
    done = post(
        client, q, officer, f"/tickets/{tid}/finish", {"outcome": "rejected", "reason": "KK lama"}
    )
    assert done.status_code == 200
    assert Ticket.objects.get().outcome_reason == "KK lama"


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("recall", None),
        ("start", None),
        ("finish", None),
        ("no-show", None),
        ("restore", None),
        ("transfer", "target"),
    ],
)
def test_an_illegal_transition_is_a_409_in_the_error_shape(client, q, action, body):
    ticket = kiosk_ticket(client, q)  # waiting: none of these apply
    payload = {"service": q.service_xa.code} if body else None
    response = post(client, q, q.p.officer_xa, f"/tickets/{ticket['id']}/{action}", payload)
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert "menunggu" in response.json()["message"]


def test_a_no_show_after_the_recalls_and_its_restore(client, q):
    ticket = kiosk_ticket(client, q)
    officer, tid = q.p.officer_xa, ticket["id"]
    post(client, q, officer, f"/counters/{q.p.counter_xa.pk}/call-next")
    early = post(client, q, officer, f"/tickets/{tid}/no-show")
    assert early.status_code == 409 and early.json()["code"] == "recall_first"
    for _ in range(2):
        post(client, q, officer, f"/tickets/{tid}/recall")
    assert post(client, q, officer, f"/tickets/{tid}/no-show").json()["status"] == "no_show"
    restored = post(client, q, officer, f"/tickets/{tid}/restore")
    assert restored.json()["status"] == "waiting" and restored.json()["counter"] is None


def test_a_transfer_answers_the_continuation_and_the_old_ticket_points_to_it(client, q):
    other = queue_at(q.p.counter_xa, "C")  # a second service of agency A at MPP X
    ticket = kiosk_ticket(client, q)
    post(client, q, q.p.officer_xa, f"/counters/{q.p.counter_xa.pk}/call-next")
    moved = post(
        client,
        q,
        q.p.officer_xa,
        f"/tickets/{ticket['id']}/transfer",
        {"service": other.code, "keep_place": True},
    )
    assert moved.status_code == 200
    assert moved.json()["number"] == "C-001" and moved.json()["issued_at"] == ticket["issued_at"]
    old = client.get(f"/api/v1/tickets/{ticket['id']}").json()
    assert (old["status"], old["transferred_to"]) == ("transferred", moved.json()["id"])


def test_a_transfer_to_an_unknown_service_is_a_422(client, q):
    ticket = kiosk_ticket(client, q)
    post(client, q, q.p.officer_xa, f"/counters/{q.p.counter_xa.pk}/call-next")
    response = post(
        client, q, q.p.officer_xa, f"/tickets/{ticket['id']}/transfer", {"service": "Z99"}
    )
    assert response.status_code == 422
    assert Ticket.objects.get().status == Status.CALLED


def test_staff_cancel_a_waiting_ticket_with_a_note(client, q):
    ticket = kiosk_ticket(client, q)
    response = post(client, q, q.p.officer_xa, f"/tickets/{ticket['id']}/cancel", {"note": "x"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("officer_xb", 403),  # another agency at the MPP
        ("officer_ya", 404),  # another MPP
        ("supervisor_y", 404),
        ("kiosk_x", 404),
        ("citizen", 404),
    ],
)
def test_others_cannot_move_a_ticket_on(client, q, who, status):
    ticket = kiosk_ticket(client, q)
    response = post(client, q, getattr(q.p, who), f"/tickets/{ticket['id']}/cancel")
    assert response.status_code == status
    assert Ticket.objects.get().status == Status.WAITING


def test_a_called_ticket_is_moved_on_only_at_its_counter(client, q):
    from satupintu.accounts.tests.factories import make_user

    colleague = make_user("officer", mpp=q.p.mpp_x, agency=q.p.counter_xa.booth.agency, counters=[])
    ticket = kiosk_ticket(client, q)
    post(client, q, q.p.officer_xa, f"/counters/{q.p.counter_xa.pk}/call-next")
    assert post(client, q, colleague, f"/tickets/{ticket['id']}/start").status_code == 403
    assert post(client, q, q.p.supervisor_x, f"/tickets/{ticket['id']}/start").status_code == 200


def test_the_ticket_holder_cannot_cancel_without_a_staff_token(client, q):
    ticket = kiosk_ticket(client, q)
    assert client.post(f"/api/v1/tickets/{ticket['id']}/cancel").status_code == 401


# --- the board snapshot


def _busy_day(q, waiting: int, counters: int) -> None:
    """`waiting` more tickets, `counters` more counters each calling (and recalling) one."""
    for _ in range(waiting):
        services.issue_ticket(mpp=q.p.mpp_x, service=q.service_xa, channel="kiosk")
    new = [CounterFactory(booth=q.p.counter_xa.booth) for _ in range(counters)]
    for counter in new:
        assign_service_to_counter(counter=counter, service=q.service_xa)
    for counter in new or [q.p.counter_xa]:
        called = counter_services.call_next(counter=counter, officer=None)
        counter_services.recall(ticket=called, actor=None)


def test_the_queue_snapshot_shows_waiting_serving_and_last_calls(client, q):
    _busy_day(q, waiting=3, counters=0)
    response = client.get(f"/api/v1/mpps/{q.p.mpp_x.slug}/queue")
    body = response.json()
    assert [(s["code"], s["waiting"]) for s in body["services"]] == [
        (q.service_xa.code, 2),
        (q.service_xb.code, 0),
    ]
    assert {x["prefix"]: x["waiting"] for x in body["queues"]} == {"A": 2, "B": 0}
    assert [w["number"] for w in body["waiting"]] == ["A-002", "A-003"]
    at_counter = next(c for c in body["counters"] if c["id"] == q.p.counter_xa.pk)
    assert at_counter["ticket"]["number"] == "A-001"
    assert at_counter["mode"] == "open"
    set_counter_mode(counter=q.p.counter_xa, mode="paused", actor=None)
    body = client.get(f"/api/v1/mpps/{q.p.mpp_x.slug}/queue").json()
    paused = next(c for c in body["counters"] if c["id"] == q.p.counter_xa.pk)
    assert paused["mode"] == "paused"
    assert [c["action"] for c in body["last_calls"]] == ["recall", "call"]
    # The board is public: it never shows a ticket's public id (the key to its page).
    assert all(str(t.public_id) not in response.text for t in Ticket.objects.all())


def test_the_queue_snapshot_costs_the_same_queries_for_any_size(client, q):
    _busy_day(q, waiting=3, counters=0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/api/v1/mpps/{q.p.mpp_x.slug}/queue").status_code == 200
    _busy_day(q, waiting=30, counters=6)
    with CaptureQueriesContext(connection) as large:
        client.get(f"/api/v1/mpps/{q.p.mpp_x.slug}/queue")
    assert len(large) == len(small) <= 8


def test_the_snapshot_of_an_unknown_mpp_is_a_404(client, q):
    assert client.get("/api/v1/mpps/tidak-ada/queue").status_code == 404


def test_the_ticket_page_costs_a_fixed_number_of_queries(client, q):
    ticket = kiosk_ticket(client, q)
    for _ in range(20):
        kiosk_ticket(client, q)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/api/v1/tickets/{ticket['id']}")
    assert len(queries) <= 9
