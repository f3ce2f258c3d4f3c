"""ASGI entry point: `satupintu serve` runs this under uvicorn (docs/adr/0007-stock-runtime.md).

Two stock Django handlers in one process, chosen by path:

- the live streams (`…/events`, async views) go to Django's ASGI handler, so an open
  stream waits on the event loop and costs no worker thread;
- every other request goes to Django's WSGI handler on a pool of threads, through
  a2wsgi (a maintained WSGI-in-ASGI adapter): each request runs on a thread of its
  own, so a slow report never holds another request. Served through Django's ASGI
  handler, the same requests cost two to three times the CPU on this project's
  middleware (a thread hop per middleware and per signal; docs/benchmarks.md).

Both run the same settings, URLs and middleware.
"""

import os

from a2wsgi import WSGIMiddleware
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.settings")
streams = get_asgi_application()
requests = WSGIMiddleware(get_wsgi_application(), workers=settings.SERVER_THREADS)


async def application(scope, receive, send):
    is_stream = scope["type"] == "http" and scope["path"].endswith("/events")
    await (streams if is_stream else requests)(scope, receive, send)
