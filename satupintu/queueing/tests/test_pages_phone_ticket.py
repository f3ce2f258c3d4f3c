"""The phone ticket from the front door: the MPP page and a service page lead to it, and the
service page's button chooses the service."""

from __future__ import annotations

import re

import pytest

from satupintu.catalog.models import Service
from satupintu.catalog.tests.factories import make_service
from satupintu.queueing.tests.factories import make_queue
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
