"""The phone ticket from the front door: the MPP page and a service page lead to it, the
service page's button chooses the service, and a second try for the same phone and service
leads back to the number it holds without opening it to whoever knows the phone number."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from satupintu.catalog.models import Service
from satupintu.catalog.tests.factories import make_service
from satupintu.notifications.selectors import messages_for
from satupintu.queueing.models import Ticket
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets import services
from satupintu.queueing.tickets.services import policy_for

pytestmark = pytest.mark.django_db

BUTTON = "Ambil nomor antrian"


@pytest.fixture
def q():
    return make_queue(counters=1)


def online_url(q) -> str:
    return f"/mpp/{q.mpp.slug}/ambil-antrian/"


def links_to_phone_ticket(page: str, q, query: str = "") -> bool:
    href = re.escape(online_url(q) + query.replace("&", "&amp;"))
    return bool(re.search(rf'<a class="btn btn-brand[^"]*" href="{href}">{BUTTON}</a>', page))


# --- reachable by clicks


def test_the_mpp_page_has_a_button_to_take_a_number_from_the_phone(client, q):
    page = client.get(f"/mpp/{q.mpp.slug}/").content.decode()
    assert links_to_phone_ticket(page, q)


def test_the_mpp_page_offers_no_phone_ticket_when_its_online_quota_is_zero(client, q):
    policy = policy_for(q.mpp)
    policy.online_daily_quota = 0
    policy.save()
    page = client.get(f"/mpp/{q.mpp.slug}/").content.decode()
    assert online_url(q) not in page and BUTTON not in page


def test_the_mpp_page_offers_no_phone_ticket_when_nothing_is_queued(client, q):
    Service.objects.filter(pk=q.service.pk).update(uses_queue=False)
    page = client.get(f"/mpp/{q.mpp.slug}/").content.decode()
    assert online_url(q) not in page


def test_a_queued_services_page_has_the_button_with_the_service_chosen(client, q):
    page = client.get(f"/mpp/{q.mpp.slug}/layanan/{q.service.code}/").content.decode()
    assert links_to_phone_ticket(page, q, f"?layanan={q.service.code}")


def test_a_service_outside_the_queue_offers_no_phone_ticket(client, q):
    other = make_service(booth=q.counters[0].booth, name="Legalisir dokumen")
    page = client.get(f"/mpp/{q.mpp.slug}/layanan/{other.code}/").content.decode()
    assert "Legalisir dokumen" in page
    assert online_url(q) not in page and f">{BUTTON}</a>" not in page


def test_the_form_opens_with_the_service_from_the_link_chosen(client, q):
    page = client.get(online_url(q), {"layanan": q.service.code}).content.decode()
    assert f'<option value="{q.service.code}" selected>' in page


@pytest.mark.parametrize("code", ["Z99", "", "<script>", "A01" * 20])
def test_an_unknown_service_in_the_link_is_ignored(client, q, code):
    response = client.get(online_url(q), {"layanan": code})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<option value="{q.service.code}">' in page  # offered, not chosen
    assert "&lt;script&gt;" not in page and 'value="<script>"' not in page


# --- a second ticket for the same phone and service


def take(client, q, phone="081234567801", **extra):
    return client.post(online_url(q), {"service": q.service.code, "phone": phone, **extra})


def test_the_same_browser_is_led_back_to_the_number_it_holds(client, q):
    take(client, q)
    held = Ticket.objects.get()
    response = take(client, q, phone="0812-3456-7801")
    page = response.content.decode()
    assert response.status_code == 409
    assert "sudah memiliki antrian aktif" in page
    assert f"Nomor antrian Anda: <strong>{held.number}</strong>" in page
    assert f'href="/antrian/{held.public_id}/">Lihat nomor antrian Anda</a>' in page
    # the citizen's choices stay on the form
    assert f'<option value="{q.service.code}" selected>' in page
    assert 'value="0812-3456-7801"' in page
    assert Ticket.objects.count() == 1


def test_back_on_the_form_the_browser_finds_the_numbers_it_took_today(client, q):
    take(client, q)
    held = Ticket.objects.get()
    page = client.get(online_url(q)).content.decode()
    assert "Nomor antrian Anda hari ini" in page
    assert f'<a href="/antrian/{held.public_id}/"><strong>{held.number}</strong>' in page
    assert "Nomor antrian Anda hari ini" not in Client().get(online_url(q)).content.decode()
    services.cancel(ticket=held, actor=None)
    assert str(held.public_id) not in client.get(online_url(q)).content.decode()


def test_another_browser_knowing_the_phone_number_does_not_get_the_ticket(client, q):
    take(client, q)
    held = Ticket.objects.get()
    stranger = Client()
    page = take(stranger, q).content.decode()
    assert "sudah memiliki antrian aktif" in page
    assert str(held.public_id) not in page and held.number not in page
    assert "Kirim ulang tautan ke ponsel" in page
    assert f'<option value="{q.service.code}" selected>' in page


def test_the_link_is_sent_again_to_the_phone_that_holds_the_number(client, q):
    take(client, q)
    held = Ticket.objects.get()
    other_browser = Client()
    response = take(other_browser, q, resend="1")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tautan nomor antrian dikirim lewat WhatsApp ke +6281234567801" in page
    assert str(held.public_id) not in page
    (message,) = messages_for(f"ticket:{held.pk}")
    assert message.recipient == "+6281234567801"
    assert f"http://testserver/antrian/{held.public_id}/" in message.body
    assert held.number in message.body and "Perekaman KTP-el" in message.body
    assert Ticket.objects.count() == 1


def test_asking_to_resend_for_a_phone_without_a_number_sends_nothing(client, q):
    response = take(client, q, resend="1")
    assert response.status_code == 200
    assert "Tautan nomor antrian dikirim" in response.content.decode()  # the same answer
    assert not Ticket.objects.exists()
    assert not messages_for("ticket:1").exists()


def test_the_link_is_resent_a_few_times_an_hour_at_most(client, q, settings):
    take(client, q)
    settings.RATE_LIMITS_ENABLED = True
    answers = [take(client, q, resend="1").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    held = Ticket.objects.get()
    assert messages_for(f"ticket:{held.pk}").count() == 3
