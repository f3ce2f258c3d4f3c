"""Evaluate the queue wait estimate with the day simulator; print a Markdown section.

    .venv/bin/python benchmarks/wait_estimate.py [--history 8] [--days 5]

A temporary SQLite database: migrate, seed the demo, simulate `--history` working days
at MPP Banyumas (statistics to learn from), then evaluate `--days` consecutive working
days, each with its own seed (an evaluated day then counts as history for the next).
For every ticket called on an evaluated day: the estimate given at issue (as the API
reports it) against the actual wait (issued → called). Result: docs/benchmarks.md,
section "Queue wait estimate".
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_DAY = dt.date(2026, 11, 9)  # a Monday; the evaluated days run on from here
BANDS = [("07.00–09.00", 7, 9), ("09.00–11.00", 9, 11), ("11.00–13.00", 11, 13),
         ("13.00–16.00", 13, 16)]  # fmt: skip
LOADS = [("0–4", 0, 4), ("5–14", 5, 14), ("15–29", 15, 29), ("30+", 30, 10**6)]


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


def mae(rows, attr: str) -> float:
    return statistics.fmean(abs(getattr(r, attr) - r.wait) for r in rows)


def table(rows, groups, key) -> list[str]:
    lines = [
        "| | tickets | our estimate | naive | previous (÷ counters) |",
        "|---|---|---|---|---|",
    ]
    for label, low, high in groups:
        part = [r for r in rows if low <= key(r) <= high - (key is hour)]
        if part:
            lines.append(
                f"| {label} | {len(part)} | {mae(part, 'estimate'):.1f} | "
                f"{mae(part, 'naive'):.1f} | {mae(part, 'previous'):.1f} |"
            )
    return lines


def hour(record) -> int:
    return record.issued_at.astimezone(ZONE).hour


ZONE: dt.tzinfo = dt.UTC


def main() -> None:
    global ZONE
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", type=int, default=8)
    parser.add_argument("--days", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup(data_dir)
        from satupintu.simulator.services import simulate, working_days_before
        from satupintu.tenancy.models import Mpp

        mpp = Mpp.objects.get(slug="banyumas")
        ZONE = mpp.tzinfo
        started = time.perf_counter()
        days = []
        probe = FIRST_DAY
        while len(days) < args.days:
            if working_days_before(mpp, probe + dt.timedelta(days=1), 1) == [probe]:
                days.append(probe)
            probe += dt.timedelta(days=1)
        results = simulate(mpp, days[0], seed=1, history_days=args.history)
        for seed, day in enumerate(days[1:], start=2):
            results += simulate(mpp, day, seed=seed)
        wall = time.perf_counter() - started
    evaluated = [r for r in results if r.evaluated]
    rows = [
        rec
        for r in evaluated
        for rec in r.records
        if rec.wait is not None and rec.estimate is not None
    ]
    no_estimate = sum(
        1 for r in evaluated for rec in r.records if rec.wait is not None and rec.estimate is None
    )
    tickets = sum(r.issued for r in results)
    sim_seconds = sum(r.seconds for r in results)
    per_day = [
        (r.day, [x for x in r.records if x.wait is not None and x.estimate is not None], r)
        for r in evaluated
    ]
    out = [
        "## Queue wait estimate",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}. "
        f"Date: {dt.datetime.now(dt.UTC).date().isoformat()}.",
        "",
        "```",
        f".venv/bin/python benchmarks/wait_estimate.py --history {args.history} --days {args.days}",
        "```",
        "",
        f"Days: {args.history} simulated history days at MPP Banyumas, then {args.days} "
        f"evaluated working days from {days[0].isoformat()} (seeds 1–{args.days}); "
        f"{len(rows)} called tickets with an estimate ({no_estimate} without).",
        "",
        "| day | tickets | mean wait | our estimate | naive | previous (÷ counters) |",
        "|---|---|---|---|---|---|",
    ]
    for day, recs, r in per_day:
        out.append(
            f"| {day:%a %d %b} | {r.issued} | {statistics.fmean(x.wait for x in recs):.0f} min "
            f"| {mae(recs, 'estimate'):.1f} | {mae(recs, 'naive'):.1f} "
            f"| {mae(recs, 'previous'):.1f} |"
        )
    med = {
        a: statistics.median(mae(recs, a) for _d, recs, _r in per_day)
        for a in ("estimate", "naive", "previous")
    }
    out.append(
        f"| **all** | {sum(r.issued for r in evaluated)} | "
        f"{statistics.fmean(x.wait for x in rows):.0f} min | **{mae(rows, 'estimate'):.1f}** | "
        f"{mae(rows, 'naive'):.1f} | {mae(rows, 'previous'):.1f} |"
    )
    out.append(
        f"| median of the days | | | {med['estimate']:.1f} | {med['naive']:.1f} "
        f"| {med['previous']:.1f} |"
    )
    out += ["", "Mean absolute error (minutes) by hour of issue:", ""]
    out += table(rows, BANDS, hour)
    out += ["", "By load (people ahead at issue):", ""]
    out += table(rows, LOADS, lambda r: r.ahead)
    out += [
        "",
        f"Simulator speed: {tickets} tickets in {sim_seconds:.0f} s of simulation "
        f"({tickets / sim_seconds:.0f} tickets/s, about {sim_seconds / len(results):.0f} s "
        f"per day of ~{tickets // len(results)} tickets, every transition a real service "
        f"call and transaction); {wall:.0f} s in all with set-up.",
    ]
    print("\n".join(out))


if __name__ == "__main__":
    main()
