"""The queue's slowly changing reads kept in the read cache (core/cached.py), and the
models whose every save or delete drops them."""

from __future__ import annotations

from satupintu.core.cached import forget_on_change

QUEUE_SETUP = "queue-setup"  # a service and its queue, pools, K, names in force
OPENING = "opening"  # opening periods of a day (hours, closures, the calendar choice)


def watch_changes() -> None:
    from satupintu.catalog.models import CounterService, Service, ServiceVersion
    from satupintu.queueing.models import Queue, QueuePolicy, QueueService
    from satupintu.tenancy.models import Closure, Mpp, OpeningHours

    forget_on_change(
        QUEUE_SETUP, Service, ServiceVersion, CounterService, Queue, QueueService, QueuePolicy
    )
    forget_on_change(OPENING, Mpp, OpeningHours, Closure)
