"""Every measure pinned on the hand-made day of tests/measures_day.py: the answers are worked out
by hand from the timetable there."""

from __future__ import annotations

import datetime as dt

import pytest

from satupintu.operations import measures as m
from satupintu.operations.selectors import period_measures
from satupintu.operations.tests.measures_day import DAY, TZ, Day, build_day
from satupintu.queueing.models import QueuePolicy

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def day(personas) -> Day:
    return build_day(personas)


def total(day: Day) -> dict:
    return period_measures(day.p.mpp_x, DAY, DAY)["total"]


def cut(day: Day, by: str) -> dict:
    groups = period_measures(day.p.mpp_x, DAY, DAY, by=by)["groups"]
    return {g["key"]: g["measures"] for g in groups}


def test_arrivals_count_every_channel_but_not_a_transfers_continuation(day):
    assert total(day)["arrivals"] == {"n": 7}  # T1–T5, T7, T8; not T6


def test_waiting_runs_to_the_last_call_and_leaves_out_the_no_show(day):
    # T1 5, T2 14 (to its second recall), T4 15, T5 25, T6 5 (from the transfer), T7 2, T8 55
    assert total(day)["waiting_time"] == {"n": 7, "median": 14, "mean": 17.29}


def test_walk_to_counter_runs_from_the_last_call_to_the_start(day):
    # T1 1, T2 1 (08.24 → 08.25), T4 1, T5 0, T6 2, T7 1, T8 1
    assert total(day)["walk_to_counter_time"] == {"n": 7, "median": 1, "mean": 1.0}


def test_service_time_counts_finished_tickets_not_the_transferred_one(day):
    # T1 10, T2 15, T4 10, T6 18, T7 57, T8 14
    assert total(day)["service_time"] == {"n": 6, "median": 14.5, "mean": 20.67}


def test_handling_time_runs_from_the_last_call_to_the_finish_of_the_served(day):
    # T1 11, T2 16 (from its last recall), T4 11, T6 20, T7 58, T8 15; not T3, T5
    assert total(day)["handling_time"] == {"n": 6, "median": 15.5, "mean": 21.83}


def test_demand_counts_every_ticket_that_joined_a_line_the_transfers_too(day):
    assert total(day)["demand"] == {"n": 8}  # the arrivals T1–T5, T7, T8 and T6
    services = cut(day, "service")
    assert services[day.service_b.pk]["demand"] == {"n": 1}  # T6, moved there
    assert services[day.service_a.pk]["demand"] == {"n": 7}


def test_no_show_rate_among_called_tickets_that_ended(day):
    assert total(day)["no_show_rate"] == {"count": 1, "n": 8, "rate": 0.125}


def test_transferred_share_among_tickets_that_reached_service(day):
    assert total(day)["transferred_share"] == {"count": 1, "n": 7, "share": 0.1429}


def test_a_wait_of_exactly_the_target_is_within_it(day):
    # T5 25 and T8 55 are over 15; T4's 15 is not
    assert total(day)["wait_over_target"] == {
        "count": 2,
        "n": 7,
        "share": 0.2857,
        "target_minutes": 15,
    }


def test_the_target_is_the_mpps_own(day):
    QueuePolicy.objects.update_or_create(mpp=day.p.mpp_x, defaults={"target_wait_minutes": 10})
    assert total(day)["wait_over_target"]["count"] == 4  # T2 (14) and T4 (15) too


def test_channels_online_walk_in_appointment(day):
    channels = total(day)["channel_share"]
    assert channels["n"] == 7
    assert channels["online"] == {"count": 1, "n": 7, "share": 0.1429}
    assert channels["walk_in"] == {"count": 5, "n": 7, "share": 0.7143}  # kiosk + walk-in
    assert channels["appointment"] == {"count": 1, "n": 7, "share": 0.1429}


def test_served_per_officer_hour_from_the_open_time_without_the_lunch_pause(day):
    # counter 1: 08–12 and 13–15 = 6 h, counter 2: 09–16 = 7 h; six tickets done
    assert total(day)["served_per_officer_hour"] == {
        "served": 6,
        "officer_hours": 13.0,
        "rate": 0.46,
    }
    by_officer = cut(day, "officer")
    assert by_officer[day.p.officer_xa.pk]["served_per_officer_hour"] == {
        "served": 5,
        "officer_hours": 6.0,
        "rate": 0.83,
    }
    assert by_officer[day.p.officer_xb.pk]["served_per_officer_hour"]["rate"] == 0.14


