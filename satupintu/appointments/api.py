"""Appointments over JSON: free slots, bookings, changes with the code, check-in.

Booking needs no account: a booking is limited per NIK, phone number and address
(anti-calo) on top of the API's own limits. Changing or cancelling one needs its
code and the last 4 digits of the phone number or NIK (`digits`), or the signed-in
citizen who booked it, or the MPP's supervisor. Check-in is for the MPP's kiosk
devices and staff.
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt
from contextlib import suppress
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from satupintu.accounts.auth import OPTIONAL_AUTH, acting_user, authenticated, optional_caller
from satupintu.appointments import checkin, selectors, services
from satupintu.appointments.access import can_change_booking, can_check_in_booking
from satupintu.appointments.slots import Slot, slots_between
from satupintu.core.api import ERRORS, PUBLIC_ERRORS, WRITE_ERRORS, ErrorOut, MppSlug, Text
from satupintu.core.errors import DomainError, error_body
from satupintu.core.identifiers import normalize_phone
from satupintu.core.links import citizen_link
from satupintu.core.ratelimit import check_rate
from satupintu.queueing.tickets.selectors import ticket_view
from satupintu.tenancy.selectors import mpp_by_slug

router = Router(tags=["Janji temu"])

BOOKING_RATE_NIK = getattr(settings, "APPOINTMENT_RATE_NIK", "5/d")
BOOKING_RATE_PHONE = getattr(settings, "APPOINTMENT_RATE_PHONE", "5/d")
BOOKING_RATE_ADDRESS = getattr(settings, "APPOINTMENT_RATE_ADDRESS", "30/h")
MAX_RANGE_DAYS = 31

ServiceCodePath = Annotated[
    str,
    Path(pattern=r"^[A-Z]{1,3}\d{2,3}$", max_length=10, description="Kode layanan, mis. `C03`."),
]
BookingCode = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$",
        max_length=9,
        description="Kode janji temu, mis. `K7PM-Q3XD` (tanda hubung boleh dihilangkan).",
    ),
]
Digits = Annotated[
    str,
    Field(
        pattern=r"^\d{4}$",
        description="4 angka terakhir nomor ponsel atau NIK pemesan.",
        examples=["7890"],
    ),
]
BookingStatusCode = Literal["booked", "checked_in", "cancelled", "no_show"]
CONFLICT_ERRORS = {**ERRORS, 409: ErrorOut}


class SlotOut(Schema):
    start: dt.datetime = Field(description="Mulai, ISO 8601 dengan offset zona waktu MPP.")
    end: dt.datetime
    capacity: int
    remaining: int


class SlotsOut(Schema):
    items: list[SlotOut]


class SlotsQuery(Schema):
    from_: dt.date = Field(alias="from", description="Tanggal pertama (YYYY-MM-DD, zona MPP).")
    to: dt.date = Field(description="Tanggal terakhir, paling jauh 31 hari dari `from`.")


class BookingIn(Schema):
    service: Annotated[str, Field(pattern=r"^[A-Z]{1,3}\d{2,3}$", max_length=10)]
    start: dt.datetime = Field(description="Mulai slot dari …/slots (dengan offset).")
    name: Text = Field(min_length=2, max_length=120)
    nik: Annotated[str, Field(pattern=r"^[0-9 .\-]{16,24}$", description="NIK 16 angka.")]
    phone: Annotated[str, Field(pattern=r"^\+?[0-9][0-9 ()-]{5,23}$", examples=["081234567890"])]
    email: Annotated[str, Field(max_length=254, pattern=r"^[^\x00\s]*$")] | None = None


class BookingOut(Schema):
    code: str
    mpp: str
    service: str
    service_name: str
    start: dt.datetime
    end: dt.datetime
    status: BookingStatusCode
    name: str
    nik: str = Field(description="Disamarkan.")
    phone: str = Field(description="Disamarkan.")
    checkin_opens: dt.datetime
    checkin_closes: dt.datetime
    ticket: str | None = Field(description="Id publik nomor antrian setelah check-in.")
    ticket_number: str | None
    requirements: list[str] = Field(description="Persyaratan yang dibawa (asli dan salinan).")
    url: str
    ics_url: str


class SlotFullOut(ErrorOut):
    alternatives: list[SlotOut] = Field([], description="Slot kosong terdekat (bila slot penuh).")


class RescheduleIn(Schema):
    start: dt.datetime
    digits: Digits | None = None


class CheckInOut(Schema):
    booking: BookingOut
    ticket: dict = Field(description="Nomor antrian (seperti GET /tickets/{id}).")


def _slot_out(slot: Slot) -> SlotOut:
    return SlotOut(start=slot.start, end=slot.end, capacity=slot.capacity, remaining=slot.remaining)


def _out(request: HttpRequest, booking) -> BookingOut:
    view = selectors.booking_view(booking)
    view.pop("mpp_name")
    url = citizen_link(reverse("appointments:booking", args=[booking.code]), request)
    ics_url = citizen_link(reverse("appointments:ics", args=[booking.code]), request)
    return BookingOut(**view, url=url, ics_url=ics_url)


def _full(request: HttpRequest, error: services.SlotFull):
    body = {
        **error_body(409, error.message, error.code),
        "alternatives": [_slot_out(s).dict() for s in error.alternatives],
    }
    return Status(409, body)


@router.get(
    "/mpps/{slug}/services/{code}/slots",
    response={200: SlotsOut, **PUBLIC_ERRORS},
    summary="Slot janji temu sebuah layanan dengan sisa kapasitasnya",
)
def slots(request: HttpRequest, slug: MppSlug, code: ServiceCodePath, q: Query[SlotsQuery]):
    mpp = mpp_by_slug(slug)
    service = selectors.bookable_service(mpp, code)
    if q.to < q.from_ or (q.to - q.from_).days > MAX_RANGE_DAYS:
        raise DomainError(
            _("Rentang tanggal tidak valid (paling banyak 31 hari)."), code="bad_range", status=422
        )
    found = slots_between(mpp, service.slot_setting, q.from_, q.to)
    return SlotsOut(items=[_slot_out(s) for s in found])


def limit_booking(request: HttpRequest, nik: str, phone: str) -> None:
    """The anti-calo rate limits of a booking: per address, NIK and phone number (also a
    life-event visit's, journeys/api.py)."""
    check_rate("booking-address", request.META.get("REMOTE_ADDR", ""), BOOKING_RATE_ADDRESS)
    nik = "".join(c for c in nik if c.isdigit())
    check_rate("booking-nik", nik, BOOKING_RATE_NIK)
    with suppress(ValidationError):  # a bad number: the booking answers 422 with the field
        check_rate("booking-phone", normalize_phone(phone), BOOKING_RATE_PHONE)


@router.post(
    "/mpps/{slug}/bookings",
    response={201: BookingOut, 409: SlotFullOut, **WRITE_ERRORS},
    summary="Pesan janji temu (409: slot penuh, dengan slot kosong terdekat)",
    openapi_extra=OPTIONAL_AUTH,
)
def create_booking(request: HttpRequest, slug: MppSlug, payload: BookingIn):
    mpp = mpp_by_slug(slug)
    service = selectors.bookable_service(mpp, payload.service)
    limit_booking(request, payload.nik, payload.phone)
    try:
        booking = services.book(
            mpp=mpp,
            service=service,
            start=payload.start,
            name=payload.name,
            nik=payload.nik,
            phone=payload.phone,
            email=payload.email or "",
            user=optional_caller(request),
        )
    except services.SlotFull as full:
        return _full(request, full)
    return Status(201, _out(request, booking))


@router.get(
    "/bookings/{code}",
    response={200: BookingOut, **PUBLIC_ERRORS},
    summary="Satu janji temu (publik, dengan kodenya; data pribadi disamarkan)",
)
def get_booking(request: HttpRequest, code: BookingCode):
    return _out(request, selectors.booking_by_code(code))


def _changeable(request: HttpRequest, code: str, digits: str | None):
    booking = selectors.booking_by_code(code)
    proven = bool(digits) and services.verify_owner(booking, digits or "")
    if digits:
        check_rate("booking-digits", booking.code, "10/h")
    if not can_change_booking(optional_caller(request), booking, proven=proven):
        raise PermissionDenied(
            _("Sertakan 4 angka terakhir nomor ponsel atau NIK pemesan yang benar.")
        )
    return booking


@router.patch(
    "/bookings/{code}",
    response={200: BookingOut, 409: SlotFullOut, **WRITE_ERRORS},
    summary="Jadwalkan ulang janji temu (kode + 4 angka terakhir ponsel/NIK)",
    openapi_extra=OPTIONAL_AUTH,
)
def reschedule_booking(request: HttpRequest, code: BookingCode, payload: RescheduleIn):
    booking = _changeable(request, code, payload.digits)
    try:
        moved = services.reschedule(
            booking=booking, start=payload.start, actor=optional_caller(request)
        )
    except services.SlotFull as full:
        return _full(request, full)
    return _out(request, moved)


@router.delete(
    "/bookings/{code}",
    response={200: BookingOut, **CONFLICT_ERRORS},
    summary="Batalkan janji temu (kode + 4 angka terakhir ponsel/NIK)",
    openapi_extra=OPTIONAL_AUTH,
)
def cancel_booking(
    request: HttpRequest,
    code: BookingCode,
    digits: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
):
    booking = _changeable(request, code, digits)
    return _out(request, services.cancel(booking=booking, actor=optional_caller(request)))


@router.post(
    "/bookings/{code}/check-in",
    response={201: CheckInOut, **CONFLICT_ERRORS},
    auth=authenticated,
    summary="Check-in: janji temu menjadi nomor antrian (kios MPP atau petugas)",
)
def check_in(request: HttpRequest, code: BookingCode):
    user = acting_user(request)
    booking = selectors.booking_by_code(code)
    if not can_check_in_booking(user, booking):
        raise PermissionDenied(_("Check-in hanya di kios atau oleh petugas MPP ini."))
    ticket = checkin.check_in(booking=booking, actor=user)
    booking.refresh_from_db()
    view = ticket_view(ticket)
    view["track_url"] = citizen_link(view["track_url"], request)
    return Status(201, CheckInOut(booking=_out(request, booking), ticket=view))
