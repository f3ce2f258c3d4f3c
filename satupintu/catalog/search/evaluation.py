"""How good search is, measured: top-1 and top-3 accuracy and latency over eval.json.

A query is found at k when any of its expected service codes is among the first k
results. Latency is the wall-clock time of `search()` (analysis, index query, loading
the services), the median of several runs per query; p50 and p95 are over queries.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from satupintu.catalog.search.query import search
from satupintu.tenancy.models import Mpp

EVAL_SET = Path(__file__).parent / "eval.json"


@dataclass(frozen=True)
class Case:
    query: str
    expect: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Outcome:
    case: Case
    codes: tuple[str, ...]  # the first results
    millis: float

    def found_at(self, k: int) -> bool:
        return any(code in self.case.expect for code in self.codes[:k])


@dataclass
class Report:
    mpp: str
    runs: int
    outcomes: list[Outcome] = field(default_factory=list)

    def accuracy(self, k: int, kind: str | None = None) -> float:
        chosen = [o for o in self.outcomes if kind is None or o.case.kind == kind]
        return sum(o.found_at(k) for o in chosen) / len(chosen) if chosen else 0.0

    def percentile(self, p: int) -> float:
        times = sorted(o.millis for o in self.outcomes)
        return statistics.quantiles(times, n=100, method="inclusive")[p - 1]

    @property
    def kinds(self) -> list[str]:
        return sorted({o.case.kind for o in self.outcomes})

    def misses(self, k: int) -> list[Outcome]:
        return [o for o in self.outcomes if not o.found_at(k)]


def load_cases(path: Path = EVAL_SET) -> tuple[str, list[Case]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    cases = [Case(q["q"], tuple(q["expect"]), q.get("kind", "")) for q in data["queries"]]
    return data["mpp"], cases


def evaluate(mpp: Mpp, cases: list[Case], *, runs: int = 5) -> Report:
    """Run every query `runs` times (after one warm-up pass) on the current database."""
    for case in cases:  # warm-up: stemmer dictionary, vocabulary, database caches
        search(case.query, mpp=mpp)
    report = Report(mpp=mpp.slug, runs=runs)
    for case in cases:
        times = []
        codes: tuple[str, ...] = ()
        for _ in range(runs):
            started = time.perf_counter()
            hits = search(case.query, mpp=mpp).hits
            times.append((time.perf_counter() - started) * 1000)
            codes = tuple(h.service.code for h in hits[:10])
        report.outcomes.append(Outcome(case, codes, statistics.median(times)))
    return report
