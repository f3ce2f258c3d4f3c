"""Journeys compared (issue 23 item 5): the demo day under three set-ups; a Markdown section.

    .venv/bin/python benchmarks/journeys_compare.py [--seeds 3] [--date 2026-11-18]

A temporary SQLite database: migrate, seed the demo, then `compare_journeys` (the same as
`satupintu simulate --compare-journeys --json`) at MPP Banyumas for seeds 1..N; prints the
median over the seeds of each figure. Result: docs/benchmarks.md, "Journeys compared".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETUPS = ("walk_in_fifo", "tickets", "journeys")


def setup(data_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["SATUPINTU_DATA_DIR"] = data_dir
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from satupintu.demo.services import seed_demo

    seed_demo()


def median(values: list) -> str:
    """The median over seeds; "not done" when a seed's figure fell among the not done."""
    if any(v is None for v in values):
        return "not done (" + ", ".join("—" if v is None else f"{v:g}" for v in values) + ")"
    return f"{statistics.median(values):.0f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--date", default="2026-11-18")
    args = parser.parse_args()
    day = dt.date.fromisoformat(args.date)
    with tempfile.TemporaryDirectory() as data_dir:
        setup(data_dir)
        from satupintu.simulator.services import compare_journeys
        from satupintu.tenancy.models import Mpp

        mpp = Mpp.objects.get(slug="banyumas")
        runs = [compare_journeys(mpp, day, seed=s, replace=True) for s in range(1, args.seeds + 1)]
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}. "
        f"Date: {dt.datetime.now(dt.UTC).date().isoformat()}. "
        f"Day {day.isoformat()}, seeds 1–{args.seeds}; "
        f"{statistics.median(r['seconds'] for r in runs):.0f} s per run (median)."
    )
    print()
    print("| set-up | median | p90 | done today | visits | wrong-order returns | "
          "berkas kurang trips |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for name in SETUPS:
        f = [r[name] for r in runs]
        print(
            f"| {name} | {median([x['median_minutes'] for x in f])} | "
            f"{median([x['p90_minutes'] for x in f])} | "
            f"{statistics.median(x['done_today'] for x in f):.0f}/"
            f"{statistics.median(x['citizens'] for x in f):.0f} | "
            f"{statistics.median(x['visits'] for x in f):.0f} | "
            f"{statistics.median(x['wrong_order_returns'] for x in f):.0f} | "
            f"{statistics.median(x['berkas_kurang_trips'] for x in f):.0f} |"
        )
    print()
    events = sorted(runs[0]["journeys"]["per_life_event"])
    print("| life event (median min) | " + " | ".join(SETUPS) + " |")
    print("|---|---|---|---|")
    for event in events:
        cells = [
            median([r[s]["per_life_event"].get(event, {}).get("median_minutes") for r in runs])
            for s in SETUPS
        ]
        print(f"| {event} | " + " | ".join(cells) + " |")
    print()
    wasted = [r["wasted_trips"] for r in runs]
    print(
        "Berkas kurang (tickets and journeys set-ups, all visits): pre-verified "
        f"{median([w['pre_verified'] for w in wasted])} of "
        f"{statistics.median(w['visits_pre_verified'] for w in wasted):.0f} visits, not "
        f"pre-verified {statistics.median(w['not_pre_verified'] for w in wasted):.3f}; "
        f"walk_in_fifo {statistics.median(w['walk_in_fifo'] for w in wasted):.3f}."
    )
    print()
    for seed, run in enumerate(runs, start=1):
        fifo, journeys = run["walk_in_fifo"]["median_minutes"], run["journeys"]["median_minutes"]
        ratio = f"{journeys / fifo:.2f}" if fifo and journeys else "—"
        print(
            f"Seed {seed}: journeys median {journeys} min, walk_in_fifo {fifo} min, ratio "
            f"{ratio}; booked as one visit {run['journeys'].get('booked_visits', 0)} of "
            f"{run['journeys']['citizens']} citizens (refused: "
            f"{run['journeys'].get('booking_refused', {})}); berkas kurang pre-verified "
            f"{run['wasted_trips']['pre_verified']}."
        )


if __name__ == "__main__":
    main()
