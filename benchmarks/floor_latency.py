"""How soon the supervisor's floor view shows a call; print a Markdown section.

    .venv/bin/python benchmarks/floor_latency.py [--runs 3] [--calls 10] [--waiting 40]

A temporary SQLite database: migrate, seed the demo, open MPP Banyumas all day and put
`--waiting` people in line across its services. satupintu's ASGI application is served by
uvicorn on a loopback port in this process (the in-process event bus, as `satupintu serve`
runs one MPP), and a headless Chromium signed in as the MPP's supervisor watches
`/staf/lantai/`. Each call: the clock is read, `call_next` runs at a counter (its
transaction, commit and event), and the page notes (a MutationObserver, `Date.now()` on
the same machine) when the counter's chip says it serves the number called. The call is
then finished, and the next call waits until the page is quiet for a second. Each run's median
counts; the result is the median of the runs' medians, with their range. The server's
share, drawing the floor once (`floor_now` and both partials), is timed apart.
Result: docs/benchmarks.md, section "Live floor view".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUPERVISOR = "pengelola@banyumas.mpp.test"
PASSWORD = "satupintu-demo"

WATCH = """([selector, wanted]) => {
  window.__seen = null;
  const look = () => {
    const chip = document.querySelector(selector);
    if (window.__seen === null && chip && chip.textContent.includes(wanted)) {
      window.__seen = Date.now();
    }
  };
  if (!window.__observer) {
    window.__observer = new MutationObserver(() => window.__look && window.__look());
    window.__observer.observe(document.body, {childList: true, subtree: true, characterData: true});
  }
  window.__look = look;
  look();
}"""


def setup(data_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["SATUPINTU_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)  # the temporary SQLite database
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.settings"
    os.environ["EVENT_BUS_URL"] = "inprocess://"
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API in this thread
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from satupintu.demo.services import seed_demo

    seed_demo()


def serve() -> tuple[object, str]:
    import uvicorn

    from satupintu.asgi import application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("uvicorn did not start within 20 s")
        time.sleep(0.02)
    return server, f"http://127.0.0.1:{port}"


def fill_the_floor(mpp, waiting: int) -> list:
    """People waiting across the MPP's queued services (some for 20 minutes), and the open
    counters that will call them."""
    from django.utils import timezone

    from satupintu.catalog.models import CounterService
    from satupintu.queueing.tests.factories import open_all_day
    from satupintu.queueing.tickets import services as tickets

    open_all_day(mpp)
    links = list(
        CounterService.objects.filter(mpp=mpp, service__uses_queue=True)
        .select_related("service", "counter")
        .order_by("counter__number")
    )
    now = timezone.now()
    for n in range(waiting):
        link = links[n % len(links)]
        tickets.issue_ticket(
            mpp=mpp,
            service=link.service,
            channel="kiosk",
            now=now - dt.timedelta(minutes=20 if n % 8 == 0 else n % 12),
        )
    return list({link.counter.pk: link.counter for link in links}.values())


def next_counter(mpp, candidates: list):
    """An open counter with someone waiting for one of its services."""
    from satupintu.queueing.models import Status, Ticket

    for counter in candidates:
        waiting = Ticket.objects.filter(
            mpp=mpp, status=Status.WAITING, service__counter_links__counter=counter
        )
        if waiting.exists():
            candidates.remove(counter)
            candidates.append(counter)  # the next call goes to another counter
            return counter
    raise SystemExit("nobody left to call: raise --waiting")


def draw_ms(mpp, supervisor) -> float:
    """The server's share: one drawing of both live parts, median of 20."""
    from satupintu.operations.pages.floor import _draw

    times = []
    for _ in range(20):
        started = time.perf_counter()
        _draw(supervisor.pk, "id")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--waiting", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup(data_dir)
        from playwright.sync_api import sync_playwright

        from satupintu.accounts.models import User
        from satupintu.gates.browser import CHROMIUM_ARGS, chromium_executable
        from satupintu.queueing.counters import services as counters
        from satupintu.tenancy.models import Mpp

        mpp = Mpp.objects.get(slug="banyumas")
        supervisor = User.objects.get(email=SUPERVISOR)
        candidates = fill_the_floor(mpp, args.waiting)
        draw = draw_ms(mpp, supervisor)
        server, url = serve()
        medians: list[float] = []
        every: list[float] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_executable(), args=CHROMIUM_ARGS
            )
            page = browser.new_page(
                base_url=url,
                locale="id-ID",
                viewport={"width": 1366, "height": 768},
                bypass_csp=True,  # wait_for_function evaluates its expression
            )
            page.goto("/masuk/")
            page.get_by_label("E-mail atau nomor telepon").fill(SUPERVISOR)
            page.get_by_label("Kata sandi").fill(PASSWORD)
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url("**/staf/")
            page.goto("/staf/lantai/")
            page.wait_for_timeout(1500)  # the stream is open and the first drawing is in
            for _run in range(args.runs):
                latencies = []
                for _ in range(args.calls):
                    counter = next_counter(mpp, candidates)
                    chip = f"#counter-{counter.pk}"
                    page.wait_for_function(
                        f"document.querySelector('{chip}')?.textContent.includes('menganggur')",
                        timeout=10_000,
                    )
                    page.wait_for_timeout(1000)  # quiet: no redraw pending
                    page.evaluate(WATCH, [chip, "melayani"])
                    called_at = time.time() * 1000
                    ticket = counters.call_next(counter=counter, officer=None)
                    page.wait_for_function("window.__seen !== null", timeout=10_000)
                    latencies.append(page.evaluate("window.__seen") - called_at)
                    ticket = counters.start_serving(ticket=ticket, actor=None)
                    counters.finish(ticket=ticket, actor=None)
                medians.append(statistics.median(latencies))
                every.extend(latencies)
            browser.close()
        server.should_exit = True
        server.force_exit = True
    print("## Live floor view (issue 22, item 2)")
    print()
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, Debian's Chromium "
        f"(headless). Date: {dt.datetime.now(dt.UTC).date().isoformat()}."
    )
    print()
    print("```")
    print(
        f".venv/bin/python benchmarks/floor_latency.py --runs {args.runs} "
        f"--calls {args.calls} --waiting {args.waiting}"
    )
    print("```")
    print()
    print(
        f"MPP Banyumas (demo) with {args.waiting} people waiting across its services, its "
        f"supervisor's `/staf/lantai/` open in Chromium over uvicorn (one process, in-process "
        f"bus). Call → the counter's chip on the page says it serves that number:"
    )
    print()
    print("| runs × calls | median of run medians | range of run medians | slowest call |")
    print("|---|---|---|---|")
    print(
        f"| {args.runs} × {args.calls} | {statistics.median(medians):.0f} ms | "
        f"{min(medians):.0f}–{max(medians):.0f} ms | {max(every):.0f} ms |"
    )
    print()
    print(f"Drawing the floor once on the server (both parts): {draw:.1f} ms (median of 20).")


if __name__ == "__main__":
    main()
