"""Working days of an MPP: weekdays that are not national holidays nor the MPP's closures.

National holidays (hari libur nasional) come from the `holidays` package for
Indonesia, which follows the SKB of the Ministers of Religion, Manpower and
PANRB issued each year; cuti bersama and local closures are the MPP's own
`Closure` rows.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _national_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=year, language="id")


def national_holiday_name(day: dt.date) -> str | None:
    return _national_holidays(day.year).get(day)


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


# --- working days of one MPP (weekends, national holidays and its Closure rows) -------


def closed_days(mpp, start: dt.date, end: dt.date) -> set[dt.date]:
    """Days in [start, end] covered by the MPP's own closures (cuti bersama, local events)."""
    from satupintu.tenancy.models import Closure

    days: set[dt.date] = set()
    for closure in Closure.objects.filter(mpp=mpp, starts_on__lte=end, ends_on__gte=start):
        day = max(closure.starts_on, start)
        while day <= min(closure.ends_on, end):
            days.add(day)
            day += dt.timedelta(days=1)
    return days


def is_working_day(mpp, day: dt.date, *, closed: set[dt.date] | None = None) -> bool:
    """A weekday that is neither a national holiday nor one of the MPP's closures."""
    if is_weekend(day) or national_holiday_name(day) is not None:
        return False
    if closed is None:
        closed = closed_days(mpp, day, day)
    return day not in closed


def add_working_days(mpp, start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (start itself not counted); `start` when n <= 0."""
    if n <= 0:
        return start
    # Closures are read once for a window wide enough for any long holiday in between.
    window = dt.timedelta(days=n * 2 + 40)
    closed = closed_days(mpp, start, start + window)
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        if day > start + window:  # a pathological run of closures: widen and go on
            return add_working_days(mpp, day - dt.timedelta(days=1), left)
        if is_working_day(mpp, day, closed=closed):
            left -= 1
    return day


def working_days_between(mpp, start: dt.date, end: dt.date) -> int:
    """Working days d with start <= d < end (negative when end lies before start)."""
    if end < start:
        return -working_days_between(mpp, end, start)
    closed = closed_days(mpp, start, end)
    count, day = 0, start
    while day < end:
        if is_working_day(mpp, day, closed=closed):
            count += 1
        day += dt.timedelta(days=1)
    return count
