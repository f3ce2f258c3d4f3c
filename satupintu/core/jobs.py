"""Periodic jobs (reminders, escalations): a small registry and a claim in the database.

Apps declare jobs in `satupintu/<app>/jobs.py`:

    @periodic("appointments.reminders", every=dt.timedelta(minutes=15))
    def send_reminders(now: dt.datetime) -> None: ...

`run_due_jobs()` runs every job whose interval has passed. The claim is one
conditional UPDATE, so when several server processes tick at once exactly one
of them runs a job. `satupintu serve` ticks once a minute in a background thread;
`satupintu jobs --once` does one tick (for cron or a separate worker). Jobs must be
idempotent: a crash between claim and finish means the next tick after the
interval runs it again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger("satupintu.jobs")

JobFunction = Callable[[dt.datetime], object]


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    run: JobFunction


_REGISTRY: dict[str, Job] = {}


def periodic(name: str, *, every: dt.timedelta) -> Callable[[JobFunction], JobFunction]:
    """Register `function(now)` to run every `every`."""

    def register(function: JobFunction) -> JobFunction:
        _REGISTRY[name] = Job(name=name, every=every, run=function)
        return function

    return register


def registered_jobs() -> list[Job]:
    autodiscover_modules("jobs")
    return sorted(_REGISTRY.values(), key=lambda job: job.name)


def _claim(job: Job, now: dt.datetime) -> bool:
    from satupintu.core.models import JobRun

    JobRun.objects.get_or_create(name=job.name)
    not_recent = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.every)
    return JobRun.objects.filter(not_recent, name=job.name).update(last_started_at=now) == 1


def _finish(job: Job, error: str) -> None:
    from satupintu.core.models import JobRun

    JobRun.objects.filter(name=job.name).update(last_finished_at=timezone.now(), last_error=error)


def run_due_jobs(now: dt.datetime | None = None) -> list[str]:
    """Run every job that is due; return the names of those this call ran."""
    now = now or timezone.now()
    ran = []
    for job in registered_jobs():
        if not _claim(job, now):
            continue
        error = ""
        try:
            job.run(now)
        except Exception as exc:  # one failing job must not stop the others
            logger.exception("periodic job %s failed", job.name)
            error = repr(exc)
        _finish(job, error)
        ran.append(job.name)
    return ran


def start_ticker(stop: threading.Event, *, seconds: float = 60.0) -> threading.Thread:
    """Tick `run_due_jobs` in a daemon thread until `stop` is set (used by `satupintu serve`)."""

    def tick() -> None:
        while not stop.wait(seconds):
            close_old_connections()
            try:
                run_due_jobs()
            except Exception:  # the database may be briefly unavailable; try next tick
                logger.exception("periodic jobs tick failed")
            finally:
                close_old_connections()

    thread = threading.Thread(target=tick, name="satupintu-jobs", daemon=True)
    thread.start()
    return thread
