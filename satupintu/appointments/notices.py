"""What a citizen is told about a booking (`notifications.notify_citizen`), and its .ics file.

Texts are short enough for an SMS/WhatsApp message and say the time in the MPP's
zone with its label (WIB/WITA/WIT), since a citizen may book from elsewhere.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from satupintu.appointments.models import Booking
from satupintu.appointments.slots import Slot
from satupintu.catalog.selectors import version_in_force
from satupintu.core.links import citizen_link
from satupintu.notifications.models import CitizenKind
from satupintu.notifications.services import notify_citizen


def reference(booking: Booking) -> str:
    return f"booking:{display_code(booking)}"


def display_code(booking: Booking) -> str:
    code = booking.code
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def when(booking_or_slot: Booking | Slot, mpp) -> str:
    """'Senin, 12 Januari 2026, 08.30 WIB' in the MPP's zone."""
    local = timezone.localtime(booking_or_slot.start, mpp.tzinfo)
    return f"{date_format(local, 'l, j F Y')}, {local:%H.%M} {mpp.time_zone_label}"


def service_name(booking: Booking) -> str:
    version = version_in_force(booking.service)
    return version.name if version else booking.service.code


def manage_url(booking: Booking) -> str:
    """The booking's page, as a link a phone can open (settings.PUBLIC_URL)."""
    return citizen_link(reverse("appointments:booking", args=[booking.code]))


def _send(booking: Booking, kind: str, subject: str, body: str) -> None:
    """On the channel the citizen chose for bookings when the booking belongs to an account,
    else on the phone and e-mail it gives; one message per kind and slot time."""
    notify_citizen(
        kind=CitizenKind.APPOINTMENT,
        event_key=f"{reference(booking)}:{kind}:{booking.start.isoformat()}",
        title=subject,
        body=body,
        url=manage_url(booking),
        user=booking.user if booking.user_id else None,
        phone=booking.phone,
        email=booking.email,
        mpp=booking.mpp,
        reference=reference(booking),
        message_kind=kind,
    )


def confirmation(booking: Booking) -> None:
    values = {
        "name": booking.name,
        "service": service_name(booking),
        "mpp": booking.mpp.name,
        "when": when(booking, booking.mpp),
        "code": display_code(booking),
        "url": manage_url(booking),
    }
    body = (
        _(
            "Yth. %(name)s, janji temu Anda untuk %(service)s di %(mpp)s terjadwal pada "
            "%(when)s. Kode janji temu: %(code)s. Datang paling lambat 15 menit sebelumnya dan "
            "check-in di kios dengan kode ini. Lihat persyaratan, ubah atau batalkan: %(url)s"
        )
        % values
    )
    _send(booking, "appointment.confirmation", _("Janji temu %(code)s terjadwal") % values, body)


def reminder(booking: Booking) -> None:
    values = {
        "service": service_name(booking),
        "mpp": booking.mpp.name,
        "when": when(booking, booking.mpp),
        "code": display_code(booking),
        "url": manage_url(booking),
    }
    body = (
        _(
            "Pengingat: besok %(when)s Anda memiliki janji temu %(service)s di %(mpp)s (kode "
            "%(code)s). Bawa persyaratan asli. Tidak dapat hadir? Batalkan agar jadwal dapat "
            "dipakai warga lain: %(url)s"
        )
        % values
    )
    _send(booking, "appointment.reminder", _("Pengingat janji temu %(code)s besok") % values, body)


def rescheduled(booking: Booking) -> None:
    values = {"when": when(booking, booking.mpp), "code": display_code(booking)}
    body = _("Janji temu %(code)s dipindahkan ke %(when)s.") % values
    _send(booking, "appointment.rescheduled", _("Janji temu %(code)s dipindahkan") % values, body)


def cancelled(booking: Booking) -> None:
    values = {"when": when(booking, booking.mpp), "code": display_code(booking)}
    body = _("Janji temu %(code)s pada %(when)s sudah dibatalkan.") % values
    _send(booking, "appointment.cancelled", _("Janji temu %(code)s dibatalkan") % values, body)


def cancelled_by_mpp(booking: Booking, reason: str, offers: list[Slot]) -> None:
    values = {
        "mpp": booking.mpp.name,
        "when": when(booking, booking.mpp),
        "code": display_code(booking),
        "reason": reason,
        "url": manage_url(booking),
    }
    body = (
        _("Mohon maaf, %(mpp)s membatalkan janji temu %(code)s pada %(when)s karena: %(reason)s.")
        % values
    )
    if offers:
        body += " " + _("Jadwal terdekat yang masih kosong: %(slots)s.") % {
            "slots": "; ".join(when(slot, booking.mpp) for slot in offers)
        }
    body += " " + _("Pesan jadwal baru: %(url)s") % values
    _send(
        booking,
        "appointment.cancelled_by_mpp",
        _("Janji temu %(code)s dibatalkan MPP") % values,
        body,
    )


def _ics_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics(booking: Booking, *, url: str) -> str:
    """An iCalendar (RFC 5545) event for the visit, for the citizen's own calendar."""
    mpp = booking.mpp
    summary = _("Janji temu %(service)s (%(code)s)") % {
        "service": service_name(booking),
        "code": display_code(booking),
    }
    description = _("Check-in di kios MPP dengan kode %(code)s. %(url)s") % {
        "code": display_code(booking),
        "url": url,
    }
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//satupintu//janji temu//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{booking.code}@satupintu",
        f"DTSTAMP:{_ics_time(booking.created_at)}",
        f"DTSTART:{_ics_time(booking.start)}",
        f"DTEND:{_ics_time(booking.end)}",
        f"SUMMARY:{_ics_text(summary)}",
        f"LOCATION:{_ics_text(f'{mpp.name}, {mpp.address}')}",
        f"DESCRIPTION:{_ics_text(description)}",
        f"URL:{url}",
        "BEGIN:VALARM",
        "TRIGGER:-PT1H",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_ics_text(summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets continue on lines starting with a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " "
        current += char
    out.append(current)
    return "\r\n".join(out)
