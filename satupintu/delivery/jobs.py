"""Periodic jobs of delivery."""

from __future__ import annotations

import datetime as dt

from satupintu.core.jobs import periodic
from satupintu.delivery.services import refresh_all


@periodic("delivery.refresh_tracking", every=dt.timedelta(minutes=30))
def refresh(now: dt.datetime) -> int:
    """Ask the couriers for the events of every parcel on its way; returns how many arrived."""
    return refresh_all(now=now)
