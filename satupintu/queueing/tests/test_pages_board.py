"""The TV display board, its voice and the running-text editor, through the pages."""

from __future__ import annotations

import io
import os
import re
import shutil
import wave

import pytest
from django.test import Client

from satupintu.accounts.models import Role
from satupintu.accounts.services import issue_api_token, revoke_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.queueing.board import services, speech
from satupintu.queueing.board.selectors import queue_snapshot
from satupintu.queueing.board.snapshot import apply_event
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.counters.services import close_counter, pause_counter
from satupintu.queueing.models import QueuePolicy
from satupintu.queueing.tests.factories import queue_personas
from satupintu.queueing.tickets import services as ticket_services

pytestmark = pytest.mark.django_db

BOARD = "/layar/mpp-x/"
VOICE = "/layar/mpp-x/suara/"
EDITOR = "/staf/layar/"


@pytest.fixture
def q(personas, bus):
    return queue_personas(personas)


@pytest.fixture
def display_x(personas):
    return make_user(Role.DISPLAY, mpp=personas.mpp_x)


def client_of(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def text_of(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', html)
    assert match, f"no #{element_id} on the page"
    return match.group(1).strip()


# --- who may open the board


def test_the_display_device_and_the_supervisor_see_the_board(q, display_x):
    for user in (display_x, q.p.supervisor_x):
        response = client_of(user).get(BOARD)
        assert response.status_code == 200, user.role
        assert q.p.mpp_x.name in response.text


def test_everyone_else_is_refused(q, personas):
    display_y = make_user(Role.DISPLAY, mpp=personas.mpp_y)
    for user in (
        personas.officer_xa,
        personas.citizen,
        personas.kiosk_x,
        personas.supervisor_y,
        display_y,
    ):
        assert client_of(user).get(BOARD).status_code == 403, user.role
    anonymous = client_of().get(BOARD)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/masuk/")


def test_a_tv_signs_in_with_its_token_which_then_leaves_the_address(q, display_x):
    client = client_of()
    token = issue_api_token(user=display_x, name="TV ruang tunggu")
    response = client.get(BOARD, {"token": token})
    assert response.status_code == 302 and response["Location"] == BOARD
    assert client.get(BOARD).status_code == 200
    assert client.session.get_expiry_age() > 30 * 24 * 3600  # no daily sign-in on a TV


def test_a_revoked_token_ends_the_tvs_session(q, display_x):
    client = client_of()
    token = issue_api_token(user=display_x)
    client.get(BOARD, {"token": token})
    revoke_api_token(token=display_x.api_tokens.get())
    assert client.get(BOARD).status_code == 302  # to the sign-in page


def test_only_a_display_token_of_this_mpp_signs_a_tv_in(q, personas):
    display_y = make_user(Role.DISPLAY, mpp=personas.mpp_y)
    for user in (display_y, personas.kiosk_x, personas.supervisor_x):
        client = client_of()
        response = client.get(BOARD, {"token": issue_api_token(user=user)})
        assert response.status_code == 403, user.role
        assert "_auth_user_id" not in client.session
    assert client_of().get(BOARD, {"token": "sp_tebakan"}).status_code == 403


# --- what it shows first


def test_the_first_screen_shows_the_latest_call_the_counters_and_the_waiting(q, display_x):
    p = q.p
    for _ in range(3):
        ticket_services.issue_ticket(mpp=p.mpp_x, service=q.service_xa, channel="kiosk")
    ticket_services.issue_ticket(mpp=p.mpp_x, service=q.service_xb, channel="kiosk")
    counter_services.call_next(counter=p.counter_xb, officer=None)  # B-001 at loket 2
    counter_services.call_next(counter=p.counter_xa, officer=None)  # A-001 at loket 1, the latest
    services.set_running_text(mpp=p.mpp_x, text="Selamat datang di MPP.", actor=None)

    html = client_of(display_x).get(BOARD).text
    assert text_of(html, "call-number") == "A-001"
    assert text_of(html, "call-counter") == "1"
    assert p.counter_xa.booth.agency.short_name in text_of(html, "call-service")
    assert re.search(r'class="previous-number">B-001<', html)
    tile = re.search(
        rf'data-counter="{p.counter_xb.pk}" data-state="called">(.*?)</li>', html, re.S
    )
    assert tile and "B-001" in tile.group(1)
    waiting = re.search(r'data-queue="A">.*?class="waiting-number">(\d+)<', html, re.S)
    assert waiting and waiting.group(1) == "2"
    assert text_of(html, "ticker-text") == "Selamat datang di MPP."
    card = re.search(r'id="call-card" data-say="([^"]*)" data-voice="([^"]*)"', html)
    assert card and card.group(1) == "Nomor antrian, A, nol nol satu, silakan menuju loket satu."
    assert card.group(2) == f"{VOICE}?nomor=A-001&amp;loket=1"
    # …and its shorter phrasings, said when calls queue up behind it
    assert 'data-say-short="Nomor A, nol nol satu, loket satu."' in html
    assert f'data-voice-short="{VOICE}?nomor=A-001&amp;loket=1&amp;ragam=short"' in html
    assert 'data-say-brief="Nomor antrian, A, nol nol satu, ke loket satu."' in html
    assert 'data-events="/layar/mpp-x/events"' in html


def test_a_paused_counter_is_shown_as_such(q, display_x):
    pause_counter(counter=q.p.counter_xb, actor=None)
    html = client_of(display_x).get(BOARD).text
    tile = re.search(
        rf'data-counter="{q.p.counter_xb.pk}" data-state="paused">(.*?)</li>', html, re.S
    )
    assert tile and "Istirahat" in tile.group(1)


def test_an_empty_day_says_so(q, display_x):
    html = client_of(display_x).get(BOARD).text
    assert "call-card is-empty" in html
    assert "Belum ada panggilan hari ini" in html
    assert re.search(r'id="board-ticker"[^>]*hidden', html)


def test_snapshot_plus_notice_and_counter_events_equals_a_fresh_snapshot(
    q, bus, django_capture_on_commit_callbacks
):
    first = queue_snapshot(q.p.mpp_x)
    cursor = bus.hub.last_id
    with django_capture_on_commit_callbacks(execute=True):
        services.set_running_text(mpp=q.p.mpp_x, text="Loket 2 istirahat siang.", actor=None)
        pause_counter(counter=q.p.counter_xb, actor=None)
        close_counter(counter=q.p.counter_xa, actor=None)
    missed, _cursor = bus.hub.since(f"mpp:{q.p.mpp_x.pk}", cursor)
    assert [e.type for e in missed] == ["notice", "counter", "counter"]
    state = first
    for event in missed:
        state = apply_event(state, event.type, event.data)
    fresh = queue_snapshot(q.p.mpp_x)
    assert state == fresh
    assert {c["mode"] for c in fresh["counters"]} == {"paused", "closed"}


# --- the running-text editor


def test_the_supervisor_sets_the_running_text_and_open_boards_hear_of_it(
    q, bus, django_capture_on_commit_callbacks
):
    client = client_of(q.p.supervisor_x)
    assert client.get(EDITOR).status_code == 200
    cursor = bus.hub.last_id
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            EDITOR, {"running_text": "Pelayanan  KTP-el\nhari ini sampai 15.00."}
        )
    assert response.status_code == 302 and response["Location"] == EDITOR
    saved = "Pelayanan KTP-el hari ini sampai 15.00."  # one line for the ticker
    assert QueuePolicy.objects.get(mpp=q.p.mpp_x).running_text == saved
    missed, _cursor = bus.hub.since(f"mpp:{q.p.mpp_x.pk}", cursor)
    assert [(e.type, e.data) for e in missed] == [("notice", {"running_text": saved})]
    assert saved in client.get(EDITOR).text  # the form shows what is on the boards


def test_a_running_text_over_300_characters_is_refused(q):
    services.set_running_text(mpp=q.p.mpp_x, text="Teks lama.", actor=None)
    response = client_of(q.p.supervisor_x).post(EDITOR, {"running_text": "x" * 301})
    assert response.status_code == 200
    assert "300" in response.text
    assert QueuePolicy.objects.get(mpp=q.p.mpp_x).running_text == "Teks lama."


def test_the_service_refuses_a_long_text_too(q):
    with pytest.raises(services.DomainError) as refused:
        services.set_running_text(mpp=q.p.mpp_x, text="kata " * 70, actor=None)
    assert refused.value.code == "running_text_too_long"


def test_only_supervisors_edit_the_running_text(q, display_x):
    for user in (q.p.officer_xa, q.p.citizen, display_x, q.p.kiosk_x):
        assert client_of(user).get(EDITOR).status_code == 403, user.role
        assert client_of(user).post(EDITOR, {"running_text": "x"}).status_code == 403, user.role
    assert client_of().get(EDITOR).status_code == 302


def test_the_staff_room_links_supervisors_to_the_editor(q):
    assert EDITOR in client_of(q.p.supervisor_x).get("/staf/").text
    assert EDITOR not in client_of(q.p.officer_xa).get("/staf/").text


# --- the server's voice

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and os.environ.get("CI") != "true",
    reason="espeak-ng is not installed (apt-get install espeak-ng); CI requires it",
)


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@needs_espeak
def test_the_voice_is_a_wav_made_once(q, display_x, data_dir, monkeypatch):
    client = client_of(display_x)
    response = client.get(VOICE, {"nomor": "A-012", "loket": "3"})
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert "max-age" in response["Cache-Control"]
    with wave.open(io.BytesIO(b"".join(response.streaming_content))) as audio:
        assert audio.getnchannels() == 1
        assert audio.getnframes() / audio.getframerate() > 0.5

    def no_second_run(*args, **kwargs):
        raise AssertionError("espeak-ng ran again for a cached phrase")

    monkeypatch.setattr(speech.subprocess, "run", no_second_run)
    again = client.get(VOICE, {"nomor": "A-012", "loket": "3"})
    assert again.status_code == 200 and b"".join(again.streaming_content)[:4] == b"RIFF"


