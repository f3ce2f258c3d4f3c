"""satupintu search_eval [--runs 5] [--json]: search quality on the current database.

It seeds nothing: run `satupintu seed_demo` first (the evaluation set is written for
the demo MPP Banyumas). Results go to docs/benchmarks.md.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from satupintu.catalog.search.evaluation import EVAL_SET, Report, evaluate, load_cases
from satupintu.tenancy.models import Mpp


class Command(BaseCommand):
    help = (
        "Measure service search on the evaluation set (satupintu/catalog/search/eval.json): "
        "top-1/top-3 accuracy and p50/p95 latency. Needs the demo data (satupintu seed_demo)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=5, help="runs per query (median)")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--misses", action="store_true", help="list queries missed at 3")

    def handle(self, *args, runs: int, json: bool, misses: bool, **options) -> None:
        slug, cases = load_cases()
        mpp = Mpp.objects.filter(slug=slug).first()
        if mpp is None:
            raise CommandError(f"MPP {slug!r} not found: run `satupintu seed_demo` first")
        report = evaluate(mpp, cases, runs=max(1, runs))
        if json:
            self.stdout.write(_json(report))
            return
        self.stdout.write(
            f"{len(cases)} queries ({EVAL_SET.name}) on MPP {slug}, "
            f"{connection.vendor}, median of {report.runs} runs per query"
        )
        self.stdout.write(f"top-1 accuracy  {report.accuracy(1):6.1%}")
        self.stdout.write(f"top-3 accuracy  {report.accuracy(3):6.1%}")
        self.stdout.write(f"latency p50     {report.percentile(50):6.1f} ms")
        self.stdout.write(f"latency p95     {report.percentile(95):6.1f} ms")
        for kind in report.kinds:
            n = sum(o.case.kind == kind for o in report.outcomes)
            self.stdout.write(
                f"  {kind:<13} {n:3d} queries  top-1 {report.accuracy(1, kind):6.1%}"
                f"  top-3 {report.accuracy(3, kind):6.1%}"
            )
        if misses:
            for o in report.misses(3):
                self.stdout.write(f"  missed {o.case.query!r}: {o.codes[:3]} not {o.case.expect}")


def _json(report: Report) -> str:
    return json.dumps(
        {
            "mpp": report.mpp,
            "database": connection.vendor,
            "queries": len(report.outcomes),
            "runs": report.runs,
            "top1": round(report.accuracy(1), 4),
            "top3": round(report.accuracy(3), 4),
            "p50_ms": round(report.percentile(50), 2),
            "p95_ms": round(report.percentile(95), 2),
            "missed_at_3": [o.case.query for o in report.misses(3)],
        },
        ensure_ascii=False,
    )
