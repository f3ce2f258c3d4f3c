"""The floor's figures on a hand-made floor (tests/floor_scene.py), answers written here."""

from __future__ import annotations

import datetime as dt

import pytest

from satupintu.operations import floor as f
from satupintu.operations import floor_reads
from satupintu.operations import measures as m
from satupintu.operations.selectors import visits
from satupintu.operations.tests.floor_scene import NOW, build_scene
from satupintu.operations.tests.measures_day import DAY, at, log_mode, make_ticket
from satupintu.queueing.models import Channel
from satupintu.tenancy.models import OpeningHours

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(personas):
    return build_scene(personas)


def rows(floor: f.Floor) -> dict[str, f.ServiceRow]:
    return {s.code: s for a in floor.agencies for s in a.services}


def counters(floor: f.Floor) -> dict[int, f.CounterRow]:
    return {c.number: c for a in floor.agencies for c in a.counters}


def test_people_waiting_and_the_longest_wait_per_service(scene):
    floor = f.floor_now(scene.p.mpp_x, now=NOW)
    a, b = rows(floor)[scene.service_a.code], rows(floor)[scene.service_b.code]
    # A1 (20 min), A2 (15), A6 (restored: 60 from its issue); A3 is at loket 1, not waiting
    assert (a.waiting, a.longest, a.longest_minutes) == (3, 60.0, 60)
    assert a.over_target == 2  # A1 and A6; A2's exactly 15 minutes is within the target
    # the transfer's continuation waits from the transfer (09.57), not from its kept place
    assert (b.waiting, b.longest, b.over_target) == (1, 3.0, 0)
    assert floor.target_minutes == 15


def test_the_waits_start_where_the_measures_start_them(scene):
    """Each waiting ticket joined its line when the measures say; called now, its wait would
    be what the floor shows."""
    floor_tickets = floor_reads.waiting(scene.p.mpp_x, DAY, NOW, {})
    measured = {v.ticket_id: v for v in visits(scene.p.mpp_x, DAY, DAY)[0]}
    assert len(floor_tickets) == 4
    for ticket in floor_tickets:
        visit = measured[ticket.visit.ticket_id]
        assert ticket.visit.joined == visit.joined
        called_now = m.waiting_time([m.Visit(**{**_fields(visit), "last_call": NOW})])
        assert called_now["median"] == round(f.wait_so_far(ticket, NOW), 2)


def _fields(visit: m.Visit) -> dict:
    return {name: getattr(visit, name) for name in m.Visit.__slots__}


def test_counters_open_serving_idle_paused_closed(scene):
    floor = f.floor_now(scene.p.mpp_x, now=NOW)
    by_number = counters(floor)
    assert {n: c.state for n, c in by_number.items()} == {
        1: "serving",
        2: "idle",
        3: "idle",
        4: "paused",
        5: "closed",
    }
    assert by_number[1].ticket == scene.tickets["A3"].number
    assert floor.totals.counters == {
        "open": 3,
        "serving": 1,
        "idle": 2,
        "paused": 1,
        "closed": 1,
    }
    assert rows(floor)[scene.service_a.code].counters["open"] == 2
    assert rows(floor)[scene.service_b.code].counters == {
        "open": 1,
        "serving": 0,
        "idle": 1,
        "paused": 1,
        "closed": 1,
    }


def test_per_agency_totals(scene):
    floor = f.floor_now(scene.p.mpp_x, now=NOW)
    agencies = {a.id: a for a in floor.agencies}
    a = agencies[scene.service_a.agency_id].totals
    b = agencies[scene.service_b.agency_id].totals
    assert (a.waiting, a.longest, a.over_target, a.at_risk) == (3, 60.0, 2, 0)
    assert (a.counters["serving"], a.counters["idle"], a.appointments) == (1, 1, f.Due(3, 1))
    assert (b.waiting, b.longest, b.at_risk, b.appointments) == (1, 3.0, 2, f.Due(0, 0))
    assert (b.counters["idle"], b.counters["paused"], b.counters["closed"]) == (1, 1, 1)
    t = floor.totals
    assert (t.waiting, t.longest, t.over_target, t.appointments, t.at_risk) == (
        4,
        60.0,
        2,
        f.Due(3, 1),
        2,
    )


def test_appointments_due_within_the_hour_start_included_end_excluded(scene):
    def due_at(hhmm: str) -> f.Due:
        return rows(f.floor_now(scene.p.mpp_x, now=at(hhmm)))[scene.service_a.code].appointments

    # 10.00 (starts now), 10.30 (checked in), 10.59.59; not 09.59 (late), not 11.00, not the
    # cancelled 10.15
    assert due_at("10:00") == f.Due(3, 1)
    assert due_at("09:00") == f.Due(1, 0)  # 09.59 only: 10.00 is the end of that hour
    assert due_at("10:31") == f.Due(2, 0)  # 10.59.59 and 11.00


def test_appointments_due_as_a_function():
    now = at("10:00")
    bookings = [
        (at("10:00"), "booked"),
        (at("10:59:59"), "checked_in"),
        (at("11:00"), "booked"),
        (at("09:59:59"), "booked"),
        (at("10:10"), "no_show"),
        (at("10:20"), "cancelled"),
    ]
    assert f.appointments_due(bookings, now) == f.Due(2, 1)


