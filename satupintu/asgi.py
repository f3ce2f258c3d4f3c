"""ASGI entry point: `uvicorn satupintu.asgi:application` serves pages, API and streams.

Server-Sent Events (the queue board, a ticket's live page) are answered by a small
pure-ASGI handler in front of Django, so an open stream costs no thread
(satupintu/core/sse.py); every other request goes to Django.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.settings")

django_application = get_asgi_application()

from satupintu.core.sse import EventStreams  # noqa: E402 - needs the settings loaded above
from satupintu.queueing.streams import ROUTES  # noqa: E402

application = EventStreams(django_application, ROUTES)
