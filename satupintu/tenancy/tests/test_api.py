"""Public MPP endpoints: listing, one MPP, its agencies; one error shape."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from satupintu.tenancy.tests.factories import BoothFactory, CounterFactory, MppFactory

pytestmark = pytest.mark.django_db


def test_list_mpps_is_paginated_with_items_and_count(client):
    MppFactory(name="MPP Satu"), MppFactory(name="MPP Dua")
    body = client.get("/api/v1/mpps").json()
    assert body["count"] == 2
    assert [m["name"] for m in body["items"]] == ["MPP Dua", "MPP Satu"]


def test_inactive_mpps_are_not_listed(client):
    MppFactory(is_active=False)
    assert client.get("/api/v1/mpps").json()["count"] == 0


def test_one_mpp_with_hours_and_open_state(client):
    mpp = MppFactory(slug="banyumas", time_zone="Asia/Makassar")
    body = client.get("/api/v1/mpps/banyumas").json()
    assert body["slug"] == "banyumas"
    assert body["time_zone_label"] == "WITA"
    assert len(body["opening_hours"]) == 10
    assert body["opening_hours"][0] == {
        "weekday": 0,
        "opens_at": "08:00:00",
        "closes_at": "12:00:00",
    }
    assert set(body["open_now"]) >= {"is_open", "reason", "local_time", "next_opening"}
    assert mpp.name == body["name"]


def test_on_a_cuti_bersama_day_the_mpp_says_closed_and_lists_the_skb_days(client):
    MppFactory(slug="banyumas")
    with time_machine.travel(dt.datetime(2026, 3, 18, 2, 0, tzinfo=dt.UTC), tick=False):
        body = client.get("/api/v1/mpps/banyumas").json()  # Wednesday 09.00 WIB
    assert body["open_on_cuti_bersama"] is False
    assert body["open_now"]["is_open"] is False
    assert body["open_now"]["reason"] == "Cuti Bersama Hari Suci Nyepi"
    assert body["closures"] == []  # nobody typed them
    days = [(c["starts_on"], c["ends_on"], c["reason"]) for c in body["upcoming_closures"]]
    assert days[:6] == [
        ("2026-03-18", "2026-03-18", "Cuti Bersama Hari Suci Nyepi"),
        ("2026-03-19", "2026-03-19", "Libur nasional: Hari Suci Nyepi"),
        ("2026-03-20", "2026-03-20", "Cuti Bersama Hari Raya Idul Fitri"),
        ("2026-03-21", "2026-03-21", "Libur nasional: Hari Raya Idul Fitri"),
        ("2026-03-22", "2026-03-22", "Libur nasional: Hari kedua dari Hari Raya Idul Fitri"),
        ("2026-03-23", "2026-03-24", "Cuti Bersama Hari Raya Idul Fitri"),
    ]


def test_an_mpp_open_on_cuti_bersama_is_open_and_lists_only_the_holidays(client):
    MppFactory(slug="banyumas", open_on_cuti_bersama=True)
    with time_machine.travel(dt.datetime(2026, 3, 18, 2, 0, tzinfo=dt.UTC), tick=False):
        body = client.get("/api/v1/mpps/banyumas").json()
    assert body["open_on_cuti_bersama"] is True
    assert body["open_now"]["is_open"] is True
    assert "Cuti Bersama" not in str(body["upcoming_closures"])
    assert body["upcoming_closures"][0]["reason"] == "Libur nasional: Hari Suci Nyepi"


def test_unknown_mpp_answers_404_in_the_one_error_shape(client):
    response = client.get("/api/v1/mpps/tidak-ada")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "MPP tidak ditemukan."}


def test_error_messages_follow_accept_language(client):
    response = client.get("/api/v1/mpps/tidak-ada", headers={"accept-language": "en"})
    assert response.json() == {"code": "not_found", "message": "MPP not found."}


def test_agencies_of_an_mpp_with_booth_and_counters(client):
    booth = BoothFactory(queue_prefix="A", agency__code="DINDUKCAPIL")
    CounterFactory(booth=booth, number=2), CounterFactory(booth=booth, number=1)
    BoothFactory(queue_prefix="B")  # another MPP's booth must not appear
    body = client.get(f"/api/v1/mpps/{booth.mpp.slug}/agencies").json()
    assert body["count"] == 1
    assert body["items"][0]["code"] == "DINDUKCAPIL"
    assert body["items"][0]["booth"]["queue_prefix"] == "A"
    assert body["items"][0]["booth"]["counters"] == [1, 2]


def test_agency_listing_does_not_query_per_agency(client):
    mpp = MppFactory()
    for _ in range(3):
        CounterFactory(booth=BoothFactory(mpp=mpp))
    with CaptureQueriesContext(connection) as few:
        client.get(f"/api/v1/mpps/{mpp.slug}/agencies")
    for _ in range(5):
        CounterFactory(booth=BoothFactory(mpp=mpp))
    with CaptureQueriesContext(connection) as many:
        client.get(f"/api/v1/mpps/{mpp.slug}/agencies")
    assert len(many) == len(few) <= 4


def test_openapi_document_lists_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/mpps", "/api/v1/mpps/{slug}", "/api/v1/mpps/{slug}/agencies"} <= set(
        spec["paths"]
    )


def test_interactive_docs_load_from_our_own_static_files(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in html.lower()


# --- found by the API fuzzing gate (satupintu/gates/test_api_fuzz.py)


def _documented(client, path: str, method: str = "get") -> dict:
    return client.get("/api/v1/openapi.json").json()["paths"][path][method]


@pytest.mark.parametrize("path", ["/api/v1/mpps", "/api/v1/mpps/{slug}/agencies"])
def test_a_page_number_past_any_database_offset_is_a_422_not_a_500(client, path):
    MppFactory(slug="banyumas")
    url = path.replace("{slug}", "banyumas") + "?page=99999999999999999999"
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page"
    assert "422" in _documented(client, path)["responses"]


def test_the_mpp_listing_documents_its_validation_error(client):
    assert client.get("/api/v1/mpps?page_size=banyak").status_code == 422
    assert {"200", "422", "429"} <= set(_documented(client, "/api/v1/mpps")["responses"])


@pytest.mark.parametrize("path", ["/api/v1/mpps/a%00b", "/api/v1/mpps/a%00b/agencies"])
def test_a_slug_with_a_nul_character_is_a_422_not_a_database_error(client, path):
    """PostgreSQL refuses NUL in text: the request used to crash with a 500 there."""
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_opening_hours_are_documented_as_local_wall_clock_times(client):
    """JSON Schema's `time` format requires an offset; "07:30:00" in the MPP's zone has none."""
    MppFactory(slug="banyumas")
    body = client.get("/api/v1/mpps/banyumas").json()
    spec = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    opens_at = spec["OpeningHoursOut"]["properties"]["opens_at"]
    assert "format" not in opens_at
    assert re.fullmatch(opens_at["pattern"], body["opening_hours"][0]["opens_at"])


class TestCounterPatchInput:
    def patch(self, client, personas, body, content_type="application/json"):
        return client.patch(
            f"/api/v1/counters/{personas.counter_xa.pk}",
            body,
            content_type=content_type,
            headers={"authorization": f"Bearer {personas.token(personas.supervisor_x)}"},
        )

    def test_a_name_with_a_nul_character_is_a_422_not_a_database_error(self, client, personas):
        response = self.patch(client, personas, '{"name": "Loket\\u0000KTP"}')
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "name"
        personas.counter_xa.refresh_from_db()
        assert "\x00" not in personas.counter_xa.name

    def test_a_body_that_is_not_json_is_a_documented_400(self, client, personas):
        response = self.patch(client, personas, b"r\xff\x18")
        assert response.status_code == 400
        assert response.json() == {"code": "bad_request", "message": "Permintaan tidak valid."}
        assert "400" in _documented(client, "/api/v1/counters/{counter_id}", "patch")["responses"]
