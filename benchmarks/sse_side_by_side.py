"""SSE fan-out side by side: satupintu's board stream and nginx-nchan, one client, one run.

For each number of watchers N, each server in turn is started fresh on a loopback port:

- **satupintu**: `satupintu serve` (one process) on a throwaway SQLite demo that this
  script seeds (benchmarks/http_load.py's `prepare`: the demo MPP, a busy morning's
  queue, open counters and an officer's API token); the watchers open the MPP board
  stream (`GET /api/v1/mpps/{slug}/events`) and the trigger is `POST
  /api/v1/counters/{id}/call-next` with the officer's token (a fresh counter each round);
- **nchan**: Debian's nginx with `libnginx-mod-nchan`, one worker, configured by
  benchmarks/nchan.conf; the watchers subscribe with EventSource and the trigger
  publishes a message as large as satupintu's call event.

One asyncio process (uvloop when installed) is the client for both: it opens N
connections (at most CONNECTING_AT_ONCE at a time), waits until each has its answer's
head, then runs R rounds: it notes the time, sends the trigger, records every chunk
each watcher receives for WINDOW seconds and afterwards finds, per watcher, the chunk
that completed the round's marker (the called ticket's number; a unique text in the
nchan message). Per round: p50 and last arrival after the trigger; per server: the
median of the rounds, and the server's resident memory after connecting minus before,
divided by N (nginx: its worker; satupintu: its one process), and its thread count.

    apt-get install -y nginx libnginx-mod-nchan     # Debian 12: nginx 1.22, nchan 1.3.6
    .venv/bin/python benchmarks/sse_side_by_side.py --watchers 2000,5000,10000 --runs 3

The client shares the machine with the servers, so every delay is an upper bound. Linux
only (/proc); loopback only; every phase has a time limit; scratch folders and servers
are removed and stopped at the end, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_load import SLUG, Server, free_port, prepare

HERE = Path(__file__).resolve().parent
CONNECTING_AT_ONCE = 500
WINDOW = 3.0  # seconds of chunks recorded after each trigger
PAUSE = 1.5  # seconds between rounds
SETTLE = 2.0  # seconds after connecting before memory is read
CALL_EVENT_BYTES = 281  # the data line of a call event, when satupintu's was not measured


def proc_status(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return dict(line.split(":", 1) for line in lines if ":" in line)


def rss_kb(pid: int) -> int:
    return int(proc_status(pid)["VmRSS"].split()[0])


def threads(pid: int) -> int:
    return int(proc_status(pid)["Threads"])


def cpu_s(pid: int) -> float:
    """User + system CPU of the process (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- the watchers


class Watcher(asyncio.Protocol):
    """One EventSource connection: its answer's head, then the chunks of the current round."""

    recording = False  # set on the class: every watcher records during a round

    def __init__(self, request: bytes) -> None:
        self.request = request
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.head = b""
        self.chunks: list[tuple[float, bytes]] = []
        self.transport: asyncio.Transport | None = None
        self.lost = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        if Watcher.recording:
            self.chunks.append((time.monotonic(), data))
        if not self.opened.done():
            self.head += data
            if b"\r\n\r\n" in self.head:
                if self.head.startswith(b"HTTP/1.1 200"):
                    self.opened.set_result(None)
                else:
                    self.opened.set_exception(OSError(self.head.split(b"\r\n", 1)[0].decode()))
                self.head = b""

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if not self.opened.done():
            self.opened.set_exception(OSError("closed before answering"))

    def arrival(self, marker: bytes) -> float | None:
        """When the chunk that completed `marker` arrived in this round."""
        seen = b""
        for at, data in self.chunks:
            seen = seen[-len(marker) :] + data
            if marker in seen:
                return at
        return None

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


async def open_watchers(port: int, path: str, n: int, limit: float) -> tuple[list[Watcher], float]:
    """N watchers with an open stream (those that opened within `limit` s) and the time taken."""
    loop = asyncio.get_running_loop()
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
        "Cache-Control: no-cache\r\n\r\n"
    ).encode()
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)
    watchers: list[Watcher] = []

    async def one() -> None:
        async with gate:
            _transport, watcher = await loop.create_connection(
                lambda: Watcher(request), "127.0.0.1", port
            )
            watchers.append(watcher)
            await watcher.opened

    started = time.monotonic()
    tasks = [asyncio.create_task(one()) for _ in range(n)]
    _done, pending = await asyncio.wait(tasks, timeout=limit)
    for task in pending:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    took = time.monotonic() - started
    opened = [w for w in watchers if w.opened.done() and not w.opened.exception()]
    for w in watchers:
        if w not in opened:
            w.close()
    return opened, took


