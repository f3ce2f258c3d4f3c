"""Sign-in with a code, end to end: the code's rules are accounts/codes.py's; here the code
is sent through the notifications gateway and, once a number is proven, what it took
without an account (live tickets, upcoming bookings) joins the citizen's account. The
pages (web/pages/signin.py) and the API (web/api.py) call these two functions."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest
from django.utils.translation import gettext as _

from satupintu.accounts import codes
from satupintu.accounts.models import User
from satupintu.appointments.services import attach_to_citizen as attach_bookings
from satupintu.core.identifiers import format_phone_national
from satupintu.notifications.services import notify
from satupintu.queueing.tickets.services import attach_to_citizen as attach_tickets

BACKEND = "satupintu.accounts.backends.EmailOrPhoneBackend"


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def phone_channel() -> str:
    """`whatsapp` or `sms`: how codes (and every message to a phone) are sent."""
    return settings.NOTIFY_PHONE_CHANNEL


def phone_channel_name() -> str:
    return "WhatsApp" if phone_channel() == "whatsapp" else "SMS"


def code_sent_words(phone: str) -> str:
    """The one answer to a code request, whether or not a code went out (staff numbers)."""
    return _(
        "Kode %(digits)s angka dikirim lewat %(channel)s ke %(phone)s. Berlaku %(minutes)s menit."
    ) % {
        "digits": codes.CODE_DIGITS,
        "phone": format_phone_national(phone),
        "channel": phone_channel_name(),
        "minutes": codes.CODE_MINUTES,
    }


def try_again_in(wait: float | None) -> str:
    """'Coba lagi dalam 12 menit.' for a limit's wait in seconds."""
    seconds = int(wait or 60)
    if seconds < 60:
        return _("Coba lagi dalam %(seconds)s detik.") % {"seconds": seconds}
    minutes = -(-seconds // 60)
    if minutes < 120:
        return _("Coba lagi dalam %(minutes)s menit.") % {"minutes": minutes}
    return _("Coba lagi dalam %(hours)s jam.") % {"hours": -(-minutes // 60)}


def send_sign_in_code(*, phone: str, address: str) -> str:
    """Send a new code to `phone` (E.164 returned) if it may sign in by code; the caller
    answers the same either way. ValidationError for a bad number, Throttled past a limit."""
    issued = codes.request_code(phone=phone, address=address)
    if issued is None:
        return codes.phone_for_code(phone)
    body = _(
        "Kode masuk satupintu: %(code)s. Berlaku %(minutes)s menit. "
        "Jangan berikan kode ini kepada siapa pun, termasuk petugas."
    ) % {"code": issued.code, "minutes": codes.CODE_MINUTES}
    notify(
        mpp=None,
        kind="accounts.sign_in_code",
        subject=_("Kode masuk satupintu"),
        body=body,
        phone=issued.phone,
        reference=sign_in_reference(issued.phone),
    )
    return issued.phone


def sign_in_reference(phone: str) -> str:
    """The outbox reference of a number's codes (notifications.selectors.messages_for)."""
    return f"sign-in:{phone}"


@dataclass(frozen=True)
class SignedIn:
    user: User
    created: bool
    tickets: int  # attached just now
    bookings: int


def sign_in_with_code(*, request: HttpRequest, phone: str, code: str) -> SignedIn:
    """Check the code (CodeRefused, Throttled), sign the citizen in on this request's session
    and attach what the number took without an account."""
    codes.limit_code_tries(address=client_address(request))
    verified = codes.verify_code(phone=phone, code=code)
    user = verified.user
    assert user.phone is not None  # noqa: S101 - verify_code signs in by phone
    tickets = attach_tickets(user=user, phone=user.phone)
    bookings = attach_bookings(user=user, phone=user.phone)
    login(request, user, backend=BACKEND)
    return SignedIn(user=user, created=verified.created, tickets=tickets, bookings=bookings)
