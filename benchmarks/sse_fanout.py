"""SSE benchmark: thousands of board watchers on one server process, calls, and a restart.

Starts `satupintu serve` on a fresh demo database (as benchmarks/http_load.py does),
opens N watchers of the MPP board stream (`/api/v1/mpps/{slug}/events`) from one
asyncio client process, then:

1. memory: the server's resident memory before and after the watchers connected;
2. fan-out: 5 calls (`POST /api/v1/counters/{id}/call-next`, 1 s apart); for each, the
   delay from sending the call to each watcher receiving its `call` event (p50, last);
3. restart: the server is stopped (SIGTERM) and started again on the same port; every
   watcher reconnects like a browser's EventSource (after the `retry:` the server gave
   it, with `Last-Event-ID`); the time from the new server answering to the last
   watcher streaming again.

    .venv/bin/python benchmarks/sse_fanout.py --watchers 10000

The delays include the client's own work on the shared 2 cores, so they are upper
bounds. Linux only (reads /proc for memory).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_load import SLUG, Server, prepare

CONNECTING_AT_ONCE = 500
CALLS = 5


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Watcher:
    """One EventSource: connects, reads events, reconnects after the server's retry."""

    port: int
    streaming: asyncio.Event = field(default_factory=asyncio.Event)
    last_id: str = ""
    retry_ms: int = 3000
    arrivals: dict[str, float] = field(default_factory=dict)  # ticket number → time
    stopped: bool = False

    async def run(self, gate: asyncio.Semaphore | None) -> None:
        while not self.stopped:
            try:
                if gate is not None:
                    async with gate:
                        reader, writer = await self._open()
                else:
                    reader, writer = await self._open()
                await self._read(reader)
                writer.close()
            except OSError:
                pass
            self.streaming.clear()
            if not self.stopped:
                await asyncio.sleep(self.retry_ms / 1000)

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port, limit=2**22)
        resume = f"Last-Event-ID: {self.last_id}\r\n" if self.last_id else ""
        writer.write(
            f"GET /api/v1/mpps/{SLUG}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Accept: text/event-stream\r\n{resume}\r\n".encode()
        )
        await writer.drain()
        return reader, writer

    async def _read(self, reader: asyncio.StreamReader) -> None:
        event, data = "", ""
        while line := await reader.readline():
            text = line.decode().rstrip("\r\n")
            if text.startswith("retry:"):
                self.retry_ms = int(text[6:])
            elif text.startswith("id:"):
                self.last_id = text[3:].strip()
            elif text.startswith("event:"):
                event = text[6:].strip()
            elif text.startswith("data:"):
                data = text[5:].strip()
            elif text == "" and event:
                self.streaming.set()
                if event == "call":
                    self.arrivals.setdefault(json.loads(data)["number"], time.time())
                event, data = "", ""


def call_next(url: str, counter_id: str, token: str) -> tuple[float, str]:
    request = urllib.request.Request(
        f"{url}/api/v1/counters/{counter_id}/call-next",
        data=b"{}",
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    sent = time.time()
    with urllib.request.urlopen(request, timeout=10) as answer:
        return sent, json.loads(answer.read())["number"]


async def all_streaming(watchers: list[Watcher], limit: float) -> float:
    started = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(w.streaming.wait() for w in watchers)), timeout=limit)
    return time.monotonic() - started


async def benchmark(watchers_n: int, env: dict[str, str], data: dict) -> dict:
    server = Server(env)
    port = server.port
    baseline = rss_mb(server.proc.pid)
    watchers = [Watcher(port) for _ in range(watchers_n)]
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)
    tasks = [asyncio.create_task(w.run(gate)) for w in watchers]
    connect_s = await all_streaming(watchers, 300)
    await asyncio.sleep(2)
    loaded = rss_mb(server.proc.pid)

    counters = [c.split(":")[0] for c in data["counters"][0].split(",")]
    rounds = []
    for counter_id in counters[:CALLS]:
        sent, number = await asyncio.to_thread(
            call_next, server.url, counter_id, data["officer_token"]
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(number not in w.arrivals for w in watchers):
            await asyncio.sleep(0.05)
        delays = sorted(
            (w.arrivals[number] - sent) * 1000 for w in watchers if number in w.arrivals
        )
        rounds.append(
            {"received": len(delays), "p50_ms": statistics.median(delays), "last_ms": delays[-1]}
        )
        await asyncio.sleep(1)

    server.stop()
    for w in watchers:
        w.streaming.clear()
    restarted = Server(env, port=port)
    back_s = await all_streaming(watchers, 60)
    for w in watchers:
        w.stopped = True
    for t in tasks:
        t.cancel()
    restarted.stop()
    return {
        "watchers": watchers_n,
        "connect_s": round(connect_s, 1),
        "rss_before_mb": round(baseline),
        "rss_after_mb": round(loaded),
        "kb_per_watcher": round((loaded - baseline) * 1024 / watchers_n, 1),
        "rounds": rounds,
        "last_ms_median": round(statistics.median(r["last_ms"] for r in rounds)),
        "p50_ms_median": round(statistics.median(r["p50_ms"] for r in rounds)),
        "all_back_after_restart_s": round(back_s, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--watchers", type=int, default=10_000)
    options = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the server inherits it
    if options.watchers + 100 > hard:
        sys.exit(
            f"{options.watchers} watchers need more open files than this machine allows ({hard})"
        )
    random.seed(1)
    data_dir = Path(tempfile.mkdtemp(prefix="satupintu-sse-"))
    env = {
        **os.environ,
        "SATUPINTU_DATA_DIR": str(data_dir),
        "SECRET_KEY": "benchmark",
        "DJANGO_SETTINGS_MODULE": "satupintu.settings",
        "SATUPINTU_RATE_LIMITS": "off",
        "SATUPINTU_HTTPS": "false",
        "LOG_LEVEL": "ERROR",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{data_dir / 'bench.sqlite3'}")
    try:
        data = prepare(env, preloaded=300)  # a busy morning's queue, as the board shows it
        try:
            import uvloop

            uvloop.install()
        except ImportError:
            pass
        result = asyncio.run(benchmark(options.watchers, env, data))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
