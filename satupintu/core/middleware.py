"""Middleware of our own: the API's one error shape for errors raised outside django-ninja,
and Django's gzip without event streams."""

from __future__ import annotations

from asgiref.sync import iscoroutinefunction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.decorators import sync_and_async_middleware

from satupintu.core.errors import error_body

_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")


def _shaped(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A non-JSON error under /api/ (e.g. ninja's plain-text 405) becomes {code, message}."""
    if (
        response.status_code < 400
        or not request.path.startswith("/api/")
        or "json" in response.get("Content-Type", "")
    ):
        return response
    shaped = JsonResponse(error_body(response.status_code), status=response.status_code)
    for header in _KEPT_HEADERS:
        if header in response:
            shaped[header] = response[header]
    return shaped


@sync_and_async_middleware
def api_error_shape(get_response):
    # Both flavours, so an ASGI request does not pay a thread hop for this middleware.
    if iscoroutinefunction(get_response):

        async def middleware(request: HttpRequest) -> HttpResponse:
            return _shaped(request, await get_response(request))

    else:

        def middleware(request: HttpRequest) -> HttpResponse:  # type: ignore[misc]
            return _shaped(request, get_response(request))

    return middleware


class Compress(GZipMiddleware):
    """Django's gzip for pages, JSON and static files (WhiteNoise serves the apps' files
    as they are: Bootstrap's CSS is 232 KB, 31 KB gzipped), so a phone on a slow
    connection loads a page in under 150 KB (docs/benchmarks.md). Event streams are left
    alone: each event must reach the browser the moment it is sent. Django adds random
    bytes to each compressed response and masks the CSRF token (BREACH)."""

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("text/event-stream"):
            return response
        return super().process_response(request, response)
