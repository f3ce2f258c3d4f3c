"""The display board in a real Chromium against the real ASGI app: live calls drawn by the
server, the sentence the server wrote spoken, running text, and coming back right after a
network cut or a server restart."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from satupintu.accounts.models import Role
from satupintu.accounts.services import issue_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.gates.browser import screenshot_dir
from satupintu.queueing.board import services
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.counters.services import pause_counter
from satupintu.queueing.tests.factories import queue_personas
from satupintu.queueing.tickets import services as ticket_services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

LIVE = 2_000  # ms: a call is on the board within this
SAID = "Nomor antrian, A, nol nol satu, silakan menuju loket satu."
# The browser's speech, replaced by one Indonesian voice that writes down what it is given.
SPEECH_STUB = """
window.spoken = [];
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
const voice = { lang: "id-ID", name: "uji" };
speechSynthesis.getVoices = () => [voice];
speechSynthesis.speak = (utterance) => {
  window.spoken.push(utterance.text);
  setTimeout(() => utterance.onend && utterance.onend(), 10);
};
"""


@pytest.fixture
def board(asgi_page, personas):
    """The board of MPP X, opened the way a TV opens it: with its device token."""
    q = queue_personas(personas)
    display = make_user(Role.DISPLAY, mpp=personas.mpp_x)
    asgi_page.set_viewport_size({"width": 1920, "height": 1080})
    asgi_page.add_init_script(SPEECH_STUB)
    asgi_page.goto(f"/layar/mpp-x/?token={issue_api_token(user=display)}")
    asgi_page.wait_for_selector("body[data-stream=live]", timeout=5_000)
    return q, asgi_page


def issue(q, service, n=1):
    for _ in range(n):
        ticket_services.issue_ticket(mpp=q.p.mpp_x, service=service, channel="kiosk")


def test_a_call_appears_big_at_its_counter_and_is_announced(board):
    q, page = board
    assert page.url.endswith("/layar/mpp-x/")  # the token left the address bar
    issue(q, q.service_xa, 2)
    expect(page.locator(".waiting[data-queue=A] .waiting-number")).to_have_text("2", timeout=LIVE)
    counter_services.call_next(counter=q.p.counter_xa, officer=None)

    expect(page.locator("#call-number")).to_have_text("A-001", timeout=LIVE)
    assert page.text_content("#call-counter") == "1"
    tile = page.locator(f".counter[data-counter='{q.p.counter_xa.pk}']")
    assert tile.get_attribute("data-state") == "called"
    assert tile.locator(".counter-ticket").text_content() == "A-001"
    assert page.text_content(".waiting[data-queue=A] .waiting-number") == "1"
    expect(page.locator("#board-announcement")).to_have_text(
        "Nomor antrian, A, nol nol satu, silakan menuju loket satu.", timeout=LIVE
    )

    # a second counter calls right after: the board shows it, the first moves down the list
    issue(q, q.service_xb)
    counter_services.call_next(counter=q.p.counter_xb, officer=None)
    expect(page.locator("#call-number")).to_have_text("B-001", timeout=LIVE)
    expect(page.locator("#previous-calls li").first).to_have_text("A-001 Loket 1")
    # …and is spoken after the first, never over it
    expect(page.locator("#board-announcement")).to_contain_text("B, nol nol satu", timeout=15_000)
    assert page.console_errors == []


def test_the_running_text_and_counter_modes_change_live(board):
    q, page = board
    assert page.is_hidden("#board-ticker")
    services.set_running_text(mpp=q.p.mpp_x, text="Loket BPJS buka sampai 15.00 WIB.", actor=None)
    expect(page.locator("#ticker-text")).to_have_text(
        "Loket BPJS buka sampai 15.00 WIB.", timeout=LIVE
    )
    assert page.is_visible("#board-ticker")
    pause_counter(counter=q.p.counter_xb, actor=None)
    tile = f".counter[data-counter='{q.p.counter_xb.pk}']"
    page.wait_for_selector(f"{tile}[data-state=paused]", timeout=LIVE)
    assert page.text_content(f"{tile} .counter-ticket") == "Istirahat"


def test_after_a_network_cut_the_board_comes_back_right(board):
    q, page = board
    page.context.set_offline(True)
    page.wait_for_selector("#board-offline", state="visible", timeout=5_000)
    assert "Menyambung ulang" in page.text_content("#board-offline")
    issue(q, q.service_xa)
    counter_services.call_next(counter=q.p.counter_xa, officer=None)  # while the TV is cut off
    page.context.set_offline(False)
    expect(page.locator("#call-number")).to_have_text("A-001", timeout=10_000)
    page.wait_for_selector("#board-offline", state="hidden", timeout=LIVE)
    # the call it missed is said once it is back (a recent one), and only once
    page.wait_for_function("(said) => window.spoken.includes(said)", arg=SAID, timeout=10_000)
    assert page.evaluate("window.spoken") == [SAID]


def test_the_board_says_the_sentence_the_server_wrote_into_the_call(board):
    q, page = board
    issue(q, q.service_xa)
    ticket = counter_services.call_next(counter=q.p.counter_xa, officer=None)
    said = SAID
    page.wait_for_function("(said) => window.spoken.includes(said)", arg=said, timeout=10_000)
    counter_services.recall(ticket=ticket, actor=None)  # a recall is said again
    page.wait_for_function("() => window.spoken.length === 2", timeout=10_000)
    assert page.evaluate("window.spoken") == [said, said]
    assert page.text_content("#board-announcement") == said
    page.screenshot(path=str(screenshot_dir() / "board-live.png"))
    assert page.console_errors == []


def test_after_a_server_restart_the_board_shows_the_calls_made_meanwhile(board, asgi_server):
    q, page = board
    issue(q, q.service_xa, 2)
    expect(page.locator(".waiting[data-queue=A] .waiting-number")).to_have_text("2", timeout=LIVE)
    asgi_server.stop()
    page.wait_for_selector("#board-offline", state="visible", timeout=10_000)
    counter_services.call_next(counter=q.p.counter_xa, officer=None)  # while the server is down
    services.set_running_text(mpp=q.p.mpp_x, text="Server kembali.", actor=None)
    asgi_server.start()
    expect(page.locator("#call-number")).to_have_text("A-001", timeout=40_000)
    page.wait_for_function("(said) => window.spoken.includes(said)", arg=SAID, timeout=10_000)
    assert page.text_content(".waiting[data-queue=A] .waiting-number") == "1"
    assert page.text_content("#ticker-text") == "Server kembali."
    page.wait_for_selector("#board-offline", state="hidden", timeout=LIVE)
    issue(q, q.service_xa)  # and it is live again
    expect(page.locator(".waiting[data-queue=A] .waiting-number")).to_have_text("2", timeout=LIVE)
