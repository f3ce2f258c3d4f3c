"""The coordination pack's numbers: the same as the measures for the same month, the
bottleneck definition on a hand-made hour, SLA breaches and their causes."""

from __future__ import annotations

import datetime as dt

import pytest

from satupintu.applications.models import Application, ApplicationEvent
from satupintu.applications.tests.factories import online_service, submitted
from satupintu.operations import measures as m
from satupintu.operations import measures_floor as floor
from satupintu.operations.pack.bottlenecks import find_bottlenecks, per_service
from satupintu.operations.pack.breaches import AGENCY, CORRECTION, VERIFICATION
from satupintu.operations.pack.selectors import build_pack, month_bounds, months_before
from satupintu.operations.selectors import period_measures
from satupintu.operations.tests.measures_day import DAY, TZ, Day, at, build_day, make_ticket
from satupintu.queueing.models import Channel

pytestmark = pytest.mark.django_db
MONTH = DAY.replace(day=1)


@pytest.fixture
def day(personas) -> Day:
    return build_day(personas)


def test_months_are_whole_calendar_months():
    assert month_bounds(dt.date(2026, 2, 14)) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert months_before(dt.date(2026, 1, 1), 3) == [
        dt.date(2025, 10, 1),
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
    ]


def test_the_packs_numbers_are_the_measures_of_the_month(day):
    mpp = day.p.mpp_x
    start, end = month_bounds(MONTH)
    pack = build_pack(mpp, MONTH)
    measured = period_measures(mpp, start, end)
    assert pack.total == measured["total"]
    by_service = {
        g["label"]: g["measures"] for g in period_measures(mpp, start, end, by="service")["groups"]
    }
    without_ikm = {code: {**cell, "ikm": None} for code, cell in by_service.items()}
    assert {row.code: row.measures for row in pack.services} == without_ikm
    by_officer = {
        g["label"]: g["measures"] for g in period_measures(mpp, start, end, by="officer")["groups"]
    }
    assert {row.name: row.measures for row in pack.officers} == by_officer
    # the hand-made day's own answers (test_measures.py), as the pack carries them
    assert pack.total["arrivals"] == {"n": 7}
    assert pack.total["waiting_time"] == {"n": 7, "median": 14, "mean": 17.29}
    assert pack.trend[-1].waiting == measured["total"]["waiting_time"]
    assert pack.trend[-1].service == measured["total"]["service_time"]
    assert [p.month for p in pack.trend] == [*months_before(MONTH, 3), MONTH]
    assert [p.arrivals for p in pack.trend[:3]] == [0, 0, 0]


def test_the_heat_map_and_the_distribution_hold_the_same_waits(day):
    pack = build_pack(day.p.mpp_x, MONTH)
    # Monday: 8.00 T1 5, T2 14, T4 15, T5 25 (T3 was a no-show); 9.00 T6 5; 10.00 T7 2;
    # 12.00 T8 55
    assert pack.heatmap[(0, 8)] == {"n": 4, "median": 14.5, "mean": 14.75}
    assert pack.heatmap[(0, 12)]["mean"] == 55
    assert sum(c["n"] for c in pack.heatmap.values()) == pack.total["waiting_time"]["n"]
    counts = {(b.low, b.high): b.count for b in pack.wait_bins}
    # 2, 5, 5 in 0–5; 14, 15 in 10–15; 25 in 15–30; 55 in 45–60
    assert counts[(0, 5)] == 3 and counts[(10, 15)] == 2 and counts[(15, 30)] == 1
    assert counts[(45, 60)] == 1 and sum(counts.values()) == 7


def test_officers_carry_their_ratings_and_the_reasons_given(day):
    from satupintu.satisfaction.models import Rating

    Rating.objects.filter(ticket=day.tickets["T2"]).update(reasons=["lambat", "tidak_jelas"])
    Rating.objects.filter(ticket=day.tickets["T1"]).update(reasons=["ramah"])
    pack = build_pack(day.p.mpp_x, MONTH)
    officer = next(o for o in pack.officers if o.measures["average_rating"]["n"] == 2)
    assert officer.measures["average_rating"] == {"n": 2, "mean": 3.0}
    assert officer.praise == [("Ramah", 1)]
    assert sorted(officer.complaints) == [("Lambat", 1), ("Penjelasan kurang jelas", 1)]


def test_the_no_shows_and_the_ikm_are_those_of_the_measures(day):
    pack = build_pack(day.p.mpp_x, MONTH)
    assert pack.total["no_show_rate"] == {"count": 1, "n": 8, "rate": 0.125}
    assert pack.ikm.result.respondents == pack.total["ikm"]["n"] == 0


def visit(service: int, joined: str, *, started: str | None = None, done: str | None = None):
    return m.Visit(
        ticket_id=hash((service, joined)),
        service_id=service,
        agency_id=1,
        counter_id=None,
        officer_id=None,
        channel=Channel.KIOSK,
        status="done" if done else "waiting",
        day=DAY,
        joined=at(joined),
        last_call=at(started) if started else None,
        started=at(started) if started else None,
        finished=at(done) if done else None,
    )


