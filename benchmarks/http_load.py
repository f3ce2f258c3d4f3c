"""HTTP load benchmark of the queue: issue tickets and call next, through the real server.

Starts `satupintu serve` (the server of the README's first command) on a fresh
database with the demo MPP, and drives it with wrk:

- issue: kiosk tickets for random services of the demo MPP (`POST /api/v1/mpps/{slug}/tickets`);
- cycle: 60 counters working through a queue of waiting tickets, each request the next
  step of its counter (call next → start → finish), so no call meets a busy counter;

each at 50 open connections (as fast as the server answers) and at a steady ~50
requests/s, and each next to its bare twin (satupintu/simulator/bench.py: the same
service function with no authentication, validation or serialisation), so our
figure can be read as a share of what the transaction alone allows.

    .venv/bin/python benchmarks/http_load.py                      # SQLite, 3 runs
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/http_load.py --label PostgreSQL
    make bench                                                    # both, into docs/benchmarks.md

Needs wrk (Debian package `wrk`). The database named by DATABASE_URL is wiped.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "benchmarks" / "lua"
SATUPINTU = str(Path(sys.executable).with_name("satupintu"))
SLUG = "banyumas"
BENCH_COUNTERS = 60  # more counters than connections, so each request finds an idle one
PRELOADED = 4_000  # waiting tickets for the counters to call: a very busy MPP morning
STEADY_CONNECTIONS, STEADY_PAUSE_MS = 5, 100  # ≈ 50 requests/s
# long enough for a p99 that is not the 4th slowest of ~380 requests: over 8 s it moved
# between 9 and 45 ms from run to run of the same tree; over 30 s, 8–13 ms
STEADY_SECONDS = 30
SETTLE_SECONDS = 2  # between scenarios


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the data, prepared in a child process (this one never imports Django)

PREPARE = r"""
import datetime as dt, json, uuid
import django
django.setup()
from django.db import transaction
from django.utils import timezone
from satupintu.accounts.models import User
from satupintu.accounts.services import issue_api_token
from satupintu.catalog.models import CounterService, Service
from satupintu.queueing.models import Channel, CounterState, DailySequence, QueueService, Ticket
from satupintu.queueing.tickets.selectors import local_day
from satupintu.tenancy.models import Counter, Mpp

mpp = Mpp.objects.get(slug=SLUG)
kiosk = User.objects.filter(mpp=mpp, role="kiosk").order_by("pk").first()
queues = QueueService.objects.filter(mpp=mpp).select_related("queue", "service")
links = [q for q in queues if q.service.is_active and q.service.uses_queue]
called_queue = links[0].queue  # the counters work through this queue; tickets go elsewhere
served = [q.service for q in links if q.queue_id == called_queue.pk]
issued = sorted(q.service.code for q in links if q.queue_id != called_queue.pk)
booth = mpp.booths.get(queue_prefix=called_queue.prefix)

officer = User.objects.create_user(
    email="beban@banyumas.mpp.test", password=None, role="officer", mpp=mpp,
    agency=booth.agency, full_name="Petugas Uji Beban",
)
counters = []  # one group per cycle scenario: a finished run leaves its counters busy
with transaction.atomic():
    for number in range(901, 901 + 3 * BENCH_COUNTERS):
        counter = Counter.objects.create(mpp=mpp, booth=booth, number=number, name="Uji beban")
        CounterService.objects.bulk_create(
            CounterService(mpp=mpp, counter=counter, service=s) for s in served
        )
        CounterState.objects.create(counter=counter, mpp=mpp, mode=CounterState.Mode.OPEN)
        counters.append(f"{counter.pk}:{number}")
    officer.counters.add(*Counter.objects.filter(mpp=mpp, number__gte=901))

