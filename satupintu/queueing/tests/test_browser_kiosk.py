"""The kiosk and the live ticket page in a real Chromium, served by the ASGI application.

1. A visitor at the kiosk goes from agency to printed ticket with the keyboard alone
   (a touch screen's taps are the same links and buttons); the ticket prints itself,
   the print layout is one 80 mm wide page, and the QR code on it, read back from
   the pixels as a phone camera would, is the ticket's live page.
2. The live ticket page, open on a phone, turns into "Giliran Anda!" with the counter
   when the ticket is called, without a reload (the ticket's Server-Sent Events).
"""

from __future__ import annotations

import io
import re
import time

import pytest
from PIL import Image
from playwright.sync_api import expect

from satupintu.accounts.models import Role
from satupintu.accounts.services import issue_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.catalog.tests.qr import decode_qr
from satupintu.gates.a11y import KeyboardUser
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.models import Channel, Ticket
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets import services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

MM_PER_POINT = 25.4 / 72
# Counts the kiosk's calls to window.print() and navigator.vibrate() instead of
# opening a print dialog or shaking anything.
STUBS = """
window.__prints = 0;
window.print = () => { window.__prints += 1; };
window.__vibrations = 0;
navigator.vibrate = () => { window.__vibrations += 1; return true; };
"""


def wait_until(page, expression: str, timeout: float = 3.0) -> None:
    """Poll a JavaScript expression (wait_for_function needs eval, which the CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"{expression} still false after {timeout} s"
        page.wait_for_timeout(50)


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in mm of every page of a PDF written by Chromium."""
    count = len(re.findall(rb"/Type\s*/Page\b", pdf))
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    sizes = [(float(w) * MM_PER_POINT, float(h) * MM_PER_POINT) for w, h in boxes]
    return sizes if len(sizes) == count else sizes * count


def test_a_visitor_takes_a_printed_ticket_at_the_kiosk_with_the_keyboard(asgi_page, asgi_server):
    q = make_queue(counters=1)
    device = make_user(Role.KIOSK, mpp=q.mpp)
    page = asgi_page
    page.set_viewport_size({"width": 1080, "height": 1920})
    page.add_init_script(STUBS)
    page.goto(f"/kios/{q.mpp.slug}/?token={issue_api_token(user=device)}")
    assert page.url == f"{asgi_server.url}/kios/{q.mpp.slug}/"  # the token left the address

    kb = KeyboardUser(page)
    with page.expect_navigation():
        kb.activate(page.get_by_role("link", name=q.service.agency.short_name))
    with page.expect_navigation():
        kb.activate(page.get_by_role("link", name=re.compile(r"^Perekaman KTP-el\W+Biaya")))
    expect(page.get_by_text("Kartu Keluarga")).to_be_visible()  # the requirements, first
    with page.expect_navigation():
        kb.activate(page.get_by_role("button", name="Tidak antrian biasa"), " ")

    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.service) == (Channel.KIOSK, q.service)
    live_url = f"{asgi_server.url}/antrian/{ticket.public_id}/"
    assert page.locator(".kiosk-ticket-number").inner_text() == ticket.number
    wait_until(page, "window.__prints === 1")  # printed once, by itself
    on_screen = Image.open(io.BytesIO(page.screenshot()))
    assert decode_qr(on_screen) == [live_url]

    page.emulate_media(media="print")
    assert page.locator(".kiosk-ticket").is_hidden() and page.locator(".slip").is_visible()
    [(width, _height)] = pdf_pages(page.pdf(width="80mm"))
    assert width == pytest.approx(80, abs=0.5)
    slip = page.locator(".slip").bounding_box()
    assert slip is not None and slip["width"] <= 72 / 25.4 * 96 + 1  # the printable 72 mm
    page.set_viewport_size({"width": 302, "height": 900})  # 80 mm at 96 dpi
    printed = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    assert decode_qr(printed) == [live_url]
    text = page.locator(".slip").inner_text()
    assert ticket.number in text and "Pantau antrian Anda dengan memindai kode QR" in text


def test_the_kiosk_returns_to_the_start_in_indonesian_when_done(asgi_page):
    q = make_queue(counters=1)
    device = make_user(Role.KIOSK, mpp=q.mpp)
    page = asgi_page
    page.add_init_script(STUBS)
    page.goto(f"/kios/{q.mpp.slug}/?token={issue_api_token(user=device)}")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name=q.service.agency.short_name).click()
    page.locator(".kiosk-take").first.click()
    page.locator(".kiosk-choice-default").click()
    page.wait_for_url("**/nomor/**")
    with page.expect_navigation():
        page.locator("button[form=kiosk-reset]").click()  # "Selesai" / "Done"
    assert page.url.endswith(f"/kios/{q.mpp.slug}/")
    assert page.locator("html").get_attribute("lang") == "id"


def test_the_live_ticket_page_shows_the_call_without_a_reload(asgi_page):
    q = make_queue(counters=1)
    ticket = services.issue_ticket(mpp=q.mpp, service=q.service, channel=Channel.KIOSK)
    page = asgi_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.add_init_script(STUBS)
    page.goto(f"/antrian/{ticket.public_id}/")
    status = page.locator("[data-field=status]")
    assert status.inner_text() == "Menunggu"
    assert page.get_by_role("heading", name="Giliran Anda!").is_hidden()
    page.evaluate("window.__loaded = true")  # gone if the page reloads
    page.wait_for_timeout(300)  # let the stream open and send its snapshot

    counter_services.call_next(counter=q.counters[0], officer=None)

    counter = q.counters[0].number
    page.get_by_role("heading", name="Giliran Anda!").wait_for(state="visible", timeout=3000)
    assert status.inner_text() == f"Dipanggil — silakan menuju Loket {counter}"
    assert page.locator(".called-counter").inner_text().endswith(f"Loket {counter}")
    assert page.title().startswith(f"Giliran Anda! Loket {counter}")
    assert page.evaluate("window.__vibrations") == 1
    assert page.evaluate("window.__loaded") is True
    assert page.locator("[data-field=connection]").is_hidden()
    assert not page.console_errors
