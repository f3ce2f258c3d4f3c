"""A queue ready to use: an MPP open all day, a service in a queue, counters serving it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from satupintu.accounts.tests.factories import Personas
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
    open_all_day(mpp)
    booth = BoothFactory(mpp=mpp, queue_prefix=prefix)
    service = make_service(booth=booth)
    queue = Queue.objects.create(mpp=mpp, prefix=prefix, name=service.code)
    QueueService.objects.create(mpp=mpp, queue=queue, service=service)
    made = [CounterFactory(booth=booth) for _ in range(counters)]
    for counter in made:
        assign_service_to_counter(counter=counter, service=service)
    return QueueSetup(mpp=mpp, queue=queue, service=service, counters=made)


def open_all_day(mpp: Mpp) -> None:
    for weekday in range(7):
        mpp.opening_hours.get_or_create(
            weekday=weekday, opens_at=ALL_DAY[0][0], closes_at=ALL_DAY[0][1]
        )


def queue_at(counter: Counter, prefix: str) -> Service:
    """A queued service of the counter's agency, served at that counter."""
    service = make_service(booth=counter.booth)
    queue = Queue.objects.create(mpp=counter.mpp, prefix=prefix, name=f"Antrian {prefix}")
    QueueService.objects.create(mpp=counter.mpp, queue=queue, service=service)
    assign_service_to_counter(counter=counter, service=service)
    return service


@dataclass
class QueuePersonas:
    """The accounts personas (accounts/tests/factories.py) with a queue at each counter."""

    p: Personas
    service_xa: Service  # agency A at MPP X, called at counter_xa
    service_xb: Service  # agency B at MPP X, called at counter_xb
    service_ya: Service  # agency A at MPP Y, called at counter_ya


def queue_personas(p: Personas) -> QueuePersonas:
    for mpp in (p.mpp_x, p.mpp_y):
        open_all_day(mpp)
    return QueuePersonas(
        p=p,
        service_xa=queue_at(p.counter_xa, "A"),
        service_xb=queue_at(p.counter_xb, "B"),
        service_ya=queue_at(p.counter_ya, "A"),
    )
