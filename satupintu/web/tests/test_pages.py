"""Public pages: the MPP list, an MPP's landing page, language, errors, security headers."""

import datetime as dt

import pytest
import time_machine

from satupintu.tenancy.tests.factories import (
    BoothFactory,
    ClosureFactory,
    CounterFactory,
    MppFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mpp():
    mpp = MppFactory(
        slug="banyumas", name="Mal Pelayanan Publik Kabupaten Banyumas", phone="+62281635231"
    )
    booth = BoothFactory(
        mpp=mpp, agency__name="Dinas Kependudukan dan Pencatatan Sipil", queue_prefix="A"
    )
    CounterFactory(booth=booth, number=1)
    ClosureFactory(mpp=mpp, starts_on=dt.date(2026, 12, 23), reason="Rapat kerja tahunan")
    return mpp


def test_home_lists_every_mpp_with_its_open_state(client, mpp):
    with time_machine.travel(
        dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False
    ):  # 09.00 WIB
        html = client.get("/").content.decode()
    assert mpp.name in html
    assert "Buka sekarang" in html


def test_mpp_page_shows_hours_agencies_closures_and_contact(client, mpp):
    with time_machine.travel(
        dt.datetime(2026, 11, 23, 5, 30, tzinfo=dt.UTC), tick=False
    ):  # 12.30 WIB
        html = client.get("/mpp/banyumas/").content.decode()
    assert "Tutup sekarang" in html
    assert "buka lagi hari ini pukul 13.00 WIB" in html
    assert "Dinas Kependudukan dan Pencatatan Sipil" in html
    assert "loket 1" in html
    assert "08.00–12.00, 13.00–16.00" in html
    assert "23 Des 2026: Rapat kerja tahunan" in html
    assert "24 Des 2026: Cuti Bersama Hari Raya Natal" in html  # from the SKB, no row typed
    assert "25 Des 2026: Libur nasional: Hari Raya Natal" in html
    assert "(0281) 635231" in html


def test_mpp_page_on_a_cuti_bersama_day_says_closed_with_its_name(client, mpp):
    with time_machine.travel(
        dt.datetime(2026, 3, 23, 2, 0, tzinfo=dt.UTC), tick=False
    ):  # Monday 23 March 2026, 09.00 WIB
        html = client.get("/mpp/banyumas/").content.decode()
    assert "Tutup sekarang" in html
    assert "Cuti Bersama Hari Raya Idul Fitri" in html
    assert "buka lagi Rabu, 25 Maret pukul 08.00 WIB" in html
    assert "23 Mar 2026 – 24 Mar 2026: Cuti Bersama Hari Raya Idul Fitri" in html


def test_indonesian_is_the_default_and_english_is_one_click_away(client, mpp):
    assert '<html lang="id">' in client.get("/mpp/banyumas/").content.decode()
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/mpp/banyumas/"}, follow=True
    )
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Opening hours" in html
    assert "Agencies present" in html


def test_unknown_pages_get_an_indonesian_404(client):
    response = client.get("/mpp/tidak-ada/")
    assert response.status_code == 404
    assert "MPP tidak ditemukan." in response.content.decode()


def test_a_404_for_an_unknown_address_does_not_reveal_the_url_patterns(client, settings):
    settings.DEBUG = False
    html = client.get("/halaman-yang-tidak-ada/").content.decode()
    assert "Halaman tidak ditemukan" in html
    assert "URLPattern" not in html and "tried" not in html


def test_pages_carry_a_strict_content_security_policy(client, mpp):
    response = client.get("/mpp/banyumas/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_static_files_are_served_from_our_own_server(client, mpp):
    html = client.get("/").content.decode()
    assert "/static/vendor/bootstrap-5.3.9/bootstrap.min.css" in html
    assert "/static/vendor/htmx-2.0.11/htmx.min.js" in html
    assert "http" not in html.split("<body")[0].replace("http-equiv", "")


def test_a_citizens_account_leads_to_their_applications_and_appointments(client, personas):
    client.force_login(personas.citizen)
    page = client.get("/akun/").content.decode()
    assert '<a class="btn btn-outline-brand" href="/permohonan/">Permohonan saya</a>' in page
    assert '<a class="btn btn-outline-brand" href="/janji-temu/saya/">Janji temu saya</a>' in page


def test_staff_accounts_offer_no_citizen_links(client, personas):
    client.force_login(personas.officer_xa)
    page = client.get("/akun/").content.decode()
    assert "Permohonan saya" not in page and "Janji temu saya" not in page


def test_the_browsers_favicon_request_finds_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("web/favicon.svg")
