"""Periodic jobs of online applications."""

from __future__ import annotations

import datetime as dt

from satupintu.applications import files as file_store
from satupintu.applications.services import escalate_overdue
from satupintu.core.jobs import periodic

HELD_FOR = dt.timedelta(days=1)


@periodic("applications.escalate_overdue", every=dt.timedelta(hours=1))
def escalate(now: dt.datetime) -> int:
    """Flag applications past their deadline and tell the MPP's supervisors (once each)."""
    return len(escalate_overdue(now=now))


@periodic("applications.sweep_held_files", every=dt.timedelta(hours=1))
def sweep_held(now: dt.datetime) -> int:
    """Remove files kept for apply forms that were never sent again (after a day)."""
    return file_store.sweep_held(now - HELD_FOR)
