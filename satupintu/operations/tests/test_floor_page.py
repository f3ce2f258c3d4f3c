"""The supervisor's floor page (/staf/lantai/), its stream and its way in from the staff room."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from satupintu.operations.tests.floor_scene import NOW, build_scene

pytestmark = pytest.mark.django_db

PAGE = "/staf/lantai/"
EVENTS = "/staf/lantai/events"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_staff_room_links_the_page_for_supervisors_only(personas):
    assert PAGE in signed_in(personas.supervisor_x).get("/staf/").content.decode()
    assert PAGE not in signed_in(personas.officer_xa).get("/staf/").content.decode()


def test_the_supervisor_sees_the_floor_with_its_alerts(personas):
    scene = build_scene(personas)
    with time_machine.travel(NOW, tick=False):
        page = signed_in(personas.supervisor_x).get(PAGE)
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert "Pantauan lantai" in html
    assert 'sse-connect="/staf/lantai/events"' in html
    assert 'aria-live="polite"' in html
    assert "Tunggu lewat target." in html
    code = scene.service_a.code
    assert f"{code} Perekaman KTP-el" in html and "2 orang menunggu lebih dari 15 menit." in html
    assert "Loket 2 (" in html and "menganggur sejak 09.57" in html
    assert "60 menit, lewat target" in html
    assert 'id="floor-open">3</span> buka' in html  # 1 serving, 2 idle, 1 paused, 1 closed
    assert "2 buka: 1 melayani, 1 menganggur" in html  # agency A
    assert "1 buka: 0 melayani, 1 menganggur · 1 istirahat" in html  # agency B
    assert f"melayani {scene.tickets['A3'].number}" in html
    assert "diperbarui 10.00.00" in html


def test_the_stream_answers_both_live_parts_through_the_test_client(personas):
    build_scene(personas)
    with time_machine.travel(NOW, tick=False):
        answer = signed_in(personas.supervisor_x).get(EVENTS)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/event-stream")
    body = answer.content.decode()
    assert "event: live\n" in body and "event: alerts\n" in body
    assert '<div id="floor-live" sse-swap="live"' in body
    assert "Loket menganggur." in body


def test_an_mpp_with_nothing_on_the_floor_says_so(personas):
    html = signed_in(personas.supervisor_y).get(PAGE).content.decode()
    assert "Tidak ada peringatan." in html


def test_others_cannot_open_the_page_or_its_stream(personas):
    officer = signed_in(personas.officer_xa)
    refused = officer.get(PAGE)
    assert refused.status_code == 403
    assert "Pantauan lantai hanya untuk pengelola MPP ini." in refused.content.decode()
    assert officer.get(EVENTS).status_code == 403
    assert signed_in(personas.operator).get(PAGE).status_code == 403  # no MPP of their own
    assert signed_in(personas.citizen).get(EVENTS).status_code == 403
    anonymous = Client()
    assert anonymous.get(PAGE).status_code == 302
    assert anonymous.get(PAGE)["Location"].startswith("/masuk/")
    assert anonymous.get(EVENTS).status_code == 403


def test_each_supervisor_sees_their_own_mpp(personas):
    scene = build_scene(personas)
    with time_machine.travel(NOW, tick=False):
        html = signed_in(personas.supervisor_y).get(PAGE).content.decode()
    assert scene.service_a.code + " " not in html
    assert personas.mpp_y.name in html
