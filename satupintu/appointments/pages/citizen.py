"""The citizen's booking flow on the phone: service → calendar → slot → details →
confirmation (code, QR, checklist, .ics), and "Janji temu saya" (look up, reschedule,
cancel with the code and the last 4 digits of the phone number or NIK)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from ninja.errors import Throttled

from satupintu.accounts.models import Role
from satupintu.appointments import selectors, services
from satupintu.appointments.access import can_change_booking
from satupintu.appointments.models import BookingStatus
from satupintu.appointments.notices import ics as ics_text
from satupintu.appointments.slots import days_overview, nearest_free, slots_between, window
from satupintu.catalog.poster import qr_data_uri
from satupintu.core.errors import DomainError
from satupintu.core.links import citizen_link
from satupintu.core.ratelimit import check_rate
from satupintu.tenancy.selectors import mpp_by_slug

VERIFIED = "appointments_verified"  # session: codes whose owner proved the digits
BOOKING_RATE_ADDRESS = getattr(settings, "APPOINTMENT_RATE_ADDRESS", "30/h")
LOOKUP_RATE = "20/h"
MANAGE_DAYS = 5  # days with free slots offered when rescheduling


def start(request: HttpRequest, slug: str) -> HttpResponse:
    mpp = mpp_by_slug(slug)
    context = {"mpp": mpp, "services": selectors.bookable_services(mpp)}
    return render(request, "appointments/citizen/start.html", context)


def calendar(request: HttpRequest, slug: str, appointment_service: str) -> HttpResponse:
    """The days of the booking window with their free places; a chosen day lists its slots."""
    mpp = mpp_by_slug(slug)
    service = selectors.bookable_service(mpp, appointment_service)
    setting = service.slot_setting
    days = days_overview(mpp, setting)
    chosen = parse_date(request.GET.get("tanggal") or "")
    if chosen is None and days:
        chosen = next((day for day, free, _n in days if free), days[0][0])
    slots = slots_between(mpp, setting, chosen, chosen) if chosen else []
    context = {
        "mpp": mpp,
        "service": service,
        "days": days,
        "chosen": chosen,
        "slots": slots,
        "details_url": reverse("appointments:details", args=[mpp.slug, service.code]),
    }
    return render(request, "appointments/citizen/calendar.html", context)


def _initial(request: HttpRequest) -> dict[str, str]:
    user = request.user
    if user.is_authenticated and user.role == Role.CITIZEN:
        return {
            "name": user.full_name,
            "phone": getattr(user, "phone", "") or "",
            "email": user.email,
        }
    return {}


def details(request: HttpRequest, slug: str, appointment_service: str) -> HttpResponse:
    """The chosen slot and the visitor's details (GET), then the booking (POST)."""
    mpp = mpp_by_slug(slug)
    service = selectors.bookable_service(mpp, appointment_service)
    raw = request.POST.get("start") if request.method == "POST" else request.GET.get("mulai")
    start_at = parse_datetime(raw or "")
    if start_at is None or timezone.is_naive(start_at):
        return redirect("appointments:calendar", slug=mpp.slug, appointment_service=service.code)
    context = {
        "mpp": mpp,
        "service": service,
        "start": timezone.localtime(start_at, mpp.tzinfo),
        "start_raw": raw,
        "values": _initial(request),
        "errors": {},
        "calendar_url": reverse("appointments:calendar", args=[mpp.slug, service.code]),
    }
    if request.method != "POST":
        return render(request, "appointments/citizen/details.html", context)
    values = {f: request.POST.get(f, "")[:200] for f in ("name", "nik", "phone", "email")}
    context["values"] = values
    try:
        check_rate("booking-address", request.META.get("REMOTE_ADDR", ""), BOOKING_RATE_ADDRESS)
        booking = services.book(
            mpp=mpp, service=service, start=start_at, user=request.user, **values
        )
    except ValidationError as error:
        context["errors"] = error.message_dict if hasattr(error, "error_dict") else {}
        context["error"] = _("Periksa kembali data yang ditandai.")
        return render(request, "appointments/citizen/details.html", context, status=422)
    except services.SlotFull as full:
        context["error"] = full.message
        context["alternatives"] = full.alternatives
        return render(request, "appointments/citizen/details.html", context, status=409)
    except DomainError as error:
        context["error"] = error.message
        return render(request, "appointments/citizen/details.html", context, status=error.status)
    except Throttled:
        context["error"] = _("Terlalu banyak pemesanan dari perangkat ini. Coba lagi nanti.")
        return render(request, "appointments/citizen/details.html", context, status=429)
    _remember(request, booking.code)
    return redirect("appointments:booking", booking_code=booking.code)


def _remember(request: HttpRequest, code: str) -> None:
    codes = [c for c in request.session.get(VERIFIED, []) if c != code][-19:]
    request.session[VERIFIED] = [*codes, code]


