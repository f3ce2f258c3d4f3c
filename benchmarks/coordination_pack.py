"""Time the monthly coordination pack for a busy month; print a Markdown section.

    .venv/bin/python benchmarks/coordination_pack.py [--per-day 5000] [--runs 3]

A temporary SQLite database (or DATABASE_URL if set): migrate, seed the demo, then bulk
insert a month (November 2026) of `--per-day` visits on each working day at MPP
Banyumas, straight into the tables (not through the HTTP stack or the services: the
point is the pack, not the writes): tickets with realistic times (arrivals over the
opening hours with a morning peak, lognormal waits and service times, 5 % no-shows,
10 % online), their history (issue, call, start, finish or no-show), a rating for one
visitor in ten, and each counter opened at 07.30 and closed at 15.00 by its agency's
officer (the counters' mode history the measures read open time from). Then `--runs`
times: build the pack (`build_pack`), and render its PDF and XLSX; the median of the runs. Result:
docs/benchmarks.md, section "Coordination pack".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MONTH = dt.date(2026, 11, 1)
GOAL_SECONDS = 10.0


def setup(data_dir: str, *, migrate: bool = True) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["SATUPINTU_DATA_DIR"] = data_dir
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.settings"
    import django

    django.setup()
    if not migrate:
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from satupintu.demo.services import seed_demo

    seed_demo()


def arrival_minute(rng: random.Random) -> float:
    """Minutes after 07.30: a morning peak around 09.00, thinning after lunch."""
    while True:
        minute = rng.uniform(0, 450)
        weight = 0.35 + math.exp(-(((minute - 90) / 70) ** 2))
        if rng.random() < weight / 1.35:
            return minute


def working_days(mpp, month: dt.date) -> list[dt.date]:
    from satupintu.simulator.day import opening_periods

    day, days = month, []
    while day.month == month.month:
        if opening_periods(mpp, day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def insert_month(per_day: int, month: dt.date, seed: int = 1) -> dict:
    from django.db import transaction

    from satupintu.accounts.models import User
    from satupintu.catalog.models import CounterService
    from satupintu.queueing.models import CounterModeChange, QueueService, Ticket, TicketEvent
    from satupintu.satisfaction.models import Rating, SurveyResponse
    from satupintu.tenancy.models import Counter, Mpp

    rng = random.Random(seed)
    mpp = Mpp.objects.get(slug="banyumas")
    zone = mpp.tzinfo
    counters_of: dict[int, list[int]] = defaultdict(list)
    for counter_id, service_id in CounterService.objects.filter(mpp=mpp).values_list(
        "counter_id", "service_id"
    ):
        counters_of[service_id].append(counter_id)
    queue_of = {
        link.service_id: link.queue
        for link in QueueService.objects.filter(mpp=mpp).select_related("queue")
    }
    services = [s for s in queue_of if s in counters_of]
    weights = [rng.lognormvariate(0, 0.8) for _s in services]
    counters = {c.pk: c for c in Counter.objects.filter(mpp=mpp).select_related("booth")}
    officers: dict[int, list[int]] = defaultdict(list)
    for pk, agency in User.objects.filter(mpp=mpp, role="officer").values_list("pk", "agency_id"):
        officers[agency].append(pk)
    officer_of = {pk: (officers.get(c.booth.agency_id) or [None])[0] for pk, c in counters.items()}
    supervisor = User.objects.filter(mpp=mpp, role="supervisor").first()
    days = working_days(mpp, month)
    # the demo's few tickets of the month make way (their SKM answers stay, as paper ones)
    demo = Ticket.objects.filter(mpp=mpp, day__range=(days[0], days[-1]))
    SurveyResponse.objects.filter(ticket__in=demo).update(source="paper")
    demo.update(transferred_from=None)
    demo.delete()
    totals = {"tickets": 0, "events": 0, "ratings": 0, "days": len(days)}
    for day in days:
        opens = dt.datetime.combine(day, dt.time(7, 30), zone)
        logs = []
        for pk in counters:
            who = officer_of[pk] or (supervisor.pk if supervisor else None)
            for at, before, after in (
                (opens, "closed", "open"),
                (opens + dt.timedelta(hours=7, minutes=30), "open", "closed"),
            ):
                logs.append(
                    CounterModeChange(
                        mpp=mpp, counter_id=pk, at=at, before=before, mode=after, actor_id=who
                    )
                )
        seqs: dict[int, int] = defaultdict(int)
        tickets, plans = [], []
        for service in rng.choices(services, weights, k=per_day):
            queue = queue_of[service]
            seqs[queue.pk] += 1
            issued = opens + dt.timedelta(minutes=arrival_minute(rng))
            called = issued + dt.timedelta(minutes=rng.lognormvariate(2.8, 0.8))
            started = called + dt.timedelta(minutes=rng.uniform(0.3, 2))
            finished = started + dt.timedelta(minutes=rng.lognormvariate(2.1, 0.5))
            no_show = rng.random() < 0.05
            counter = rng.choice(counters_of[service])
            tickets.append(
                Ticket(
                    mpp=mpp,
                    queue=queue,
                    service_id=service,
                    day=day,
                    seq=seqs[queue.pk],
                    number=f"{queue.prefix}-{seqs[queue.pk]:03d}",
                    channel="online" if rng.random() < 0.1 else "kiosk",
                    status="no_show" if no_show else "done",
                    issued_at=issued,
                    called_at=called,
                    started_at=None if no_show else started,
                    finished_at=called + dt.timedelta(minutes=3) if no_show else finished,
                    counter_id=counter,
                    officer_id=officer_of[counter],
                    outcome="" if no_show else "completed",
                )
            )
            plans.append((issued, called, started, finished, no_show, counter))
        with transaction.atomic():
            CounterModeChange.objects.bulk_create(logs)
            Ticket.objects.bulk_create(tickets, batch_size=2000)
            events, ratings = [], []
            for ticket, (issued, called, started, finished, no_show, counter) in zip(
                tickets, plans, strict=True
            ):
                officer = officer_of[counter]
                steps = [
                    ("issue", issued, "", "waiting", None),
                    ("call", called, "waiting", "called", counter),
                ]
                if no_show:
                    steps.append(
                        ("no_show", called + dt.timedelta(minutes=3), "called", "no_show", counter)
                    )
                else:
                    steps += [
                        ("start", started, "called", "serving", counter),
                        ("finish", finished, "serving", "done", counter),
                    ]
                    if rng.random() < 0.1:
                        score = rng.choices((1, 2, 3, 4), (1, 2, 5, 8))[0]
                        reasons = rng.sample(
                            ["cepat", "ramah", "jelas"]
                            if score >= 3
                            else ["lambat", "menunggu_lama", "tidak_jelas"],
                            1,
                        )
                        ratings.append(
                            Rating(
                                mpp=mpp,
                                ticket=ticket,
                                service_id=ticket.service_id,
                                counter_id=counter,
                                officer_id=officer,
                                score=score,
                                reasons=reasons,
                                source="tablet",
                                created_at=finished,
                            )
                        )
                events += [
                    TicketEvent(
                        ticket=ticket,
                        mpp=mpp,
                        at=at,
                        action=action,
                        from_status=a,
                        to_status=b,
                        counter_id=where,
                        actor_id=officer if where else None,
                    )
                    for action, at, a, b, where in steps
                ]
            TicketEvent.objects.bulk_create(events, batch_size=5000)
            Rating.objects.bulk_create(ratings, batch_size=2000)
        totals["tickets"] += len(tickets)
        totals["events"] += len(events)
        totals["ratings"] += len(ratings)
    return totals


def time_pack(runs: int) -> list[dict[str, float]]:
    from django.utils import translation

    from satupintu.operations.models import MonthSummary
    from satupintu.operations.pack.charts import all_charts
    from satupintu.operations.pack.pdf import pdf_bytes
    from satupintu.operations.pack.selectors import build_pack
    from satupintu.operations.pack.xlsx import xlsx_bytes
    from satupintu.tenancy.models import Mpp

    mpp = Mpp.objects.get(slug="banyumas")
    MonthSummary.objects.filter(mpp=mpp).delete()  # the first run reads the trend's months
    results = []
    with translation.override("id"):
        for _run in range(runs):
            t0 = time.perf_counter()
            pack = build_pack(mpp, MONTH)
            t1 = time.perf_counter()
            charts = all_charts(pack)
            t2 = time.perf_counter()
            pdf = pdf_bytes(pack, charts)
            t3 = time.perf_counter()
            xlsx = xlsx_bytes(pack, charts)
            t4 = time.perf_counter()
            results.append(
                {
                    "build": t1 - t0,
                    "charts": t2 - t1,
                    "pdf": t3 - t2,
                    "xlsx": t4 - t3,
                    "total": t4 - t0,
                    "pdf_kib": len(pdf) / 1024,
                    "xlsx_kib": len(xlsx) / 1024,
                }
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-day", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--months", type=int, default=4, help="busy months inserted, the pack's and those before"
    )
    parser.add_argument(
        "--data-dir", help="keep the database here; a second run reuses its month (profiling)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = args.data_dir or scratch
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        reuse = (Path(data_dir) / "month.json").exists()
        setup(data_dir, migrate=not reuse)
        started = time.perf_counter()
        if reuse:
            totals = json.loads((Path(data_dir) / "month.json").read_text())
        else:
            totals = {"tickets": 0, "events": 0, "ratings": 0, "days": 0}
            from satupintu.operations.pack.selectors import months_before

            for i, first in enumerate([*months_before(MONTH, args.months - 1), MONTH]):
                part = insert_month(args.per_day, first, seed=i + 1)
                totals = {key: totals[key] + part[key] for key in totals}
            totals["month_days"] = part["days"]
            (Path(data_dir) / "month.json").write_text(json.dumps(totals))
        inserted = time.perf_counter() - started
        runs = time_pack(args.runs)
        from django.db import connection

        engine = connection.vendor
    later = runs[1:] or runs
    median = {key: statistics.median(r[key] for r in later) for key in runs[0]}
    db = f"SQLite {sqlite3.sqlite_version}" if engine == "sqlite" else engine
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {db}. Date: {dt.date.today().isoformat()}.\n"  # noqa: DTZ011
    )
    print(
        f"```\n.venv/bin/python benchmarks/coordination_pack.py --per-day {args.per_day} "
        f"--runs {args.runs}\n```\n"
    )
    print(
        f"Data: MPP Banyumas, August–November 2026 (the pack's month and the three of its "
        f"trend), {totals['days']} working days × {args.per_day} visits = "
        f"{totals['tickets']:,} tickets, {totals['events']:,} history rows, "
        f"{totals['ratings']:,} ratings"
        f"{f' (inserted in {inserted:.0f} s)' if inserted > 1 else ''}.\n"
    )
    print(
        "The first run also reads the three months of the trend from their tickets and keeps "
        "their figures (MonthSummary); the runs after it, like every later pack, read them "
        "back in one query.\n"
    )
    print("| run | build_pack | charts | PDF | XLSX | **total** |")
    print("|---|---|---|---|---|---|")
    for i, r in enumerate(runs, 1):
        print(
            f"| {i} | {r['build']:.2f} s | {r['charts']:.2f} s | {r['pdf']:.2f} s | "
            f"{r['xlsx']:.2f} s | {r['total']:.2f} s |"
        )
    print(
        f"| **median of runs 2–{len(runs)}** | {median['build']:.2f} s | "
        f"{median['charts']:.2f} s | "
        f"{median['pdf']:.2f} s | {median['xlsx']:.2f} s | **{median['total']:.2f} s** |\n"
    )
    verdict = "within" if median["total"] <= GOAL_SECONDS else "OVER"
    first = "within" if runs[0]["total"] <= GOAL_SECONDS else "over"
    print(
        f"Goal ≤ {GOAL_SECONDS:.0f} s: {verdict} (the first run: {first}). "
        f"PDF {median['pdf_kib']:.0f} KiB, "
        f"XLSX {median['xlsx_kib']:.0f} KiB."
    )


if __name__ == "__main__":
    main()
