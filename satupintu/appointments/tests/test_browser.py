"""Book on the phone, check in at the kiosk with the code, see the ticket on the TV board.

Runs on the ASGI server (the board listens to live streams). The MPP is open all
day in a zone where it is not near midnight, and holidays and cuti bersama are switched
off, so the test finds a slot starting within 30 minutes on any day it runs.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from satupintu.accounts.models import Role
from satupintu.accounts.services import issue_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.appointments.models import Booking, BookingStatus
from satupintu.appointments.tests.factories import make_bookable
from satupintu.gates.browser import screenshot_dir
from satupintu.tenancy.models import Mpp, TimeZone

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

LIVE = 3_000
NO_PRINT = "window.print = () => {}; navigator.vibrate = () => true;"


def _awake_zone() -> str:
    """A zone where it is between 01.00 and 22.00 now, so the next slot is today."""
    for zone in TimeZone.values:
        if 1 <= timezone.localtime(timezone.now(), Mpp(time_zone=zone).tzinfo).hour < 22:
            return zone
    return TimeZone.WIB


def screen(chromium, asgi_server, **options):
    context = chromium.new_context(locale="id-ID", base_url=asgi_server.url, **options)
    context.add_init_script(NO_PRINT)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    return page


def test_book_on_the_phone_check_in_at_the_kiosk_and_the_board_shows_it(
    chromium, asgi_server, monkeypatch
):
    monkeypatch.setattr("satupintu.core.calendar.skb_day_off", lambda day: None)
    b = make_bookable(time_zone=_awake_zone(), all_day=True, cutoff_minutes=0, prefix="C")
    mpp = b.mpp
    kiosk_user = make_user(Role.KIOSK, mpp=mpp)
    display = make_user(Role.DISPLAY, mpp=mpp)
    supervisor = make_user(Role.SUPERVISOR, mpp=mpp)

    board = screen(chromium, asgi_server, viewport={"width": 1920, "height": 1080})
    board.goto(f"/layar/{mpp.slug}/?token={issue_api_token(user=display)}")
    expect(board.locator("#call-number")).to_be_visible()

    phone = screen(chromium, asgi_server, viewport={"width": 390, "height": 844})
    phone.goto(f"/mpp/{mpp.slug}/janji-temu/")
    phone.get_by_role("link", name="Perpanjangan SIM A").click()
    expect(phone.locator(".booking-day.is-chosen")).to_be_visible()
    phone.screenshot(path=str(screenshot_dir() / "booking-calendar.png"), full_page=True)
    phone.locator("a.booking-slot").first.click()
    phone.get_by_label("Nama lengkap sesuai KTP").fill("Siti Aminah")
    phone.get_by_label("NIK (16 angka)").fill("3302014506900001")
    phone.get_by_label("Nomor ponsel (WhatsApp/SMS)").fill("0812-3456-7890")
    phone.get_by_role("button", name="Pesan janji temu").click()
    expect(phone.get_by_role("heading", name="Janji temu Anda terjadwal")).to_be_visible()
    booking = Booking.objects.get()
    code = phone.locator(".booking-code").text_content()
    assert code == f"{booking.code[:4]}-{booking.code[4:]}"
    expect(phone.locator(".booking-checklist li")).to_have_text(["Kartu Keluarga (fotokopi)"])
    phone.screenshot(path=str(screenshot_dir() / "booking-confirmation.png"), full_page=True)

    kiosk = screen(chromium, asgi_server, viewport={"width": 1080, "height": 1920})
    kiosk.goto(f"/kios/{mpp.slug}/?token={issue_api_token(user=kiosk_user)}")
    kiosk.get_by_role("link", name="Saya punya janji temu").click()
    kiosk.get_by_label("Kode janji temu").fill(code.lower())
    kiosk.screenshot(path=str(screenshot_dir() / "booking-kiosk-checkin.png"))
    kiosk.get_by_role("button", name="Check-in dan ambil nomor").click()
    kiosk.wait_for_url("**/nomor/**")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN
    expect(kiosk.locator(".kiosk-ticket-number")).to_have_text(booking.ticket.number)

    expect(board.locator(".waiting[data-queue=C] .waiting-number")).to_have_text("1", timeout=LIVE)

    client = Client()
    client.force_login(supervisor)
    staff = screen(chromium, asgi_server, viewport={"width": 1366, "height": 900})
    staff.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": asgi_server.url,
            }
        ]
    )
    staff.goto("/staf/janji-temu/")
    expect(staff.locator("tbody .status-pill").first).to_have_text("sudah check-in")
    staff.screenshot(path=str(screenshot_dir() / "booking-supervisor.png"), full_page=True)
    for page in (phone, kiosk, board, staff):
        assert not page.console_errors, page.console_errors
    assert booking.ticket.due_at == booking.start and booking.start > timezone.now() - dt.timedelta(
        minutes=30
    )
