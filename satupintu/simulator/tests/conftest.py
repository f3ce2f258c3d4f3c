"""The small MPP the simulator's tests run on."""

import datetime as dt

import pytest

from satupintu.catalog.services import assign_service_to_counter
from satupintu.catalog.tests.factories import make_service
from satupintu.queueing.models import Queue, QueueService
from satupintu.tenancy.tests.factories import BoothFactory, CounterFactory, MppFactory

HOURS = [(dt.time(8), dt.time(10)), (dt.time(10, 30), dt.time(12))]  # a short day, a break


@pytest.fixture
def mpp():
    """Two booths: A (two services, two counters) and B (one service, one counter)."""
    # Fixed slug, codes and numbers, not the factories' sequences: the day's random stream
    # follows the slug, and the services are drawn in the order of their codes.
    mpp = MppFactory(hours=HOURS, slug="uji-simulasi")
    numbers = iter(range(1, 4))
    for prefix, n_services, n_counters in (("A", 2, 2), ("B", 1, 1)):
        booth = BoothFactory(mpp=mpp, queue_prefix=prefix)
        queue = Queue.objects.create(mpp=mpp, prefix=prefix, name=f"Antrian {prefix}")
        counters = [CounterFactory(booth=booth, number=next(numbers)) for _ in range(n_counters)]
        for index in range(n_services):
            service = make_service(booth=booth, code=f"{prefix}{index + 1:02d}")
            QueueService.objects.create(mpp=mpp, queue=queue, service=service)
            for counter in counters:
                assign_service_to_counter(counter=counter, service=service)
    return mpp
