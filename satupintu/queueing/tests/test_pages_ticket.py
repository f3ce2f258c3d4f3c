"""The live ticket page (/antrian/<id>/) as the holder's phone first receives it."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from satupintu.catalog.tests.factories import make_service
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.models import Channel, QueueService, Ticket
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def q():
    return make_queue(counters=1)


def issue(q, **kw):
    return services.issue_ticket(mpp=q.mpp, service=q.service, channel=Channel.KIOSK, **kw)


def open_page(client, ticket):
    response = client.get(f"/antrian/{ticket.public_id}/")
    assert response.status_code == 200
    return response


def status_of(response) -> str:
    return re.search(r'data-field="status">([^<]*)<', response.content.decode()).group(1)


def shown(response, name: str) -> bool:
    """Whether the blocks marked data-show=`name` are visible (not `hidden`)."""
    tags = re.findall(rf'<[^>]*data-show="{name}"[^>]*>', response.content.decode())
    assert tags, name
    return all(" hidden" not in tag for tag in tags)


def test_a_waiting_ticket_shows_its_place_and_wait(client, q):
    issue(q)
    ticket = issue(q)
    response = open_page(client, ticket)
    page = response.content.decode()
    assert ticket.number in page and "Perekaman KTP-el" in page
    assert status_of(response) == "Menunggu"
    assert shown(response, "waiting") and not shown(response, "called")
    assert re.search(r'data-field="ahead">1 orang<', page)
    assert re.search(r'data-field="wait">sekitar 10 menit<', page)
    assert f'data-events-url="/api/v1/tickets/{ticket.public_id}/events"' in page
    assert 'aria-live="polite"' in page


def test_the_first_in_line_is_told_they_are_next_and_called_soon(client, q):
    page = open_page(client, issue(q)).content.decode()
    assert re.search(r'data-field="ahead">Tidak ada — Anda berikutnya<', page)
    assert re.search(r'data-field="wait">sebentar lagi<', page)
    assert "0 orang" not in page


def test_next_in_line_behind_a_busy_counter_waits_for_it_to_free(client, q):
    serving = issue(q)
    counter_services.call_next(counter=q.counters[0], officer=None)
    counter_services.start_serving(ticket=serving, actor=None)
    page = open_page(client, issue(q)).content.decode()
    assert re.search(r'data-field="ahead">Tidak ada — Anda berikutnya<', page)
    # what is left of the service at the counter (10 minutes by default, just begun)
    assert re.search(r'data-field="wait">sekitar 10 menit<', page)


def test_in_english_the_next_in_line_reads_naturally(client, q):
    issue(q)
    client.cookies["django_language"] = "en"
    first = open_page(client, Ticket.objects.get()).content.decode()
    assert re.search(r'data-field="ahead">Nobody — you are next<', first)
    assert re.search(r'data-field="wait">very soon<', first)
    second = open_page(client, issue(q)).content.decode()
    assert re.search(r'data-field="ahead">1 person<', second)
    assert re.search(r'data-field="wait">about 10 minutes<', second)


def test_a_called_ticket_says_it_is_your_turn_and_where_to_go(client, q):
    ticket = issue(q)
    counter_services.call_next(counter=q.counters[0], officer=None)
    response = open_page(client, ticket)
    number = q.counters[0].number
    assert status_of(response) == f"Dipanggil — silakan menuju Loket {number}"
    assert shown(response, "called") and not shown(response, "waiting")
    assert "Giliran Anda!" in response.content.decode()
    assert f"<title>Giliran Anda! Loket {number} · satupintu</title>" in response.content.decode()


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (["start"], "Sedang dilayani"),
        (["start", "finish"], "Selesai"),
        (["recall", "recall", "no_show"], "Tidak hadir"),
        (["cancel"], "Dibatalkan"),
    ],
)
def test_each_later_status_in_plain_words(client, q, steps, expected):
    ticket = issue(q)
    counter_services.call_next(counter=q.counters[0], officer=None)
    actions = {
        "start": counter_services.start_serving,
        "finish": counter_services.finish,
        "recall": counter_services.recall,
        "no_show": counter_services.mark_no_show,
        "cancel": services.cancel,
    }
    for step in steps:
        ticket = actions[step](ticket=ticket, actor=None)
    response = open_page(client, ticket)
    assert status_of(response) == expected
    assert not shown(response, "called") and not shown(response, "waiting")
    assert shown(response, "serving") == (expected == "Sedang dilayani")


def test_a_transferred_ticket_points_to_its_new_number(client, q):
    other = make_service(booth=q.counters[0].booth, name="Penerbitan KIA")
    QueueService.objects.create(mpp=q.mpp, queue=q.queue, service=other)
    ticket = issue(q)
    counter_services.call_next(counter=q.counters[0], officer=None)
    moved = counter_services.transfer(ticket=ticket, to_service=other, actor=None)
    response = open_page(client, ticket)
    page = response.content.decode()
    assert status_of(response) == "Dipindahkan ke layanan lain"
    assert f"dipindahkan ke Penerbitan KIA dengan nomor baru {moved.number}" in page
    assert f'href="/antrian/{moved.public_id}/"' in page


def test_the_page_hands_its_phrases_to_the_script_in_the_visitors_language(client, q):
    ticket = issue(q)
    client.cookies["django_language"] = "en"
    page = open_page(client, ticket).content.decode()
    phrases = json.loads(re.search(r'id="ticket-phrases"[^>]*>(.*?)</script>', page).group(1))
    assert set(phrases["status"]) == {
        "waiting", "called", "serving", "done", "no_show", "cancelled", "transferred"
    }  # fmt: skip
    assert "%(counter)s" in phrases["status"]["called"]
    assert '<html lang="en"' in page


def test_an_unknown_ticket_is_the_projects_404_page(client, q):
    response = client.get(f"/antrian/{uuid.uuid4()}/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


# --- the online ticket form (/mpp/<slug>/ambil-antrian/)


def online_url(q) -> str:
    return f"/mpp/{q.mpp.slug}/ambil-antrian/"


def test_the_online_form_offers_the_queued_services(client, q):
    response = client.get(online_url(q))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<option value="{q.service.code}">Perekaman KTP-el</option>' in page
    assert f'<optgroup label="{q.service.agency.short_name}">' in page


def test_a_phone_takes_an_online_ticket_and_lands_on_its_live_page(client, q):
    response = client.post(online_url(q), {"service": q.service.code, "phone": "0812-3456-7801"})
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.phone) == (Channel.ONLINE, "+6281234567801")
    assert response.status_code == 302 and response["Location"] == f"/antrian/{ticket.public_id}/"


def test_one_active_online_ticket_per_phone_and_service(client, q):
    body = {"service": q.service.code, "phone": "081234567801"}
    client.post(online_url(q), body)
    response = client.post(online_url(q), body)
    assert response.status_code == 409
    assert "sudah memiliki antrian aktif" in response.content.decode()
    assert Ticket.objects.count() == 1


def test_a_wrong_phone_number_is_explained_and_nothing_is_issued(client, q):
    response = client.post(online_url(q), {"service": q.service.code, "phone": "12"})
    assert response.status_code == 422
    assert "Nomor telepon tidak valid" in response.content.decode()
    assert not Ticket.objects.exists()


def test_no_online_ticket_while_the_mpp_is_closed(client, q):
    q.mpp.opening_hours.all().delete()
    response = client.post(online_url(q), {"service": q.service.code, "phone": "081234567801"})
    assert response.status_code == 409
    assert "hanya dapat diambil saat MPP buka" in response.content.decode()
    assert not Ticket.objects.exists()


def test_online_tickets_are_rate_limited_per_phone(client, q, settings):
    settings.RATE_LIMITS_ENABLED = True
    body = {"service": q.service.code, "phone": "081234567801"}
    answers = [client.post(online_url(q), body).status_code for _ in range(7)]
    assert answers == [302, 409, 409, 409, 409, 409, 429]
    assert Ticket.objects.count() == 1
