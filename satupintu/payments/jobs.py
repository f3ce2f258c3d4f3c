"""Periodic jobs of payments."""

from __future__ import annotations

import datetime as dt

from satupintu.core.jobs import periodic
from satupintu.payments.services import expire_bills


@periodic("payments.expire_bills", every=dt.timedelta(minutes=15))
def expire(now: dt.datetime) -> int:
    """Unpaid bills past their expiry become expired (a later payment is held as late)."""
    return expire_bills(now=now)
