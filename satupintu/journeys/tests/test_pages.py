"""The public journey pages (phone) and the kiosk's journey screens."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from satupintu.accounts.tests.factories import UserFactory
from satupintu.journeys.tests.factories import make_birth
from satupintu.queueing.models import Ticket

NOON = dt.datetime(2026, 8, 10, 5, 0, tzinfo=dt.UTC)  # Monday 12.00 WIB


@pytest.fixture
def birth(db):
    with time_machine.travel(NOON, tick=False):
        yield make_birth()


def test_the_mpp_lists_its_life_events_with_the_agencies_they_visit(client, birth):
    page = client.get(f"/mpp/{birth.mpp.slug}/peristiwa-hidup/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kelahiran anak" in html
    assert f"/mpp/{birth.mpp.slug}/peristiwa-hidup/kelahiran/" in html


def test_the_questions_come_first_and_the_plan_once_they_are_answered(client, birth):
    url = f"/mpp/{birth.mpp.slug}/peristiwa-hidup/kelahiran/"
    asked = client.get(url).content.decode()
    assert "Daftarkan di BPJS Kesehatan?" in asked and "Rencana kunjungan Anda" not in asked
    with CaptureQueriesContext(connection) as queries:
        planned = client.get(url, {"rencana": "1", "jkn": "Ya"})
    html = planned.content.decode()
    assert "Rencana kunjungan Anda" in html
    assert "Kartu Keluarga (KK)" in html and "untuk langkah 1, 2" in html
    assert "dari langkah 2, tidak perlu dibawa" in html
    assert len(queries) <= 40  # three steps: a fixed number of reads per step


def test_an_answer_not_offered_is_shown_beside_its_question(client, birth):
    page = client.get(
        f"/mpp/{birth.mpp.slug}/peristiwa-hidup/kelahiran/", {"rencana": "1", "jkn": "Mungkin"}
    )
    assert page.status_code == 200
    assert "“Mungkin” bukan pilihan untuk" in page.content.decode()


def test_an_unknown_life_event_is_not_found(client, birth):
    assert client.get(f"/mpp/{birth.mpp.slug}/peristiwa-hidup/pensiun/").status_code == 404


def test_the_kiosk_takes_one_journey_ticket_and_prints_the_first_steps_number(client, birth):
    kiosk = UserFactory(role="kiosk", mpp=birth.mpp)
    client.force_login(kiosk)
    url = f"/kios/{birth.mpp.slug}/peristiwa-hidup/kelahiran/"
    screen = client.get(url, {"rencana": "1", "jkn": "Ya"}).content.decode()
    assert "Ambil satu nomor untuk 3 layanan hari ini" in screen
    with time_machine.travel(NOON, tick=False):
        taken = client.post(url, {"jkn": "Ya", "csrfmiddlewaretoken": "x"})
    ticket = Ticket.objects.get()
    assert taken.status_code == 302 and str(ticket.public_id) in taken["Location"]
    assert ticket.service == birth.akta and ticket.route == [birth.kk.pk, birth.jkn.pk]
    slip = client.get(taken["Location"]).content.decode()
    assert "Setelah langkah ini, nomor Anda dipindahkan sendiri ke:" in slip
    assert f"loket {birth.bpjs.number}" in slip


def test_only_the_kiosk_device_takes_a_journey_ticket(client, birth):
    citizen = UserFactory(role="citizen")
    client.force_login(citizen)
    response = client.post(f"/kios/{birth.mpp.slug}/peristiwa-hidup/kelahiran/", {"jkn": "Ya"})
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_a_phone_takes_one_journey_number_from_the_plan(client, birth):
    url = f"/mpp/{birth.mpp.slug}/peristiwa-hidup/kelahiran/"
    with time_machine.travel(NOON, tick=False):
        page = client.get(url, {"rencana": "1", "jkn": "Tidak"}).content.decode()
        assert "Satu nomor antrian untuk semua langkah hari ini" in page
        refused = client.post(url, {"jkn": "Tidak", "phone": ""})
        taken = client.post(url, {"jkn": "Tidak", "phone": "0812 3456 7801"})
    assert refused.status_code == 422
    ticket = Ticket.objects.get()
    assert taken.status_code == 302 and str(ticket.public_id) in taken["Location"]
    assert (ticket.channel, ticket.phone, ticket.route) == (
        "online",
        "+6281234567801",
        [birth.kk.pk],
    )


def test_the_kiosk_start_screen_offers_life_events_only_where_the_mpp_has_them(client, birth):
    client.force_login(UserFactory(role="kiosk", mpp=birth.mpp))
    html = client.get(f"/kios/{birth.mpp.slug}/").content.decode()
    assert "Urus per peristiwa hidup" in html
    birth.mpp.life_events.update(is_active=False)
    html = client.get(f"/kios/{birth.mpp.slug}/").content.decode()
    assert "Urus per peristiwa hidup" not in html
