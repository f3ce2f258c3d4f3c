"""Demo data for the applications app (filled in by its issue)."""

from __future__ import annotations

from satupintu.tenancy.models import Mpp


def seed(mpp: Mpp) -> None:
    """Make the demo MPP's applications look lived-in; idempotent."""
