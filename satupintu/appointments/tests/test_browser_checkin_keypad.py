"""The kiosk's check-in in a real Chromium at the kiosk's portrait size: the booking code
entered on the on-screen keypad by touch, and by a QR scanner typing the booking's address
into the same field (it types like a keyboard, ending with Enter)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from satupintu.accounts.models import Role
from satupintu.accounts.services import issue_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.appointments import services
from satupintu.appointments.models import BookingStatus
from satupintu.appointments.tests.factories import NIKS, make_bookable
from satupintu.appointments.tests.test_browser import _awake_zone
from satupintu.gates.a11y import audit
from satupintu.gates.browser import screenshot_dir

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

NO_PRINT = "window.print = () => {}; navigator.vibrate = () => true;"


@pytest.fixture
def b(monkeypatch):
    monkeypatch.setattr("satupintu.core.calendar.skb_day_off", lambda day: None)
    return make_bookable(time_zone=_awake_zone(), all_day=True, cutoff_minutes=0, prefix="C")


def book_the_next_slot(b, nik: str):
    """A booking whose check-in is open now: the slot starting at the next half hour."""
    now = dt.datetime.now(b.mpp.tzinfo).replace(second=0, microsecond=0)
    start = now + dt.timedelta(minutes=30 - now.minute % 30)
    return services.book(
        mpp=b.mpp, service=b.service, start=start, name="Siti Aminah", nik=nik, phone="081234567890"
    )


@pytest.fixture
def kiosk(chromium, asgi_server, b):
    device = make_user(Role.KIOSK, mpp=b.mpp)
    context = chromium.new_context(
        locale="id-ID",
        base_url=asgi_server.url,
        viewport={"width": 1080, "height": 1920},
        has_touch=True,
    )
    context.add_init_script(NO_PRINT)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.goto(f"/kios/{b.mpp.slug}/?token={issue_api_token(user=device)}")
    yield page
    assert not page.console_errors, page.console_errors
    context.close()


def test_the_booking_code_is_entered_on_the_on_screen_keypad(kiosk, b):
    booking = book_the_next_slot(b, NIKS[0])
    page = kiosk
    with page.expect_navigation():
        page.get_by_role("link", name="Saya punya janji temu").tap()
    keypad = page.get_by_role("group", name="Papan ketik layar")
    expect(keypad).to_be_visible()
    labels = keypad.locator("[data-key]").all_inner_texts()
    assert sorted(labels) == sorted(services.CODE_ALPHABET)  # no look-alikes (0/O, 1/I…)
    for key in keypad.get_by_role("button").all():
        box = key.bounding_box()
        assert box["width"] >= 48 and box["height"] >= 48
    field = page.get_by_label("Kode janji temu")
    wrong = "X" if booking.code[0] != "X" else "Y"
    keypad.get_by_role("button", name=wrong, exact=True).tap()
    keypad.get_by_role("button", name="Hapus", exact=True).tap()  # a slip, taken back
    for character in booking.code:
        keypad.get_by_role("button", name=character, exact=True).tap()
    expect(field).to_have_value(booking.code)
    expect(field).to_be_focused()
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    problems = audit(page, "[kiosk · id] check-in with the keypad")
    assert not problems, "\n".join(map(str, problems))
    page.screenshot(path=str(screenshot_dir() / "kiosk-checkin-keypad.png"))
    with page.expect_navigation():
        page.get_by_role("button", name="Check-in dan ambil nomor").tap()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN
    expect(page.locator(".kiosk-ticket-number")).to_have_text(booking.ticket.number)


def test_a_scanner_or_a_keyboard_types_into_the_same_field(kiosk, b):
    scanned, typed = book_the_next_slot(b, NIKS[1]), book_the_next_slot(b, NIKS[2])
    page = kiosk
    for booking, text in (
        (scanned, f"https://mpp.example.go.id/janji-temu/{scanned.code}/"),
        (typed, f"{typed.code[:4].lower()}-{typed.code[4:].lower()}"),
    ):
        page.goto(f"/kios/{b.mpp.slug}/janji-temu/")
        expect(page.get_by_label("Kode janji temu")).to_be_focused()  # ready for the scanner
        with page.expect_navigation():
            page.keyboard.type(text + "\n")
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CHECKED_IN, text
        expect(page.locator(".kiosk-ticket-number")).to_have_text(booking.ticket.number)
