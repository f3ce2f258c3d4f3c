"""The /api/v1 root: authentication, rate limits and the one error shape.

Apps contribute routers (`satupintu/<app>/api.py`); this module mounts them.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from satupintu.accounts.selectors import user_for_token
from satupintu.accounts.services import touch_api_token
from satupintu.core.errors import DomainError, error_body

logger = logging.getLogger("satupintu.api")


class ErrorOut(Schema):
    code: str
    message: str


class ValidationErrorOut(ErrorOut):
    errors: list[dict] = []


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}
PUBLIC_ERRORS = {404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}


class BearerToken(HttpBearer):
    openapi_description = "API token: `Authorization: Bearer sp_…` (satupintu create_token)."

    def authenticate(self, request: HttpRequest, token: str):
        found = user_for_token(token)
        if found is None:
            return None
        user, api_token = found
        touch_api_token(token=api_token)
        request.user = user
        return user


class Session(SessionAuth):
    """Signed-in browser users; unsafe methods need the CSRF token."""


bearer = BearerToken()
session = Session()
authenticated = [bearer, session]


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


throttles = [AnonThrottle(settings.API_RATE_ANON), AuthThrottle(settings.API_RATE_AUTH)]

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


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return _respond(request, exc.status_code, str(exc) if exc.status_code < 500 else None)


@api.exception_handler(Exception)
def on_crash(request, exc: Exception):
    logger.exception("API error on %s %s", request.method, request.path)
    return _respond(request, 500, _("Terjadi kesalahan pada server. Kejadian ini sudah dicatat."))


def mount_routers() -> None:
    from satupintu.accounts.api import router as accounts_router
    from satupintu.tenancy.api import router as tenancy_router

    api.add_router("/", tenancy_router)
    api.add_router("/", accounts_router)


mount_routers()
