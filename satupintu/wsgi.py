"""WSGI entry point, for request/response workers in larger deployments (docs/scaling.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.settings")

application = get_wsgi_application()
