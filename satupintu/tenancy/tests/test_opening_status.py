"""Open or closed, in the MPP's own time zone, honouring breaks, holidays, cuti bersama and
closures."""

import datetime as dt
import zoneinfo

import pytest

from satupintu.tenancy.models import TimeZone
from satupintu.tenancy.selectors import opening_status
from satupintu.tenancy.tests.factories import ClosureFactory, MppFactory

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
UTC = dt.UTC
pytestmark = pytest.mark.django_db


def at(y, m, d, hh, mm=0, tz=WIB):
    return dt.datetime(y, m, d, hh, mm, tzinfo=tz)


def test_open_during_the_morning_session_until_its_end():
    status = opening_status(MppFactory(), at(2026, 11, 23, 9))  # Monday
    assert status.is_open
    assert status.closes_at == dt.time(12)


def test_closed_for_the_lunch_break_and_reopens_the_same_day():
    status = opening_status(MppFactory(), at(2026, 11, 23, 12, 30))
    assert not status.is_open
    assert status.reason == "Istirahat"
    assert status.next_opening == at(2026, 11, 23, 13)


def test_closed_after_hours_reopens_next_working_day():
    status = opening_status(MppFactory(), at(2026, 11, 27, 17))  # Friday evening
    assert not status.is_open
    assert status.next_opening == at(2026, 11, 30, 8)  # Monday


def test_closed_on_a_national_holiday():
    status = opening_status(MppFactory(), at(2026, 12, 25, 9))  # Natal, a Friday
    assert not status.is_open
    assert "Natal" in status.reason


def test_closed_on_the_mpps_own_closure_day_and_reopens_after_it():
    mpp = MppFactory()
    ClosureFactory(mpp=mpp, starts_on=dt.date(2026, 12, 23), reason="Rapat kerja tahunan")
    status = opening_status(mpp, at(2026, 12, 23, 9))
    assert not status.is_open
    assert status.reason == "Rapat kerja tahunan"
    # 24 Dec is cuti bersama, 25 Natal, 26-27 the weekend: it reopens Monday 28 December.
    assert status.next_opening == at(2026, 12, 28, 8)


def test_closed_on_a_cuti_bersama_day_with_its_name_and_no_closure_row():
    status = opening_status(MppFactory(), at(2026, 3, 23, 9))  # Monday after Idul Fitri
    assert not status.is_open
    assert status.reason == "Cuti Bersama Hari Raya Idul Fitri"
    assert status.next_opening == at(2026, 3, 25, 8)  # 24 March is cuti bersama too


def test_an_mpp_open_on_cuti_bersama_is_open_then_but_not_on_the_holiday():
    mpp = MppFactory(open_on_cuti_bersama=True)
    assert opening_status(mpp, at(2026, 3, 23, 9)).is_open
    nyepi = opening_status(mpp, at(2026, 3, 19, 9))
    assert not nyepi.is_open
    assert nyepi.reason == "Libur nasional: Hari Suci Nyepi"
    assert nyepi.next_opening == at(2026, 3, 20, 8)  # cuti bersama of Idul Fitri


def test_the_time_zone_is_the_mpps_not_the_servers():
    """01.30 UTC is 09.30 WITA (open) but 08.30 WIB would also be open; 07.30 WIT vs. 05.30 WIB."""
    wit = MppFactory(time_zone=TimeZone.WIT)
    wib = MppFactory(time_zone=TimeZone.WIB)
    moment = dt.datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # 07.30 WIB, 09.30 WIT
    assert not opening_status(wib, moment).is_open
    assert opening_status(wit, moment).is_open
    assert opening_status(wit, moment).local_now.hour == 9


def test_an_mpp_without_hours_is_closed_with_no_next_opening():
    status = opening_status(MppFactory(hours=[]), at(2026, 11, 23, 9))
    assert not status.is_open
    assert status.next_opening is None
