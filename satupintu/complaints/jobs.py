"""Periodic jobs of complaints."""

from __future__ import annotations

import datetime as dt

from satupintu.complaints.services.reminders import sweep_deadlines
from satupintu.core.jobs import periodic


@periodic("complaints.deadlines", every=dt.timedelta(hours=1))
def deadlines(now: dt.datetime) -> int:
    """Remind before a deadline, escalate once it passed, close answered complaints the
    reporter did not object to (each once)."""
    done = sweep_deadlines(now=now)
    return len(done.reminded) + len(done.escalated) + len(done.closed)
