"""Demo data for the satisfaction app (filled in by its issue)."""

from __future__ import annotations

from satupintu.tenancy.models import Mpp


def seed(mpp: Mpp) -> None:
    """Make the demo MPP's satisfaction look lived-in; idempotent."""
