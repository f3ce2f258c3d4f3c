"""The bookable slots of a service: opening hours cut into sessions, minus what is closed.

A day has slots when the MPP opens that weekday (several `OpeningHours` rows a day
leave the breaks between them: lunch, Friday prayer), it is not closed all day (a
national holiday, a cuti bersama unless the MPP opens on them, one of its closures:
`core.calendar.day_off`), and no supervisor blocked it (`DayOverride`). Each
opening period is cut into sessions of `slot_minutes` that end inside it. Times are
the MPP's wall clock: a WIT slot at 08.00 is 23.00 UTC of the day before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.utils import timezone

from satupintu.appointments.models import DayCounter, DayOverride, SlotCounter, SlotSetting
from satupintu.catalog.models import CounterService, Service
from satupintu.core.calendar import day_off
from satupintu.tenancy.models import Mpp


@dataclass(frozen=True)
class Slot:
    start: dt.datetime  # aware, in the MPP's zone
    end: dt.datetime
    capacity: int
    remaining: int

    @property
    def is_free(self) -> bool:
        return self.remaining > 0


def setting_for(service: Service) -> SlotSetting | None:
    """The service's booking settings, or None when it cannot be booked."""
    if not (service.is_active and service.uses_appointment):
        return None
    setting = SlotSetting.objects.filter(service=service, is_active=True).first()
    return setting


def base_capacity(setting: SlotSetting) -> int:
    """Places per slot: the setting, else one per active counter serving the service."""
    if setting.capacity is not None:
        return setting.capacity
    return CounterService.objects.filter(
        service_id=setting.service_id, counter__is_active=True
    ).count()


def window(mpp: Mpp, setting: SlotSetting, now: dt.datetime) -> tuple[dt.date, dt.date]:
    """The first and last local day a booking made at `now` may be for."""
    today = timezone.localtime(now, mpp.tzinfo).date()
    return (
        today + dt.timedelta(days=setting.min_days_ahead),
        today + dt.timedelta(days=setting.max_days_ahead),
    )


def periods_on(mpp: Mpp, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    """The MPP's opening periods on `day` (empty when it is closed all day)."""
    if day_off(mpp, day) is not None:
        return []
    return sorted(
        (h.opens_at, h.closes_at) for h in mpp.opening_hours.all() if h.weekday == day.weekday()
    )


def day_starts(
    mpp: Mpp, setting: SlotSetting, day: dt.date
) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of every session on `day`, in the MPP's zone, before overrides."""
    length = dt.timedelta(minutes=setting.slot_minutes)
    sessions = []
    for opens_at, closes_at in periods_on(mpp, day):
        start = dt.datetime.combine(day, opens_at, tzinfo=mpp.tzinfo)
        closes = dt.datetime.combine(day, closes_at, tzinfo=mpp.tzinfo)
        while start + length <= closes:
            sessions.append((start, start + length))
            start += length
    return sessions


def slots_between(
    mpp: Mpp,
    setting: SlotSetting,
    first: dt.date,
    last: dt.date,
    *,
    now: dt.datetime | None = None,
) -> list[Slot]:
    """Bookable slots from `first` to `last` (local days), clipped to the booking window
    and the cut-off; full slots are listed with remaining 0. A few queries in all."""
    now = now or timezone.now()
    prefetch_related_objects([mpp], "opening_hours", "closures")
    low, high = window(mpp, setting, now)
    first, last = max(first, low), min(last, high)
    if first > last:
        return []
    overrides = {
        o.day: o
        for o in DayOverride.objects.filter(service_id=setting.service_id, day__range=(first, last))
    }
    capacity = base_capacity(setting)
    earliest = now + dt.timedelta(minutes=setting.cutoff_minutes)
    planned: list[tuple[dt.datetime, dt.datetime, int]] = []
    day = first
    while day <= last:
        override = overrides.get(day)
        if override is None or not override.blocked:
            extra = override.extra_capacity if override else 0
            for start, end in day_starts(mpp, setting, day):
                if start >= earliest:
                    planned.append((start, end, max(0, capacity + extra)))
        day += dt.timedelta(days=1)
    if not planned:
        return []
    booked = dict(
        SlotCounter.objects.filter(
            service_id=setting.service_id, start__range=(planned[0][0], planned[-1][0])
        ).values_list("start", "booked")
    )
    quota_full: set[dt.date] = set()
    if setting.daily_quota is not None:
        quota_full = set(
            DayCounter.objects.filter(
                service_id=setting.service_id,
                day__range=(first, last),
                booked__gte=setting.daily_quota,
            ).values_list("day", flat=True)
        )
    return [
        Slot(
            start=start,
            end=end,
            capacity=cap,
            remaining=0 if start.date() in quota_full else max(0, cap - booked.get(start, 0)),
        )
        for start, end, cap in planned
    ]


def find_slot(
    mpp: Mpp, setting: SlotSetting, start: dt.datetime, *, now: dt.datetime | None = None
) -> Slot | None:
    """The bookable slot that starts at `start`, or None (not a slot, closed, past cut-off)."""
    local = timezone.localtime(start, mpp.tzinfo)
    for slot in slots_between(mpp, setting, local.date(), local.date(), now=now):
        if slot.start == local:
            return slot
    return None


def nearest_free(
    mpp: Mpp,
    setting: SlotSetting,
    around: dt.datetime,
    *,
    now: dt.datetime | None = None,
    limit: int = 3,
) -> list[Slot]:
    """The free slots closest in time to `around` (the alternatives to a full slot)."""
    now = now or timezone.now()
    low, high = window(mpp, setting, now)
    free = [s for s in slots_between(mpp, setting, low, high, now=now) if s.is_free]
    free.sort(key=lambda s: (abs((s.start - around).total_seconds()), s.start))
    return sorted(free[:limit], key=lambda s: s.start)


def days_overview(
    mpp: Mpp, setting: SlotSetting, *, now: dt.datetime | None = None
) -> list[tuple[dt.date, int, int]]:
    """(day, free places, slots) for every day of the booking window that has slots."""
    now = now or timezone.now()
    low, high = window(mpp, setting, now)
    by_day: dict[dt.date, list[Slot]] = {}
    for slot in slots_between(mpp, setting, low, high, now=now):
        by_day.setdefault(slot.start.date(), []).append(slot)
    return [
        (day, sum(s.remaining for s in slots), len(slots)) for day, slots in sorted(by_day.items())
    ]
