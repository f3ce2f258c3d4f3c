"""satupintu suggest_eval [--json] [--misses]: service suggestion on held-out phrases
(reading/suggest_eval.json), top-1 and top-3, next to the catalog search alone. Needs the
demo data (satupintu seed_demo). Results go to docs/benchmarks.md."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.catalog.search.query import search_services
from satupintu.reading.suggest import suggest
from satupintu.tenancy.models import Mpp

EVAL_SET = Path(__file__).resolve().parents[2] / "suggest_eval.json"


class Command(BaseCommand):
    help = "Measure service suggestion on held-out phrases (top-1, top-3). Needs seed_demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--misses", action="store_true", help="list phrases missed at 3")

    def handle(self, *args, json: bool, misses: bool, **options) -> None:
        data = _load()
        mpp = Mpp.objects.filter(slug=data["mpp"]).first()
        if mpp is None:
            raise CommandError(f"MPP {data['mpp']!r} not found: run `satupintu seed_demo` first")
        found = {"suggest": [0, 0], "catalog": [0, 0]}
        missed = []
        times = []
        for phrase in data["phrases"]:
            expect = set(phrase["expect"])
            started = time.perf_counter()
            codes = [s.service.code for s in suggest(mpp, phrase["q"], limit=3)]
            times.append(time.perf_counter() - started)
            plain = [h.service.code for h in search_services(phrase["q"], mpp=mpp)[:3]]
            for name, got in (("suggest", codes), ("catalog", plain)):
                found[name][0] += bool(expect & set(got[:1]))
                found[name][1] += bool(expect & set(got[:3]))
            if not expect & set(codes):
                missed.append({"q": phrase["q"], "expect": phrase["expect"], "got": codes})
        n = len(data["phrases"])
        times.sort()
        figures = {
            "phrases": n,
            "top1": round(found["suggest"][0] / n, 3),
            "top3": round(found["suggest"][1] / n, 3),
            "catalog_alone_top1": round(found["catalog"][0] / n, 3),
            "catalog_alone_top3": round(found["catalog"][1] / n, 3),
            "ms_median": round(1000 * times[n // 2], 1),
        }
        self.stdout.write(
            _dumps(figures) if json else "\n".join(f"{k}: {v}" for k, v in figures.items())
        )
        if misses:
            for miss in missed:
                self.stdout.write(_dumps(miss))


def _load() -> dict:
    return json_load(EVAL_SET.read_text(encoding="utf-8"))


def json_load(text: str) -> dict:
    return json.loads(text)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
