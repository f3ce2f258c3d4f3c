"""Working days as the SKB Tiga Menteri has them, read from the `holidays` package: national
holidays and cuti bersama with no `Closure` row typed by anyone, the MPPs that open on cuti
bersama, and the MPP's own closures on top.

The dates are the package's (0.108): Lebaran 2026 has Nyepi on Thu 19 March with its cuti
bersama on Wed 18, Idul Fitri on Sat 21 and Sun 22 with cuti bersama on Fri 20, Mon 23 and
Tue 24 March. Lebaran 2027 (Idul Fitri marked "perkiraan", an estimate, in the package) has
Nyepi on Mon 8 March, cuti bersama on Tue 9, Idul Fitri on Wed 10 and Thu 11, cuti bersama on
Fri 12 and Mon 15 March.
"""

import datetime as dt

import pytest

from satupintu.core.calendar import (
    Kind,
    add_working_days,
    day_off,
    is_working_day,
    national_holiday_name,
    working_days_between,
)
from satupintu.tenancy.tests.factories import ClosureFactory, MppFactory

pytestmark = pytest.mark.django_db

D = dt.date


def test_the_package_carries_the_skb_days_of_lebaran_2026():
    mpp = MppFactory()
    assert day_off(mpp, D(2026, 3, 18)).reason == "Cuti Bersama Hari Suci Nyepi"
    assert day_off(mpp, D(2026, 3, 19)).reason == "Libur nasional: Hari Suci Nyepi"
    for day in (D(2026, 3, 20), D(2026, 3, 23), D(2026, 3, 24)):
        assert day_off(mpp, day).reason == "Cuti Bersama Hari Raya Idul Fitri"
    assert national_holiday_name(D(2026, 3, 21)) == "Hari Raya Idul Fitri"
    assert national_holiday_name(D(2026, 3, 23)) is None  # cuti bersama is not a holiday
    assert day_off(mpp, D(2026, 3, 25)) is None


def test_five_working_days_from_17_march_2026_end_on_31_march():
    """The bug as reported: it gave 25 March, counting the cuti bersama as working days."""
    mpp = MppFactory()
    assert add_working_days(mpp, D(2026, 3, 17), 5) == D(2026, 3, 31)
    assert add_working_days(mpp, D(2026, 3, 17), 1) == D(2026, 3, 25)
    assert working_days_between(mpp, D(2026, 3, 17), D(2026, 3, 31)) == 5
    assert working_days_between(mpp, D(2026, 3, 31), D(2026, 3, 17)) == -5


def test_lebaran_2027_with_its_cuti_bersama():
    mpp = MppFactory()
    # Fri 5 March: nothing from Mon 8 to Mon 15; then 16, 17, 18, 19, 22 March.
    assert add_working_days(mpp, D(2027, 3, 5), 1) == D(2027, 3, 16)
    assert add_working_days(mpp, D(2027, 3, 5), 5) == D(2027, 3, 22)
    assert [is_working_day(mpp, D(2027, 3, d)) for d in (8, 9, 10, 11, 12, 15, 16)] == [
        False, False, False, False, False, False, True,
    ]  # fmt: skip


def test_an_mpp_open_on_cuti_bersama_counts_them_but_never_the_national_holidays():
    mpp = MppFactory(open_on_cuti_bersama=True)
    # 18, 20, 23, 24 and 25 March 2026; Nyepi (19) and the weekend of Idul Fitri are skipped.
    assert add_working_days(mpp, D(2026, 3, 17), 5) == D(2026, 3, 25)
    assert is_working_day(mpp, D(2026, 3, 23))
    assert not is_working_day(mpp, D(2026, 3, 19))
    assert day_off(mpp, D(2026, 3, 19)).reason == "Libur nasional: Hari Suci Nyepi"
    # 2027: 9, 12, 15, 16, 17 March; Nyepi (8) and Idul Fitri (10, 11) stay closed.
    assert add_working_days(mpp, D(2027, 3, 5), 5) == D(2027, 3, 17)


def test_the_mpps_closures_add_on_top_of_the_skb_days():
    mpp = MppFactory()
    ClosureFactory(mpp=mpp, starts_on=D(2026, 3, 25), ends_on=D(2026, 3, 26), reason="Banjir")
    # 27, 30, 31 March, 1 and 2 April (Good Friday, 3 April, is a national holiday).
    assert add_working_days(mpp, D(2026, 3, 17), 5) == D(2026, 4, 2)
    assert day_off(mpp, D(2026, 3, 26)).kind is Kind.CLOSURE
    assert day_off(mpp, D(2026, 3, 26)).reason == "Banjir"


def test_a_closure_still_closes_a_cuti_bersama_day_for_an_mpp_open_on_them():
    mpp = MppFactory(open_on_cuti_bersama=True)
    ClosureFactory(mpp=mpp, starts_on=D(2026, 3, 23), reason="Renovasi gerai")
    assert day_off(mpp, D(2026, 3, 23)).reason == "Renovasi gerai"
    assert is_working_day(mpp, D(2026, 3, 24))
    assert not is_working_day(mpp, D(2026, 3, 23))