@needs_espeak
def test_the_short_phrasing_has_its_own_shorter_voice(q, display_x, data_dir):
    client = client_of(display_x)

    def seconds(query):
        response = client.get(VOICE, {"nomor": "A-012", "loket": "3", **query})
        assert response.status_code == 200
        with wave.open(io.BytesIO(b"".join(response.streaming_content))) as audio:
            return audio.getnframes() / audio.getframerate()

    assert seconds({"ragam": "short"}) < seconds({})


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"nomor": "A-012"},
        {"nomor": "A-012", "loket": "0"},
        {"nomor": "A-012", "loket": "tiga"},
        {"nomor": "A-012", "loket": "1000"},
        {"nomor": "a-012", "loket": "3"},
        {"nomor": "A-012 --stdout", "loket": "3"},
        {"nomor": "-w/etc/passwd", "loket": "3"},
        {"nomor": "A-012", "loket": "3", "ragam": "../x"},
    ],
)
def test_the_voice_of_anything_but_a_call_is_not_found(q, display_x, data_dir, query, monkeypatch):
    monkeypatch.setattr(speech.subprocess, "run", lambda *a, **k: pytest.fail("espeak-ng ran"))
    assert client_of(display_x).get(VOICE, query).status_code == 404


def test_without_espeak_the_voice_is_not_found(q, display_x, data_dir, monkeypatch):
    monkeypatch.setattr(speech.shutil, "which", lambda name: None)
    assert client_of(display_x).get(VOICE, {"nomor": "A-012", "loket": "3"}).status_code == 404


def test_the_voice_is_for_the_board_only(q, data_dir):
    query = {"nomor": "A-012", "loket": "3"}
    assert client_of(q.p.officer_xa).get(VOICE, query).status_code == 403
    assert client_of().get(VOICE, query).status_code == 404
