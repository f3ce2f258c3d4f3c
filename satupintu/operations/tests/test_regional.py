"""Across MPPs (operations/regional.py, /operator/perbandingan-mpp/, GET /api/v1/measures/mpps):
the same measures side by side, filtered by region, for the operator; a supervisor sees
their own MPP only; everyone else is refused."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from satupintu.catalog.models import Service
from satupintu.operations import regional
from satupintu.operations.selectors import period_measures
from satupintu.operations.tests.measures_day import DAY, build_day, make_ticket
from satupintu.queueing.models import Channel
from satupintu.queueing.tests.factories import queue_at
from satupintu.tenancy.tests.factories import MppFactory

pytestmark = pytest.mark.django_db

NOVEMBER = dt.date(2026, 11, 1)
NOW = dt.datetime(2026, 12, 10, 3, 0, tzinfo=dt.UTC)
PAGE = "/operator/perbandingan-mpp/"
API = "/api/v1/measures/mpps"


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def two_mpps(personas):
    """MPP X in Banyumas (33.02, Jawa Tengah) with the hand-made day; MPP Y in Surabaya
    (35.78, Jawa Timur) with two kiosk tickets served the same day."""
    build_day(personas)
    y = personas.mpp_y
    y.regency_code, y.regency_name = "35.78", "Kota Surabaya"
    y.save(update_fields=["regency_code", "regency_name"])
    service = Service.objects.get(mpp=y)  # queue_personas made its service A
    for start in ("08:00", "09:00"):
        hour = int(start[:2])
        make_ticket(
            service,
            Channel.KIOSK,
            [
                ("issue", start),
                ("call", f"{hour:02d}:20"),
                ("start", f"{hour:02d}:21"),
                ("finish", f"{hour:02d}:31"),
            ],
            counter=personas.counter_ya,
            officer=personas.officer_ya,
        )
    return personas


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_mpps_row_is_its_period_measures_for_the_month(two_mpps):
    p = two_mpps
    rows = regional.compare_mpps(regional.mpps_in_region(), NOVEMBER)
    assert [r.mpp for r in rows] == [p.mpp_x, p.mpp_y]  # by region code
    for row in rows:
        expected = period_measures(row.mpp, NOVEMBER, dt.date(2026, 11, 30))
        assert row.measures == expected["total"]
        assert row.target_wait_minutes == expected["target_wait_minutes"]
    x, y = rows
    assert x.figures["arrivals"] == 7  # the hand-made day's answers (test_measures.py)
    assert x.figures["wait_median"] == 14
    assert x.figures["wait_mean"] == 17.29
    assert x.figures["no_show"] == 0.125
    assert x.province_name == "Jawa Tengah"
    assert y.figures["arrivals"] == 2
    assert y.figures["wait_mean"] == 20
    assert y.figures["service_mean"] == 10
    assert y.province_name == "Jawa Timur"


def test_region_filters_by_province_and_regency(two_mpps):
    p = two_mpps
    assert list(regional.mpps_in_region("33")) == [p.mpp_x]
    assert list(regional.mpps_in_region("35")) == [p.mpp_y]
    assert list(regional.mpps_in_region("", "35.78")) == [p.mpp_y]
    assert list(regional.mpps_in_region("33", "35.78")) == []
    assert list(regional.mpps_in_region("3")) == []  # not a prefix of a code


def test_the_query_count_grows_by_a_fixed_number_per_mpp(two_mpps, django_assert_max_num_queries):
    """One MPP costs the same queries, whatever its tickets (a third MPP without any)."""
    third = MppFactory(slug="mpp-z", regency_code="33.03")
    queue_at(two_mpps.counter_xa, "Q")  # more services change nothing
    counts = {}
    for name, group in (
        ("x: 8 tickets", [two_mpps.mpp_x]),
        ("y: 2 tickets", [two_mpps.mpp_y]),
        ("x and y", [two_mpps.mpp_x, two_mpps.mpp_y]),
        ("x, y and an empty MPP", [two_mpps.mpp_x, two_mpps.mpp_y, third]),
    ):
        with django_assert_max_num_queries(100) as seen:
            regional.compare_mpps(group, NOVEMBER)
        counts[name] = len(seen.captured_queries)
    per_mpp = counts["x: 8 tickets"]
    assert per_mpp == counts["y: 2 tickets"] <= 17
    assert counts["x and y"] <= 2 * per_mpp  # a few lookups are cached after the first
    assert counts["x, y and an empty MPP"] <= 3 * per_mpp


def test_the_operator_compares_every_mpp_sorted_by_a_column(two_mpps):
    client = signed_in(two_mpps.operator)
    page = client.get(PAGE, {"bulan": "2026-11", "urut": "arrivals", "arah": "turun"})
    assert page.status_code == 200
    html = page.content.decode()
    x, y = two_mpps.mpp_x.name, two_mpps.mpp_y.name
    assert html.index(x) < html.index(y)  # 7 arrivals before 2
    assert "sasaran 15 mnt" in html
    ascending = client.get(PAGE, {"bulan": "2026-11", "urut": "arrivals", "arah": "naik"})
    html = ascending.content.decode()
    assert html.index(y) < html.index(x)
    only_east = client.get(PAGE, {"bulan": "2026-11", "provinsi": "35"}).content.decode()
    assert y in only_east and x not in only_east


def test_the_operator_reads_the_same_numbers_from_the_api(two_mpps):
    client = signed_in(two_mpps.operator)
    answer = client.get(API, {"month": "2026-11"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["from"] == "2026-11-01" and body["to"] == "2026-11-30"
    assert [m["mpp"] for m in body["mpps"]] == ["mpp-x", "mpp-y"]
    expected = period_measures(two_mpps.mpp_x, NOVEMBER, dt.date(2026, 11, 30))["total"]
    assert body["mpps"][0]["measures"]["waiting_time"] == expected["waiting_time"]
    assert body["mpps"][0]["province_name"] == "Jawa Tengah"
    filtered = client.get(API, {"month": "2026-11", "regency": "35.78"}).json()
    assert [m["mpp"] for m in filtered["mpps"]] == ["mpp-y"]


@pytest.mark.parametrize(
    ("query", "code", "words"),
    [
        ({"month": "November"}, "bad_month", "TTTT-BB"),
        ({"month": "2026-13"}, "bad_month", "TTTT-BB"),
        ({"month": "2027-01"}, "future_month", "belum tiba"),
        ({"province": "99"}, "bad_region", "provinsi"),
        ({"regency": "33-02"}, "bad_region", "kabupaten"),
    ],
)
def test_bad_filters_are_refused_in_plain_words(two_mpps, query, code, words):
    answer = signed_in(two_mpps.operator).get(API, query)
    assert answer.status_code == 400
    assert answer.json()["code"] == code
    assert words in answer.json()["message"]


def test_a_bad_month_on_the_page_says_so_and_keeps_the_region(two_mpps):
    page = signed_in(two_mpps.operator).get(PAGE, {"bulan": "2026-1", "provinsi": "35"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "tulis sebagai TTTT-BB" in html
    assert two_mpps.mpp_y.name in html and two_mpps.mpp_x.name not in html


def test_a_supervisor_gets_their_own_mpp_only_through_the_api(two_mpps):
    client = signed_in(two_mpps.supervisor_y)
    assert client.get(PAGE, {"bulan": "2026-11"}).status_code == 403  # the pack is theirs
    assert [m["mpp"] for m in client.get(API, {"month": "2026-11"}).json()["mpps"]] == ["mpp-y"]


def test_anyone_else_is_refused(two_mpps):
    assert Client().get(API).status_code == 401
    assert Client().get(PAGE).status_code == 302  # to the sign-in page
    for user in (two_mpps.officer_xa, two_mpps.citizen, two_mpps.kiosk_x):
        client = signed_in(user)
        assert client.get(PAGE).status_code == 403
        assert client.get(API).status_code == 403


def test_only_the_operator_finds_the_page_in_the_menu(two_mpps):
    assert "Perbandingan MPP" in signed_in(two_mpps.operator).get("/").content.decode()
    assert "Perbandingan MPP" not in signed_in(two_mpps.officer_xa).get("/").content.decode()


def test_months_and_regions_parse_as_written():
    assert regional.parse_month("2026-02") == dt.date(2026, 2, 1)
    assert regional.month_end(dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)
    assert regional.check_region(" 33.02 ", "regency") == "33.02"
    # a month ends last in WIB: 1 December 00.30 WIT is still November in Jakarta
    wit_new_month = dt.datetime(2026, 11, 30, 15, 30, tzinfo=dt.UTC)
    assert regional.current_month(wit_new_month) == dt.date(2026, 11, 1)
    assert DAY.month == 11
