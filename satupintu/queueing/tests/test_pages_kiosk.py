"""The kiosk screens (/kios/<slug>/) with named personas: who sees them, what each step
lists, and that one tap on a priority choice issues exactly one kiosk ticket."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from satupintu.accounts.models import Role
from satupintu.accounts.services import revoke_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.catalog.models import Service
from satupintu.catalog.standard import RequirementData
from satupintu.catalog.tests.factories import make_service
from satupintu.catalog.tests.qr import decode_qr, svg_qr_to_image
from satupintu.queueing.models import Channel, QueueService, Ticket
from satupintu.queueing.tests.factories import queue_personas
from satupintu.queueing.tickets import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def q(personas):
    return queue_personas(personas)


def kiosk(q) -> Client:
    client = Client()
    client.force_login(q.p.kiosk_x)
    return client


def start_url(q) -> str:
    return f"/kios/{q.p.mpp_x.slug}/"


def service_url(q, service: Service) -> str:
    return f"/kios/{q.p.mpp_x.slug}/layanan/{service.code}/"


def text(response) -> str:
    """The visible words of a page, tags and extra spaces removed."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


# --- who may open the kiosk


def test_the_kiosk_device_of_the_mpp_opens_its_kiosk(q):
    response = kiosk(q).get(start_url(q))
    assert response.status_code == 200
    assert "Pilih instansi yang Anda tuju" in text(response)
    assert "Pratinjau pengelola" not in text(response)


def test_a_supervisor_of_the_mpp_previews_it_but_cannot_take_a_number(q):
    client = Client()
    client.force_login(q.p.supervisor_x)
    page = client.get(service_url(q, q.service_xa))
    assert page.status_code == 200
    assert "Pratinjau pengelola" in text(page)
    assert (
        'name="priority" value="" class="kiosk-button kiosk-choice kiosk-choice-default" disabled'
        in (page.content.decode())
    )
    assert client.post(service_url(q, q.service_xa), {"priority": ""}).status_code == 403
    assert not Ticket.objects.exists()
    ticket = services.issue_ticket(mpp=q.p.mpp_x, service=q.service_xa, channel=Channel.KIOSK)
    screen = client.get(f"/kios/{q.p.mpp_x.slug}/nomor/{ticket.public_id}/")
    assert ticket.number in text(screen)
    assert "data-autoprint" not in screen.content.decode()  # a preview prints nothing


@pytest.mark.parametrize("who", ["kiosk_of_another_mpp", "citizen", "officer", "supervisor_y"])
def test_others_are_refused(q, who):
    user = {
        "kiosk_of_another_mpp": lambda: make_user(Role.KIOSK, mpp=q.p.mpp_y),
        "citizen": lambda: q.p.citizen,
        "officer": lambda: q.p.officer_xa,
        "supervisor_y": lambda: q.p.supervisor_y,
    }[who]()
    client = Client()
    client.force_login(user)
    assert client.get(start_url(q)).status_code == 403
    assert client.post(service_url(q, q.service_xa), {"priority": ""}).status_code == 403
    assert not Ticket.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, q):
    response = client.get(start_url(q))
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/?next=/kios/")
    assert client.post(service_url(q, q.service_xa), {"priority": ""}).status_code == 302
    assert not Ticket.objects.exists()


def test_the_device_signs_in_once_with_its_token_which_leaves_the_address(client, q):
    token = q.p.token(q.p.kiosk_x)
    response = client.get(f"{start_url(q)}?token={token}")
    assert response.status_code == 302 and response["Location"] == start_url(q)
    assert client.get(start_url(q)).status_code == 200


def test_a_token_of_another_device_or_mpp_is_refused(client, q):
    other = make_user(Role.KIOSK, mpp=q.p.mpp_y)
    assert client.get(f"{start_url(q)}?token={q.p.token(other)}").status_code == 403
    assert client.get(f"{start_url(q)}?token=sp_not-a-token").status_code == 403
    assert client.get(start_url(q)).status_code == 302  # still not signed in


def test_revoking_the_token_ends_the_kiosk_session(client, q):
    from satupintu.accounts.models import ApiToken

    client.get(f"{start_url(q)}?token={q.p.token(q.p.kiosk_x)}")
    revoke_api_token(token=ApiToken.objects.get(user=q.p.kiosk_x))
    assert client.get(start_url(q)).status_code == 302


# --- the steps


def test_the_start_lists_the_agencies_that_queue_at_this_mpp(q):
    page = text(kiosk(q).get(start_url(q)))
    agency_a, agency_b = q.service_xa.agency, q.service_xb.agency
    assert agency_a.short_name in page and agency_b.short_name in page
    assert (
        f"/kios/{q.p.mpp_x.slug}/instansi/{agency_a.code}/"
        in kiosk(q).get(start_url(q)).content.decode()
    )


