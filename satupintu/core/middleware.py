"""Middleware of our own: the API's one error shape for errors raised outside django-ninja,
and Django's locale middleware without the language-prefix lookups we have no use for."""

from __future__ import annotations

from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware import locale
from django.utils import translation
from django.utils.cache import patch_vary_headers
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


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's LocaleMiddleware, the same answers where no URL has a language prefix.

    Django looks for a language code at the start of every path, twice per request,
    whether or not any URL uses i18n_patterns, and each miss ("/api/…") raises and catches
    a LookupError: about 4 % of an issued ticket's server time (docs/benchmarks.md). Our
    URLs have no prefix (the language comes from the cookie or Accept-Language), so the
    lookups are skipped; with prefixed URLs this is Django's middleware as is.
    """

    def process_request(self, request: HttpRequest) -> None:
        if _prefixed(request):
            return super().process_request(request)
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if _prefixed(request):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def _prefixed(request: HttpRequest) -> bool:
    """Whether the request's URLs use i18n_patterns (Django keeps the answer per urlconf)."""
    return is_language_prefix_patterns_used(getattr(request, "urlconf", settings.ROOT_URLCONF))[0]
