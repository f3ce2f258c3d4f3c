"""One visitor's whole queue journey, each screen in its own browser, on the ASGI server.

Kiosk (touch screen at the door) → the printed ticket's live page on the visitor's
phone → the officer's console calls the number with its keyboard shortcut → the TV
board shows it at that counter and announces it → the phone says it is their turn.
Every screen is a real page of the demo MPP; the call travels only through the
server's event streams.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from satupintu.accounts.models import Role, User
from satupintu.accounts.services import issue_api_token
from satupintu.demo.services import seed_demo
from satupintu.queueing.board.speech import announcement_text
from satupintu.queueing.models import Ticket
from satupintu.tenancy.models import Mpp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

OFFICER = "siti.rahmawati@banyumas.mpp.test"  # DINDUKCAPIL, counters 1 and 2
PASSWORD = "satupintu-demo"
LIVE = 3_000  # ms: "shown to everyone within a second", with room for a busy CI machine
NO_PRINT = "window.print = () => {}; navigator.vibrate = () => true;"


def screen(chromium, asgi_server, **options):
    context = chromium.new_context(locale="id-ID", base_url=asgi_server.url, **options)
    context.add_init_script(NO_PRINT)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    return page, errors


def test_a_kiosk_ticket_is_called_at_the_console_and_every_screen_follows(chromium, asgi_server):
    seed_demo()
    mpp = Mpp.objects.get(slug="banyumas")
    officer = User.objects.get(email=OFFICER)
    counter = officer.counters.order_by("number").first()
    kiosk_token = issue_api_token(user=User.objects.get(mpp=mpp, role=Role.KIOSK))
    display = User.objects.filter(mpp=mpp, role=Role.DISPLAY).order_by("pk").first()

    board, board_errors = screen(chromium, asgi_server, viewport={"width": 1920, "height": 1080})
    board.goto(f"/layar/{mpp.slug}/?token={issue_api_token(user=display)}")
    expect(board.locator("#call-number")).to_be_visible()

    kiosk, kiosk_errors = screen(chromium, asgi_server, viewport={"width": 1080, "height": 1920})
    kiosk.goto(f"/kios/{mpp.slug}/?token={kiosk_token}")
    agency = counter.booth.agency
    kiosk.get_by_role("link", name=agency.short_name).click()
    kiosk.locator(".kiosk-take").first.click()
    kiosk.locator(".kiosk-choice-default").click()
    kiosk.wait_for_url("**/nomor/**")
    ticket = Ticket.objects.get(public_id=kiosk.url.rstrip("/").rsplit("/", 1)[-1])
    expect(kiosk.locator(".kiosk-ticket-number")).to_have_text(ticket.number)

    phone, phone_errors = screen(chromium, asgi_server, viewport={"width": 360, "height": 740})
    phone.goto(f"/antrian/{ticket.public_id}/")  # what the ticket's QR code opens
    expect(phone.locator("[data-field=status]")).to_have_text("Menunggu")
    phone.evaluate("window.__same_page = true")

    console, console_errors = screen(chromium, asgi_server, viewport={"width": 1366, "height": 768})
    console.goto("/masuk/")
    console.get_by_label("E-mail atau nomor telepon").fill(OFFICER)
    console.get_by_label("Kata sandi").fill(PASSWORD)
    console.get_by_role("button", name="Masuk").click()
    console.wait_for_url("**/staf/")
    console.goto(f"/staf/loket/{counter.pk}/konsol/")
    expect(console.locator(f'#waiting-list tr[data-number="{ticket.number}"]')).to_have_count(1)
    console.keyboard.press("n")  # call next
    expect(console.locator(".current-number")).to_contain_text(ticket.number, timeout=LIVE)

    expect(board.locator("#call-number")).to_have_text(ticket.number, timeout=LIVE)
    tile = board.locator(f".counter[data-counter='{counter.pk}'] .counter-ticket")
    expect(tile).to_have_text(ticket.number)
    expect(board.locator("#board-announcement")).to_have_text(
        announcement_text(ticket.number, counter.number), timeout=15_000
    )

    expect(phone.get_by_role("heading", name="Giliran Anda!")).to_be_visible(timeout=LIVE)
    expect(phone.locator("[data-field=status]")).to_contain_text(
        re.compile(rf"Dipanggil.*Loket {counter.number}")
    )
    assert phone.evaluate("window.__same_page") is True  # live, not reloaded
    assert board_errors == kiosk_errors == phone_errors == console_errors == []
