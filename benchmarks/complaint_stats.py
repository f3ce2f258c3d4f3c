"""Time the public complaint statistics page over a year of 10,000 complaints.

    .venv/bin/python benchmarks/complaint_stats.py [--complaints 10000] [--rounds 5]

A temporary SQLite database (or DATABASE_URL if set, e.g. a throwaway PostgreSQL
cluster from scripts/pg-cluster.sh): migrate, seed the demo, then bulk insert
`--complaints` complaints at MPP Banyumas spread over the twelve months before this
month, in every class, category and agency, about two thirds answered. Then `--rounds`
passes over the twelve monthly pages (`/mpp/banyumas/pengaduan/statistik/?bulan=…`)
through Django's test client (URL routing, middleware, the query, the template): median
and p95 of all page loads. Goal (issue 21): ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="complaint-stats-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/db.sqlite3")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["SATUPINTU_DATA_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.settings"
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    from satupintu.complaints.models import Category, Complaint, Kind, Status
    from satupintu.demo.services import seed_demo
    from satupintu.tenancy.models import Agency, Mpp

    seed_demo()
    mpp = Mpp.objects.get(slug="banyumas")
    agencies = list(Agency.objects.filter(booths__mpp=mpp).distinct()) or list(
        Agency.objects.all()[:20]
    )
    rng = random.Random(21)
    now = dt.datetime.now(dt.UTC)
    first = (now.date().replace(day=1) - dt.timedelta(days=365)).replace(day=1)
    span = (now.date().replace(day=1) - first).days * 86400
    start = dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC)
    rows = []
    for i in range(args.complaints):
        received = start + dt.timedelta(seconds=rng.randrange(span))
        answered = rng.random() < 0.66
        answered_at = received + dt.timedelta(days=rng.randint(1, 20)) if answered else None
        rows.append(
            Complaint(
                mpp=mpp,
                tracking_code=f"BENCH{i:09d}",
                kind=rng.choice(Kind.values),
                text="Antrean terlalu lama di loket.",
                status=Status.ANSWERED if answered else Status.FORWARDED,
                category=rng.choice([*Category.values, ""]),
                agency=rng.choice([*agencies, None]),
                received_at=received,
                verify_due=received.date() + dt.timedelta(days=4),
                follow_up_due=received.date() + dt.timedelta(days=rng.choice([3, 7, 20])),
                ceiling_due=received.date() + dt.timedelta(days=84),
                answered_at=answered_at,
            )
        )
    Complaint.objects.bulk_create(rows, batch_size=1000)
    months = []
    day = first
    for _ in range(12):
        months.append(f"{day:%Y-%m}")
        day = (day + dt.timedelta(days=32)).replace(day=1)
    client = Client(HTTP_HOST="localhost")
    url = f"/mpp/{mpp.slug}/pengaduan/statistik/"
    assert client.get(url, {"bulan": months[0]}).status_code == 200  # warm
    times = []
    for _ in range(args.rounds):
        for month in months:
            started = time.perf_counter()
            response = client.get(url, {"bulan": month})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    total = Complaint.objects.filter(mpp=mpp).count()
    print(
        f"complaint statistics page, {connection.vendor}, {total} complaints over 12 months, "
        f"{len(times)} page loads: median {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms (goal ≤ 300 ms)"
    )


if __name__ == "__main__":
    main()
