"""Does a slow request hold the others? The public five-year IKM report against health,
the ticket JSON and the board, on the server the README's first command starts.

Starts `satupintu serve` on a fresh demo database (as benchmarks/http_load.py does),
times one report alone, then for each round downloads it `--downloads` times at once
while a second client asks `/healthz` and one ticket's JSON every 50 ms and a board
stream waits for the event of a ticket issued mid-round. Prints, per round, the
reports' time and the slowest and median answer of the others (ms), then the medians.
The goal (issue 18): the others answer within max(250 ms, a quarter of the report's
time alone).

    .venv/bin/python benchmarks/slow_request.py --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from http_load import SLUG, Server, prepare

REPORT = f"/mpp/{SLUG}/ikm/laporan.pdf?from=2021-12-01&to=2026-11-30"
PROBE_EVERY = 0.05


def get(url: str, headers: dict[str, str] | None = None, body: bytes | None = None) -> float:
    """Seconds one request took (its whole answer read)."""
    request = urllib.request.Request(url, data=body, headers=headers or {})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=120) as answer:
        answer.read()
    return time.monotonic() - started


def board_hears(url: str, issue: threading.Event, heard: list[float]) -> None:
    """Open the board stream, then time from `issue` being set to the next `issue` event."""
    with urllib.request.urlopen(url + f"/api/v1/mpps/{SLUG}/events", timeout=120) as stream:
        snapshot_seen = False
        for raw in stream:
            line = raw.decode().strip()
            if line == "event: snapshot":
                snapshot_seen = True
                issue.set()  # the round may issue now
            elif snapshot_seen and line == "event: issue" and heard:
                heard.append(time.monotonic() - heard.pop())
                return


def one_round(url: str, downloads: int, ticket: str, data: dict) -> dict:
    ready, heard, probes = threading.Event(), [], []
    listener = threading.Thread(target=board_hears, args=(url, ready, heard), daemon=True)
    listener.start()
    ready.wait(30)
    busy = [threading.Thread(target=get, args=(url + REPORT,)) for _ in range(downloads)]
    started = time.monotonic()
    for thread in busy:
        thread.start()
    time.sleep(0.2)
    kiosk = {"Authorization": f"Bearer {data['kiosk_token']}", "Content-Type": "application/json"}
    body = json.dumps({"service": data["codes"].split(",")[0], "channel": "kiosk"}).encode()
    heard.append(time.monotonic())
    probes.append(get(url + f"/api/v1/mpps/{SLUG}/tickets", kiosk, body))
    while any(thread.is_alive() for thread in busy):
        probes.append(get(url + "/healthz"))
        probes.append(get(url + f"/api/v1/tickets/{ticket}"))
        time.sleep(PROBE_EVERY)
    reports = time.monotonic() - started
    listener.join(10)
    return {
        "reports_s": round(reports, 2),
        "others_max_ms": round(max(probes) * 1000),
        "others_median_ms": round(statistics.median(probes) * 1000, 1),
        "board_ms": round(heard[0] * 1000) if heard else None,
        "probes": len(probes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--downloads", type=int, default=8)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="satupintu-slow-"))
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{data_dir}/db.sqlite3"),
        "SATUPINTU_DATA_DIR": str(data_dir),
        "SECRET_KEY": "benchmark-secret-key-not-for-production-0123456789",
        "DJANGO_SETTINGS_MODULE": "satupintu.settings",
        "SATUPINTU_HTTPS": "false",
        "SATUPINTU_RATE_LIMITS": "off",
        "LOG_LEVEL": "WARNING",
    }
    try:
        data = prepare(env, preloaded=10)
        server = Server(env)
        try:
            kiosk = {"Authorization": f"Bearer {data['kiosk_token']}"}
            body = json.dumps({"service": data["codes"].split(",")[0], "channel": "kiosk"})
            request = urllib.request.Request(
                server.url + f"/api/v1/mpps/{SLUG}/tickets",
                data=body.encode(),
                headers={**kiosk, "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=10) as answer:
                ticket = json.loads(answer.read())["id"]
            alone = statistics.median(get(server.url + REPORT) for _ in range(3))
            rounds = [
                one_round(server.url, args.downloads, ticket, data) for _ in range(args.rounds)
            ]
        finally:
            server.stop()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    summary = {
        "report_alone_s": round(alone, 2),
        "downloads": args.downloads,
        "allowed_ms": round(max(250, alone * 1000 / 4)),
        "others_max_ms_median": statistics.median(r["others_max_ms"] for r in rounds),
        "board_ms_median": statistics.median(r["board_ms"] or 0 for r in rounds),
        "rounds": rounds,
    }
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