def test_idle_share_while_people_waited_for_the_counters_services(day):
    # counter 1, open while someone waited for A: 08.00–08.05, 08.10–09.00, 10.00–10.02 and
    # 13.00–13.05 (T8 waited through the pause) = 62 min; idle in them: 08.00–08.05,
    # 08.16–08.20, 08.43–08.45, 08.56–09.00, 10.00–10.02, 13.00–13.05 = 22 min.
    # counter 2: T6 waited 09.05–09.10 while it was open and idle.
    by_counter = cut(day, "counter")
    assert by_counter[day.p.counter_xa.pk]["counter_idle_share"] == {
        "n": 62,
        "idle_minutes": 22,
        "share": 0.3548,
    }
    assert by_counter[day.p.counter_xb.pk]["counter_idle_share"]["share"] == 1.0
    assert total(day)["counter_idle_share"] == {"n": 67, "idle_minutes": 27, "share": 0.403}


def test_rating_average_and_ikm_from_satisfaction(day):
    measures = total(day)
    assert measures["average_rating"] == {"n": 2, "mean": 3.0}
    assert measures["ikm"] == {"n": 0, "ikm": None}  # no SKM answers: None, not 0


def test_an_hour_includes_its_start_and_excludes_its_end(day):
    hours = cut(day, "hour")
    assert hours[8]["arrivals"] == {"n": 5}
    assert hours[9]["arrivals"] == {"n": 0}  # T6 joined at 09.05 but did not arrive
    assert hours[10]["arrivals"] == {"n": 1}  # T7, made at 10.00.00 exactly
    # T7 finished at 11.00.00: served in 11–12, not in 10–11; both counters open all of it
    assert hours[10]["served_per_officer_hour"] == {
        "served": 0,
        "officer_hours": 2.0,
        "rate": 0.0,
    }
    assert hours[11]["served_per_officer_hour"] == {
        "served": 1,
        "officer_hours": 2.0,
        "rate": 0.5,
    }
    assert hours[8]["waiting_time"] == {"n": 4, "median": 14.5, "mean": 14.75}


def test_cut_by_service_and_agency(day):
    services = cut(day, "service")
    a, b = services[day.service_a.pk], services[day.service_b.pk]
    assert a["arrivals"] == {"n": 7}
    assert b["arrivals"] == {"n": 0}
    assert b["waiting_time"] == {"n": 1, "median": 5, "mean": 5}
    assert a["served_per_officer_hour"] is None  # a counter serves several services
    assert a["counter_idle_share"] is None
    agencies = cut(day, "agency")
    agency_b = day.service_b.agency_id
    assert agencies[agency_b]["served_per_officer_hour"]["officer_hours"] == 7.0


def test_cut_by_counter_leaves_arrivals_out(day):
    counters = cut(day, "counter")
    assert counters[day.p.counter_xa.pk]["arrivals"] is None
    assert counters[day.p.counter_xa.pk]["service_time"]["n"] == 5


def test_cut_by_day_and_month(day):
    days = cut(day, "day")
    assert list(days) == [DAY]
    months = cut(day, "month")
    assert months["2026-11"]["arrivals"] == {"n": 7}


def test_an_empty_period_measures_nothing():
    from satupintu.tenancy.tests.factories import MppFactory

    mpp = MppFactory()
    result = period_measures(mpp, dt.date(2026, 11, 1), dt.date(2026, 11, 30))["total"]
    assert result["waiting_time"] == {"n": 0, "median": None, "mean": None}
    assert result["no_show_rate"] == {"count": 0, "n": 0, "rate": None}
    assert result["served_per_officer_hour"]["rate"] is None
    assert result["counter_idle_share"]["share"] is None
    assert result["sla_kept"] == {"count": 0, "n": 0, "share": None}


def test_sla_kept_counts_decided_and_overdue_deadlines():
    today = dt.date(2026, 11, 20)

    def deadline(due: int, decided: int | None, paused: bool = False) -> m.Deadline:
        return m.Deadline(
            service_id=1,
            agency_id=1,
            due=dt.date(2026, 11, due),
            decided_on=dt.date(2026, 11, decided) if decided else None,
            paused=paused,
        )

    result = m.sla_kept(
        [
            deadline(10, 10),  # decided on the day: kept
            deadline(10, 12),  # late
            deadline(12, None),  # overdue and undecided: missed
            deadline(12, None, paused=True),  # waiting for the citizen: not counted
            deadline(25, None),  # not due yet: not counted
        ],
        today,
    )
    assert result == {"count": 1, "n": 3, "share": 0.3333}


