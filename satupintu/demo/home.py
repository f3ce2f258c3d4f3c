"""A demo citizen's day for "Beranda saya": a live ticket, an upcoming booking (the seeded
applications already include one that needs revision), and a signed-in session to look at
it with. Used by `satupintu demo_home_session` (scripts/lighthouse.sh --perf, the page's
screenshots). Idempotent: a second run reuses what the first made."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.test import Client
from django.utils import timezone

from satupintu.accounts.models import Role, User
from satupintu.accounts.services import create_user
from satupintu.appointments import services as appointments
from satupintu.appointments.models import Booking, BookingStatus
from satupintu.appointments.slots import slots_between
from satupintu.core.errors import DomainError
from satupintu.queueing.models import Channel, Ticket
from satupintu.queueing.tickets.selectors import ACTIVE, TRACK_PATH, local_day
from satupintu.queueing.tickets.services import issue_ticket
from satupintu.tenancy.models import Mpp

CITIZEN_PHONE = "+6281234567801"  # Budi Santoso (demo/people.py)
NEW_CITIZEN_PHONE = "+6281234567899"  # a citizen with nothing yet
TICKET_SERVICE = "A01"
BOOKING_SERVICE = "C01"
NIK = "3302011708850003"


def citizen_session(user: User) -> str:
    """A signed-in session for `user`, as a `Cookie` header value."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def live_ticket(user: User, mpp: Mpp) -> Ticket:
    """Today's ticket of the citizen at the MPP, issued at the kiosk if there is none."""
    mine = Ticket.objects.filter(user=user, mpp=mpp, day=local_day(mpp), status__in=ACTIVE)
    found = mine.first()
    if found is not None:
        return found
    service = mpp.services.get(code=TICKET_SERVICE)
    return issue_ticket(mpp=mpp, service=service, channel=Channel.KIOSK, user=user)


def upcoming_booking(user: User, mpp: Mpp) -> Booking | None:
    """An upcoming booking of the citizen: the first free slot of the coming week."""
    found = Booking.objects.filter(user=user, status=BookingStatus.BOOKED, end__gt=timezone.now())
    if found.exists():
        return found.first()
    service = mpp.services.get(code=BOOKING_SERVICE)
    today = local_day(mpp)
    free = [
        s
        for s in slots_between(mpp, service.slot_setting, today, today + dt.timedelta(days=7))
        if s.is_free
    ]
    for slot in free[:5]:
        try:
            return appointments.book(
                mpp=mpp,
                service=service,
                start=slot.start,
                name=user.full_name,
                nik=NIK,
                phone=user.phone or CITIZEN_PHONE,
                user=user,
            )
        except DomainError:
            continue
    return None


def citizen_with_a_day(mpp: Mpp) -> dict[str, str]:
    """Budi with a live ticket and a booking: his session cookie and the ticket's page."""
    user = User.objects.get(phone=CITIZEN_PHONE)
    ticket = live_ticket(user, mpp)
    upcoming_booking(user, mpp)
    return {"cookie": citizen_session(user), "ticket": TRACK_PATH.format(id=ticket.public_id)}


def citizen_with_nothing() -> dict[str, str]:
    """A signed-in citizen who has nothing going on yet (the empty "Beranda saya")."""
    user = User.objects.filter(phone=NEW_CITIZEN_PHONE).first()
    if user is None:
        user = create_user(phone=NEW_CITIZEN_PHONE, full_name="Rahmat Hidayat", role=Role.CITIZEN)
    return {"cookie": citizen_session(user), "ticket": ""}
