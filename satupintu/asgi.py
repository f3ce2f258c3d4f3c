"""ASGI entry point: `uvicorn satupintu.asgi:application` serves pages, API and streams."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.settings")

application = get_asgi_application()
