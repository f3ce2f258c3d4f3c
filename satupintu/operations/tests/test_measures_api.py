"""GET /api/v1/mpps/{slug}/measures: who may read it, its errors, its shape, its queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from satupintu.operations import measures
from satupintu.operations.tests.measures_day import build_day, make_ticket
from satupintu.queueing.models import Channel

pytestmark = pytest.mark.django_db

URL = "/api/v1/mpps/{slug}/measures"


def get(client, personas, user, **params):
    headers = {"Authorization": f"Bearer {personas.token(user)}"} if user else {}
    return client.get(URL.format(slug=personas.mpp_x.slug), params, headers=headers)


@pytest.fixture
def day(personas):
    return build_day(personas)


def test_the_mpps_supervisor_reads_the_day_cut_by_hour(client, personas, day):
    response = get(
        client, personas, personas.supervisor_x, **{"from": "2026-11-02", "to": "2026-11-02"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["from"] == "2026-11-02" and body["to"] == "2026-11-02"
    assert body["target_wait_minutes"] == 15
    assert set(body["total"]) == set(measures.MEASURES)
    assert body["total"]["arrivals"] == {"n": 7}
    assert body["groups"] == []
    by_hour = get(
        client,
        personas,
        personas.operator,
        **{"from": "2026-11-02", "to": "2026-11-02", "by": "hour"},
    ).json()
    hours = {g["key"]: g for g in by_hour["groups"]}
    assert hours[10]["label"] == "10.00–11.00"
    assert hours[10]["measures"]["arrivals"] == {"n": 1}


def test_groups_are_named(client, personas, day):
    body = get(
        client,
        personas,
        personas.supervisor_x,
        **{"from": "2026-11-02", "to": "2026-11-02", "by": "service"},
    ).json()
    assert {g["label"] for g in body["groups"]} == {day.service_a.code, day.service_b.code}
    body = get(
        client, personas, personas.supervisor_x, **{"from": "2026-11-02", "by": "day"}
    ).json()
    assert [g["key"] for g in body["groups"]] == ["2026-11-02"]


@pytest.mark.parametrize("who", ["officer_xa", "supervisor_y", "citizen", "kiosk_x"])
def test_others_are_refused(client, personas, who):
    response = get(client, personas, getattr(personas, who))
    assert response.status_code == 403
    assert "pengelola" in response.json()["message"]


def test_anonymous_is_asked_to_sign_in(client, personas):
    assert get(client, personas, None).status_code == 401


@pytest.mark.parametrize(
    ("params", "code", "words"),
    [
        ({"from": "2026-13-01"}, "bad_date", "Tanggal awal tidak dikenal"),
        ({"to": "kemarin"}, "bad_date", "Tanggal akhir tidak dikenal"),
        ({"from": "2026-11-10", "to": "2026-11-01"}, "bad_period", "Tanggal awal harus"),
        ({"from": "2025-01-01", "to": "2026-11-30"}, "period_too_long", "13 bulan"),
        ({"by": "week"}, "bad_by", "Rincian week tidak dikenal"),
        ({"from": "9999-12-31", "to": "9999-12-31"}, "bad_date", "antara tahun 2000 dan 2100"),
        ({"to": "0001-01-01"}, "bad_date", "antara tahun 2000 dan 2100"),
    ],
)
def test_bad_input_is_a_clear_400(client, personas, params, code, words):
    response = get(client, personas, personas.supervisor_x, **params)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert words in response.json()["message"]


def test_thirteen_months_are_allowed(client, personas):
    response = get(
        client, personas, personas.supervisor_x, **{"from": "2025-11-01", "to": "2026-11-30"}
    )
    assert response.status_code == 200


def test_an_unknown_mpp_is_404(client, personas):
    headers = {"Authorization": f"Bearer {personas.token(personas.operator)}"}
    assert client.get(URL.format(slug="tidak-ada"), headers=headers).status_code == 404


@pytest.mark.parametrize("by", [None, "service", "counter", "officer", "hour"])
def test_queries_do_not_grow_with_the_tickets(client, personas, day, by):
    params = {"from": "2026-11-02", "to": "2026-11-02", **({"by": by} if by else {})}
    get(client, personas, personas.supervisor_x, **params)  # the IKM settings' row is made once
    with CaptureQueriesContext(connection) as before:
        assert get(client, personas, personas.supervisor_x, **params).status_code == 200
    for minute in range(10, 50):
        make_ticket(
            day.service_a,
            Channel.KIOSK,
            [("issue", f"14:{minute}"), ("call", f"14:{minute + 1}"), ("start", "15:00")],
            counter=personas.counter_xa,
            officer=personas.officer_xa,
        )
    with CaptureQueriesContext(connection) as after:
        assert get(client, personas, personas.supervisor_x, **params).status_code == 200
    assert len(after) == len(before)
    # token (2), MPP, target, tickets, history, ratings, counters (1), mode history,
    # opening hours, counters' services, applications, the total's IKM (4); the groups'
    # names (1); by service, their codes and each service's IKM (1 + 4 per group: two here)
    assert len(after) == {"service": 29, "counter": 20, "officer": 20}.get(by or "", 19)


def test_the_openapi_document_describes_every_measure(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/mpps/{slug}/measures"]["get"]
    assert {"200", "400", "401", "403", "404"} <= set(operation["responses"])
    measure_set = document["components"]["schemas"]["MeasureSetOut"]["properties"]
    assert set(measure_set) == set(measures.MEASURES)
    # the measures' schemas do not take the names of other endpoints' (/ikm's IkmOut)
    assert "mutu" in document["components"]["schemas"]["IkmOut"]["properties"]
