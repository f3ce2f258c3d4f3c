"""Who calls the API: a bearer token (`sp_…`) or a signed-in browser session.

django-ninja authentication classes and the helpers endpoints use to name their caller.
Nothing here is cached: a revoked token or a deactivated user is refused at once, in
every process (accounts/tests/test_cross_process.py).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from satupintu.accounts.models import User
from satupintu.accounts.selectors import user_for_token
from satupintu.accounts.services import touch_api_token


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

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a signed-in session there is nothing for CSRF to protect: a client with
        # no (or a bad) token gets 401, not django-ninja's "CSRF check failed" 403.
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


def acting_user(request: HttpRequest) -> User:
    """The signed-in caller of an endpoint with `auth=authenticated`."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise AuthenticationError
    return user


bearer = BearerToken()
session = Session()
authenticated = [bearer, session]
# OpenAPI security of an endpoint that serves anonymous callers too (auth=None + optional_caller).
OPTIONAL_AUTH: dict[str, Any] = {"security": [{"BearerToken": []}, {"Session": []}, {}]}


def optional_caller(request: HttpRequest) -> User | None:
    """Who calls an endpoint open to anonymous visitors: a bearer token's user or a signed-in
    session (CSRF-checked), else None. Such endpoints keep auth=None, so the anonymous rate
    limit applies per address instead of one shared bucket for every anonymous caller."""
    user = bearer(request) or session(request)
    return user if isinstance(user, User) else None