def test_docs_list_every_measure_as_its_docstring_says():
    from pathlib import Path

    import satupintu

    docs = Path(satupintu.__file__).resolve().parent.parent / "docs" / "measures.md"
    written = docs.read_text(encoding="utf-8")
    for key in m.MEASURES:
        assert f"## `{key}`" in written
    assert written == m.as_markdown(), "regenerate docs/measures.md: see measures.as_markdown"


def test_the_counters_mode_history_is_read_as_set_counter_mode_writes_it(personas):
    from satupintu.operations.selectors import counter_open_stretches
    from satupintu.queueing.counters.services import set_counter_mode

    counter, officer = personas.counter_xa, personas.officer_xa
    at = dt.datetime(2026, 11, 2, 8, 0, tzinfo=TZ)  # a Monday, WIB
    set_counter_mode(counter=counter, mode="closed", actor=officer, now=at)
    set_counter_mode(counter=counter, mode="open", actor=officer, now=at + HOUR)
    set_counter_mode(counter=counter, mode="paused", actor=None, now=at + 2 * HOUR)  # system
    set_counter_mode(counter=counter, mode="open", actor=None, now=at + 3 * HOUR)
    set_counter_mode(counter=counter, mode="closed", actor=officer, now=at + 4 * HOUR)
    stretches = counter_open_stretches(personas.mpp_x, at.date(), at.date())
    assert sorted((s for s in stretches if s[0] == counter.pk), key=lambda s: s[2]) == [
        (counter.pk, officer.pk, at + HOUR, at + 2 * HOUR),
        (counter.pk, None, at + 3 * HOUR, at + 4 * HOUR),  # opened by the simulator
    ]


def test_a_counters_history_is_never_rewritten(personas):
    from satupintu.queueing.counters.services import set_counter_mode
    from satupintu.queueing.models import CounterModeChange

    set_counter_mode(counter=personas.counter_xa, mode="paused", actor=None)
    change = CounterModeChange.objects.get(counter=personas.counter_xa, mode="paused")
    change.mode = "open"
    with pytest.raises(ValueError):
        change.save()


def test_a_restored_no_show_waits_until_its_last_call_and_a_cancelled_ticket_only_arrives(day):
    from satupintu.operations.tests.measures_day import make_ticket
    from satupintu.queueing.models import Channel

    next_day = DAY + dt.timedelta(days=1)
    make_ticket(
        day.service_a,
        Channel.KIOSK,
        [
            ("issue", "09:00"),
            ("call", "09:10"),
            ("recall", "09:11"),
            ("recall", "09:12"),
            ("no_show", "09:13"),
            ("restore", "09:20"),
            ("call", "09:30"),
            ("start", "09:31"),
            ("finish", "09:40"),
        ],
        counter=day.p.counter_xa,
        officer=day.p.officer_xa,
        day=next_day,
    )
    make_ticket(
        day.service_a, Channel.ONLINE, [("issue", "09:05"), ("cancel", "09:15")], day=next_day
    )
    measures = period_measures(day.p.mpp_x, next_day, next_day)["total"]
    assert measures["arrivals"] == {"n": 2}
    assert measures["waiting_time"] == {"n": 1, "median": 30, "mean": 30}
    assert measures["no_show_rate"] == {"count": 0, "n": 1, "rate": 0.0}
    # no counter was opened that day (its mode history says so): nothing to divide by
    assert measures["served_per_officer_hour"] == {"served": 1, "officer_hours": None, "rate": None}
    assert measures["counter_idle_share"] == {"n": 0, "idle_minutes": None, "share": None}


def test_a_counter_left_open_counts_only_the_opening_hours():
    from satupintu.operations import measures_floor as floor
    from satupintu.operations.tests.measures_day import TZ, at

    hours = {DAY.weekday(): [(dt.time(8), dt.time(12)), (dt.time(13), dt.time(16))]}
    windows = floor.opening_windows(DAY, DAY, hours, TZ)
    never_closed = floor.open_stretches([(1, at("08:00"), 7, "open")], until=at("23:59"))
    segments = floor.floor_segments(
        stretches=never_closed,
        windows=windows,
        waiting_by_service={5: [(at("11:50"), at("13:10"))]},
        busy_by_counter={1: [(at("13:05"), at("13:20"))]},
        services_of_counter={1: [5]},
    )
    seconds = {kind: 0.0 for kind in floor.KINDS}
    for segment in segments:
        assert segment.officer_id == 7
        seconds[segment.kind] += (segment.end - segment.start).total_seconds()
    assert seconds == {"open": 7 * 3600, "waited": 20 * 60, "idle": 15 * 60}
