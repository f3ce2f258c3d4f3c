"""satupintu simulate: a realistic queue day at one MPP, through the real services.

    satupintu simulate --mpp banyumas --date 2026-11-20 --days 10 --seed 1 [--json]
    satupintu simulate --live [--speed 10]      # today, in accelerated real time (Ctrl+C)
    satupintu simulate --compare-journeys --date 2026-11-18 --seed 1 [--replace] [--json]

`--compare-journeys`: the day with life-event citizens among the walk-ins under three
set-ups (walk-in FIFO, tickets per step, journey tickets), compare.py; one JSON object.

See satupintu/simulator/ (assumptions.py) for what the day looks like, and
docs/benchmarks.md ("Queue wait estimate") for the evaluation built on it.
"""

from __future__ import annotations

import datetime as dt
import json
import signal
import threading

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from satupintu.simulator.day import SimulationRefused
from satupintu.simulator.services import compare_journeys, run_live, simulate
from satupintu.tenancy.models import Mpp


class Command(BaseCommand):
    help = (
        "Simulate a queue day at an MPP through the real queue services (faster than real "
        "time) and report the wait estimate's error; --live plays today in real time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mpp", default="banyumas", help="MPP slug (default banyumas)")
        parser.add_argument("--date", help="day to evaluate, YYYY-MM-DD (default: yesterday)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--days", type=int, default=10, help="history days simulated before it (default 10)"
        )
        parser.add_argument(
            "--replace", action="store_true", help="delete existing tickets of those days first"
        )
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument("--live", action="store_true", help="play today in real time")
        parser.add_argument("--speed", type=float, default=10.0, help="live: times real time")
        parser.add_argument(
            "--compare-journeys",
            action="store_true",
            help="door-to-done per life event: walk-in FIFO, tickets, journey tickets",
        )

    def handle(self, *args, **options) -> None:
        mpp = Mpp.objects.filter(slug=options["mpp"]).first()
        if mpp is None:
            raise CommandError(f"MPP {options['mpp']!r} not found (satupintu seed_demo?)")
        if options["live"]:
            self._live(mpp, options)
            return
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date: {error}") from None
        else:
            day = timezone.localtime(timezone.now(), mpp.tzinfo).date() - dt.timedelta(days=1)
        if options["compare_journeys"]:
            self._compare(mpp, day, options)
            return
        log = None if options["json"] else self.stderr.write
        try:
            results = simulate(
                mpp,
                day,
                seed=options["seed"],
                history_days=max(0, options["days"]),
                replace=options["replace"],
                log=log,
            )
        except SimulationRefused as refused:
            raise CommandError(str(refused)) from None
        evaluated = results[-1].summary(mpp.tzinfo)
        summary = {
            "mpp": mpp.slug,
            "seed": options["seed"],
            "history_days": [r.day.isoformat() for r in results[:-1]],
            "history_tickets": sum(r.issued for r in results[:-1]),
            "seconds": round(sum(r.seconds for r in results), 2),
            **evaluated,
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        self._print(summary)

    def _compare(self, mpp: Mpp, day: dt.date, options: dict) -> None:
        try:
            figures = compare_journeys(mpp, day, seed=options["seed"], replace=options["replace"])
        except SimulationRefused as refused:
            raise CommandError(str(refused)) from None
        if options["json"]:
            self.stdout.write(json.dumps({"mpp": mpp.slug, "day": day.isoformat(),
                                          "seed": options["seed"], **figures}))  # fmt: skip
            return
        w = self.stdout.write
        w(f"{mpp.slug} {day.isoformat()} (seed {options['seed']}; {figures['seconds']} s)")
        for setup in ("walk_in_fifo", "tickets", "journeys"):
            f = figures[setup]
            w(f"{setup:13} door to done: median {f['median_minutes']} min, p90 "
              f"{f['p90_minutes']} min; {f['done_today']}/{f['citizens']} done today, "
              f"{f['visits']} visits")  # fmt: skip
        t = figures["wasted_trips"]
        w(f"berkas kurang: pre-verified {t['pre_verified']}, not {t['not_pre_verified']}")

    def _print(self, s: dict) -> None:
        w = self.stdout.write
        w(f"{s['mpp']} {s['day']} (seed {s['seed']}, {len(s['history_days'])} history days, "
          f"{s['history_tickets']} tickets; {s['seconds']} s in all)")  # fmt: skip
        w(f"tickets {s['tickets']}  served {s['served']}  no-shows {s['no_shows']}  "
          f"left waiting at closing {s['left_waiting']}")  # fmt: skip
        w(f"mean wait {s['mean_wait_minutes']} min (priority {s['priority_mean_wait']}, "
          f"regular {s['regular_mean_wait']})")  # fmt: skip
        m = s["mae"]
        if m.get("n"):
            w(f"MAE over {m['n']} called tickets: estimate {m['estimate']} min, naive "
              f"(ahead × average service time) {m['naive']} min, previous (÷ active "
              f"counters) {m['previous']} min; {m['no_estimate']} had no estimate")  # fmt: skip
        w("issued per hour: " + "  ".join(f"{h:02d}:{n}" for h, n in s["per_hour"].items()))

    def _live(self, mpp: Mpp, options: dict) -> None:
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_args: stop.set())
        self.stdout.write(
            f"Live queue at {mpp.slug}, {options['speed']:g}× real time. Ctrl+C stops "
            "(the visitors at the counters are finished, counters go back to their mode)."
        )
        result = run_live(
            mpp, speed=max(0.1, options["speed"]), seed=options["seed"], stop=stop,
            log=self.stdout.write,
        )  # fmt: skip
        self.stdout.write(
            f"Stopped: {result.issued} tickets issued, {result.served} served, "
            f"{result.no_shows} no-shows."
        )
