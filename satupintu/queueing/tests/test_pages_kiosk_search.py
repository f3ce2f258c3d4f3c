"""The kiosk on the demo MPP, as a visitor who does not know the agencies meets it: the
start screen's search in their own words, an agency with many services on one portrait
screen (paged beyond it), and a service's requirements shown before the number."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from satupintu.accounts.models import Role, User
from satupintu.catalog.models import Service
from satupintu.demo.services import seed_demo
from satupintu.queueing.models import Channel, Ticket

pytestmark = pytest.mark.django_db

START = "/kios/banyumas/"


@pytest.fixture
def kiosk() -> Client:
    seed_demo()
    client = Client()
    client.force_login(User.objects.get(mpp__slug="banyumas", role=Role.KIOSK))
    return client


def text(response) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def results(response) -> list[str]:
    """The service codes of the result buttons, in their order."""
    return re.findall(r'class="kiosk-result" href="/kios/banyumas/layanan/([^/]+)/"', response.text)


def test_the_start_screen_offers_a_search_with_its_own_keyboard(kiosk):
    page = kiosk.get(START)
    assert page.status_code == 200
    assert 'role="search"' in page.text and 'name="q"' in page.text
    assert 'inputmode="none"' in page.text  # no system keyboard over the kiosk's own
    assert page.text.count('class="osk-key"') == 36  # ten digits and 26 letters
    assert "Pilih instansi yang Anda tuju" in text(page)  # the agencies stay below


def test_paspor_finds_imigrasis_passport_services_and_a_result_issues_a_ticket(kiosk):
    found = kiosk.get(START, {"q": "paspor"})
    codes = results(found)
    assert codes and all(code.startswith("E") for code in codes)
    assert "Imigrasi" in text(found) and "Paspor" in text(found)

    service = Service.objects.get(mpp__slug="banyumas", code=codes[0])
    step = kiosk.get(f"{START}layanan/{service.code}/")
    assert "Apakah Anda termasuk pengunjung prioritas?" in text(step)
    taken = kiosk.post(f"{START}layanan/{service.code}/", {"priority": ""})
    ticket = Ticket.objects.get(public_id=taken["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert (ticket.service, ticket.channel) == (service, Channel.KIOSK)
    assert service.agency.code == "IMIGRASI"
    assert ticket.number in text(kiosk.get(taken["Location"]))


@pytest.mark.parametrize(
    ("words", "service", "agency"),
    [
        ("npwp", "F01", "KPP Pratama Purwokerto"),
        ("ktp hilang", "A02", "Disdukcapil Banyumas"),
        ("akta lahir", "A05", "Disdukcapil Banyumas"),
        ("bikin paspor", "E01", "Imigrasi"),
    ],
)
def test_a_visitors_own_words_find_the_service_and_its_agency(kiosk, words, service, agency):
    found = kiosk.get(START, {"q": words})
    assert service in results(found)[:3], (words, results(found))
    assert agency in text(found)


def test_results_come_as_a_fragment_for_htmx_and_as_a_page_without_it(kiosk):
    fragment = kiosk.get(START, {"q": "npwp"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "kiosk-tile" not in fragment.text
    assert "F01" in results(fragment)
    assert "HX-Request" in fragment["Vary"]
    page = kiosk.get(START, {"q": "npwp"})
    assert "<html" in page.text and "F01" in results(page)
    assert 'value="npwp"' in page.text  # the field keeps the words
    assert 'data-idle-seconds="60"' in page.text  # and the search goes away with its visitor


def test_only_what_the_kiosk_offers_is_found(kiosk):
    Service.objects.filter(mpp__slug="banyumas", code="E01").update(uses_queue=False)
    codes = results(kiosk.get(START, {"q": "paspor"}))
    assert codes and "E01" not in codes


def test_words_that_match_nothing_say_so_in_indonesian(kiosk):
    page = kiosk.get(START, {"q": "xqzvw"})
    assert page.status_code == 200 and results(page) == []
    assert "Tidak ada layanan yang cocok dengan “xqzvw”" in text(page)
    assert kiosk.get(START, {"q": "x" * 5000}).status_code == 200  # long input is cut, not a 500


def test_an_agency_with_eleven_services_shows_them_all_on_one_screen(kiosk):
    page = kiosk.get(f"{START}instansi/DINDUKCAPIL/")
    assert page.text.count('class="kiosk-service kiosk-take"') == 11
    assert "kiosk-services-many" in page.text  # the smaller type of a long list
    assert "Berikutnya" not in text(page)


def test_more_services_than_one_screen_holds_are_paged(kiosk, monkeypatch):
    monkeypatch.setattr("satupintu.queueing.kiosk.pages.SERVICES_PER_SCREEN", 4)
    first = kiosk.get(f"{START}instansi/DINDUKCAPIL/")
    assert first.text.count('class="kiosk-service kiosk-take"') == 4
    assert "Halaman 1 dari 3" in text(first) and 'href="?halaman=2"' in first.text
    assert "Sebelumnya" not in text(first)
    last = kiosk.get(f"{START}instansi/DINDUKCAPIL/", {"halaman": "3"})
    assert last.text.count('class="kiosk-service kiosk-take"') == 3
    assert "Sebelumnya" in text(last) and "Berikutnya" not in text(last)
    assert kiosk.get(f"{START}instansi/DINDUKCAPIL/", {"halaman": "x"}).status_code == 200


def test_the_service_step_shows_the_fee_and_requirements_before_the_number(kiosk):
    page = text(kiosk.get(f"{START}layanan/A01/"))
    assert "Perekaman dan penerbitan KTP-el baru" in page
    assert "Biaya: Gratis" in page and "Kartu Keluarga (KK)" in page
    assert page.index("Kartu Keluarga") < page.index("Apakah Anda termasuk pengunjung prioritas?")


def test_the_search_costs_the_same_few_queries_however_many_it_finds(kiosk):
    kiosk.get(START, {"q": "ktp"}, headers={"HX-Request": "true"})  # warm the session
    counts = []
    for words, found in (("npwp", 1), ("paspor", 5)):
        with CaptureQueriesContext(connection) as queries:
            response = kiosk.get(START, {"q": words}, headers={"HX-Request": "true"})
        assert len(results(response)) == found
        counts.append(len(queries))
    # the device's session and access, the search (scores, versions), what the kiosk offers
    assert counts[0] == counts[1] <= 8
