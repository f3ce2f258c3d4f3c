"""Devices (kiosk, TV board, later the rating tablet) sign in once with their API token.

A device cannot type a password: it is started on its page with `?token=sp_…`
(`satupintu create_token DEVICE-LOGIN`), which opens a long session and redirects
to the same address without the token. The session remembers which token opened
it, so revoking that token signs the device out at its next page load.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import login, logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from satupintu.accounts.models import ApiToken, User
from satupintu.accounts.selectors import user_for_token
from satupintu.accounts.services import touch_api_token

SESSION_SECONDS = 90 * 24 * 3600  # a device stays signed in for a season
SESSION_TOKEN_KEY = "device_token"  # noqa: S105 - a session key's name, not a secret
BACKEND = "satupintu.accounts.backends.EmailOrPhoneBackend"


def sign_in_device(
    request: HttpRequest, raw_token: str, *, allowed: Callable[[User], bool], refusal: str
) -> User:
    """Sign in the device behind the token, if `allowed(user)`; else PermissionDenied."""
    found = user_for_token(raw_token)
    if found is None or not allowed(found[0]):
        raise PermissionDenied(refusal)
    user, token = found
    touch_api_token(token=token)
    login(request, user, backend=BACKEND)
    request.session.set_expiry(SESSION_SECONDS)
    request.session[SESSION_TOKEN_KEY] = token.pk
    return user


def sign_out_revoked_device(request: HttpRequest) -> None:
    """End a device session whose token has been revoked since it signed in."""
    token_id = request.session.get(SESSION_TOKEN_KEY)
    if token_id is None or not request.user.is_authenticated:
        return
    if not ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True).exists():
        logout(request)
