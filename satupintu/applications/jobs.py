"""Periodic jobs of online applications."""

from __future__ import annotations

import datetime as dt

from satupintu.applications.services import escalate_overdue
from satupintu.core.jobs import periodic


@periodic("applications.escalate_overdue", every=dt.timedelta(hours=1))
def escalate(now: dt.datetime) -> int:
    """Flag applications past their deadline and tell the MPP's supervisors (once each)."""
    return len(escalate_overdue(now=now))