async def http_post(port: int, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    """POST on a connection of its own (Connection: close); the answer's body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    writer.write(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n{head}"
        f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    answer = await asyncio.wait_for(reader.read(), timeout=10)
    writer.close()
    status, _, rest = answer.partition(b"\r\n\r\n")
    if not status.startswith(b"HTTP/1.1 2"):
        raise OSError(f"POST {path}: {status.splitlines()[0].decode()} {rest[:200]!r}")
    return rest


# --- the two servers


@dataclass
class Target:
    name: str
    port: int
    pid: int  # the process that holds the streams
    path: str  # the stream
    calls: Iterator[str] = field(default_factory=lambda: iter(()))  # satupintu: counter ids
    token: str = ""
    event_bytes: int = CALL_EVENT_BYTES
    stop: object = None

    async def trigger(self, round_no: int) -> tuple[float, bytes]:
        """Send the round's event; (when it was sent, the marker watchers must receive)."""
        if self.name == "satupintu":
            sent = time.monotonic()
            answer = await http_post(
                self.port,
                f"/api/v1/counters/{next(self.calls)}/call-next",
                b"{}",
                {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            )
            number = json.loads(answer[answer.index(b"{") : answer.rindex(b"}") + 1])["number"]
            return sent, f'"number":"{number}"'.encode()
        number = f"N-{round_no:04d}"
        message = json.dumps({"action": "call", "number": number}, separators=(",", ":"))
        message = message[:-1] + ',"pad":"' + "x" * (self.event_bytes - len(message) - 9) + '"}'
        sent = time.monotonic()
        await http_post(self.port, "/publish", message.encode(), {"Content-Type": "text/plain"})
        return sent, f'"number":"{number}"'.encode()


@contextlib.contextmanager
def nchan_server() -> Iterator[Target]:
    scratch = Path(tempfile.mkdtemp(prefix="sse-nchan-"))
    port = free_port()
    conf = scratch / "nginx.conf"
    text = (HERE / "nchan.conf").read_text()
    conf.write_text(text.replace("@SCRATCH@", str(scratch)).replace("@PORT@", str(port)))
    log = open(scratch / "stdout.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        ["nginx", "-p", str(scratch), "-c", str(conf)],
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        worker = wait_for_nginx(proc, port, scratch)
        yield Target("nchan", port, worker, "/board/events")
    finally:
        stop_group(proc)
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)


def wait_for_nginx(proc: subprocess.Popen, port: int, scratch: Path) -> int:
    import socket

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"nginx stopped: {(scratch / 'error.log').read_text()[-2000:]}")
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            if children:
                return int(children[0])
        time.sleep(0.1)
    sys.exit("nginx did not answer within 15 s")


def stop_group(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.contextmanager
def satupintu_server(
    env: dict[str, str], seeded: dict, counters: Iterator[str], options: tuple[str, ...]
) -> Iterator[Target]:
    server = Server(env, options=options)
    try:
        yield Target(
            "satupintu",
            server.port,
            server.proc.pid,
            f"/api/v1/mpps/{SLUG}/events",
            calls=counters,
            token=seeded["officer_token"],
        )
    finally:
        server.stop()


# --- one measurement


async def measure(target: Target, n: int, rounds: int, connect_limit: float) -> dict:
    warm, _ = await open_watchers(target.port, target.path, 1, 30)  # imports, first snapshot
    for w in warm:
        w.close()
    await asyncio.sleep(1)
    before, threads_before = rss_kb(target.pid), threads(target.pid)
    watchers, connect_s = await open_watchers(target.port, target.path, n, connect_limit)
    gc.collect()
    gc.freeze()  # the client's own collector need not walk 10,000 watchers every round
    await asyncio.sleep(SETTLE)
    after, threads_after = rss_kb(target.pid), threads(target.pid)
    result: dict = {
        "server": target.name,
        "watchers": n,
        "connected": len(watchers),
        "connect_s": round(connect_s, 1),
        "rss_before_mb": round(before / 1024, 1),
        "rss_after_mb": round(after / 1024, 1),
        "kb_per_watcher": round((after - before) / max(len(watchers), 1), 1),
        "threads": [threads_before, threads_after],
        "rounds": [],
    }
    for round_no in range(rounds if watchers else 0):
        for w in watchers:
            w.chunks = []
        Watcher.recording = True
        cpu_before = cpu_s(target.pid)
        sent, marker = await target.trigger(round_no)
        await asyncio.sleep(WINDOW - (time.monotonic() - sent))
        Watcher.recording = False
        cpu_ms = (cpu_s(target.pid) - cpu_before) * 1000
        arrivals = [w.arrival(marker) for w in watchers]
        delays = sorted((at - sent) * 1000 for at in arrivals if at is not None)
        if target.name == "satupintu" and round_no == 0:
            target.event_bytes = event_size(watchers, marker) or target.event_bytes
        result["rounds"].append(
            {
                "received": len(delays),
                "p50_ms": round(statistics.median(delays), 1) if delays else None,
                "last_ms": round(delays[-1], 1) if delays else None,
                "server_cpu_ms": round(cpu_ms),
            }
        )
        await asyncio.sleep(PAUSE)
    lost = sum(w.lost for w in watchers)
    for w in watchers:
        w.close()
    gc.unfreeze()
    complete = [r for r in result["rounds"] if r["received"] == len(watchers) == n]
    result["lost_during_rounds"] = lost
    result["event_bytes"] = target.event_bytes
    result["complete_rounds"] = len(complete)
    if complete:
        result["p50_ms_median"] = round(statistics.median(r["p50_ms"] for r in complete), 1)
        result["last_ms_median"] = round(statistics.median(r["last_ms"] for r in complete), 1)
        result["cpu_ms_median"] = statistics.median(r["server_cpu_ms"] for r in complete)
    return result


def event_size(watchers: list[Watcher], marker: bytes) -> int | None:
    """Bytes of the data line that carried the marker (nchan's message is made as large)."""
    seen = b"".join(data for _, data in watchers[0].chunks)
    for line in seen.split(b"\n"):
        if marker in line and line.startswith(b"data:"):
            return len(line) - len(b"data: ")
    return None


# --- the run


def seed() -> tuple[dict[str, str], dict, Path]:
    data_dir = Path(tempfile.mkdtemp(prefix="sse-satupintu-"))
    env = {
        **os.environ,
        "SATUPINTU_DATA_DIR": str(data_dir),
        "SECRET_KEY": "benchmark",
        "DJANGO_SETTINGS_MODULE": "satupintu.settings",
        "SATUPINTU_RATE_LIMITS": "off",
        "SATUPINTU_HTTPS": "false",
        "LOG_LEVEL": "ERROR",
        "DATABASE_URL": f"sqlite:///{data_dir / 'bench.sqlite3'}",
    }
    return env, prepare(env, preloaded=300), data_dir


async def run(options: argparse.Namespace) -> list[dict]:
    env, seeded, data_dir = await asyncio.to_thread(seed)
    counters = iter(c.split(":")[0] for group in seeded["counters"] for c in group.split(","))
    results = []
    try:
        for run_no in range(1, options.runs + 1):
            for n in options.watchers:
                for name in options.servers:
                    context = (
                        satupintu_server(env, seeded, counters, options.serve)
                        if name == "satupintu"
                        else nchan_server()
                    )
                    load = os.getloadavg()[0]
                    with context as target:
                        if name == "nchan":
                            target.event_bytes = options.event_bytes
                        result = await measure(target, n, options.rounds, options.connect_limit)
                    if name == "satupintu" and "event_bytes" in result:
                        options.event_bytes = result["event_bytes"]
                    result.update(run=run_no, loadavg_1min_before=round(load, 2))
                    print(json.dumps(result), flush=True)
                    results.append(result)
                    await asyncio.sleep(2)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return results


def summary(results: list[dict]) -> str:
    """Markdown: per server and N, the median [min–max] over runs of each run's median."""
    lines = [
        "| server | watchers | connected | connect s | KB per watcher | threads | "
        "p50 ms | last ms | last, ratio to nchan | server CPU ms per event |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    def span(values: list[float]) -> str:
        if not values:
            return "–"
        return f"{statistics.median(values):g} [{min(values):g}–{max(values):g}]"

    keys = sorted({(r["watchers"], r["server"]) for r in results}, key=lambda k: (k[0], k[1]))
    for n, server in keys:
        rows = [r for r in results if r["watchers"] == n and r["server"] == server]
        nchan = [r for r in results if r["watchers"] == n and r["server"] == "nchan"]
        last = [r["last_ms_median"] for r in rows if "last_ms_median" in r]
        nchan_last = [r["last_ms_median"] for r in nchan if "last_ms_median" in r]
        ratio = (
            f"{statistics.median(last) / statistics.median(nchan_last):.1f}×"
            if last and nchan_last and server != "nchan"
            else ""
        )
        lines.append(
            f"| {server} | {n:,} | {span([r['connected'] for r in rows])} "
            f"| {span([r['connect_s'] for r in rows])} "
            f"| {span([r['kb_per_watcher'] for r in rows])} "
            f"| {span([r['threads'][1] for r in rows])} "
            f"| {span([r['p50_ms_median'] for r in rows if 'p50_ms_median' in r])} "
            f"| {span(last)} | {ratio} "
            f"| {span([r['cpu_ms_median'] for r in rows if 'cpu_ms_median' in r])} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--watchers", default="2000,5000,10000", help="comma-separated")
    parser.add_argument("--servers", default="satupintu,nchan", help="comma-separated")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--connect-limit", type=float, default=300.0, help="seconds")
    parser.add_argument("--event-bytes", type=int, default=CALL_EVENT_BYTES)
    parser.add_argument("--json", type=Path, help="also write every result here")
    parser.add_argument(
        "--serve", default="", help='options of `satupintu serve`, e.g. "--loop uvloop"'
    )
    options = parser.parse_args()
    options.watchers = [int(n) for n in options.watchers.split(",")]
    options.servers = options.servers.split(",")
    options.serve = tuple(options.serve.split())
    if "nchan" in options.servers and not shutil.which("nginx"):
        sys.exit("nginx is missing: apt-get install -y nginx libnginx-mod-nchan")
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the servers inherit it
    if max(options.watchers) + 200 > hard:
        sys.exit(f"{max(options.watchers)} watchers need more open files than allowed ({hard})")
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    results = asyncio.run(run(options))
    if options.json:
        options.json.write_text(json.dumps(results, indent=1))
    print(summary(results))


if __name__ == "__main__":
    main()
