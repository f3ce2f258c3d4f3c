"""`satupintu serve`: the production server of one process (pages, API and event streams).

The same command serves the README's demo, the benchmarks and a deployment, so
what is measured is what runs: Django's own ASGI handler (satupintu/asgi.py) under
uvicorn, each request on a thread of its own, the event streams on the event loop
(docs/adr/0007-stock-runtime.md).
"""

import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Serve satupintu (pages, API, Server-Sent Events) with uvicorn in this process."
    requires_system_checks = []  # uvicorn imports the application, which runs the checks' work

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="server processes; more than one needs a cross-process event bus "
            "(EVENT_BUS_URL=postgres) and is meant for PostgreSQL",
        )
        parser.add_argument(
            "--graceful-seconds",
            type=int,
            default=3,
            help="how long open event streams may hold a shutdown (they reconnect by themselves)",
        )

        parser.add_argument(
            "--loop",
            choices=["asyncio", "uvloop"],
            default="asyncio",
            help="the event loop (docs/benchmarks.md compares both under 10,000 open streams)",
        )
        parser.add_argument(
            "--demo-live",
            metavar="SLUG",
            help="also play today at this MPP as a live demo day (satupintu simulate --live), "
            "in this process so its calls reach the boards and consoles",
        )
        parser.add_argument("--demo-speed", type=float, default=10.0, help="times real time")
        parser.add_argument(
            "--no-jobs",
            action="store_true",
            help="do not run periodic jobs (reminders, escalations) in this process",
        )

    def handle(self, *args, **options):
        if options["workers"] > 1 and settings.EVENT_BUS_URL.startswith("inprocess"):
            raise CommandError(
                "--workers above 1 needs EVENT_BUS_URL=postgres: an in-process bus would "
                "leave each worker's streams deaf to the calls made in the others."
            )
        stop = threading.Event()
        demo = self._start_demo(options, stop) if options["demo_live"] else None
        if not options["no_jobs"]:
            from satupintu.core.jobs import start_ticker

            start_ticker(stop)
        try:
            self._serve(options)
        finally:
            stop.set()
            if demo is not None:
                demo.join(timeout=30)  # the visitors at the counters are finished first

    def _start_demo(self, options: dict, stop: threading.Event) -> threading.Thread:
        """The live demo day, from the starter `settings.LIVE_DEMO_STARTER` names (the day
        simulator's: core imports no domain app)."""
        start = import_string(settings.LIVE_DEMO_STARTER)
        slug, speed = options["demo_live"], max(0.1, options["demo_speed"])
        thread = start(slug, speed=speed, stop=stop)
        self.stdout.write(f"Live demo day at {slug}, {speed:g}× real time.")
        return thread

    def _serve(self, options: dict) -> None:
        import uvicorn

        uvicorn.run(
            "satupintu.asgi:application",
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            loop=options["loop"],
            http="httptools",
            lifespan="off",
            access_log=False,
            timeout_graceful_shutdown=options["graceful_seconds"],
            # A reconnect storm of displays and phones arrives at once: queue it, don't drop it.
            backlog=4096,
        )
