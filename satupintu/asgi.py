"""ASGI entry point: `satupintu serve` runs this under uvicorn (docs/adr/0006-stock-runtime.md).

Django's own ASGI handler serves pages, the API and the live streams: each request's
synchronous code runs on a thread of its own, so a slow report never holds another
request, and an open event stream (an async view) waits on the event loop.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.settings")
application = get_asgi_application()
