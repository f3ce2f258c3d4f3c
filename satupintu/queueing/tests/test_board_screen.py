"""Live screens drawn by the server: the board's and the console's streams send HTML that a
citizen or an officer reads (the number called, the counter, the sentence said aloud)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.core.tests.concurrency import run_async
from satupintu.queueing.board import services, streams
from satupintu.queueing.board.screen import MISSED_CALL_SECONDS, Screen
from satupintu.queueing.board.selectors import queue_snapshot
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.models import TicketEvent
from satupintu.queueing.tests.factories import queue_personas
from satupintu.queueing.tests.test_streams import Stream, in_thread
from satupintu.queueing.tickets import services as ticket_services

pytestmark = pytest.mark.usefixtures("bus")

EVENTS = "/layar/mpp-x/events"
SAID = "Nomor antrian, A, nol nol satu, silakan menuju loket satu."


@pytest.fixture
def q(personas):
    return queue_personas(personas)


def client_of(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def messages(body: str) -> list[tuple[str, str]]:
    """(event, HTML) of each message of a stream answered whole."""
    found = []
    for block in body.split("\n\n"):
        lines = block.splitlines()
        event = next((line[7:] for line in lines if line.startswith("event: ")), None)
        if event:
            found.append(
                (event, "\n".join(line[6:] for line in lines if line.startswith("data: ")))
            )
    return found


def text_of(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', html)
    assert match, f"no #{element_id} in {html[:200]}"
    return match.group(1).strip()


def call_one(q):
    ticket_services.issue_ticket(mpp=q.p.mpp_x, service=q.service_xa, channel="kiosk")
    return counter_services.call_next(counter=q.p.counter_xa, officer=None)


# --- the board's stream through Django (a WSGI server): the whole board, then the end


@pytest.mark.django_db
def test_the_board_stream_starts_with_the_whole_board_as_the_tv_shows_it(q):
    call_one(q)
    services.set_running_text(mpp=q.p.mpp_x, text="Selamat datang.", actor=None)
    display = make_user(Role.DISPLAY, mpp=q.p.mpp_x)
    response = client_of(display).get(EVENTS)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream; charset=utf-8"
    [(event, html)] = messages(response.text)
    assert event == "board"
    assert text_of(html, "call-number") == "A-001"
    assert text_of(html, "call-counter") == "1"
    assert f'data-say="{SAID}"' in html
    assert re.search(r'data-state="called">\s*<span class="counter-name">Loket 1</span>', html)
    assert text_of(html, "ticker-text") == "Selamat datang."


@pytest.mark.django_db
def test_the_board_stream_is_for_the_boards_viewers_only(q, personas):
    display_y = make_user(Role.DISPLAY, mpp=personas.mpp_y)
    assert client_of(q.p.supervisor_x).get(EVENTS).status_code == 200
    for user in (q.p.officer_xa, q.p.citizen, q.p.kiosk_x, display_y, None):
        assert client_of(user).get(EVENTS).status_code == 403, user
    assert client_of(q.p.supervisor_x).get("/layar/tidak-ada/events").status_code == 404
    assert client_of(q.p.supervisor_x).post(EVENTS).status_code == 405


@pytest.mark.django_db
def test_a_board_that_missed_a_call_is_told_whether_it_is_recent_enough_to_announce(q):
    ticket = call_one(q)
    screen = Screen(slug="mpp-x", agencies={}, language="id")
    html = screen.render(queue_snapshot(q.p.mpp_x))
    history = TicketEvent.objects.get(ticket=ticket, action="call").pk
    assert f'data-call="{history}"' in html and "data-recent" in html
    later = ticket.called_at + dt.timedelta(seconds=MISSED_CALL_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert "data-recent" not in screen.render(queue_snapshot(q.p.mpp_x))


@pytest.mark.django_db
def test_an_english_board_writes_english_and_still_says_the_call_in_indonesian(q):
    call_one(q)
    screen = Screen(slug="mpp-x", agencies={}, language="en")
    html = screen.render(queue_snapshot(q.p.mpp_x))
    assert "Counter 1" in html and "Loket 1" not in html
    assert f'data-say="{SAID}"' in html


# --- through the ASGI server: each event sends the parts it changed


def session_cookie(user) -> tuple[bytes, bytes]:
    client = client_of(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def fragment(stream: Stream, timeout: float = 5) -> tuple[str, str]:
    while True:
        lines = (await stream.block(timeout)).splitlines()
        event = next((line[7:] for line in lines if line.startswith("event: ")), None)
        if event:
            return event, "\n".join(line[6:] for line in lines if line.startswith("data: "))


@pytest.mark.django_db(transaction=True)
def test_a_call_sends_the_card_with_its_sentence_and_a_new_ticket_only_the_counts(q):
    display = make_user(Role.DISPLAY, mpp=q.p.mpp_x)
    cookie = session_cookie(display)

    async def scenario():
        stream = await Stream(EVENTS, headers=[cookie]).open()
        assert stream.status == 200
        event, html = await fragment(stream)
        assert event == "board" and "call-card is-empty" in html
        await in_thread(
            ticket_services.issue_ticket, mpp=q.p.mpp_x, service=q.service_xa, channel="kiosk"
        )
        event, html = await fragment(stream)
        assert event == "update"
        assert re.findall(r' id="([a-z-]+)"', html) == ["waiting-grid"]
        assert re.search(r'data-queue="A">.*?class="waiting-number">1<', html, re.S)
        ticket = await in_thread(counter_services.call_next, counter=q.p.counter_xa, officer=None)
        event, html = await fragment(stream)
        assert event == "call"
        assert text_of(html, "call-number") == "A-001"
        assert f'data-say="{SAID}"' in html and "call-card is-fresh" in html
        assert f'class="counter is-fresh" data-counter="{q.p.counter_xa.pk}"' in html
        await in_thread(counter_services.recall, ticket=ticket, actor=None)
        event, html = await fragment(stream)
        assert event == "call" and f'data-say="{SAID}"' in html  # said again
        await in_thread(services.set_running_text, mpp=q.p.mpp_x, text="Istirahat.", actor=None)
        event, html = await fragment(stream)
        assert event == "update" and text_of(html, "ticker-text") == "Istirahat."
        await stream.close()
        again = await Stream(EVENTS, headers=[cookie, (b"last-event-id", b"1")]).open()
        event, html = await fragment(again)  # a reconnect: the whole board as it is now
        assert event == "board" and text_of(html, "call-number") == "A-001"
        await again.close()

    run_async(scenario())


@pytest.mark.django_db(transaction=True)
def test_after_the_mpps_midnight_the_board_is_drawn_afresh(q):
    call_one(q)
    screen = Screen(slug="mpp-x", agencies={}, language="id")

    async def scenario():
        source = await streams.open_board_screen(q.p.mpp_x, screen)
        try:
            first = await source.next(1)
            assert first.type == "board" and "A-001" in first.data
            assert await source.next(0.05) is None  # the same day: only a heartbeat
            source.state = {**source.state, "day": "2026-01-01"}  # drawn on an earlier day
            streams.snapshots.entries.clear()
            fresh = await source.next(0.05)
            assert fresh.type == "board" and source.state["day"] != "2026-01-01"
        finally:
            source.close()

    run_async(scenario())


# --- the console's stream


def waiting(html: str) -> list[str]:
    return re.findall(r'<tr[^>]*data-number="([^"]+)"', html)


@pytest.mark.django_db(transaction=True)
def test_the_console_is_redrawn_when_its_queue_moves_and_stops_when_the_officer_leaves(q):
    officer = q.p.officer_xa
    cookie = session_cookie(officer)
    path = f"/staf/loket/{q.p.counter_xa.pk}/konsol/events"
    for _ in range(2):
        ticket_services.issue_ticket(mpp=q.p.mpp_x, service=q.service_xa, channel="kiosk")

    async def scenario():
        stream = await Stream(path, headers=[cookie]).open()
        assert stream.status == 200
        event, html = await fragment(stream)
        assert event == "live" and waiting(html) == ["A-001", "A-002"]
        await in_thread(counter_services.call_next, counter=q.p.counter_xa, officer=None)
        event, html = await fragment(stream)
        assert event == "live"
        assert re.search(r'class="current-number">.*A-001</p>', html)
        assert 'data-number="A-001"' in html and "tr class" not in html.split("A-002")[0][-80:]
        await in_thread(officer.counters.clear)  # taken off the counter
        await in_thread(
            ticket_services.issue_ticket, mpp=q.p.mpp_x, service=q.service_xa, channel="kiosk"
        )
        with pytest.raises(EOFError):
            await fragment(stream)
        assert stream.ended

    run_async(scenario())


@pytest.mark.django_db
def test_the_console_stream_is_for_the_counters_officer_only(q):
    path = f"/staf/loket/{q.p.counter_xa.pk}/konsol/events"
    response = client_of(q.p.officer_xa).get(path)
    assert response.status_code == 200
    [(event, html)] = messages(response.text)
    assert event == "live" and 'id="console-live"' in html
    assert client_of(q.p.officer_xb).get(path).status_code == 403
    assert client_of().get(path).status_code == 403