def test_applications_near_their_deadline(scene):
    floor = f.floor_now(scene.p.mpp_x, now=NOW)
    # due today (processing) and Tuesday (verifying); not Wednesday, not overdue, not paused
    # for revision, not ready
    assert rows(floor)[scene.service_b.code].at_risk == 2
    assert floor.next_working_day == dt.date(2026, 11, 3)


def test_on_a_friday_the_next_working_day_is_monday(scene):
    friday = at("10:00", dt.date(2026, 11, 6))
    floor = f.floor_now(scene.p.mpp_x, now=friday)
    assert floor.next_working_day == dt.date(2026, 11, 9)
    rows_ = [(dt.date(2026, 11, 9), "processing"), (dt.date(2026, 11, 10), "processing")]
    assert f.applications_at_risk(rows_, friday.date(), floor.next_working_day) == 1


def test_the_two_alerts_and_their_order(scene):
    floor = f.floor_now(scene.p.mpp_x, now=NOW)
    assert [(a.kind, a.service.code if a.service else a.counter.number) for a in floor.alerts] == [
        ("wait", scene.service_a.code),
        ("idle", 2),
        ("idle", 3),
    ]
    by_number = counters(floor)
    # loket 3: people waited since 09.40, its last ticket left 09.50, opened 08.00
    assert by_number[3].idle_since == at("09:50")
    # loket 2: never busy, B1 waits since 09.57: exactly the 3-minute threshold alerts
    assert by_number[2].idle_since == at("09:57")
    assert by_number[2].idle_alert


def test_an_idle_counter_alerts_only_from_the_threshold(scene):
    floor = f.floor_now(scene.p.mpp_x, now=at("09:59:59"))
    assert not counters(floor)[2].idle_alert
    assert counters(floor)[3].idle_alert


def test_the_threshold_is_a_setting(scene, settings):
    settings.FLOOR_IDLE_ALERT_MINUTES = 11
    floor = f.floor_now(scene.p.mpp_x, now=NOW)
    assert [a.kind for a in floor.alerts] == ["wait"]
    assert floor.idle_minutes == 11


def test_a_counter_resumed_from_a_pause_counts_its_idle_time_from_then(scene):
    c3 = scene.counters[3]
    log_mode(c3, scene.p.officer_xa, "open", "paused", at("09:55"))
    log_mode(c3, scene.p.officer_xa, "paused", "open", at("09:59"))
    floor = f.floor_now(scene.p.mpp_x, now=NOW)
    assert counters(floor)[3].idle_since == at("09:59")
    assert not counters(floor)[3].idle_alert


def test_a_counter_the_system_reopened_counts_its_idle_time_from_then(scene):
    c3 = scene.counters[3]
    log_mode(c3, None, "open", "paused", at("09:55"))  # the simulator's changes, no person
    log_mode(c3, None, "paused", "open", at("09:58"))
    assert counters(f.floor_now(scene.p.mpp_x, now=NOW))[3].idle_since == at("09:58")


def test_no_idle_alert_while_the_mpp_is_closed_and_the_clock_starts_at_opening(scene):
    mpp = scene.p.mpp_x
    OpeningHours.objects.filter(mpp=mpp).delete()
    for opens, closes in ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(16))):
        OpeningHours.objects.create(mpp=mpp, weekday=0, opens_at=opens, closes_at=closes)
    lunch = f.floor_now(mpp, now=at("12:30"))
    assert [c.idle_since for c in counters(lunch).values()] == [None] * 5
    assert {a.kind for a in lunch.alerts} == {"wait"}  # A and B (33 minutes by now)
    assert counters(f.floor_now(mpp, now=at("13:02"))).get(2).idle_since == at("13:00")
    assert not counters(f.floor_now(mpp, now=at("13:02"))).get(2).idle_alert
    assert counters(f.floor_now(mpp, now=at("13:03"))).get(2).idle_alert


def test_yesterdays_tickets_and_tickets_at_counters_are_not_waiting(scene):
    make_ticket(scene.service_a, Channel.KIOSK, [("issue", "15:00")], day=DAY - dt.timedelta(1))
    assert rows(f.floor_now(scene.p.mpp_x, now=NOW))[scene.service_a.code].waiting == 3


def test_idle_since_and_idle_too_long_as_functions():
    nine = at("09:00")
    assert (
        f.idle_since(waited_since=None, last_busy=nine, last_opened=None, opened_today=nine) is None
    )
    assert (
        f.idle_since(waited_since=nine, last_busy=None, last_opened=None, opened_today=None) is None
    )
    assert f.idle_since(
        waited_since=nine,
        last_busy=at("09:05"),
        last_opened=at("08:00"),
        opened_today=at("08:00"),
    ) == at("09:05")
    assert f.idle_too_long(nine, at("09:03"), 3)
    assert not f.idle_too_long(nine, at("09:02:59"), 3)
    assert not f.idle_too_long(None, at("09:30"), 3)


def test_an_mpp_without_anything_on_the_floor(personas):
    floor = f.floor_now(personas.mpp_y, now=NOW)
    # loket 1 of MPP Y has no state row and is active: open and idle, nobody waits for it
    assert floor.totals.waiting == 0 and floor.totals.longest is None
    assert floor.alerts == []
    assert floor.totals.counters["idle"] == 1
