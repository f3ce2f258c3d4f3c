"""Periodic jobs of the reading."""

from __future__ import annotations

import datetime as dt

from satupintu.core.jobs import periodic
from satupintu.reading.services import purge_held_readings, requeue_stale


@periodic("reading.requeue_stale", every=dt.timedelta(minutes=10))
def requeue(now: dt.datetime) -> int:
    """Readings still pending after ten minutes (a process restarted): queue them again."""
    return requeue_stale(older_than=now - dt.timedelta(minutes=10))


@periodic("reading.purge_held", every=dt.timedelta(hours=1))
def purge_held(now: dt.datetime) -> int:
    """Readings of files held by apply forms, after a day (when the files themselves go)."""
    return purge_held_readings(older_than=now - dt.timedelta(days=1))
