"""satupintu reading_eval [--count 60] [--seed 25] [--out DIR] [--json]: the reading on the
synthetic KTP/KK set (reading/synthetic.py): per-field accuracy, wrong-NIK flags, false
flags and time per image. With --out the images and truth.jsonl are written there too.
Results go to docs/benchmarks.md (benchmarks/reading.py runs it several times)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from satupintu.reading import synthetic
from satupintu.reading.evaluation import evaluate


class Command(BaseCommand):
    help = "Measure the KTP/KK reading on the synthetic evaluation set."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=60, help="images (2 KTP : 1 KK)")
        parser.add_argument("--seed", type=int, default=25)
        parser.add_argument("--out", type=Path, help="also write the images and truth.jsonl")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--misses", action="store_true", help="list what was misread")

    def handle(
        self, *args, count: int, seed: int, out: Path | None, json: bool, misses: bool, **options
    ) -> None:
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            with (out / "truth.jsonl").open("w") as truth_file:
                for data, truth in synthetic.make_set(count, seed=seed):
                    (out / truth.file).write_bytes(data)
                    truth_file.write(_dumps(truth.as_dict()) + "\n")
        report = evaluate(max(1, count), seed=seed)
        figures = report.as_dict()
        if json:
            self.stdout.write(_dumps(figures))
        else:
            for key, value in figures.items():
                self.stdout.write(f"{key}: {value}")
        if misses:
            for miss in report.misses:
                self.stdout.write(_dumps(miss))


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
