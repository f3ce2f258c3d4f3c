"""Reads of appointments: bookable services, a booking by its code, the day lists for staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.appointments.checkin import checkin_window
from satupintu.appointments.models import Booking, BookingStatus, DayOverride, SlotSetting
from satupintu.appointments.services import format_code, normalize_code, policy_for
from satupintu.catalog.models import CounterService, Requirement, Service
from satupintu.catalog.selectors import attach_current, services_in_force
from satupintu.core.identifiers import mask_nik, mask_phone
from satupintu.tenancy.models import Counter, Mpp


def bookable_services(mpp: Mpp) -> list[Service]:
    """Services of the MPP that can be booked now, with their version in force."""
    qs = (
        services_in_force(mpp)
        .filter(uses_appointment=True, slot_setting__is_active=True)
        .select_related("slot_setting")
    )
    return attach_current(list(qs))


def bookable_service(mpp: Mpp, code: str) -> Service:
    """One bookable service with its full version in force (requirements), or 404."""
    service = (
        services_in_force(mpp)
        .filter(code=code, uses_appointment=True, slot_setting__is_active=True)
        .select_related("slot_setting")
        .first()
    )
    if service is None:
        raise Http404(_("Layanan ini tidak dapat dipesan dengan janji temu."))
    return attach_current([service], full=True)[0]


def booking_by_code(raw: str) -> Booking:
    """A booking by its code (anyone holding the code may read it), or 404."""
    code = normalize_code(raw)
    booking = (
        Booking.objects.select_related("mpp", "service", "ticket").filter(code=code).first()
        if len(code) == 8
        else None
    )
    if booking is None:
        raise Http404(_("Janji temu dengan kode ini tidak ditemukan."))
    return booking


def requirements_of(booking: Booking) -> list[Requirement]:
    """The checklist the citizen brings: requirements of the version in force on the day."""
    service = services_in_force(booking.mpp, on=booking.day).filter(pk=booking.service_id).first()
    if service is None:
        return []
    version = attach_current([service], full=True)[0].current  # type: ignore[attr-defined]
    return list(version.requirements.all())


def service_name(booking: Booking) -> str:
    service = services_in_force(booking.mpp, on=booking.day).filter(pk=booking.service_id).first()
    if service is None:
        return booking.service.code
    return attach_current([service])[0].current.name  # type: ignore[attr-defined]


def booking_view(booking: Booking) -> dict:
    """The booking as its holder sees it (confirmation page, API), personal data masked."""
    opens, closes = checkin_window(booking, policy_for(booking.mpp))
    tz = booking.mpp.tzinfo
    ticket = booking.ticket  # None, without a query, while there is no ticket_id
    return {
        "code": format_code(booking.code),
        "mpp": booking.mpp.slug,
        "mpp_name": booking.mpp.name,
        "service": booking.service.code,
        "service_name": service_name(booking),
        "start": timezone.localtime(booking.start, tz),
        "end": timezone.localtime(booking.end, tz),
        "status": booking.status,
        "name": booking.name,
        "nik": mask_nik(booking.nik),
        "phone": mask_phone(booking.phone),
        "checkin_opens": timezone.localtime(opens, tz),
        "checkin_closes": timezone.localtime(closes, tz),
        "ticket": str(ticket.public_id) if ticket is not None else None,
        "ticket_number": ticket.number if ticket is not None else None,
        "requirements": [r.name for r in requirements_of(booking)],
    }


def bookings_of_user(user) -> QuerySet[Booking]:
    """A signed-in citizen's bookings, coming ones first."""
    return (
        Booking.objects.filter(user=user).select_related("mpp", "service").order_by("-start")[:50]
    )


@dataclass(frozen=True)
class DayRow:
    booking: Booking
    local_start: dt.datetime
    status_label: str
    masked_nik: str


def _rows(bookings: QuerySet[Booking], mpp: Mpp) -> list[DayRow]:
    return [
        DayRow(
            b,
            timezone.localtime(b.start, mpp.tzinfo),
            str(BookingStatus(b.status).label),
            mask_nik(b.nik),
        )
        for b in bookings
    ]


def day_bookings(mpp: Mpp, service: Service, day: dt.date) -> list[DayRow]:
    """Every booking of one service on one day (supervisor's view), in slot order."""
    qs = (
        Booking.objects.filter(mpp=mpp, service=service, day=day)
        .select_related("ticket", "service")
        .order_by("start", "pk")
    )
    return _rows(qs, mpp)


def day_counts(mpp: Mpp, day: dt.date) -> dict[int, dict[str, int]]:
    """{service_id: {status: count}} of one day, for the overview of every service."""
    counts: dict[int, dict[str, int]] = {}
    for service_id, status in Booking.objects.filter(mpp=mpp, day=day).values_list(
        "service_id", "status"
    ):
        counts.setdefault(service_id, {}).setdefault(status, 0)
        counts[service_id][status] += 1
    return counts


def override_of(service: Service, day: dt.date) -> DayOverride | None:
    return DayOverride.objects.filter(service=service, day=day).first()


def counter_bookings(counter: Counter, day: dt.date) -> list[DayRow]:
    """The day's bookings of the services a counter serves (its daily list)."""
    services = CounterService.objects.filter(counter=counter).values("service_id")
    qs = (
        Booking.objects.filter(mpp_id=counter.mpp_id, day=day, service_id__in=services)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("ticket", "service")
        .order_by("start", "pk")
    )
    return _rows(qs, counter.mpp)


def settings_of(mpp: Mpp) -> QuerySet[SlotSetting]:
    return SlotSetting.objects.filter(mpp=mpp).select_related("service").order_by("service__code")