def booking(request: HttpRequest, booking_code: str) -> HttpResponse:
    """The confirmation: code, QR for the kiosk, requirements checklist, calendar file."""
    found = selectors.booking_by_code(booking_code)
    url = citizen_link(reverse("appointments:booking", args=[found.code]), request)
    context = {
        "booking": found,
        "mpp": found.mpp,
        "view": selectors.booking_view(found),
        "requirements": selectors.requirements_of(found),
        "qr": qr_data_uri(url),
        "is_active": found.status == BookingStatus.BOOKED,
        "can_change": _may_change(request, found),
    }
    return render(request, "appointments/citizen/booking.html", context)


def ics(request: HttpRequest, booking_code: str) -> HttpResponse:
    found = selectors.booking_by_code(booking_code)
    url = citizen_link(reverse("appointments:booking", args=[found.code]), request)
    response = HttpResponse(ics_text(found, url=url), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="janji-temu-{found.code}.ics"'
    return response


def _may_change(request: HttpRequest, found) -> bool:
    proven = found.code in request.session.get(VERIFIED, [])
    return can_change_booking(request.user, found, proven=proven)


def mine(request: HttpRequest) -> HttpResponse:
    """Look a booking up with its code and 4 digits; a signed-in citizen sees their list."""
    context: dict = {"values": {}}
    if request.user.is_authenticated:
        context["bookings"] = selectors.bookings_of_user(request.user)
    if request.method == "POST":
        code = services.normalize_code(request.POST.get("code", ""))
        digits = request.POST.get("digits", "")[:10]
        context["values"] = {"code": request.POST.get("code", "")[:20], "digits": digits}
        try:
            check_rate("booking-lookup", request.META.get("REMOTE_ADDR", ""), LOOKUP_RATE)
            found = selectors.booking_by_code(code)
            if not services.verify_owner(found, digits):
                raise PermissionDenied
        except Throttled:
            context["error"] = _("Terlalu banyak percobaan. Coba lagi nanti.")
            return render(request, "appointments/citizen/mine.html", context, status=429)
        except (
            Http404,
            PermissionDenied,
        ):  # 404 or wrong digits: one answer, so codes cannot be probed
            context["error"] = _(
                "Kode janji temu atau 4 angka terakhir nomor ponsel/NIK tidak cocok."
            )
            return render(request, "appointments/citizen/mine.html", context, status=404)
        _remember(request, found.code)
        return redirect("appointments:manage", booking_code=found.code)
    return render(request, "appointments/citizen/mine.html", context)


def manage(request: HttpRequest, booking_code: str) -> HttpResponse:
    """Reschedule to another free slot, or cancel (after proving the digits)."""
    found = selectors.booking_by_code(booking_code)
    if not _may_change(request, found):
        messages.info(request, _("Masukkan kode dan 4 angka terakhir nomor ponsel atau NIK."))
        return redirect("appointments:mine")
    mpp = found.mpp
    setting = found.service.slot_setting if hasattr(found.service, "slot_setting") else None
    error = None
    if request.method == "POST" and found.status == BookingStatus.BOOKED:
        try:
            if request.POST.get("action") == "cancel":
                services.cancel(booking=found, actor=request.user)
                messages.success(request, _("Janji temu sudah dibatalkan."))
            else:
                new_start = parse_datetime(request.POST.get("start", ""))
                if new_start is None or timezone.is_naive(new_start):
                    raise DomainError(_("Pilih jadwal baru."), status=422)
                services.reschedule(booking=found, start=new_start, actor=request.user)
                messages.success(request, _("Janji temu sudah dipindahkan."))
            return redirect("appointments:booking", booking_code=found.code)
        except DomainError as failure:
            error = failure.message
    free_days: list[tuple[dt.date, list]] = []
    if setting is not None and found.status == BookingStatus.BOOKED:
        low, high = window(mpp, setting, timezone.now())
        by_day: dict[dt.date, list] = {}
        for slot in slots_between(mpp, setting, low, high):
            if slot.is_free and slot.start != timezone.localtime(found.start, mpp.tzinfo):
                by_day.setdefault(slot.start.date(), []).append(slot)
        free_days = sorted(by_day.items())[:MANAGE_DAYS]
    context = {
        "booking": found,
        "mpp": mpp,
        "view": selectors.booking_view(found),
        "free_days": free_days,
        "error": error,
        "is_active": found.status == BookingStatus.BOOKED,
        "offers": nearest_free(mpp, setting, found.start) if setting and error else [],
    }
    return render(
        request, "appointments/citizen/manage.html", context, status=422 if error else 200
    )


urlpatterns: list[URLPattern] = [
    path("mpp/<slug:slug>/janji-temu/", start, name="start"),
    path("mpp/<slug:slug>/janji-temu/<str:appointment_service>/", calendar, name="calendar"),
    path("mpp/<slug:slug>/janji-temu/<str:appointment_service>/data/", details, name="details"),
    path("janji-temu/saya/", mine, name="mine"),
    path("janji-temu/<str:booking_code>/", booking, name="booking"),
    path("janji-temu/<str:booking_code>/kalender.ics", ics, name="ics"),
    path("janji-temu/<str:booking_code>/ubah/", manage, name="manage"),
]
