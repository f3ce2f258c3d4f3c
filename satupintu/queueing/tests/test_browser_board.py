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
from satupintu.queueing.board import services, speech
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
window.rates = [];
window.speechMs = 10;  // how long each sentence takes
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
const voice = { lang: "id-ID", name: "uji" };
speechSynthesis.getVoices = () => [voice];
speechSynthesis.speak = (utterance) => {
  window.spoken.push(utterance.text);
  window.rates.push(utterance.rate);
  setTimeout(() => utterance.onend && utterance.onend(), window.speechMs);
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


# --- a burst of calls (opening time, after the lunch break): everyone is announced


def said(page, calls):
    """(number, phrasing) of each sentence the board said, in order, for these calls."""
    sentences = {
        speech.announcement_text(number, counter, phrasing): (number, phrasing)
        for number, counter in calls
        for phrasing in speech.PHRASINGS
    }
    return [sentences.get(text, (text, "?")) for text in page.evaluate("window.spoken")]


def test_a_burst_of_twenty_calls_is_announced_whole_shorter_and_faster_as_they_queue(board):
    q, page = board
    issue(q, q.service_xa, 10)
    issue(q, q.service_xb, 10)
    expect(page.locator(".waiting[data-queue=B] .waiting-number")).to_have_text("10", timeout=LIVE)
    calls = []
    for _ in range(10):  # two counters calling as fast as they can: 20 calls in seconds
        for counter in (q.p.counter_xa, q.p.counter_xb):
            ticket = counter_services.call_next(counter=counter, officer=None)
            calls.append((ticket.number, counter.number))
            counter_services.start_serving(ticket=ticket, actor=None)
            counter_services.finish(ticket=ticket, actor=None)
    expect(page.locator("#call-number")).to_have_text(calls[-1][0], timeout=LIVE)
    page.wait_for_function("() => window.spoken.length >= 20", timeout=30_000)
    page.wait_for_timeout(1_000)  # nothing more comes

    spoken = said(page, calls)
    assert [number for number, _phrasing in spoken] == [number for number, _ in calls]
    phrasings = [phrasing for _number, phrasing in spoken]
    assert phrasings[0] == "full"  # the first call, nothing behind it yet
    assert "short" in phrasings  # "Nomor A, nol nol lima, loket satu." under the backlog
    assert phrasings[-1] == "full"  # the backlog is gone by the last one
    rates = page.evaluate("window.rates")
    assert max(rates) > rates[0] == 0.9  # faster while calls wait
    assert page.console_errors == []


def test_a_recall_of_a_number_still_waiting_to_be_said_is_said_once(board):
    q, page = board
    page.evaluate("window.speechMs = 2000")  # A-001 is being said while the rest comes
    issue(q, q.service_xa)
    issue(q, q.service_xb)
    first = counter_services.call_next(counter=q.p.counter_xa, officer=None)
    page.wait_for_function("() => window.spoken.length === 1", timeout=10_000)
    second = counter_services.call_next(counter=q.p.counter_xb, officer=None)
    counter_services.recall(ticket=second, actor=None)  # B-001 again, before it was said
    expect(page.locator("#board-announcement")).to_contain_text("B, nol nol satu", timeout=10_000)
    page.evaluate("window.speechMs = 10")
    page.wait_for_timeout(2_500)
    calls = [(first.number, 1), (second.number, 2)]
    assert [number for number, _ in said(page, calls)] == ["A-001", "B-001"]
    counter_services.recall(ticket=second, actor=None)  # once said, a recall is said again
    page.wait_for_function("() => window.spoken.length === 3", timeout=10_000)
    assert [number for number, _ in said(page, calls)] == ["A-001", "B-001", "B-001"]


def box(page, selector):
    return page.locator(selector).bounding_box()


def overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1080, 1920)])
def test_the_sound_button_covers_neither_the_waiting_counts_nor_the_counters(board, size):
    q, page = board
    services.set_running_text(mpp=q.p.mpp_x, text="Selamat datang di MPP.", actor=None)
    issue(q, q.service_xa, 3)
    expect(page.locator("#ticker-text")).to_have_text("Selamat datang di MPP.", timeout=LIVE)
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    # a TV started without the autoplay flag shows the button until someone taps
    page.evaluate("document.getElementById('board-sound').hidden = false")
    button = page.get_by_role("button", name="Ketuk untuk mengaktifkan suara")
    expect(button).to_be_visible()
    sound = button.bounding_box()
    assert sound["x"] >= 0 and sound["x"] + sound["width"] <= width
    parts = ("#waiting-grid", "#counter-grid", "#call-card", "#board-ticker", ".board-clock")
    for part in (*parts, ".board-title"):
        assert not overlap(sound, box(page, part)), (part, size)
    page.screenshot(path=str(screenshot_dir() / f"board-sound-button-{width}x{height}.png"))
