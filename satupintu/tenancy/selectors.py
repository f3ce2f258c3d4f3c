"""Reads about MPPs: listings for the public and the open/closed state in the MPP's zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.core.calendar import day_off, days_off
from satupintu.tenancy.models import Agency, Booth, Closure, Counter, Mpp, OpeningHours, Weekday


def active_mpps() -> QuerySet[Mpp]:
    return Mpp.objects.filter(is_active=True).order_by("name")


def mpp_by_slug(slug: str) -> Mpp:
    """The active MPP with this slug, or Http404 (public pages and the API)."""
    # get() on the unique slug: no ORDER BY; read live, so a deactivated MPP is gone at once
    try:
        return Mpp.objects.get(slug=slug, is_active=True)
    except Mpp.DoesNotExist:
        raise Http404(_("MPP tidak ditemukan.")) from None


def mpp_with_details(slug: str) -> Mpp:
    """One MPP with opening hours, closures and booths loaded in three queries."""
    qs = active_mpps().prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at")),
        Prefetch("closures", queryset=Closure.objects.order_by("starts_on")),
        Prefetch(
            "booths",
            queryset=Booth.objects.select_related("agency").order_by("display_order", "name"),
        ),
    )
    try:
        return qs.get(slug=slug)
    except Mpp.DoesNotExist:
        raise Http404(_("MPP tidak ditemukan.")) from None


def agencies_at(mpp: Mpp) -> QuerySet[Agency]:
    """Agencies with a booth at this MPP, in the booths' display order."""
    return (
        Agency.objects.filter(booths__mpp=mpp).order_by("booths__display_order", "name").distinct()
    )


def booths_at(mpp: Mpp) -> QuerySet[Booth]:
    return (
        Booth.objects.filter(mpp=mpp)
        .select_related("agency")
        .prefetch_related(Prefetch("counters", queryset=Counter.objects.order_by("number")))
        .order_by("display_order", "name")
    )


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    local_now: dt.datetime
    reason: str
    closes_at: dt.time | None = None
    next_opening: dt.datetime | None = None


def _hours_on(mpp: Mpp, day: dt.date) -> list[OpeningHours]:
    return sorted(
        (h for h in mpp.opening_hours.all() if h.weekday == day.weekday()),
        key=lambda h: h.opens_at,
    )


def closure_reason(mpp: Mpp, day: dt.date) -> str | None:
    """Why the MPP is closed all day (national holiday, cuti bersama, its own closure), or
    None when it keeps its weekday hours: the calendar's rule (core/calendar.py)."""
    off = day_off(mpp, day)
    return off.reason if off else None


def opening_status(mpp: Mpp, at: dt.datetime | None = None) -> OpeningStatus:
    """Open or closed at `at` (default: now) in the MPP's own time zone, and until when."""
    local_now = timezone.localtime(at or timezone.now(), mpp.tzinfo)
    today = local_now.date()
    reason = closure_reason(mpp, today)
    if reason is None:
        periods = _hours_on(mpp, today)
        for hours in periods:
            if hours.opens_at <= local_now.time() < hours.closes_at:
                return OpeningStatus(True, local_now, _("Buka"), closes_at=hours.closes_at)
        between = [h for h in periods if h.closes_at <= local_now.time()]
        later = [h for h in periods if h.opens_at > local_now.time()]
        reason = _("Istirahat") if between and later else _("Di luar jam layanan")
    return OpeningStatus(False, local_now, reason, next_opening=next_opening(mpp, local_now))


def next_opening(mpp: Mpp, after: dt.datetime, horizon_days: int = 31) -> dt.datetime | None:
    """The first opening time after `after` (aware, MPP zone) within the horizon."""
    local = timezone.localtime(after, mpp.tzinfo)
    for offset in range(horizon_days + 1):
        day = local.date() + dt.timedelta(days=offset)
        if closure_reason(mpp, day):
            continue
        for hours in _hours_on(mpp, day):
            start = dt.datetime.combine(day, hours.opens_at, tzinfo=mpp.tzinfo)
            if start > local:
                return start
    return None


def weekly_hours(mpp: Mpp) -> list[tuple[str, list[OpeningHours]]]:
    """(weekday label, periods) for Monday..Sunday; an empty list means closed."""
    by_day: dict[int, list[OpeningHours]] = {}
    for hours in mpp.opening_hours.all():
        by_day.setdefault(hours.weekday, []).append(hours)
    return [
        (str(day.label), sorted(by_day.get(day.value, []), key=lambda h: h.opens_at))
        for day in Weekday
    ]


@dataclass(frozen=True)
class ClosedDays:
    starts_on: dt.date
    ends_on: dt.date
    reason: str


def upcoming_closures(mpp: Mpp, days: int = 60) -> list[ClosedDays]:
    """Days closed all day from today on: national holidays, cuti bersama (unless the MPP
    opens on them) and its own closures, consecutive days with one reason as one range."""
    today = timezone.localdate(timezone=mpp.tzinfo)
    ranges: list[ClosedDays] = []
    for day, off in days_off(mpp, today, today + dt.timedelta(days=days)):
        last = ranges[-1] if ranges else None
        if last and last.reason == off.reason and last.ends_on == day - dt.timedelta(days=1):
            ranges[-1] = ClosedDays(last.starts_on, day, off.reason)
        else:
            ranges.append(ClosedDays(day, day, off.reason))
    return ranges
