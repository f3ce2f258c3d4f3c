"""Periods, trend, per-agency IKM and the coaching list."""

import datetime as dt

import pytest

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.queueing.tests.factories import make_queue
from satupintu.satisfaction import ratings, selectors, services
from satupintu.satisfaction.models import Rating
from satupintu.satisfaction.tests.factories import PROFILE, answers, served

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "day", "start", "end"),
    [
        ("month", "2026-02-14", "2026-02-01", "2026-02-28"),
        ("quarter", "2026-05-02", "2026-04-01", "2026-06-30"),
        ("semester", "2026-11-23", "2026-07-01", "2026-12-31"),
        ("year", "2026-03-01", "2026-01-01", "2026-12-31"),
    ],
)
def test_periods(kind, day, start, end):
    got = selectors.period_of(kind, dt.date.fromisoformat(day))
    assert got == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def _survey(q, score, when):
    response = services.submit_survey(
        mpp=q.mpp,
        service=None,
        source="qr",
        ticket=served(q),
        answers=answers(score),
        profile=PROFILE,
    )
    type(response).objects.filter(pk=response.pk).update(answered_at=when)


def test_trend_adds_months_into_quarters_and_uses_the_mpps_weight():
    q = make_queue()
    zone = q.mpp.tzinfo
    _survey(q, 4, dt.datetime(2026, 1, 10, 9, tzinfo=zone))
    _survey(q, 2, dt.datetime(2026, 3, 31, 23, 30, tzinfo=zone))  # still March in WIB
    _survey(q, 3, dt.datetime(2026, 4, 1, 8, tzinfo=zone))
    quarters = selectors.trend(q.mpp, "quarter", 2, until=dt.date(2026, 6, 30))
    assert [t["label"] for t in quarters] == ["2026-T1", "2026-T2"]
    assert [t["result"].respondents for t in quarters] == [2, 1]
    assert [str(t["result"].ikm) for t in quarters] == ["75.00", "75.00"]
    services.update_settings(mpp=q.mpp, weight="0.111")
    year = selectors.ikm_for_period(q.mpp, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert year.result.weight_name == "0.111"
    assert str(year.result.ikm) == "74.93"  # 9 × 3 × 0,111 × 25


def _weak_and_good(per_week: int = 1):
    """Two officers rated each of the last three weeks: one 2 (lambat), one 4 (ramah)."""
    q = make_queue(counters=2)
    agency = q.counters[0].booth.agency
    weak = make_user(Role.OFFICER, mpp=q.mpp, agency=agency, counters=[q.counters[0]])
    good = make_user(Role.OFFICER, mpp=q.mpp, agency=agency, counters=[q.counters[1]])
    today = selectors.today(q.mpp)
    for weeks_ago in (0, 1, 2):
        when = dt.datetime.combine(today - dt.timedelta(weeks=weeks_ago), dt.time(10), q.mpp.tzinfo)
        for officer, counter, score, reasons in (
            (weak, q.counters[0], 2, ["lambat"]),
            (good, q.counters[1], 4, ["ramah"]),
        ):
            for _ in range(per_week):
                ticket = served(q, officer=officer, counter=counter)
                rating = services.submit_rating(ticket=ticket, score=score, reasons=reasons)
                Rating.objects.filter(pk=rating.pk).update(created_at=when)
    return q, weak


def test_coaching_flags_an_officer_under_the_threshold_for_two_weeks():
    q, weak = _weak_and_good()
    data = ratings.coaching(q.mpp, threshold=3.0, run=2, minimum=3)
    assert [row.name for row in data["flagged"]] == [weak.full_name]
    flagged = data["flagged"][0]
    assert flagged.weeks_under == 3
    assert (flagged.run_count, flagged.run_average) == (3, 2.0)
    assert flagged.negative == [("lambat", 3)]
    assert flagged.distribution == {1: 0, 2: 3, 3: 0, 4: 0}
    assert [row.average for row in data["counters"]] == [2.0, 4.0]


def test_coaching_holds_the_flag_until_the_sample_is_meaningful(settings):
    q, weak = _weak_and_good()
    data = ratings.coaching(q.mpp, threshold=3.0, run=2)
    assert data["minimum"] == 30  # the default: see ratings.min_ratings
    assert data["flagged"] == []
    assert [(row.name, row.run_count) for row in data["held"]] == [(weak.full_name, 3)]
    settings.COACHING_MIN_RATINGS = 3
    data = ratings.coaching(q.mpp, threshold=3.0, run=2)
    assert [row.name for row in data["flagged"]] == [weak.full_name] and data["held"] == []


def test_the_sample_counts_only_the_weeks_under_the_threshold():
    q, weak = _weak_and_good(per_week=2)
    # an older good week does not count towards the sample of the run
    when = dt.datetime.combine(
        selectors.today(q.mpp) - dt.timedelta(weeks=3), dt.time(10), q.mpp.tzinfo
    )
    for _ in range(5):
        ticket = served(q, officer=weak, counter=q.counters[0])
        rating = services.submit_rating(ticket=ticket, score=4, reasons=[])
        Rating.objects.filter(pk=rating.pk).update(created_at=when)
    data = ratings.coaching(q.mpp, threshold=3.0, run=2, minimum=7)
    row = data["held"][0]
    assert (row.count, row.weeks_under, row.run_count, row.run_average) == (11, 3, 6, 2.0)
