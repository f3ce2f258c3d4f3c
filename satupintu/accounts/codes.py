"""Sign-in with a one-time code sent to a phone: how citizens sign in and sign up.

- `request_code` makes six digits (`secrets`) for a mobile number and keeps only a keyed
  hash of them with their expiry (CODE_MINUTES) in the number's one `SignInCode` row: a new
  request overwrites the row, so a number never holds two valid codes, even when two
  requests arrive at once (the unique phone decides). Codes are limited per number and per
  client address (settings.SIGN_IN_CODE_RATE_*, core/ratelimit.py). The caller sends the
  code (web/services.py: notifications' gateway) and answers the same whether or not the
  number has an account; staff and device numbers, and deactivated accounts, get no code.
- `verify_code` compares in constant time; MAX_WRONG_TRIES wrong tries void the code, an
  expired code is refused with its own message. On success the row is gone and the number
  is the account's verified login: the citizen with that number, or a new citizen account
  without a usable password. Staff keep signing in with a password (django-axes).

The accounts layer sends nothing and knows no tickets: what happens around a code (the
message, attaching what the number took without an account) is web/services.py's.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, SignInCode, User
from satupintu.accounts.services import create_user
from satupintu.core.errors import DomainError
from satupintu.core.identifiers import is_mobile_phone, normalize_phone
from satupintu.core.ratelimit import check_rate

CODE_DIGITS = 6
CODE_MINUTES = 5
MAX_WRONG_TRIES = 5


class CodeRefused(DomainError):
    """The code cannot sign anyone in: wrong, expired, used up or never sent (400)."""

    status = 400
    code = "code_refused"


@dataclass(frozen=True)
class IssuedCode:
    phone: str  # E.164
    code: str  # the plain digits, for the message only; never stored
    expires_at: dt.datetime


def phone_for_code(raw: str) -> str:
    """The number in E.164 if a code can be sent to it (a mobile number), else ValidationError."""
    phone = normalize_phone(raw)
    if not is_mobile_phone(phone):
        raise ValidationError(
            _("Kode hanya bisa dikirim ke nomor ponsel (08…)."), code="phone_not_mobile"
        )
    return phone


def limit_code_requests(*, phone: str, address: str) -> None:
    """Count one code request; Throttled (with the wait) past a limit of the address or number."""
    for rate in settings.SIGN_IN_CODE_RATE_ADDRESS:
        check_rate(f"sign-in-code-address-{rate}", address, rate)
    for rate in settings.SIGN_IN_CODE_RATE_PHONE:
        check_rate(f"sign-in-code-phone-{rate}", phone, rate)


def limit_code_tries(*, address: str) -> None:
    """Count one try to enter a code from this address; Throttled past the limit."""
    for rate in settings.SIGN_IN_VERIFY_RATE_ADDRESS:
        check_rate(f"sign-in-verify-address-{rate}", address, rate)


def code_hash(phone: str, code: str) -> str:
    """Keyed with SECRET_KEY: a copy of the table alone does not give the codes away."""
    key = "satupintu.accounts.sign-in-code"
    return salted_hmac(key, f"{phone}:{code}", algorithm="sha256").hexdigest()


def may_sign_in_by_code(user: User | None) -> bool:
    """Citizens (and numbers without an account yet); never staff, devices or the deactivated."""
    return user is None or (user.role == Role.CITIZEN and user.is_active)


def request_code(*, phone: str, address: str) -> IssuedCode | None:
    """A new code for `phone` (replacing any earlier one), or None when this number may not
    sign in by code. Raises ValidationError for a number that is not a mobile number and
    Throttled past a limit, both before looking the number up."""
    phone = phone_for_code(phone)
    limit_code_requests(phone=phone, address=address)
    if not may_sign_in_by_code(User.objects.filter(phone=phone).first()):
        return None
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    now = timezone.now()
    expires_at = now + dt.timedelta(minutes=CODE_MINUTES)
    with transaction.atomic():
        SignInCode.objects.update_or_create(
            phone=phone,
            defaults={
                "code_hash": code_hash(phone, code),
                "expires_at": expires_at,
                "wrong_tries": 0,
                "created_at": now,
            },
        )
    return IssuedCode(phone=phone, code=code, expires_at=expires_at)


@dataclass(frozen=True)
class Verified:
    user: User
    created: bool  # a new citizen account


def verify_code(*, phone: str, code: str) -> Verified:
    """The citizen account of `phone` once `code` is its live code; CodeRefused otherwise.

    The wrong try is counted (and committed) before the refusal is raised."""
    phone = normalize_phone(phone)
    code = "".join(ch for ch in str(code) if ch.isdigit())
    refusal: str | None = None
    with transaction.atomic():
        row = SignInCode.objects.select_for_update().filter(phone=phone).first()
        now = timezone.now()
        if row is None:
            refusal = _("Tidak ada kode yang berlaku untuk nomor ini. Minta kode baru.")
        elif row.expires_at <= now:
            row.delete()
            refusal = _("Kode sudah kedaluwarsa (berlaku %(minutes)s menit). Minta kode baru.") % {
                "minutes": CODE_MINUTES
            }
        elif not constant_time_compare(row.code_hash, code_hash(phone, code)):
            row.wrong_tries += 1
            left = MAX_WRONG_TRIES - row.wrong_tries
            if left <= 0:
                row.delete()
                refusal = _(
                    "Kode salah %(tries)s kali dan kini tidak berlaku. Minta kode baru."
                ) % {"tries": MAX_WRONG_TRIES}
            else:
                row.save(update_fields=["wrong_tries"])
                refusal = _("Kode salah. Sisa percobaan: %(left)s.") % {"left": left}
        else:
            row.delete()
            return _citizen_of(phone, now)
    raise CodeRefused(refusal)


def _citizen_of(phone: str, now: dt.datetime) -> Verified:
    user = User.objects.select_for_update().filter(phone=phone).first()
    if not may_sign_in_by_code(user):
        raise CodeRefused(_("Akun dengan nomor ini masuk dengan kata sandi."))
    created = user is None
    if user is None:
        user = create_user(phone=phone, full_name="", role=Role.CITIZEN)
    if user.phone_verified_at is None:
        user.phone_verified_at = now
        user.save(update_fields=["phone_verified_at"])
    return Verified(user=user, created=created)


def delete_expired_codes(*, now: dt.datetime) -> int:
    """Codes nobody used: a phone number is personal data, kept no longer than its code."""
    deleted, _by_model = SignInCode.objects.filter(expires_at__lte=now).delete()
    return deleted
