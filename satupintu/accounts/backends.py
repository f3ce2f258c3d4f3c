"""Sign-in by e-mail address or phone number (any common spelling of either)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from satupintu.accounts.models import User
from satupintu.accounts.selectors import user_by_login
from satupintu.core.identifiers import normalize_phone


def canonical_login(request, credentials: dict | None) -> str | None:
    """One spelling per login, so a lockout cannot be dodged with 0812… vs +62812… or case."""
    raw = ((credentials or {}).get("username") or request.POST.get("username") or "").strip()
    if not raw or "@" in raw:
        return raw.lower() or None
    try:
        return normalize_phone(raw)
    except ValidationError:
        return raw


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs) -> User | None:
        if username is None or password is None:
            return None
        user = user_by_login(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.is_device:
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
