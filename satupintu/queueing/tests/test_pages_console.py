"""The counter console page (/staf/loket/<id>/konsol/): who may open it, what it shows,
and each action through the endpoints the page uses (JSON API with session + CSRF)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from satupintu.queueing.models import Channel, Status, Ticket
from satupintu.queueing.tests.factories import queue_personas
from satupintu.queueing.tickets import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def q(personas):
    return queue_personas(personas)


def console_url(counter) -> str:
    return f"/staf/loket/{counter.pk}/konsol/"


def signed_in(user) -> Client:
    """A browser session with CSRF checks on, as the console's fetch calls are."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf_token(client: Client, counter) -> str:
    page = client.get(console_url(counter)).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def press(client: Client, counter, path: str, body: dict | None = None):
    """What console.js sends for a button: a JSON POST with the page's CSRF token."""
    return client.post(
        f"/api/v1{path}",
        body or {},
        content_type="application/json",
        headers={"X-CSRFToken": csrf_token(client, counter)},
    )


def live(client: Client, counter) -> str:
    """The live part the page re-fetches on events (the `live` partial)."""
    response = client.get(console_url(counter), headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def enabled(html: str, button_id: str) -> bool:
    tag = re.search(rf'<button id="{button_id}"[^>]*>', html).group(0)
    return " disabled" not in tag


def kiosk(q, priority: str = "") -> Ticket:
    return services.issue_ticket(
        mpp=q.p.mpp_x, service=q.service_xa, channel=Channel.KIOSK, priority=priority
    )


# --- who may open it


def test_an_officer_opens_the_console_of_their_own_counter(q):
    response = signed_in(q.p.officer_xa).get(console_url(q.p.counter_xa))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Loket 1" in html and q.p.officer_xa.full_name in html
    assert 'aria-keyshortcuts="N Space"' in html


def test_the_supervisor_of_the_mpp_may_open_any_counter_console(q):
    assert signed_in(q.p.supervisor_x).get(console_url(q.p.counter_xb)).status_code == 200


def test_another_agencys_counter_is_forbidden(q):
    assert signed_in(q.p.officer_xa).get(console_url(q.p.counter_xb)).status_code == 403


def test_another_mpps_counter_is_not_found(q):
    assert signed_in(q.p.officer_xa).get(console_url(q.p.counter_ya)).status_code == 404
    assert signed_in(q.p.supervisor_y).get(console_url(q.p.counter_xa)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(q, client):
    response = client.get(console_url(q.p.counter_xa))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_the_staff_room_links_each_counter_to_its_console(q):
    html = signed_in(q.p.officer_xa).get("/staf/").content.decode()
    assert f'href="{console_url(q.p.counter_xa)}"' in html


# --- what it shows


def test_the_waiting_list_is_in_calling_order_with_priority_marked(q):
    first, second, elderly = kiosk(q), kiosk(q), kiosk(q, priority="lansia")
    html = live(signed_in(q.p.officer_xa), q.p.counter_xa)
    rows = re.findall(r'<tr( class="is-priority")? data-number="([^"]+)"', html)
    assert [number for _mark, number in rows] == [elderly.number, first.number, second.number]
    assert rows[0][0] and not rows[1][0]
    assert "Lanjut usia" in html


def test_the_live_part_costs_the_same_queries_for_three_or_thirty_waiting(q):
    client = signed_in(q.p.officer_xa)
    for _ in range(3):
        kiosk(q)
    live(client, q.p.counter_xa)
    with CaptureQueriesContext(connection) as few:
        live(client, q.p.counter_xa)
    for _ in range(27):
        kiosk(q)
    with CaptureQueriesContext(connection) as many:
        html = live(client, q.p.counter_xa)
    assert html.count("data-number=") == 30
    assert len(many) == len(few) <= 20


# --- actions through the page's endpoints


def test_a_whole_visit_through_the_console(q):
    client = signed_in(q.p.officer_xa)
    counter = q.p.counter_xa
    ticket = kiosk(q)
    html = live(client, counter)
    assert enabled(html, "btn-call") and not enabled(html, "btn-recall")

    called = press(client, counter, f"/counters/{counter.pk}/call-next")
    assert called.status_code == 200 and called.json()["number"] == ticket.number
    html = live(client, counter)
    assert f'data-number="{ticket.number}"' in html and 'class="current-number"' in html
    assert not enabled(html, "btn-call") and enabled(html, "btn-recall")
    assert enabled(html, "btn-start") and not enabled(html, "btn-finish")

    assert press(client, counter, f"/tickets/{ticket.public_id}/start").status_code == 200
    html = live(client, counter)
    assert enabled(html, "btn-finish") and not enabled(html, "btn-start")

    note = press(client, counter, f"/tickets/{ticket.public_id}/note", {"note": "KK belum dibawa"})
    assert note.status_code == 200
    assert "KK belum dibawa" in live(client, counter)

    rejected = press(
        client, counter, f"/tickets/{ticket.public_id}/finish", {"outcome": "rejected"}
    )
    assert rejected.status_code == 422 and rejected.json()["code"] == "reason_required"
    done = press(
        client,
        counter,
        f"/tickets/{ticket.public_id}/finish",
        {"outcome": "follow_up", "reason": ""},
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    html = live(client, counter)
    assert enabled(html, "btn-call") and 'id="stat-served">1<' in html


def test_no_show_is_enabled_only_after_the_configured_recalls(q):
    client = signed_in(q.p.officer_xa)
    counter = q.p.counter_xa
    ticket = kiosk(q)
    press(client, counter, f"/counters/{counter.pk}/call-next")
    html = live(client, counter)
    assert not enabled(html, "btn-no-show") and "setelah 2× panggil ulang (0/2)" in html
    for _ in range(2):
        assert press(client, counter, f"/tickets/{ticket.public_id}/recall").status_code == 200
    assert enabled(live(client, counter), "btn-no-show")
    assert press(client, counter, f"/tickets/{ticket.public_id}/no-show").status_code == 200
    html = live(client, counter)
    assert f'id="restore-{ticket.pk}"' in html  # can still be restored

    assert press(client, counter, f"/tickets/{ticket.public_id}/restore").status_code == 200
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING
    assert f'id="restore-{ticket.pk}"' not in live(client, counter)


def test_walk_in_number_for_a_service_of_the_counter(q):
    client = signed_in(q.p.officer_xa)
    counter = q.p.counter_xa
    made = press(client, counter, f"/counters/{counter.pk}/walk-in", {"service": q.service_xa.code})
    assert made.status_code == 201
    ticket = Ticket.objects.get(number=made.json()["number"], mpp=q.p.mpp_x)
    assert ticket.channel == Channel.WALK_IN
    assert f'data-number="{ticket.number}"' in live(client, counter)
    elsewhere = press(
        client, counter, f"/counters/{counter.pk}/walk-in", {"service": q.service_xb.code}
    )
    assert elsewhere.status_code == 422 and elsewhere.json()["code"] == "not_at_counter"


def test_transfer_from_the_console_keeps_the_place_by_default(q):
    client = signed_in(q.p.officer_xa)
    counter = q.p.counter_xa
    ticket = kiosk(q)
    press(client, counter, f"/counters/{counter.pk}/call-next")
    page = client.get(console_url(counter)).content.decode()
    assert "Tetap di urutan semula" in page and q.service_xb.code in page
    moved = press(
        client, counter, f"/tickets/{ticket.public_id}/transfer", {"service": q.service_xb.code}
    )
    assert moved.status_code == 200
    continuation = Ticket.objects.get(transferred_from=ticket)
    assert continuation.issued_at == ticket.issued_at and continuation.service == q.service_xb
    assert enabled(live(client, counter), "btn-call")


def test_mode_buttons_pause_and_reopen_the_counter(q):
    client = signed_in(q.p.officer_xa)
    counter = q.p.counter_xa
    kiosk(q)
    paused = press(client, counter, f"/counters/{counter.pk}/pause")
    assert paused.status_code == 200 and paused.json()["mode"] == "paused"
    html = live(client, counter)
    assert "Loket sedang istirahat." in html and not enabled(html, "btn-call")
    assert re.search(r'id="mode-pause"[^>]*aria-pressed="true"', html)
    assert re.search(r'id="mode-open"[^>]*aria-pressed="false"', html)
    assert f"oleh {q.p.officer_xa.full_name}" in html

    refused = press(client, counter, f"/counters/{counter.pk}/call-next")
    assert refused.status_code == 409
    assert refused.json()["message"] == "Loket sedang istirahat. Buka loket dulu untuk memanggil."

    assert press(client, counter, f"/counters/{counter.pk}/open").json()["mode"] == "open"
    assert enabled(live(client, counter), "btn-call")
