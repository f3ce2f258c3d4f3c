"""Reads about accounts: find a user by the login a person types, resolve a bearer token."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from satupintu.accounts.models import ApiToken, User
from satupintu.core.identifiers import normalize_phone
from satupintu.tenancy.models import Agency, Mpp


def login_lookup(login: str) -> Q:
    """The query that matches an e-mail address or a phone number in any common spelling."""
    text = (login or "").strip()
    if "@" in text:
        return Q(email__iexact=text)
    try:
        return Q(phone=normalize_phone(text))
    except ValidationError:
        return Q(pk__in=[])


def user_by_login(login: str) -> User | None:
    return User.objects.filter(login_lookup(login)).first()


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def user_for_token(raw: str) -> tuple[User, ApiToken] | None:
    """The active user behind an unrevoked token, or None.

    One query on every API call with a token (the unique hash, joined to the user), and
    never cached: a revoked token or a deactivated user is refused by the very next
    request, in every process."""
    try:
        token = ApiToken.objects.select_related("user").get(
            key_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True
        )
    except ApiToken.DoesNotExist:
        return None
    return token.user, token


def officers_of(*, mpp: Mpp, agency: Agency) -> QuerySet[User]:
    return (
        User.objects.filter(mpp=mpp, agency=agency, role="officer", is_active=True)
        .prefetch_related("counters")
        .order_by("full_name")
    )
