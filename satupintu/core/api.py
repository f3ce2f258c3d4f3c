"""The /api/v1 root: rate limits, the one error shape and the types every router shares.

Apps contribute routers (`satupintu/<app>/api.py`), mounted where the URLs are
(satupintu/urls.py); who the caller is comes from `accounts.auth`.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination
from ninja.throttling import AnonRateThrottle, AuthRateThrottle, BaseThrottle
from pydantic import WithJsonSchema

from satupintu.core.errors import DomainError, error_body

logger = logging.getLogger("satupintu.api")


class ErrorOut(Schema):
    code: str
    message: str


class ValidationErrorOut(ErrorOut):
    errors: list[dict] = []


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}
PUBLIC_ERRORS = {404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}
# Operations with a request body also answer 400 when the body is not JSON at all.
WRITE_ERRORS = {400: ErrorOut, **ERRORS}
# Actions that a state refuses (a busy counter, a ticket already served) also answer 409.
ACTION_ERRORS = {**ERRORS, 409: ErrorOut}

# --- shared parameter and field types, so the OpenAPI document says what is valid

NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, Field(pattern=NO_NUL)]
"""Free text from a client: PostgreSQL refuses NUL characters, so the schema refuses them first."""

MppSlug = Annotated[
    str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, description="Slug MPP, mis. `banyumas`.")
]
AgencyCode = Annotated[
    str,
    Path(pattern=r"^[A-Z0-9][A-Z0-9-]*$", max_length=40, description="Kode instansi, mis. `DJP`."),
]

LocalTime = Annotated[
    dt.time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?$",
            "description": "Jam setempat di zona waktu MPP, tanpa offset (HH:MM:SS).",
            "examples": ["07:30:00"],
        }
    ),
]
"""A wall-clock time in the MPP's zone. JSON Schema's `time` format demands an offset."""

MAX_PAGE = 100_000


class Pages(PageNumberPagination):
    """Page numbers with a ceiling: a huge page overflows the database's OFFSET (a 500)."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=MAX_PAGE)


class _Switchable:
    """Rate limits that obey SATUPINTU_RATE_LIMITS (read per request, so tests can flip it)."""

    def allow_request(self, request: HttpRequest) -> bool:
        if not settings.RATE_LIMITS_ENABLED:
            return True
        return super().allow_request(request)  # type: ignore[misc]


class AnonThrottle(_Switchable, AnonRateThrottle):
    pass


class AuthThrottle(_Switchable, AuthRateThrottle):
    pass


throttles: list[BaseThrottle] = [
    AnonThrottle(settings.API_RATE_ANON),
    AuthThrottle(settings.API_RATE_AUTH),
]

api = NinjaAPI(
    title="satupintu API",
    version="1",
    description=(
        "API Mal Pelayanan Publik: katalog layanan, antrian, janji temu, permohonan. "
        "Errors are `{code, message}`; messages follow Accept-Language (id default, en)."
    ),
    urls_namespace="api",
    throttle=throttles,
)


def _respond(request: HttpRequest, status: int, message=None, code=None, **extra):
    return api.create_response(
        request, {**error_body(status, message, code), **extra}, status=status
    )


def _field_name(loc: list) -> str:
    """('body', 'payload', 'is_active') -> 'is_active'; ('query', 'page') -> 'page'."""
    parts = [str(p) for p in loc[1:]]
    if loc and loc[0] == "body" and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(NinjaValidationError)
def on_invalid(request, exc: NinjaValidationError):
    errors = [
        {"field": _field_name(e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors
    ]
    return _respond(request, 422, errors=errors)


@api.exception_handler(DjangoValidationError)
def on_domain_invalid(request, exc: DjangoValidationError):
    messages = exc.messages
    code = getattr(exc, "code", None) or "validation_error"
    errors = []
    if hasattr(exc, "error_dict"):
        errors = [{"field": f, "message": str(m)} for f, ms in exc.message_dict.items() for m in ms]
    return _respond(request, 422, " ".join(messages), code, errors=errors)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return _respond(request, exc.status, exc.message, exc.code)


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    return _respond(request, 404, str(exc) or None)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc: PermissionDenied):
    return _respond(request, 403, str(exc) or None)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _respond(request, 401)


@api.exception_handler(Throttled)
def on_throttled(request, exc: Throttled):
    response = _respond(request, 429)
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(MultiPartParserError)
def on_bad_multipart(request, exc: MultiPartParserError):
    """A multipart body that cannot be parsed (no or a broken boundary) is a bad request."""
    return _respond(request, 400)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """Errors django-ninja raises itself (a body that is not JSON: 400) carry English-only
    messages, so they get our translated message for their status instead."""
    return _respond(request, exc.status_code)


@api.exception_handler(Exception)
def on_crash(request, exc: Exception):
    logger.exception("API error on %s %s", request.method, request.path)
    return _respond(request, 500, _("Terjadi kesalahan pada server. Kejadian ini sudah dicatat."))
