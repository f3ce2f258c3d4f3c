"""Periodic jobs of operations: the complete months' summaries the coordination pack's
trend reads (operations/pack/services.summarise_past_months)."""

from __future__ import annotations

import datetime as dt

from satupintu.core.jobs import periodic
from satupintu.operations.pack.services import summarise_past_months


@periodic("operations.month_summaries", every=dt.timedelta(hours=6))
def month_summaries(now: dt.datetime) -> int:
    return summarise_past_months(now=now)
