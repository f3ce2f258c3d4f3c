"""Check-in: a booking becomes a queue ticket of channel `appointment`, due at its slot
time, within the MPP's check-in window; the bookings whose window passed become no-shows."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.appointments.models import AppointmentPolicy, Booking, BookingStatus, LateRule
from satupintu.appointments.services import locked_booking, policy_for, visit_of
from satupintu.appointments.workflow import WORKFLOW, target_status
from satupintu.core.errors import DomainError
from satupintu.queueing.models import Channel, Ticket
from satupintu.queueing.tickets.services import issue_ticket


def checkin_window(booking: Booking, policy: AppointmentPolicy) -> tuple[dt.datetime, dt.datetime]:
    return (
        booking.start - dt.timedelta(minutes=policy.checkin_before_minutes),
        booking.start + dt.timedelta(minutes=policy.checkin_after_minutes),
    )


@transaction.atomic
def check_in(*, booking: Booking, actor: User | None = None, now=None) -> Ticket:
    """Turn the booking into a queue ticket of channel `appointment`, due at its slot time
    (called ahead of walk-ins from then on). Late arrivals follow the MPP's rule."""
    now = now or timezone.now()
    visit = visit_of(booking)
    locked = locked_booking(visit[0])  # a visit booked as one checks in by its first step
    mpp = locked.mpp
    if locked.status == BookingStatus.CHECKED_IN and locked.ticket is not None:
        raise DomainError(
            _("Janji temu ini sudah check-in dengan nomor antrian %(number)s.")
            % {"number": locked.ticket.number},
            code="already_checked_in",
        )
    before = locked.status
    target_status("check_in", before)
    policy = policy_for(mpp)
    opens, closes = checkin_window(locked, policy)
    local = timezone.localtime(now, mpp.tzinfo)
    if local.date() != locked.day or now < opens:
        raise DomainError(
            _("Check-in untuk janji temu ini dibuka %(when)s.")
            % {"when": date_format(timezone.localtime(opens, mpp.tzinfo), "l, j F Y, H.i")},
            code="too_early",
        )
    due_at: dt.datetime | None = locked.start
    note = ""
    if now > closes:
        if policy.late_rule == LateRule.REFUSE:
            raise DomainError(
                _(
                    "Batas check-in sudah lewat (pukul %(time)s). Silakan pesan jadwal baru "
                    "atau ambil nomor antrian biasa."
                )
                % {"time": timezone.localtime(closes, mpp.tzinfo).strftime("%H.%M")},
                code="too_late",
            )
        due_at, note = None, _("terlambat: nomor antrian biasa")
    ticket = issue_ticket(
        mpp=mpp,
        service=locked.service,
        channel=Channel.APPOINTMENT,
        now=now,
        due_at=due_at,
        # the visit's next steps: finishing one queues the citizen for the next at once
        route=[b.service_id for b in visit[1:]] or None,
    )
    note = note or ticket.number
    WORKFLOW.apply(locked, "check_in", actor=actor, note=note, now=now, fields={"ticket": ticket})
    for later in visit[1:]:
        later = locked_booking(later)
        if later.status == BookingStatus.BOOKED:
            WORKFLOW.apply(later, "check_in", actor=actor, note=ticket.number, now=now)
    return ticket


def mark_no_shows(*, now: dt.datetime | None = None) -> int:
    """Bookings whose check-in window has passed become no-shows (a periodic job)."""
    now = now or timezone.now()
    done = 0
    candidates = Booking.objects.filter(status=BookingStatus.BOOKED, start__lt=now).select_related(
        "mpp"
    )
    policies: dict[int, AppointmentPolicy] = {}
    for booking in candidates.iterator():
        policy = policies.setdefault(booking.mpp_id, policy_for(booking.mpp))
        if checkin_window(booking, policy)[1] >= now:
            continue
        with transaction.atomic():
            moved = Booking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
                status=target_status("no_show", BookingStatus.BOOKED)
            )
            if moved:
                booking.status = BookingStatus.NO_SHOW
                WORKFLOW.record(booking, "no_show", BookingStatus.BOOKED, now=now)
                done += 1
    return done
