"""A bookable service: an MPP with office hours and breaks, a queued service with counters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from satupintu.appointments.models import SlotSetting
from satupintu.catalog.models import Service
from satupintu.catalog.services import assign_service_to_counter
from satupintu.catalog.tests.factories import make_service
from satupintu.queueing.models import Queue, QueueService
from satupintu.tenancy.models import Counter, Mpp, OpeningHours
from satupintu.tenancy.tests.factories import BoothFactory, CounterFactory, MppFactory

T = dt.time
WEEKDAY = [(T(7, 30), T(12, 0)), (T(13, 0), T(15, 30))]  # lunch break 12.00-13.00
FRIDAY = [(T(7, 30), T(11, 0)), (T(13, 0), T(15, 30))]  # Friday prayer 11.00-13.00
NIKS = [f"330201{d:02d}0190{n:04d}" for d in range(1, 29) for n in range(1, 4)]


@dataclass
class Bookable:
    mpp: Mpp
    service: Service
    setting: SlotSetting
    counters: list[Counter]


def office_hours(mpp: Mpp) -> None:
    for weekday in range(5):
        for opens_at, closes_at in FRIDAY if weekday == 4 else WEEKDAY:
            OpeningHours.objects.create(
                mpp=mpp, weekday=weekday, opens_at=opens_at, closes_at=closes_at
            )


def make_bookable(
    *,
    mpp: Mpp | None = None,
    time_zone: str = "Asia/Jakarta",
    counters: int = 2,
    prefix: str = "C",
    all_day: bool = False,
    **setting: object,
) -> Bookable:
    """A service bookable 30 min slots (capacity 3 unless given) Monday-Friday with breaks."""
    if mpp is None:
        mpp = MppFactory(hours=[], time_zone=time_zone)
        if all_day:
            for weekday in range(7):
                OpeningHours.objects.create(
                    mpp=mpp, weekday=weekday, opens_at=T(0, 0), closes_at=T(23, 59, 59)
                )
        else:
            office_hours(mpp)
    booth = BoothFactory(mpp=mpp, queue_prefix=prefix)
    service = make_service(booth=booth, name="Perpanjangan SIM A")
    Service.objects.filter(pk=service.pk).update(uses_appointment=True)
    service.uses_appointment = True
    queue = Queue.objects.create(mpp=mpp, prefix=prefix, name=service.code)
    QueueService.objects.create(mpp=mpp, queue=queue, service=service)
    made = [CounterFactory(booth=booth) for _ in range(counters)]
    for counter in made:
        assign_service_to_counter(counter=counter, service=service)
    values = {"slot_minutes": 30, "capacity": 3, "cutoff_minutes": 60, "max_days_ahead": 14}
    values.update(setting)
    slot_setting = SlotSetting.objects.create(mpp=mpp, service=service, **values)
    return Bookable(mpp=mpp, service=service, setting=slot_setting, counters=made)


def at(mpp: Mpp, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware time on the MPP's wall clock."""
    return dt.datetime.combine(day, T(hour, minute), tzinfo=mpp.tzinfo)