def test_a_bottleneck_is_an_hour_with_more_arrivals_than_the_open_counters_can_serve():
    """Hour 09.00–10.00, service 1 (mean service 12 minutes: 10 and 14): counter 7 open
    09.00–09.30 and counter 8 open all hour = 90 counter-minutes → capacity 90 / 12 = 7.5.
    Eight visitors came: a bottleneck, excess 0.5. Service 2 (counter 8 too, mean 30
    minutes: capacity 60 / 30 = 2) had two visitors: not one. 08.00 is before opening:
    nobody counts, whatever came."""
    came = [visit(1, f"09:{5 * i:02d}") for i in range(6)]
    came += [visit(1, "09:40", started="09:45", done="09:55")]
    came += [visit(1, "09:50", started="10:00", done="10:14")]
    came += [visit(2, "09:10", started="09:20", done="09:50"), visit(2, "09:20")]
    came += [visit(1, "08:30"), visit(1, "08:31")]
    segments = [
        floor.Segment(7, None, floor.OPEN, at("09:00"), at("09:30")),
        floor.Segment(8, None, floor.OPEN, at("09:00"), at("11:00")),
    ]
    found = find_bottlenecks(
        visits=came,
        segments=segments,
        services_of_counter={7: [1], 8: [1, 2]},
        windows=[(at("09:00"), at("15:00"))],
        codes={1: "A1", 2: "B2"},
        tz=TZ,
    )
    assert len(found) == 1
    (hour,) = found
    assert (hour.service_code, hour.hour, hour.arrivals) == ("A1", at("09:00"), 8)
    assert hour.open_counter_minutes == 90 and hour.service_minutes == 12
    assert hour.capacity == 7.5 and hour.excess == 0.5
    (summary,) = per_service(found)
    assert (summary.hours, summary.arrivals, summary.usual_hour) == (1, 8, 9)


def test_without_recorded_open_time_the_pack_says_nothing_about_bottlenecks(personas):
    from satupintu.queueing.tests.factories import queue_personas

    qp = queue_personas(personas)
    make_ticket(qp.service_xa, Channel.KIOSK, [("issue", "08:00")])
    pack = build_pack(personas.mpp_x, MONTH)
    assert pack.bottlenecks is None


def _history(app: Application, moves: list[tuple[str, dt.datetime]]) -> None:
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(application=app, mpp=app.mpp, at=when, action="test", to_status=status)
        for status, when in moves
    )


def test_sla_breaches_are_the_measures_missed_deadlines_with_their_causes(personas):
    service = online_service(personas.counter_xa.booth)
    citizen = personas.citizen
    apps = [submitted(citizen, service) for _i in range(4)]
    due = dt.date(2026, 11, 10)
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(due_date=due)
    day = lambda d, hhmm="09:00": at(hhmm, dt.date(2026, 11, d))  # noqa: E731
    # kept: decided on its due day
    _history(apps[0], [("processing", day(4)), ("completed", day(10))])
    # late, mostly waiting for the citizen's correction (5 days), decided on the 12th
    _history(
        apps[1],
        [
            ("needs_revision", day(3)),
            ("verified", day(8)),
            ("processing", day(9)),
            ("completed", day(12)),
        ],
    )
    # late and still undecided: at the agency since the 4th
    _history(apps[2], [("verifying", day(3, "10:00")), ("processing", day(4))])
    Application.objects.filter(pk=apps[2].pk).update(status="processing")
    # late, sat unverified from the 3rd to the 11th
    _history(apps[3], [("verifying", day(3, "10:00")), ("completed", day(11))])
    for a in (apps[0], apps[1], apps[3]):
        Application.objects.filter(pk=a.pk).update(status="completed")
    pack = build_pack(personas.mpp_x, MONTH)
    kept = pack.total["sla_kept"]
    assert kept["n"] - kept["count"] == len(pack.breaches) == 3
    causes = {b.tracking_number: b.cause for b in pack.breaches}
    assert causes[apps[1].tracking_number] == CORRECTION
    assert causes[apps[2].tracking_number] == AGENCY
    assert causes[apps[3].tracking_number] == VERIFICATION
    late = {b.tracking_number: (b.decided_on, b.days_late) for b in pack.breaches}
    assert late[apps[1].tracking_number] == (dt.date(2026, 11, 12), 2)
    assert late[apps[2].tracking_number][0] is None


def test_the_trend_reads_an_earlier_month_as_the_measures_do(day):
    """November is an earlier month of December's pack: read in one row per ticket, it
    gives the measures' own answers."""
    pack = build_pack(day.p.mpp_x, dt.date(2026, 12, 1))
    november = next(p for p in pack.trend if p.month == MONTH)
    measured = period_measures(day.p.mpp_x, *month_bounds(MONTH))["total"]
    assert november.arrivals == measured["arrivals"]["n"] == 7
    assert november.waiting == measured["waiting_time"]
    assert november.service == measured["service_time"]


def test_an_earlier_months_trend_figures_are_kept_and_read_back(day):
    from satupintu.operations.models import MonthSummary

    build_pack(day.p.mpp_x, dt.date(2026, 12, 1))
    kept = MonthSummary.objects.get(mpp=day.p.mpp_x, month=MONTH)
    assert (kept.arrivals, kept.waiting["median"]) == (7, 14)
    MonthSummary.objects.filter(pk=kept.pk).update(arrivals=70)  # read back, not recounted
    again = build_pack(day.p.mpp_x, dt.date(2026, 12, 1))
    assert next(p for p in again.trend if p.month == MONTH).arrivals == 70


def test_the_periodic_job_keeps_the_summaries_the_next_trend_reads(day):
    from satupintu.operations.jobs import month_summaries
    from satupintu.operations.models import MonthSummary

    now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=TZ)  # the trend of January's pack
    assert month_summaries(now) == 4 * 2  # Aug–Nov 2026, for MPP X and MPP Y
    november = MonthSummary.objects.get(mpp=day.p.mpp_x, month=MONTH)
    assert november.arrivals == 7 and november.waiting["median"] == 14
    assert month_summaries(now) == 0  # kept: nothing computed twice
