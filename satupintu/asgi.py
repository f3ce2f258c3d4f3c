"""ASGI entry point: `satupintu serve` (uvicorn) serves pages, API and streams in one process.

Server-Sent Events (the queue board, a ticket's live page) are answered by a small
pure-ASGI handler in front of Django, so an open stream costs no thread
(satupintu/core/sse.py). Every other request goes to Django as WSGI through
satupintu/core/bridge.py: on the event loop's thread by default on SQLite, or on a
small pool of threads (SATUPINTU_SERVER_THREADS). Django's own ASGI handler spends
a thread hop per request and per sync middleware, which cost two thirds of the
throughput on a 2-core machine (docs/adr/0005-real-time.md, docs/benchmarks.md).
"""

import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver
from django.utils import timezone

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.settings")
django_application = get_wsgi_application()  # sets Django up: the imports below need it

from satupintu.core.bridge import WsgiBridge  # noqa: E402
from satupintu.core.calendar import national_holiday_name  # noqa: E402
from satupintu.core.sse import EventStreams  # noqa: E402
from satupintu.queueing.streams import ROUTES  # noqa: E402

application = EventStreams(WsgiBridge(django_application, threads=settings.SERVER_THREADS), ROUTES)

# Load now what the first requests would otherwise wait for: every app's views, and the
# holiday calendars that opening hours and wait estimates read (~150 ms of imports).
get_resolver().check()
national_holiday_name(timezone.localdate())

# Everything loaded so far lives as long as the process: keep it out of the garbage
# collector's full passes (one over it takes ~50 ms, a stall for every open request).
gc.collect()
gc.freeze()
