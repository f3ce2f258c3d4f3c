"""GET /api/v1/mpps/{slug}/staffing and …/staffing/what-if, with the personas."""

import datetime as dt

import pytest
from django.test import Client

from satupintu.queueing.models import Channel
from satupintu.queueing.tests.factories import open_all_day, queue_at
from satupintu.queueing.tickets import services as tickets

pytestmark = pytest.mark.django_db

WHAT_IF = "/api/v1/mpps/mpp-x/staffing/what-if"


def get(path, token=None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().get(path, params, headers=headers)


def test_the_what_if_answers_the_published_example_to_anyone(personas):
    # 100 arrivals per 30 minutes, 180 s each, 14 counters, a 20 s target
    answer = get(
        WHAT_IF, arrivals_per_hour=200, service_minutes=3, counters=14, target_minutes=1 / 3
    )
    assert answer.status_code == 200
    assert answer.json() == {
        "p_wait": 0.1741,
        "service_level": 0.8884,
        "mean_wait_minutes": pytest.approx(7.84 / 60, abs=0.005),
        "occupancy": 0.7143,
    }


def test_the_what_if_uses_the_mpps_target_when_none_is_given(personas, settings):
    given = get(WHAT_IF, arrivals_per_hour=12, service_minutes=10, counters=3, target_minutes=15)
    default = get(WHAT_IF, arrivals_per_hour=12, service_minutes=10, counters=3)
    assert default.json() == given.json()


def test_an_overloaded_what_if_says_the_wait_has_no_bound(personas):
    answer = get(WHAT_IF, arrivals_per_hour=60, service_minutes=10, counters=5)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["p_wait"], body["service_level"], body["mean_wait_minutes"]) == (1.0, 0.0, None)
    assert body["occupancy"] == 2.0


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"arrivals_per_hour": -1}, "Kedatangan per jam"),
        ({"arrivals_per_hour": 1_000_000}, "Kedatangan per jam"),
        ({"arrivals_per_hour": "nan"}, "Kedatangan per jam"),
        ({"service_minutes": 0}, "Lama layanan"),
        ({"service_minutes": 5e-324}, "Lama layanan"),  # found by the API fuzzer
        ({"service_minutes": 10_000}, "Lama layanan"),
        ({"counters": 0}, "Jumlah loket"),
        ({"counters": 501}, "Jumlah loket"),
        ({"target_minutes": -5}, "Target waktu tunggu"),
    ],
)
def test_absurd_figures_get_a_clear_400(personas, params, words):
    figures = {"arrivals_per_hour": 12, "service_minutes": 10, "counters": 3, **params}
    answer = get(WHAT_IF, **figures)
    assert answer.status_code == 400
    assert answer.json()["code"] == "bad_staffing_figures"
    assert words in answer.json()["message"]


def test_the_what_if_of_an_unknown_mpp_is_404(personas):
    answer = get(
        "/api/v1/mpps/tidak-ada/staffing/what-if",
        arrivals_per_hour=1, service_minutes=1, counters=1,
    )  # fmt: skip
    assert answer.status_code == 404


def _a_morning(personas):
    mpp = personas.mpp_x
    open_all_day(mpp)
    service = queue_at(personas.counter_xa, "Q")
    day = dt.date(2026, 11, 18)
    for minute in (5, 20, 40):
        when = dt.datetime(2026, 11, 18, 8, minute, tzinfo=mpp.tzinfo)
        tickets.issue_ticket(mpp=mpp, service=service, channel=Channel.KIOSK, now=when)
    return service, day


def test_the_supervisor_and_the_operator_read_the_days_staffing(personas):
    service, day = _a_morning(personas)
    for who in (personas.supervisor_x, personas.operator):
        answer = get("/api/v1/mpps/mpp-x/staffing", personas.token(who), date=day.isoformat())
        assert answer.status_code == 200, answer.content
        body = answer.json()
        assert (body["target_share"], body["target_minutes"]) == (0.8, 15)
        assert [(r["service"], r["hour"], r["arrivals"]) for r in body["rows"]] == [
            (service.code, 8, 3)
        ]
        row = body["rows"][0]
        # nobody served yet: no service time to plan with, so no advice
        assert row["counters_advised"] is None and row["short"] is False


@pytest.mark.parametrize("who", ["officer_xa", "supervisor_y", "citizen", "kiosk_x"])
def test_others_are_refused_the_staffing(personas, who):
    _a_morning(personas)
    answer = get("/api/v1/mpps/mpp-x/staffing", personas.token(getattr(personas, who)))
    assert answer.status_code == 403


def test_anonymous_callers_must_sign_in_for_the_staffing(personas):
    assert get("/api/v1/mpps/mpp-x/staffing").status_code == 401
