"""The kiosk's "Saya punya janji temu" step: type (or scan) the booking code, get the ticket.

A QR scanner on the kiosk types what it reads: the booking's address, which ends
with the code, so both the code and the address are accepted. A finger types on the
on-screen keypad, which offers only the characters a booking code is made of.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from satupintu.appointments import checkin, selectors, services
from satupintu.core.errors import DomainError
from satupintu.queueing.access import check_kiosk
from satupintu.queueing.kiosk.keyboard import keyboard
from satupintu.queueing.kiosk.pages import kiosk_context, kiosk_screen
from satupintu.tenancy.models import Mpp

CODE_KEYPAD = keyboard(alphabet=services.CODE_ALPHABET)


def code_from_scan(raw: str) -> str:
    """'https://…/janji-temu/K7PMQ3XD/' or 'k7pm-q3xd' -> 'K7PMQ3XD'."""
    text = str(raw or "").strip()
    if "/" in text:
        text = [part for part in text.split("/") if part][-1]
    return services.normalize_code(text)


@kiosk_screen
def check_in(request: HttpRequest, mpp: Mpp) -> HttpResponse:
    context = {**kiosk_context(request, mpp), "value": "", "keyboard": CODE_KEYPAD}
    if request.method == "POST":
        check_kiosk(request.user, mpp)
        context["value"] = request.POST.get("code", "")[:200]
        try:
            booking = selectors.booking_by_code(code_from_scan(context["value"]))
            if booking.mpp_id != mpp.pk:
                raise Http404
            ticket = checkin.check_in(booking=booking, actor=request.user)
        except Http404:
            context["error"] = _("Kode janji temu tidak ditemukan di MPP ini. Periksa kembali.")
            return render(request, "appointments/kiosk/check_in.html", context, status=404)
        except DomainError as error:
            context["error"] = error.message
            return render(request, "appointments/kiosk/check_in.html", context, status=error.status)
        return redirect("queueing:kiosk_ticket", slug=mpp.slug, ticket_id=ticket.public_id)
    return render(request, "appointments/kiosk/check_in.html", context)


urlpatterns: list[URLPattern] = [
    path("kios/<slug:slug>/janji-temu/", check_in, name="kiosk_check_in"),
]
