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