def test_an_agency_lists_its_queued_services_and_the_next_step_their_requirements(q):
    booth = q.p.counter_xa.booth
    paid = make_service(
        booth=booth,
        name="Legalisir dokumen",
        fee_rupiah=15000,
        requirements=(
            RequirementData("Dokumen asli", form="original"),
            RequirementData("Fotokopi KTP-el", form="copy", count=2),
        ),
    )
    QueueService.objects.create(mpp=q.p.mpp_x, queue=q.service_xa.queue_link.queue, service=paid)
    make_service(booth=booth, name="Layanan tanpa antrian")  # in no queue: not offered
    response = kiosk(q).get(f"/kios/{q.p.mpp_x.slug}/instansi/{booth.agency.code}/")
    page = text(response)
    assert response.status_code == 200
    assert "Perekaman KTP-el" in page and "Legalisir dokumen" in page
    assert "Layanan tanpa antrian" not in page
    assert "Biaya: Gratis" in page and "Biaya: Rp15.000" in page
    assert response.content.decode().count('class="kiosk-service kiosk-take"') == 2
    assert service_url(q, paid) in response.content.decode()
    # the chosen service's requirements (of the version in force) come before the number
    step = text(kiosk(q).get(service_url(q, paid)))
    assert "Dokumen asli" in step and "Fotokopi KTP-el (2 rangkap)" in step
    assert "Biaya: Rp15.000" in step
    assert "Kartu Keluarga" in text(kiosk(q).get(service_url(q, q.service_xa)))


def test_an_agency_without_a_queue_here_is_not_found(q):
    response = kiosk(q).get(f"/kios/{q.p.mpp_x.slug}/instansi/TIDAK-ADA/")
    assert response.status_code == 404


def test_the_priority_step_offers_the_mpps_categories_and_no_as_default(q):
    page = text(kiosk(q).get(service_url(q, q.service_xa)))
    assert "Apakah Anda termasuk pengunjung prioritas?" in page
    for name in (
        "Tidak",
        "Lanjut usia",
        "Ibu hamil",
        "Penyandang disabilitas",
        "Ibu dengan balita",
    ):
        assert name in page


# --- taking the number


def test_choosing_issues_exactly_one_kiosk_ticket_and_shows_its_number(q):
    client = kiosk(q)
    response = client.post(service_url(q, q.service_xa), {"priority": ""})
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.priority, ticket.service) == (Channel.KIOSK, "", q.service_xa)
    assert response.status_code == 302
    assert response["Location"] == f"/kios/{q.p.mpp_x.slug}/nomor/{ticket.public_id}/"

    screen = client.get(response["Location"])
    page = text(screen)
    assert screen.status_code == 200
    assert ticket.number in page and "Perekaman KTP-el" in page
    assert "Di depan Anda Tidak ada — Anda berikutnya" in page and "sebentar lagi" in page
    assert "data-autoprint" in screen.content.decode()
    qr = re.search(r'class="slip-qr" src="([^"]+)"', screen.content.decode()).group(1)
    assert decode_qr(svg_qr_to_image(qr)) == [f"http://testserver/antrian/{ticket.public_id}/"]


def test_a_priority_choice_is_kept_on_the_ticket(q):
    kiosk(q).post(service_url(q, q.service_xa), {"priority": "lansia"})
    assert Ticket.objects.get().priority == "lansia"


def test_the_ticket_screen_counts_the_people_ahead(q):
    services.issue_ticket(mpp=q.p.mpp_x, service=q.service_xa, channel=Channel.KIOSK)
    client = kiosk(q)
    response = client.post(service_url(q, q.service_xa), {"priority": ""})
    assert "Di depan Anda 1 orang" in text(client.get(response["Location"]))


def test_an_unknown_priority_shows_the_reason_and_issues_nothing(q):
    response = kiosk(q).post(service_url(q, q.service_xa), {"priority": "pejabat"})
    assert response.status_code == 422
    page = text(response)
    assert "Nomor antrian belum dapat diambil" in page
    assert "Kategori prioritas tidak dikenal." in page
    assert not Ticket.objects.exists()


def test_a_service_taken_out_of_the_queue_meanwhile_shows_an_error_and_issues_nothing(q):
    client = kiosk(q)
    assert client.get(service_url(q, q.service_xa)).status_code == 200
    Service.objects.filter(pk=q.service_xa.pk).update(uses_queue=False)  # the supervisor's edit
    response = client.post(service_url(q, q.service_xa), {"priority": ""})
    assert response.status_code == 404
    page = text(response)
    assert "tidak dapat diambil di kios" in page and "Kembali ke awal" in page
    assert not Ticket.objects.exists()


def test_a_ticket_of_another_mpp_is_not_shown_on_this_kiosk(q):
    other = services.issue_ticket(mpp=q.p.mpp_y, service=q.service_ya, channel=Channel.KIOSK)
    response = kiosk(q).get(f"/kios/{q.p.mpp_x.slug}/nomor/{other.public_id}/")
    assert response.status_code == 404


def test_the_screens_speak_english_after_the_switch(q):
    client = kiosk(q)
    client.post("/i18n/setlang/", {"language": "en", "next": start_url(q)})
    response = client.get(f"/kios/{q.p.mpp_x.slug}/instansi/{q.service_xa.agency.code}/")
    assert '<html lang="en"' in response.content.decode()
    # the reset form that ends every visit switches back to Indonesian for the next one
    assert 'name="language" type="hidden" value="id"' in response.content.decode()


def test_the_start_costs_a_few_queries_even_when_the_mpp_is_closed(
    q, django_assert_max_num_queries
):
    client = kiosk(q)
    client.get(start_url(q))  # warm the session
    q.p.mpp_x.opening_hours.all().delete()  # closed: the next opening is looked up too
    with django_assert_max_num_queries(8):
        response = client.get(start_url(q))
    assert "MPP sedang tutup" in text(response)
