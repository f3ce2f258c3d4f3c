"""Writes to accounts: create people and devices, issue and revoke API tokens."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import DEVICE_ROLES, ApiToken, Role, User
from satupintu.accounts.selectors import token_hash
from satupintu.core.identifiers import normalize_phone
from satupintu.tenancy.models import Agency, Counter, Mpp

TOKEN_PREFIX = "sp_"  # noqa: S105 - a public marker, not a secret


@transaction.atomic
def create_user(
    *,
    email: str | None = None,
    phone: str | None = None,
    password: str | None = None,
    full_name: str,
    role: str = Role.CITIZEN,
    mpp: Mpp | None = None,
    agency: Agency | None = None,
    counters: Iterable[Counter] = (),
) -> User:
    """Create a person or a device account after validating every field.

    Devices get no usable password: they authenticate with API tokens only.
    Officers' and tablets' counters must belong to their MPP (and agency).
    """
    user = User(
        email=(email or "").strip().lower() or None,
        phone=normalize_phone(phone) if phone else None,
        full_name=full_name,
        role=role,
        mpp=mpp,
        agency=agency,
        is_superuser=role == Role.OPERATOR,
    )
    if role in DEVICE_ROLES or not password:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # The unique e-mail/phone index decides races that a prior check cannot.
        raise ValidationError(
            _("E-mail atau nomor telepon ini sudah terdaftar."), code="login_taken"
        ) from None
    counters = list(counters)
    _check_counters(user, counters)
    user.counters.set(counters)
    return user


def _check_counters(user: User, counters: list[Counter]) -> None:
    for counter in counters:
        if counter.mpp_id != user.mpp_id:
            raise ValidationError(_("Loket harus berada di MPP yang sama."), code="counter_mpp")
        if user.role == Role.OFFICER and counter.booth.agency_id != user.agency_id:
            raise ValidationError(
                _("Petugas hanya boleh melayani loket instansinya."), code="counter_agency"
            )


@transaction.atomic
def issue_api_token(*, user: User, name: str = "") -> str:
    """Create a token for `user` and return the plain token (shown once, stored hashed)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=raw[:10], key_hash=token_hash(raw))
    return raw


@transaction.atomic
def revoke_api_token(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def touch_api_token(*, token: ApiToken) -> None:
    """Record use at most once a minute, so reads do not turn into writes on every call."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
