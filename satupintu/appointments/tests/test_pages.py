"""The booking pages: booking flow, "Janji temu saya" with the digits, staff day views."""

import datetime as dt

import pytest
import time_machine

from satupintu.appointments import services
from satupintu.appointments.models import Booking, BookingStatus
from satupintu.appointments.tests.factories import NIKS, at, make_bookable

MONDAY = dt.date(2026, 8, 10)


@pytest.fixture
def b(personas):
    bookable = make_bookable(mpp=personas.mpp_x, prefix="C")
    with time_machine.travel(at(bookable.mpp, MONDAY, 6), tick=False):
        yield bookable


def booked(b):
    return services.book(
        mpp=b.mpp,
        service=b.service,
        start=at(b.mpp, MONDAY, 9),
        name="Budi Santoso",
        nik=NIKS[0],
        phone="081234567890",
    )


def test_the_flow_from_calendar_to_confirmation(client, b):
    calendar = client.get(f"/mpp/{b.mpp.slug}/janji-temu/{b.service.code}/")
    assert calendar.status_code == 200 and "08.00" in calendar.text
    details_url = f"/mpp/{b.mpp.slug}/janji-temu/{b.service.code}/data/"
    start = at(b.mpp, MONDAY, 8).isoformat()
    bad = client.post(details_url, {"start": start, "name": "Budi", "nik": "12", "phone": "0812"})
    assert bad.status_code == 422 and "16 angka" in bad.text
    done = client.post(
        details_url,
        {"start": start, "name": "Budi Santoso", "nik": NIKS[0], "phone": "081234567890"},
    )
    booking = Booking.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/janji-temu/{booking.code}/"
    page = client.get(done["Location"])
    assert "Kartu Keluarga" in page.text and "3302********0001" in page.text
    assert f'<a href="/mpp/{b.mpp.slug}/">{b.mpp.name}</a>' in page.text  # the way back
    ics = client.get(f"/janji-temu/{booking.code}/kalender.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content


def test_changing_a_booking_needs_the_code_and_the_last_digits(client, b):
    booking = booked(b)
    assert client.get(f"/janji-temu/{booking.code}/ubah/").status_code == 302
    wrong = client.post("/janji-temu/saya/", {"code": booking.code, "digits": "1234"})
    assert wrong.status_code == 404 and "tidak cocok" in wrong.text
    right = client.post("/janji-temu/saya/", {"code": booking.code.lower(), "digits": "7890"})
    assert right["Location"] == f"/janji-temu/{booking.code}/ubah/"
    later = at(b.mpp, MONDAY, 14).isoformat()
    assert later in client.get(right["Location"]).text
    client.post(right["Location"], {"action": "reschedule", "start": later})
    booking.refresh_from_db()
    assert booking.start == at(b.mpp, MONDAY, 14)
    client.post(right["Location"], {"action": "cancel"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_supervisor_day_view_blocks_a_day_and_officers_are_refused(client, b, personas):
    booking = booked(b)
    client.force_login(personas.officer_xa)
    assert client.get("/staf/janji-temu/").status_code == 403
    client.force_login(personas.supervisor_x)
    day = client.get("/staf/janji-temu/", {"tanggal": "2026-08-10"})
    assert day.status_code == 200 and "Budi Santoso" in day.text
    assert "3302********0001" in day.text and booking.nik not in day.text
    client.post(
        f"/staf/janji-temu/?tanggal=2026-08-10&layanan={b.service.code}",
        {"action": "block", "reason": "Listrik padam"},
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_kiosk_check_in_step_accepts_the_scanned_address(client, b, personas):
    booking = booked(b)
    client.force_login(personas.kiosk_x)
    path = f"/kios/{b.mpp.slug}/janji-temu/"
    early = client.post(path, {"code": booking.code})
    assert early.status_code == 409 and "dibuka" in early.text
    with time_machine.travel(at(b.mpp, MONDAY, 8, 45), tick=False):
        done = client.post(path, {"code": f"http://mpp.test/janji-temu/{booking.code}/"})
    booking.refresh_from_db()
    assert done.status_code == 302 and str(booking.ticket.public_id) in done["Location"]
    assert client.post(path, {"code": "ZZZZ-ZZZZ"}).status_code == 404
