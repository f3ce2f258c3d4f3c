"""The calendar of an MPP, written once: which days it is closed all day, and its working days.

A day is closed all day for an MPP when it is

1. a national holiday (hari libur nasional);
2. a cuti bersama day, unless the MPP chose to stay open on them
   (`Mpp.open_on_cuti_bersama`): a national holiday never opens;
3. inside one of the MPP's own `Closure` rows (a local event, maintenance), on top.

Both 1 and 2 are set each year by the SKB of the Ministers of Religion, Manpower and
Administrative Reform (SKB Tiga Menteri tentang hari libur nasional dan cuti bersama).
The `holidays` package carries them for Indonesia ("ID"): the `public` category holds
the holidays, the `government` category the cuti bersama, named in Indonesian
(`language="id"`, e.g. "Cuti Bersama Hari Raya Idul Fitri").

A working day (hari kerja: deadlines, SLA) is a Monday to Friday that is not closed all
day. Whether an MPP opens on a Saturday is for its opening hours, not for this module.
Opening status, appointment slots, wait estimates, the day simulator and deadlines all
ask `day_off`; nothing else decides it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import holidays
from django.utils.translation import gettext as _

if TYPE_CHECKING:  # core imports no domain app at run time
    from satupintu.tenancy.models import Mpp


class Kind(enum.StrEnum):
    HOLIDAY = "holiday"  # hari libur nasional (`public`)
    CUTI_BERSAMA = "cuti_bersama"  # cuti bersama (`government`)
    CLOSURE = "closure"  # the MPP's own Closure row


@dataclass(frozen=True)
class DayOff:
    """Why a day is closed all day: its kind and the holiday's or closure's own name."""

    kind: Kind
    name: str

    @property
    def reason(self) -> str:
        """What a citizen reads ("Libur nasional: Hari Raya Natal", "Cuti Bersama …")."""
        if self.kind is Kind.HOLIDAY:
            return _("Libur nasional: %(name)s") % {"name": self.name}
        return self.name  # the package's cuti bersama names start with "Cuti Bersama"


class ClosureRow(Protocol):
    """What is read of a `tenancy.Closure` row."""

    starts_on: dt.date
    ends_on: dt.date
    reason: str


@lru_cache(maxsize=32)
def _skb_year(year: int) -> dict[dt.date, DayOff]:
    """The SKB's days of `year`: national holidays, then the cuti bersama not on one."""
    public = holidays.country_holidays("ID", years=year, language="id")
    government = holidays.country_holidays(
        "ID", years=year, language="id", categories=(holidays.GOVERNMENT,)
    )
    days = {day: DayOff(Kind.CUTI_BERSAMA, name) for day, name in government.items()}
    days.update({day: DayOff(Kind.HOLIDAY, name) for day, name in public.items()})
    return days


def skb_day_off(day: dt.date) -> DayOff | None:
    """The national holiday or cuti bersama on `day` (SKB Tiga Menteri), for every MPP."""
    return _skb_year(day.year).get(day)


def national_holiday_name(day: dt.date) -> str | None:
    """The name of the national holiday on `day` (cuti bersama are not holidays)."""
    off = skb_day_off(day)
    return off.name if off and off.kind is Kind.HOLIDAY else None


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


def closures_between(mpp: Mpp, start: dt.date, end: dt.date) -> list[ClosureRow]:
    """The MPP's `Closure` rows touching [start, end], read in one query."""
    return list(mpp.closures.filter(starts_on__lte=end, ends_on__gte=start))


def day_off(
    mpp: Mpp, day: dt.date, *, closures: Iterable[ClosureRow] | None = None
) -> DayOff | None:
    """Why the MPP is closed all of `day`, or None when it keeps its hours that weekday.

    `closures` are the MPP's rows to look in; default `mpp.closures.all()` (prefetched or
    one query). The SKB's day comes first, so a holiday keeps its name.
    """
    off = skb_day_off(day)
    if off and not (off.kind is Kind.CUTI_BERSAMA and mpp.open_on_cuti_bersama):
        return off
    for closure in mpp.closures.all() if closures is None else closures:
        if closure.starts_on <= day <= closure.ends_on:
            return DayOff(Kind.CLOSURE, closure.reason)
    return None


def days_off(mpp: Mpp, start: dt.date, end: dt.date) -> list[tuple[dt.date, DayOff]]:
    """Every day in [start, end] the MPP is closed all day, weekends aside, with why."""
    closures = list(mpp.closures.all())  # prefetched or one query
    found = []
    day = start
    while day <= end:
        off = day_off(mpp, day, closures=closures)
        if off is not None:
            found.append((day, off))
        day += dt.timedelta(days=1)
    return found


def is_working_day(mpp: Mpp, day: dt.date, *, closures: Iterable[ClosureRow] | None = None) -> bool:
    """A Monday to Friday on which the MPP is not closed all day (hari kerja)."""
    return not is_weekend(day) and day_off(mpp, day, closures=closures) is None


def add_working_days(mpp: Mpp, start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (start itself not counted); `start` when n <= 0."""
    if n <= 0:
        return start
    # Closures are read once for a window wide enough for any long holiday in between.
    window = dt.timedelta(days=n * 2 + 40)
    closures = closures_between(mpp, start, start + window)
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        if day > start + window:  # a pathological run of closures: widen and go on
            return add_working_days(mpp, day - dt.timedelta(days=1), left)
        if is_working_day(mpp, day, closures=closures):
            left -= 1
    return day


def working_days_between(mpp: Mpp, start: dt.date, end: dt.date) -> int:
    """Working days d with start <= d < end (negative when end lies before start)."""
    if end < start:
        return -working_days_between(mpp, end, start)
    closures = closures_between(mpp, start, end)
    count, day = 0, start
    while day < end:
        if is_working_day(mpp, day, closures=closures):
            count += 1
        day += dt.timedelta(days=1)
    return count


class WorkingDayCounter:
    """`working_days_between` for many pairs of days in one window: the MPP's closures
    read once, each day checked once, then a lookup per pair (the monthly complaint
    figures count hundreds of answers)."""

    def __init__(self, mpp: Mpp, start: dt.date, end: dt.date) -> None:
        closures = closures_between(mpp, start, end)
        self.mpp, self.start, self.end = mpp, start, end
        self._before: dict[dt.date, int] = {}  # working days d with start <= d < day
        count, day = 0, start
        while day <= end:
            self._before[day] = count
            count += is_working_day(mpp, day, closures=closures)
            day += dt.timedelta(days=1)

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start <= d < end, as `working_days_between`."""
        if start in self._before and end in self._before:
            return self._before[end] - self._before[start]
        return working_days_between(self.mpp, start, end)
