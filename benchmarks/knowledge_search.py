"""Time the knowledge search over 5,000 regulations and articles; print p50/p95.

    .venv/bin/python benchmarks/knowledge_search.py [--items 5000] [--queries 200]

A temporary SQLite database (or DATABASE_URL if set): migrate, seed the demo, then bulk
insert `--items` regulations and reviewed articles at MPP Banyumas, half each, with texts
drawn from the demo's service names and regulation titles (tokens computed as the app
does, search.fill_tokens; the database's index triggers or generated column index them),
then ANALYZE (as autovacuum does after a load). Then `--queries` searches of
citizen-like words, each timed through `knowledge.search.search` (analysis, SQL match,
scoring, loading). Goal (issue 21): p95 ≤ 30 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

QUERIES = [
    "biaya ktp",
    "ktp hilang",
    "syarat skck",
    "perpanjang sim",
    "izin usaha",
    "nib oss",
    "akta kelahiran",
    "pindah domisili",
    "paspor",
    "pelayanan publik",
    "pengaduan",
    "bpjs kesehatan",
    "pbb",
    "sertifikat tanah",
    "persetujuan bangunan",
    "perizinan berusaha",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="kms-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/db.sqlite3")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["SATUPINTU_DATA_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.settings"
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from satupintu.catalog.models import ServiceVersion
    from satupintu.demo.services import seed_demo
    from satupintu.knowledge.models import Article, Regulation
    from satupintu.knowledge.search import fill_tokens, search
    from satupintu.tenancy.models import Mpp

    seed_demo()
    mpp = Mpp.objects.get(slug="banyumas")
    rng = random.Random(21)
    names = list(ServiceVersion.objects.values_list("name", flat=True))
    titles = list(Regulation.objects.values_list("title", flat=True))
    regs, arts = [], []
    for i in range(args.items // 2):
        r = Regulation(
            kind=rng.choice(["perda", "perkada", "permen", "se"]),
            number=str(1000 + i),
            year=rng.randint(1990, 2026),
            title=f"{rng.choice(titles)} {rng.choice(names)}",
            issuer=f"Penerbit {i}",
            summary=" ".join(rng.sample(names, 3)),
        )
        fill_tokens(r)
        regs.append(r)
        a = Article(
            mpp=mpp,
            kind=rng.choice(["article", "qa", "reply"]),
            status="reviewed",
            title=rng.choice(names),
            body=" ".join(rng.sample(names + titles, 6)),
        )
        fill_tokens(a)
        arts.append(a)
    Regulation.objects.bulk_create(regs, batch_size=500)
    Article.objects.bulk_create(arts, batch_size=500)
    with connection.cursor() as cursor:  # what autovacuum / PRAGMA optimize do in service
        cursor.execute("ANALYZE")
    search("ktp", mpp=mpp)  # warm: vocabulary, stemmer
    times = []
    for i in range(args.queries):
        started = time.perf_counter()
        search(QUERIES[i % len(QUERIES)], mpp=mpp)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    total = Regulation.objects.count() + Article.objects.count()
    print(
        f"knowledge search, {connection.vendor}, over {total} items, {len(times)} queries: "
        f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms (goal ≤ 30 ms)"
    )


if __name__ == "__main__":
    main()
