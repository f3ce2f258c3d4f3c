"""Life events and plans through /api/v1/mpps/{slug}/journeys…"""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from satupintu.journeys.tests.factories import make_birth
from satupintu.queueing.models import Ticket
from satupintu.queueing.tickets.services import issue_ticket

NOON = dt.datetime(2026, 8, 10, 5, 0, tzinfo=dt.UTC)  # Monday 12.00 WIB


@pytest.fixture
def birth(db):
    with time_machine.travel(NOON, tick=False):
        yield make_birth()


def plan(client, birth, answers, **headers):
    return client.post(
        f"/api/v1/mpps/{birth.mpp.slug}/journeys/kelahiran/plan",
        {"answers": answers},
        content_type="application/json",
        **headers,
    )


def test_the_life_events_come_with_their_questions_and_steps_in_few_queries(client, birth):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/mpps/{birth.mpp.slug}/journeys")
    assert response.status_code == 200
    [event] = response.json()
    assert event["key"] == "kelahiran"
    assert event["questions"] == [
        {"key": "jkn", "text": "Daftarkan di BPJS Kesehatan?", "options": ["Ya", "Tidak"]}
    ]
    assert [(s["service"], s["optional"]) for s in event["steps"]] == [
        ("A01", False),
        ("A02", False),
        ("G01", True),
    ]
    assert event["steps"][0]["name"] == "Perekaman KTP-el"  # the factory's name in force
    assert len(queries) <= 7


def test_the_plan_orders_the_steps_merges_what_to_bring_and_drops_what_is_made_here(client, birth):
    response = plan(client, birth, {"jkn": "Ya"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [(s["order"], s["service"], s["after_steps"]) for s in body["steps"]] == [
        (1, "A01", []),
        (2, "A02", [1]),
        (3, "G01", [2]),
    ]
    assert [(r["name"], r["steps"]) for r in body["requirements"]] == [
        ("Surat keterangan kelahiran", [1]),
        ("Kartu Keluarga (KK)", [1, 2]),  # the KK the parents have, brought once
        ("KTP-el", [1, 3]),
        ("Kartu JKN-KIS", [3]),
    ]
    assert body["provided"] == [
        {"name": "Kutipan akta kelahiran", "by_step": 1, "for_steps": [2]},
        {"name": "Kartu Keluarga (KK)", "by_step": 2, "for_steps": [3]},
    ]
    bpjs = body["steps"][2]
    assert bpjs["booth"]["counters"] == [birth.bpjs.number]
    assert [(r["name"], r["provided_by_step"]) for r in bpjs["requirements"]] == [
        ("KTP-el", None),
        ("KK", 2),
        ("Kartu JKN-KIS", None),
    ]
    assert body["fees"] == {"total": 0, "complete": True, "label": "Gratis"}
    assert body["visits"] == 1


def test_the_expected_time_counts_each_queue_and_each_service(client, birth):
    with time_machine.travel(NOON, tick=False):
        for _ in range(4):  # four ahead at Dukcapil's two counters
            issue_ticket(mpp=birth.mpp, service=birth.akta, channel="kiosk")
        body = plan(client, birth, {"jkn": "Ya"}).json()
    akta, kk, jkn = body["steps"]
    assert akta["wait_minutes"] == kk["wait_minutes"] > 0  # the same counters call both
    assert jkn["wait_minutes"] == 0  # nobody at BPJS
    # the next queue keeps the journey's place: the wait is not paid twice, the services are
    assert body["expected_minutes"] == akta["wait_minutes"] + sum(
        s["service_minutes"] for s in body["steps"]
    )


def test_an_answer_left_out_or_not_offered_is_a_clear_error_in_indonesian_and_english(
    client, birth
):
    missing = plan(client, birth, {})
    assert missing.status_code == 422
    assert "Daftarkan di BPJS Kesehatan?" in missing.json()["message"]
    wrong = plan(client, birth, {"jkn": "Mungkin"}, HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == 422
    assert wrong.json()["errors"] == [
        {
            "field": "jkn",
            "message": "“Mungkin” is not an option for “Daftarkan di BPJS Kesehatan?”.",
        }
    ]
    stranger = plan(client, birth, {"jkn": "Ya", "warna": "biru"})
    assert stranger.status_code == 422


def test_an_unknown_life_event_or_mpp_is_not_found(client, birth):
    response = client.post(
        f"/api/v1/mpps/{birth.mpp.slug}/journeys/pensiun/plan",
        {"answers": {}},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client.get("/api/v1/mpps/tidak-ada/journeys").status_code == 404


def take(client, birth, body, **headers):
    return client.post(
        f"/api/v1/mpps/{birth.mpp.slug}/journeys/kelahiran/ticket",
        body,
        content_type="application/json",
        **headers,
    )


def test_a_phone_takes_one_journey_ticket_online(client, birth):
    with time_machine.travel(NOON, tick=False):
        response = take(
            client, birth, {"answers": {"jkn": "Ya"}, "channel": "online", "phone": "081234567801"}
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["service"] == "A01" and body["status"] == "waiting"
    assert Ticket.objects.get(public_id=body["id"]).route == [birth.kk.pk, birth.jkn.pk]


def test_a_journey_ticket_online_needs_a_phone_and_from_the_kiosk_its_token(client, birth):
    with time_machine.travel(NOON, tick=False):
        no_phone = take(client, birth, {"answers": {"jkn": "Ya"}, "channel": "online"})
        no_token = take(client, birth, {"answers": {"jkn": "Ya"}, "channel": "kiosk"})
        bad_answer = take(
            client, birth, {"answers": {"jkn": "?"}, "channel": "online", "phone": "0812345678"}
        )
    assert (no_phone.status_code, no_phone.json()["code"]) == (422, "phone_required")
    assert no_token.status_code == 401
    assert bad_answer.status_code == 422
    assert not Ticket.objects.exists()
