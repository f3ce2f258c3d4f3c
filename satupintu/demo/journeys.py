"""The demo's life-event journeys (data/journeys-banyumas.json), built from the reference
catalog's services and imported like any MPP's file (journeys/services.py). Idempotent:
an unchanged file writes nothing."""

from __future__ import annotations

from pathlib import Path

from satupintu.journeys.services import import_journeys
from satupintu.tenancy.models import Mpp

JOURNEYS_PATH = Path(__file__).parent / "data" / "journeys-banyumas.json"


def seed(mpp: Mpp) -> None:
    report = import_journeys(mpp=mpp, data=JOURNEYS_PATH.read_bytes())
    if not report.ok:  # the demo's own file: a problem is a bug of this repository
        raise ValueError("; ".join(str(p) for p in report.problems))
