"""Slots follow opening hours and breaks, weekends, holidays, closures, cut-off and overrides,
on the MPP's own wall clock (WIB and WIT)."""

import datetime as dt

import pytest

from satupintu.appointments import services
from satupintu.appointments.slots import days_overview, find_slot, slots_between
from satupintu.appointments.tests.factories import NIKS, at, make_bookable
from satupintu.tenancy.models import Closure

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 8, 10)
FRIDAY = dt.date(2026, 8, 14)
INDEPENDENCE_DAY = dt.date(2026, 8, 17)  # a Monday, national holiday


def times(slots):
    return [s.start.strftime("%H.%M") for s in slots]


def test_a_weekday_is_cut_into_sessions_around_the_lunch_break():
    b = make_bookable()
    slots = slots_between(b.mpp, b.setting, MONDAY, MONDAY, now=at(b.mpp, MONDAY, 6))
    assert times(slots) == [
        "07.30", "08.00", "08.30", "09.00", "09.30", "10.00", "10.30", "11.00", "11.30",
        "13.00", "13.30", "14.00", "14.30", "15.00",
    ]  # fmt: skip
    assert slots[0].end - slots[0].start == dt.timedelta(minutes=30)
    assert {(s.capacity, s.remaining) for s in slots} == {(3, 3)}


def test_friday_prayer_break_has_no_slots_and_weekends_none_at_all():
    b = make_bookable()
    slots = slots_between(b.mpp, b.setting, FRIDAY, FRIDAY + dt.timedelta(days=2),
                          now=at(b.mpp, MONDAY, 6))  # fmt: skip
    assert times(slots) == [
        "07.30", "08.00", "08.30", "09.00", "09.30", "10.00", "10.30",
        "13.00", "13.30", "14.00", "14.30", "15.00",
    ]  # fmt: skip
    assert {s.start.date() for s in slots} == {FRIDAY}  # Saturday and Sunday closed


def test_national_holidays_and_mpp_closures_have_no_slots():
    b = make_bookable()
    tuesday = INDEPENDENCE_DAY + dt.timedelta(days=1)
    Closure.objects.create(mpp=b.mpp, starts_on=tuesday, ends_on=tuesday, reason="Rapat kerja")
    now = at(b.mpp, MONDAY, 6)
    days = {s.start.date() for s in slots_between(b.mpp, b.setting, MONDAY, MONDAY.replace(day=20),
                                                  now=now)}  # fmt: skip
    assert INDEPENDENCE_DAY not in days and tuesday not in days
    assert MONDAY.replace(day=19) in days


def test_no_slots_on_cuti_bersama_unless_the_mpp_opens_on_them():
    """Christmas 2026: Thursday 24 December is cuti bersama, Friday 25 Natal."""
    b = make_bookable()
    monday = dt.date(2026, 12, 21)
    now = at(b.mpp, monday, 6)

    def days():
        slots = slots_between(b.mpp, b.setting, monday, dt.date(2026, 12, 28), now=now)
        return sorted({s.start.day for s in slots})

    assert days() == [21, 22, 23, 28]
    b.mpp.open_on_cuti_bersama = True
    b.mpp.save(update_fields=["open_on_cuti_bersama"])
    assert days() == [21, 22, 23, 24, 28]


def test_wit_slots_are_on_the_mpp_wall_clock_not_utc():
    b = make_bookable(time_zone="Asia/Jayapura")
    slots = slots_between(b.mpp, b.setting, MONDAY, MONDAY, now=at(b.mpp, MONDAY, 6))
    first = slots[0]
    assert first.start.utcoffset() == dt.timedelta(hours=9)
    assert first.start.isoformat() == "2026-08-10T07:30:00+09:00"
    assert first.start.astimezone(dt.UTC) == dt.datetime(2026, 8, 9, 22, 30, tzinfo=dt.UTC)


def test_wit_cut_off_counts_from_the_local_time():
    b = make_bookable(time_zone="Asia/Jayapura")
    # 09.10 WIT is 07.10 WIB: with a 60 minute cut-off the first slot is 10.30 WIT
    now = dt.datetime(2026, 8, 10, 7, 10, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert times(slots_between(b.mpp, b.setting, MONDAY, MONDAY, now=now))[0] == "10.30"


def test_cut_off_hides_slots_starting_too_soon():
    b = make_bookable(cutoff_minutes=60)
    now = at(b.mpp, MONDAY, 9, 10)
    slots = slots_between(b.mpp, b.setting, MONDAY, MONDAY, now=now)
    assert times(slots)[0] == "10.30"
    assert find_slot(b.mpp, b.setting, at(b.mpp, MONDAY, 10), now=now) is None
    assert find_slot(b.mpp, b.setting, at(b.mpp, MONDAY, 10, 30), now=now) is not None


def test_booking_window_from_min_to_max_days_ahead():
    b = make_bookable(min_days_ahead=1, max_days_ahead=3)
    now = at(b.mpp, MONDAY, 6)
    found = slots_between(b.mpp, b.setting, MONDAY, MONDAY.replace(day=31), now=now)
    days = sorted({s.start.date() for s in found})
    assert days == [MONDAY.replace(day=11), MONDAY.replace(day=12), MONDAY.replace(day=13)]


def test_a_slot_that_is_not_on_the_grid_is_not_bookable():
    b = make_bookable()
    now = at(b.mpp, MONDAY, 6)
    assert find_slot(b.mpp, b.setting, at(b.mpp, MONDAY, 12, 0), now=now) is None  # lunch
    assert find_slot(b.mpp, b.setting, at(b.mpp, MONDAY, 7, 45), now=now) is None
    assert find_slot(b.mpp, b.setting, at(b.mpp, MONDAY, 15, 30), now=now) is None  # closing


def test_supervisor_blocks_a_day_or_adds_capacity():
    b = make_bookable()
    now = at(b.mpp, MONDAY, 6)
    tuesday = MONDAY + dt.timedelta(days=1)
    services.set_day_override(
        mpp=b.mpp, service=b.service, day=MONDAY, blocked=True, reason="Gangguan jaringan", now=now
    )
    services.set_day_override(mpp=b.mpp, service=b.service, day=tuesday, extra_capacity=2)
    slots = slots_between(b.mpp, b.setting, MONDAY, tuesday, now=now)
    assert {s.start.date() for s in slots} == {tuesday}
    assert {s.capacity for s in slots} == {5}
    services.clear_day_override(mpp=b.mpp, service=b.service, day=MONDAY)
    assert slots_between(b.mpp, b.setting, MONDAY, MONDAY, now=now)


def test_capacity_left_empty_means_one_place_per_active_counter():
    b = make_bookable(capacity=None, counters=2)
    now = at(b.mpp, MONDAY, 6)
    assert slots_between(b.mpp, b.setting, MONDAY, MONDAY, now=now)[0].capacity == 2


def test_remaining_places_and_daily_quota_show_in_the_overview():
    b = make_bookable(daily_quota=2)
    now = at(b.mpp, MONDAY, 6)
    for i, hour in enumerate((8, 9)):
        services.book(mpp=b.mpp, service=b.service, start=at(b.mpp, MONDAY, hour), name="Sri",
                      nik=NIKS[i], phone="081234567890", now=now)  # fmt: skip
    slots = slots_between(b.mpp, b.setting, MONDAY, MONDAY, now=now)
    assert {s.remaining for s in slots} == {0}  # the day's quota is used up
    overview = dict((day, free) for day, free, _n in days_overview(b.mpp, b.setting, now=now))
    assert overview[MONDAY] == 0
    assert overview[MONDAY + dt.timedelta(days=1)] == 14 * 3