now = timezone.now()
day = local_day(mpp, now)
start = now - dt.timedelta(hours=2)
tickets = (
    Ticket(
        mpp=mpp, queue=called_queue, service=served[i % len(served)], day=day, seq=i + 1,
        number=f"{called_queue.prefix}-{i + 1:03d}", channel=Channel.KIOSK,
        issued_at=start + dt.timedelta(milliseconds=100 * i),
    )
    for i in range(PRELOADED)
)
Ticket.objects.bulk_create(tickets, batch_size=2000)
DailySequence.objects.update_or_create(queue=called_queue, day=day, defaults={"last": PRELOADED})
print(json.dumps({
    "kiosk_token": issue_api_token(user=kiosk, name="uji beban"),
    "officer_token": issue_api_token(user=officer, name="uji beban"),
    "counters": [
        ",".join(counters[g * BENCH_COUNTERS:(g + 1) * BENCH_COUNTERS]) for g in range(3)
    ],
    "codes": ",".join(issued),
}))
"""


def run_quiet(*argv: str, env: dict[str, str]) -> str:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv[:3])} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(env: dict[str, str], preloaded: int = PRELOADED) -> dict:
    run_quiet(SATUPINTU, "migrate", "--noinput", "-v0", env=env)
    run_quiet(SATUPINTU, "flush", "--noinput", env=env)  # each run starts from an empty day
    run_quiet(SATUPINTU, "migrate", "--noinput", "-v0", env=env)  # default rows again
    run_quiet(SATUPINTU, "seed_demo", env=env)
    code = f"SLUG={SLUG!r}\nBENCH_COUNTERS={BENCH_COUNTERS}\nPRELOADED={preloaded}\n{PREPARE}"
    out = run_quiet(sys.executable, "-c", code, env=env)
    return json.loads(out.strip().splitlines()[-1])


# --- the server, as `make run` starts it


class Server:
    def __init__(
        self,
        env: dict[str, str],
        port: int | None = None,
        workers: int = 1,
        options: tuple[str, ...] = (),
    ):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [SATUPINTU, "serve", "--port", str(self.port), "--workers", str(workers), *options]
        self.log = open(Path(env["SATUPINTU_DATA_DIR"]) / "server.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            cmd, env=env, stdout=self.log, stderr=self.log, start_new_session=True
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("the server did not answer /healthz within 30 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


# --- CPU per request (Linux /proc): where a saturated run's cores go


def cpu_seconds(*, group: int | None = None, name: str | None = None) -> float:
    """User + system CPU of the live processes of a process group, or of a name."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue  # gone meanwhile
        comm, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :]
        fields = rest.split()  # from field 3 (state): pgrp is [2], utime [11], stime [12]
        if (group is not None and int(fields[2]) == group) or (name and comm.startswith(name)):
            total += int(fields[11]) + int(fields[12])
    return total / tick


def measured_wrk(server: Server, script: str, args: list[str], connections: int, seconds: int):
    """wrk, and the CPU the server, PostgreSQL and wrk itself spent per request meanwhile."""
    if not Path("/proc/stat").exists():
        return wrk(server.url, script, args, connections=connections, seconds=seconds)
    group = server.proc.pid  # started in a session of its own: its workers share the group
    postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    database = (lambda: cpu_seconds(name="postgres")) if postgres else (lambda: math.nan)
    before = cpu_seconds(group=group), database(), os.times()
    result = wrk(server.url, script, args, connections=connections, seconds=seconds)
    after = cpu_seconds(group=group), database(), os.times()
    per_request = 1000 / max(result.requests, 1)
    result.server_cpu = (after[0] - before[0]) * per_request
    result.database_cpu = (after[1] - before[1]) * per_request
    result.client_cpu = (  # wrk is the only child reaped meanwhile
        after[2].children_user
        + after[2].children_system
        - before[2].children_user
        - before[2].children_system
    ) * per_request
    return result


# --- wrk


@dataclass
class Result:
    rps: float
    p50: float
    p99: float
    requests: int
    errors: int
    # milliseconds of CPU per request: the server's processes, PostgreSQL's, wrk's
    server_cpu: float = math.nan
    database_cpu: float = math.nan
    client_cpu: float = math.nan


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def wrk(url: str, script: str, args: list[str], *, connections: int, seconds: int) -> Result:
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    argv += ["-s", str(LUA / script)]
    out = subprocess.run(
        [*argv, url, "--", *args], capture_output=True, text=True, check=True
    ).stdout
    percentile = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in sockets.groups()) if sockets else 0
    )
    return Result(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        p50=_ms(percentile["50"]),
        p99=_ms(percentile["99"]),
        requests=total,
        errors=errors,
    )


