"""ASGI entry point: `satupintu serve` (uvicorn) serves pages, API and streams in one process.

Server-Sent Events (the queue board, a ticket's live page) are answered by a small
pure-ASGI handler in front of Django, so an open stream costs no thread
(satupintu/core/sse.py). Every other request goes to Django as WSGI, run on a small
fixed pool of threads (a2wsgi): Django's own ASGI handler spends a thread hop per
request and per sync middleware, which cost two thirds of the throughput on a
2-core machine, and a fixed pool keeps SQLite's writers few and each thread's
database connection reusable (docs/adr/0005-real-time.md, docs/benchmarks.md).
"""

import os

from a2wsgi import WSGIMiddleware
from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.settings")

django_application = WSGIMiddleware(get_wsgi_application(), workers=settings.SERVER_THREADS)

from satupintu.core.sse import EventStreams  # noqa: E402 - needs the settings loaded above
from satupintu.queueing.streams import ROUTES  # noqa: E402

application = EventStreams(django_application, ROUTES)
