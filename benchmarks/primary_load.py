"""What the hot paths cost one PostgreSQL primary (docs/scaling.md, "When one primary stops
being enough"); prints a Markdown table.

    bash -c 'source scripts/lib.sh; source scripts/pg-cluster.sh; start_pg_cluster durable;
             .venv/bin/python benchmarks/primary_load.py --runs 3; stop_pg_cluster'

The services themselves, without HTTP, on the database of DATABASE_URL (migrated here):
`--threads` MPPs at once, each a kiosk and a counter in a loop: issue a ticket, call next,
start, finish (four transactions, "steps"). Measured: steps per second, and the CPU of
PostgreSQL's processes (/proc) and of this process per step. The PostgreSQL figure sizes
the primary: one core carries 1000 / (its ms per step) steps per second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdef")
    os.environ.setdefault("SATUPINTU_RATE_LIMITS", "off")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("SATUPINTU_READING_WORKER", "off")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database (see the docstring)")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_desks(count: int) -> list:
    from satupintu.accounts.models import Role
    from satupintu.accounts.tests.factories import make_user
    from satupintu.queueing.tests.factories import make_queue

    desks = []
    for _ in range(count):
        q = make_queue()
        counter = q.counters[0]
        officer = make_user(
            Role.OFFICER, mpp=q.mpp, agency=counter.booth.agency, counters=[counter]
        )
        desks.append((q, counter, officer))
    return desks


def loop(desk, deadline: float, counts: list[int], index: int) -> None:
    from django.db import close_old_connections

    from satupintu.queueing.counters import services as counters
    from satupintu.queueing.tickets.services import issue_ticket

    q, counter, officer = desk
    counters.open_counter(counter=counter, actor=officer)
    steps = 0
    while time.monotonic() < deadline:
        issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk")
        ticket = counters.call_next(counter=counter, officer=officer)
        assert ticket is not None
        counters.start_serving(ticket=ticket, actor=officer)
        counters.finish(ticket=ticket, actor=officer)
        steps += 4
    counts[index] = steps
    close_old_connections()


def postmaster_pid() -> int:
    """This database's postmaster (other PostgreSQL clusters may run on the machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_settings WHERE name = 'data_directory'")
        data = cursor.fetchone()[0]
    return int(Path(data, "postmaster.pid").read_text().split()[0])


def cluster_cpu_seconds(postmaster: int) -> float:
    """User + system CPU of the postmaster and its children (backends, writers)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # from field 3: ppid [1], utime [11]
        if int(pid) == postmaster or int(fields[1]) == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def run(threads: int, seconds: float) -> dict[str, float]:
    desks = make_desks(threads)
    counts = [0] * threads
    postmaster = postmaster_pid()
    pg_before, own_before = cluster_cpu_seconds(postmaster), time.process_time()
    started = time.monotonic()
    workers = [
        threading.Thread(target=loop, args=(desk, started + seconds, counts, i))
        for i, desk in enumerate(desks)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    steps = sum(counts)
    return {
        "steps_per_s": steps / elapsed,
        "pg_ms": (cluster_cpu_seconds(postmaster) - pg_before) * 1000 / steps,
        "app_ms": (time.process_time() - own_before) * 1000 / steps,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    results = [run(args.threads, args.seconds) for _ in range(args.runs)]

    def median(key: str) -> str:
        values = [r[key] for r in results]
        return f"{statistics.median(values):.2f} [{min(values):.2f}–{max(values):.2f}]"

    pg_ms = statistics.median(r["pg_ms"] for r in results)
    print(f"| MPPs at once | steps/s | PostgreSQL CPU ms per step | app CPU ms per step "
          f"| steps/s per primary core |\n|---|---|---|---|---|\n"
          f"| {args.threads} | {median('steps_per_s')} | {median('pg_ms')} | {median('app_ms')} "
          f"| {1000 / pg_ms:.0f} |")  # fmt: skip


if __name__ == "__main__":
    main()
