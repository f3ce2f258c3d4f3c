"""Absolute links that citizens open: QR codes on tickets, links in API answers and
messages."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def citizen_link(path: str, request: HttpRequest | None = None) -> str:
    """`path` at the public address (settings.PUBLIC_URL) when one is set, otherwise at the
    host the request came to. A kiosk or an officer's PC may reach the server at an internal
    address that a citizen's phone cannot open; a reminder sent by a job has no request."""
    if settings.PUBLIC_URL or request is None:
        return settings.PUBLIC_URL + path
    return request.build_absolute_uri(path)
