"""ASGI entry point: `satupintu serve` runs this under uvicorn (docs/adr/0007-stock-runtime.md).

Two stock Django handlers in one process, chosen by path:

- the live streams (`…/events`, async views) go to Django's ASGI handler, so an open
  stream waits on the event loop;
- every other request goes to Django's WSGI handler on a pool of threads, through
  a2wsgi (a maintained WSGI-in-ASGI adapter): each request runs on a thread of its
  own, so a slow report never holds another request. Served through Django's ASGI
  handler, the same requests cost two to three times the CPU on this project's
  middleware (a thread hop per middleware and per signal; docs/benchmarks.md).

Both run the same settings, URLs and middleware.

A stream costs no thread of its own. Django's ASGI handler runs each request in an
asgiref `ThreadSensitiveContext`, which by default starts a thread for the request's
synchronous parts (its middleware, signals) and keeps it until the response ends: for
a stream, its whole life, so 10,000 watchers held 10,000 idle threads. Here each stream
enters a `ThreadSensitiveContext` of asgiref's own with one of a few single-thread
executors (`STREAM_THREADS`); Django's context then uses it (the outer context wins), so
the synchronous parts of a stream still run on one thread, in order, but streams share
a handful of threads (docs/adr/0008-streams-without-a-thread-each.md).
"""

import itertools
import os
from concurrent.futures import ThreadPoolExecutor

from a2wsgi import WSGIMiddleware
from asgiref.sync import ThreadSensitiveContext
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.settings")
streams = get_asgi_application()
requests = WSGIMiddleware(get_wsgi_application(), workers=settings.SERVER_THREADS)
stream_threads = itertools.cycle(
    [
        ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"satupintu-streams-{n}")
        for n in range(settings.STREAM_THREADS)
    ]
)


async def application(scope, receive, send):
    if scope["type"] == "http" and scope["path"].endswith("/events"):
        async with ThreadSensitiveContext(executor=next(stream_threads)):
            await streams(scope, receive, send)
    else:
        await requests(scope, receive, send)
