"""What a simulated day reports: each evaluated ticket's estimates against its actual wait."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter as Tally
from dataclasses import dataclass, field
from typing import Any

from satupintu.queueing.models import Status


@dataclass
class Record:
    """One ticket of an evaluated day."""

    ticket_id: int
    number: str
    service: str
    queue: str
    priority: bool
    issued_at: dt.datetime
    ahead: int = 0
    estimate: int | None = None
    naive: float = 0.0
    previous: float = 0.0
    called_at: dt.datetime | None = None
    status: str = Status.WAITING

    @property
    def wait(self) -> float | None:
        if self.called_at is None:
            return None
        return (self.called_at - self.issued_at).total_seconds() / 60


@dataclass
class DayResult:
    day: dt.date
    evaluated: bool
    records: list[Record] = field(default_factory=list)
    issued: int = 0
    served: int = 0
    no_shows: int = 0
    left_waiting: int = 0
    seconds: float = 0.0

    def summary(self, zone: dt.tzinfo) -> dict[str, Any]:
        called = [r for r in self.records if r.wait is not None]
        out: dict[str, Any] = {
            "day": self.day.isoformat(),
            "evaluated": self.evaluated,
            "tickets": self.issued,
            "served": self.served,
            "no_shows": self.no_shows,
            "left_waiting": self.left_waiting,
            "seconds": round(self.seconds, 2),
        }
        if self.evaluated:
            waits_ = [r.wait for r in called if r.wait is not None]
            out["mean_wait_minutes"] = round(statistics.fmean(waits_), 1) if waits_ else None
            out["priority_mean_wait"] = _mean_wait([r for r in called if r.priority])
            out["regular_mean_wait"] = _mean_wait([r for r in called if not r.priority])
            out["per_hour"] = dict(
                sorted(Tally(r.issued_at.astimezone(zone).hour for r in self.records).items())
            )
            out["mae"] = mae(called)
        return out


def _mean_wait(records: list[Record]) -> float | None:
    values = [r.wait for r in records if r.wait is not None]
    return round(statistics.fmean(values), 1) if values else None


def mae(records: list[Record]) -> dict[str, Any]:
    """Mean absolute error in minutes of each estimate against the actual wait, over the
    tickets that were called and got an estimate."""
    rows = [r for r in records if r.wait is not None and r.estimate is not None]
    if not rows:
        return {"n": 0}
    return {
        "n": len(rows),
        "no_estimate": sum(1 for r in records if r.wait is not None and r.estimate is None),
        "estimate": round(statistics.fmean(abs(r.estimate - r.wait) for r in rows), 2),  # type: ignore[operator]
        "naive": round(statistics.fmean(abs(r.naive - r.wait) for r in rows), 2),  # type: ignore[operator]
        "previous": round(statistics.fmean(abs(r.previous - r.wait) for r in rows), 2),  # type: ignore[operator]
    }
