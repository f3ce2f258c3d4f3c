"""A queue ready to use: an MPP open all day, a service in a queue, counters serving it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from satupintu.catalog.models import Service
from satupintu.catalog.services import assign_service_to_counter
from satupintu.catalog.tests.factories import make_service
from satupintu.queueing.models import Queue, QueueService
from satupintu.tenancy.models import Counter, Mpp
from satupintu.tenancy.tests.factories import BoothFactory, CounterFactory, MppFactory

ALL_DAY = [(dt.time(0, 0), dt.time(23, 59, 59))]


@dataclass
class QueueSetup:
    mpp: Mpp
    queue: Queue
    service: Service
    counters: list[Counter]


def make_queue(*, counters: int = 1, prefix: str = "A", mpp: Mpp | None = None) -> QueueSetup:
    mpp = mpp or MppFactory(hours=[])
    for weekday in range(7):
        mpp.opening_hours.get_or_create(
            weekday=weekday, opens_at=ALL_DAY[0][0], closes_at=ALL_DAY[0][1]
        )
    booth = BoothFactory(mpp=mpp, queue_prefix=prefix)
    service = make_service(booth=booth)
    queue = Queue.objects.create(mpp=mpp, prefix=prefix, name=service.code)
    QueueService.objects.create(mpp=mpp, queue=queue, service=service)
    made = [CounterFactory(booth=booth) for _ in range(counters)]
    for counter in made:
        assign_service_to_counter(counter=counter, service=service)
    return QueueSetup(mpp=mpp, queue=queue, service=service, counters=made)