def scenarios(data: dict) -> dict[str, tuple[str, list[str], int]]:
    """name → (script, script args, connections); the steady ones pause between requests."""
    issue_api = [f"/api/v1/mpps/{SLUG}/tickets", data["kiosk_token"], data["codes"]]
    issue_bare = [f"/bench/mpps/{SLUG}/tickets", "-", data["codes"]]
    groups = data["counters"]
    cycle_api = ["/api/v1", data["officer_token"], groups[0]]
    cycle_bare = ["/bench", "-", groups[1]]
    steady = [str(STEADY_PAUSE_MS)]
    return {
        "issue": ("issue.lua", issue_api, 50),
        "issue, bare": ("issue.lua", issue_bare, 50),
        "cycle": ("cycle.lua", cycle_api, 50),
        "cycle, bare": ("cycle.lua", cycle_bare, 50),
        "issue, steady": ("issue.lua", issue_api + steady, STEADY_CONNECTIONS),
        "cycle, steady": (
            "cycle.lua",
            ["/api/v1", data["officer_token"], groups[2], *steady],
            STEADY_CONNECTIONS,
        ),
    }


def measure(runs: int, seconds: int, label: str, workers: int = 1) -> dict[str, list[Result]]:
    data_dir = Path(tempfile.mkdtemp(prefix="satupintu-bench-"))
    env = {
        **os.environ,
        "SATUPINTU_DATA_DIR": str(data_dir),
        "SECRET_KEY": "benchmark",
        "DJANGO_SETTINGS_MODULE": "satupintu.settings",
        "SATUPINTU_RATE_LIMITS": "off",  # one address sends everything; limits are tested elsewhere
        "SATUPINTU_BENCHMARK_ENDPOINTS": "on",
        "SATUPINTU_HTTPS": "false",
        "SATUPINTU_PUBLIC_URL": "https://mpp.example.go.id",  # as a production MPP sets it
        "LOG_LEVEL": "ERROR",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{data_dir / 'bench.sqlite3'}")
    if workers > 1:
        env["EVENT_BUS_URL"] = "postgres"  # the workers' streams hear each other's calls
    results: dict[str, list[Result]] = {}
    try:
        for run in range(1, runs + 1):
            print(f"[{label}] run {run}/{runs}: preparing", file=sys.stderr)
            data = prepare(env)
            server = Server(env, workers=workers)
            try:
                wrk(server.url, *scenarios(data)["issue"][:2], connections=10, seconds=2)  # warm
                for name, (script, args, connections) in scenarios(data).items():
                    # wrk leaves up to 50 requests in flight when it stops: let the server
                    # answer them first, or the next scenario measures that backlog.
                    time.sleep(SETTLE_SECONDS)
                    duration = STEADY_SECONDS if name.endswith("steady") else seconds
                    result = measured_wrk(server, script, args, connections, duration)
                    results.setdefault(name, []).append(result)
                    print(f"[{label}] {name}: {result}", file=sys.stderr)
            finally:
                server.stop()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return results


def _spread(values: list[float], fmt: str) -> str:
    median = statistics.median(values)
    if len(values) == 1:
        return format(median, fmt)
    return f"{median:{fmt}} [{min(values):{fmt}}–{max(values):{fmt}}]"


def _cpu(runs: list[Result]) -> str:
    parts = [statistics.median(getattr(r, k) for r in runs) for k in CPU_PARTS]
    return " / ".join("–" if math.isnan(p) else f"{p:.2f}" for p in parts)


CPU_PARTS = ("server_cpu", "database_cpu", "client_cpu")


def table(results: dict[str, list[Result]], label: str) -> str:
    lines = [
        f"| {label} | requests/s | p50 ms | p99 ms | errors | share of bare "
        "| CPU ms per request: server / PostgreSQL / wrk |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, runs in results.items():
        bare = results.get(f"{name}, bare")
        share = ""
        if bare:
            ours, theirs = (statistics.median(r.rps for r in rs) for rs in (runs, bare))
            share = f"{ours / theirs:.0%}"
        rps, p50, p99 = ([getattr(r, k) for r in runs] for k in ("rps", "p50", "p99"))
        errors = f"{sum(r.errors for r in runs)} of {sum(r.requests for r in runs)}"
        lines.append(
            f"| {name} | {_spread(rps, '.0f')} | {_spread(p50, '.1f')} | {_spread(p99, '.1f')} "
            f"| {errors} | {share} | {_cpu(runs)} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--label", default="SQLite")
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (PostgreSQL only; see serve)"
    )
    parser.add_argument("--json", help="also write the raw results to this file")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it)")
    results = measure(options.runs, options.seconds, options.label, options.workers)
    if options.json:
        raw = {name: [r.__dict__ for r in runs] for name, runs in results.items()}
        Path(options.json).write_text(json.dumps(raw, indent=1))
    print(table(results, options.label))


if __name__ == "__main__":
    main()
