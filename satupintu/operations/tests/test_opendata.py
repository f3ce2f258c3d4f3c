"""Open data (/data-terbuka/, GET /api/v1/open-data/…) on a hand-made November 2026 at MPP X:

    service A (agency A, loket 1): 12 visitors, 9 from the kiosk and 3 online, each waiting
                                   5 minutes and served in 10
    service B (agency B, loket 2): 3 visitors from the kiosk, served alike
    one online application for service A, due in November and not decided (its applicant
    has a NIK, a name and a phone number); the tickets carry a phone number and a note.

Service B's 3 visits are hidden; the MPP's total (15) stays, so service A's 12 goes too
(else 15 − 12 gives the 3 back); in A's row the 3 online arrivals take the 9 walk-ins
with them (12 − 9 − 0), the appointments' 0 stays.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.test import Client

from satupintu.accounts.tests.factories import Personas
from satupintu.applications.tests.factories import NIK, online_service, submitted
from satupintu.operations import opendata
from satupintu.operations.selectors import period_measures
from satupintu.operations.tests.measures_day import make_ticket
from satupintu.queueing.models import Channel, Ticket
from satupintu.queueing.tests.factories import queue_personas

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 10, 3, 0, tzinfo=dt.UTC)
NOVEMBER = dt.date(2026, 11, 1)
PHONE_DIGITS = "81234567890"
NOTE = "Ibu Ratna Kusumawati minta dipanggil"


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(NOW, tick=False):
        yield


def hhmm(minutes: int) -> str:
    return f"{8 + minutes // 60:02d}:{minutes % 60:02d}"


def visit(service, channel, start: int, counter, officer, day: dt.date) -> Ticket:
    steps = [
        ("issue", hhmm(start)),
        ("call", hhmm(start + 5)),
        ("start", hhmm(start + 5)),
        ("finish", hhmm(start + 15)),
    ]
    return make_ticket(service, channel, steps, counter=counter, officer=officer, day=day)


@dataclass
class November:
    p: Personas
    service_a: str  # codes
    service_b: str


@pytest.fixture
def november(personas) -> November:
    p = personas
    qp = queue_personas(p)
    day = dt.date(2026, 11, 4)
    for i in range(12):
        channel = Channel.ONLINE if i < 3 else Channel.KIOSK
        visit(qp.service_xa, channel, i * 20, p.counter_xa, p.officer_xa, day)
    for i in range(3):
        visit(qp.service_xb, Channel.KIOSK, i * 20, p.counter_xb, p.officer_xb, day)
    Ticket.objects.filter(mpp=p.mpp_x).update(phone=f"+62{PHONE_DIGITS}", note=NOTE)
    with time_machine.travel(dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC), tick=False):
        submitted(p.citizen, online_service(p.counter_xa.booth, code="Z99"))
    return November(p, qp.service_xa.code, qp.service_xb.code)


def rows_of(data: dict, mpp: str) -> dict[str, dict]:
    return {r["service_code"] or "": r for r in data["rows"] if r["mpp"] == mpp}


def test_a_service_of_three_visits_is_suppressed(november):
    data = Client().get("/data-terbuka/2026-11.json").json()
    b = rows_of(data, "mpp-x")[november.service_b]
    assert b["level"] == "service"
    for column in ("arrivals", "arrivals_walk_in", "waits_measured", "services_measured"):
        assert b[column] is None and column in b["suppressed"]
    # the times and rates built on them go too
    for column in ("wait_mean_minutes", "wait_median_minutes", "service_mean_minutes"):
        assert b[column] is None and column in b["suppressed"]
    assert b["arrivals_online"] == 0 and b["arrivals_appointment"] == 0  # zeros name no one


def test_the_mpps_total_stays_and_the_next_smallest_service_is_hidden_with_b(november):
    data = Client().get("/data-terbuka/2026-11.json").json()
    rows = rows_of(data, "mpp-x")
    total, a = rows[""], rows[november.service_a]
    assert total["level"] == "mpp" and total["arrivals"] == 15
    assert a["arrivals"] is None and "arrivals" in a["suppressed"]  # secondary
    # within A's row: 3 online hidden, so the 9 walk-ins are hidden too; 0 appointments stay
    assert a["arrivals_online"] is None and a["arrivals_walk_in"] is None
    assert a["arrivals_appointment"] == 0
    # the total row: 3 online hidden, 12 walk-ins with them
    assert total["arrivals_online"] is None and total["arrivals_walk_in"] is None
    # the single application (1) is hidden, with its share
    assert total["applications_due"] is None and total["sla_kept_share"] is None


def test_what_is_shown_is_the_measures_of_the_month(november):
    data = opendata.dataset(NOVEMBER)
    total = rows_of(data, "mpp-x")[""]
    expected = period_measures(november.p.mpp_x, NOVEMBER, dt.date(2026, 11, 30))["total"]
    assert total["waits_measured"] == expected["waiting_time"]["n"] == 15
    assert total["wait_mean_minutes"] == expected["waiting_time"]["mean"] == 5
    assert total["service_median_minutes"] == expected["service_time"]["median"] == 10
    assert total["calls_ended"] == expected["no_show_rate"]["n"]
    assert total["no_show_rate"] == expected["no_show_rate"]["rate"] == 0
    assert total["target_wait_minutes"] == 15
    assert total["province_code"] == "33" and total["province_name"] == "Jawa Tengah"
    assert rows_of(data, "mpp-y")[""]["arrivals"] == 0  # an MPP without visits: zeros


def test_no_personal_data_anywhere(november):
    client = Client()
    files = [
        client.get("/data-terbuka/2026-11.csv").content.decode(),
        client.get("/data-terbuka/2026-11.json").content.decode(),
        client.get("/api/v1/open-data/2026-11").content.decode(),
    ]
    p = november.p
    people = [
        NIK,
        "Siti Aminah",  # the applicant
        PHONE_DIGITS,
        "3456-7890",
        NOTE,
        "siti@uji.test",
        p.citizen.full_name,
        p.officer_xa.full_name,
        p.officer_xb.full_name,
        p.officer_xa.email,
    ]
    for text in files:
        assert "mpp-x" in text
        for word in people:
            assert word not in text


def test_the_csv_parses_with_a_header_and_a_decimal_point(november):
    answer = Client().get("/data-terbuka/2026-11.csv")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert "2026-11.csv" in answer["Content-Disposition"]
    reader = csv.DictReader(io.StringIO(answer.content.decode("utf-8")))
    assert tuple(reader.fieldnames or ()) == opendata.NAMES
    rows = list(reader)
    total = next(r for r in rows if r["mpp"] == "mpp-x" and r["level"] == "mpp")
    assert total["month"] == "2026-11"
    assert total["arrivals"] == "15"
    assert total["arrivals_online"] == ""
    assert "arrivals_online" in total["suppressed"].split()
    assert total["wait_mean_minutes"] == "5"
    assert all("," not in r["wait_mean_minutes"] for r in rows)


def test_the_json_names_its_month_licence_and_threshold(november):
    data = Client().get("/data-terbuka/2026-11.json").json()
    meta = data["meta"]
    assert meta["month"] == "2026-11"
    assert meta["licence"] == "CC BY 4.0"
    assert meta["suppression_threshold"] == 5
    assert dt.datetime.fromisoformat(meta["generated_at"]) == NOW
    assert meta["columns"] == list(opendata.NAMES)
    # MPP X; its services A, B and the application's (no visits: zeros); MPP Y
    assert [(r["mpp"], r["level"]) for r in data["rows"]] == [
        ("mpp-x", "mpp"),
        ("mpp-x", "service"),
        ("mpp-x", "service"),
        ("mpp-x", "service"),
        ("mpp-y", "mpp"),
    ]


def test_the_api_serves_the_same_rows_with_a_schema(november):
    client = Client()
    months = client.get("/api/v1/open-data/months").json()
    assert months["months"] == [
        {
            "month": "2026-11",
            "csv_url": "/data-terbuka/2026-11.csv",
            "json_url": "/data-terbuka/2026-11.json",
        }
    ]
    assert months["licence"] == "CC BY 4.0"
    file = client.get("/data-terbuka/2026-11.json").json()
    assert client.get("/api/v1/open-data/2026-11").json() == file
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/open-data/{month}" in schema["paths"]
    assert "/api/v1/measures/mpps" in schema["paths"]


@pytest.mark.parametrize(
    "path",
    ["/data-terbuka/2026-12.csv", "/data-terbuka/2026-12.json", "/api/v1/open-data/2026-12"],
)
def test_the_current_month_is_not_published_yet(november, path):
    answer = Client().get(path)
    assert answer.status_code == 404
    text = answer.content.decode()
    assert "Desember 2026 belum terbit" in text
    assert "November 2026" in text


@pytest.mark.parametrize(
    "path",
    ["/data-terbuka/2026-13.csv", "/data-terbuka/nov.json", "/api/v1/open-data/2026-1"],
)
def test_a_bad_month_is_a_clear_error(november, path):
    answer = Client().get(path)
    assert answer.status_code == 400
    assert "tulis sebagai TTTT-BB" in answer.content.decode()


def test_a_month_before_any_data_is_not_found(november):
    answer = Client().get("/data-terbuka/2026-10.json")
    assert answer.status_code == 404
    assert answer.json()["message"] == "Tidak ada data untuk bulan Oktober 2026."


def test_the_index_lists_complete_months_and_explains_the_columns(november):
    html = Client().get("/data-terbuka/").content.decode()
    assert "November 2026" in html and "Desember 2026" not in html
    assert 'href="/data-terbuka/2026-11.csv"' in html
    assert 'id="kamus-data"' in html
    for column in opendata.NAMES:
        assert f"<code>{column}</code>" in html
    assert "CC BY 4.0" in html


def test_a_month_is_read_once_then_served_from_the_cache(november, django_assert_max_num_queries):
    first = opendata.dataset(NOVEMBER)
    with django_assert_max_num_queries(0):
        assert opendata.dataset(NOVEMBER) == first
    assert json.dumps(first)  # plain data, ready for JSON


def test_the_data_dictionary_in_the_docs_names_every_column_with_its_meaning():
    text = (Path(__file__).parents[3] / "docs" / "open-data.md").read_text(encoding="utf-8")
    for column in opendata.COLUMNS:
        assert f"| `{column.name}` | " in text and str(column.description) in text
    assert "CC BY 4.0" in text
