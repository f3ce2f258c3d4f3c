"""Staff pages: the supervisor's day view per service (with day overrides) and the
daily list of a counter; both can check a visitor in at the counter."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satupintu.appointments import checkin, selectors, services
from satupintu.appointments.access import can_check_in_booking, staff_appointments_mpp
from satupintu.appointments.slots import slots_between
from satupintu.catalog.selectors import local_today
from satupintu.core.errors import DomainError
from satupintu.tenancy.access import access_counter_to_serve


def _day(request: HttpRequest, mpp) -> dt.date:
    return parse_date(request.GET.get("tanggal") or "") or local_today(mpp)


@login_required
def day_view(request: HttpRequest) -> HttpResponse:
    mpp = staff_appointments_mpp(request.user)
    day = _day(request, mpp)
    offered = selectors.bookable_services(mpp)
    code = request.GET.get("layanan") or (offered[0].code if offered else "")
    service = next((s for s in offered if s.code == code), None)
    if request.method == "POST" and service is not None:
        return _override(request, mpp, service, day)
    counts = selectors.day_counts(mpp, day)
    context = {
        "mpp": mpp,
        "day": day,
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "services": [(s, counts.get(s.pk, {})) for s in offered],
        "service": service,
        "rows": selectors.day_bookings(mpp, service, day) if service else [],
        "override": selectors.override_of(service, day) if service else None,
        "slots": slots_between(mpp, service.slot_setting, day, day) if service else [],
        "here": request.get_full_path(),
    }
    return render(request, "appointments/staff/day.html", context)


def _override(request: HttpRequest, mpp, service, day: dt.date) -> HttpResponse:
    action = request.POST.get("action")
    here = reverse("appointments:staff_day") + f"?tanggal={day.isoformat()}&layanan={service.code}"
    try:
        if action == "block":
            cancelled = services.set_day_override(
                mpp=mpp,
                service=service,
                day=day,
                blocked=True,
                reason=request.POST.get("reason", "")[:200],
                actor=request.user,
            )
            messages.success(
                request,
                _("Hari ditutup untuk janji temu; %(n)s janji temu dibatalkan dan diberi tahu.")
                % {"n": len(cancelled)},
            )
        elif action == "capacity":
            try:
                extra = int(request.POST.get("extra_capacity", "0"))
            except ValueError:
                raise DomainError(_("Tambahan kapasitas harus berupa angka."), status=422) from None
            services.set_day_override(
                mpp=mpp,
                service=service,
                day=day,
                extra_capacity=extra,
                reason=request.POST.get("reason", "")[:200],
                actor=request.user,
            )
            messages.success(request, _("Kapasitas hari ini sudah diubah."))
        elif action == "clear":
            services.clear_day_override(mpp=mpp, service=service, day=day)
            messages.success(request, _("Hari ini kembali memakai pengaturan biasa."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(here)


@login_required
def counter_day(request: HttpRequest, counter_id: int) -> HttpResponse:
    counter = access_counter_to_serve(request.user, counter_id)
    day = _day(request, counter.mpp)
    context = {
        "counter": counter,
        "mpp": counter.mpp,
        "day": day,
        "rows": selectors.counter_bookings(counter, day),
        "here": request.get_full_path(),
    }
    return render(request, "appointments/staff/counter.html", context)


@login_required
@require_POST
def staff_check_in(request: HttpRequest, booking_code: str) -> HttpResponse:
    booking = selectors.booking_by_code(booking_code)
    if not can_check_in_booking(request.user, booking):
        raise PermissionDenied(_("Anda tidak dapat melakukan check-in untuk janji temu ini."))
    try:
        ticket = checkin.check_in(booking=booking, actor=request.user)
        messages.success(
            request,
            _("Check-in berhasil: nomor antrian %(number)s.") % {"number": ticket.number},
        )
    except DomainError as error:
        messages.error(request, error.message)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("appointments:staff_day")
    return redirect(back)


urlpatterns: list[URLPattern] = [
    path("staf/janji-temu/", day_view, name="staff_day"),
    path("staf/janji-temu/loket/<int:counter_id>/", counter_day, name="counter_day"),
    path("staf/janji-temu/<str:booking_code>/check-in/", staff_check_in, name="staff_check_in"),
]
