"""In a real headless Chromium, in Indonesian: from the landing page through an MPP and its
catalog to a service standard and its poster, whose printed QR code scans back to the page."""

import io

import pytest
from PIL import Image

from satupintu.catalog.tests.qr import decode_qr
from satupintu.demo.services import seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_a_service_standard_by_links_and_prints_its_poster(page, live_server):
    seed_demo()
    page.goto("/")
    page.get_by_role("link", name="Mal Pelayanan Publik Kabupaten Banyumas").click()
    assert page.locator("h1").inner_text() == "Mal Pelayanan Publik Kabupaten Banyumas"

    page.get_by_role("link", name="Lihat semua layanan").click()
    assert page.locator("h1").inner_text() == "Daftar layanan"
    assert "65 jenis layanan" in page.locator("main").inner_text()
    dukcapil = page.get_by_role(
        "region", name="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Banyumas"
    )
    row = dukcapil.get_by_role("listitem").filter(has_text="Perekaman dan penerbitan KTP-el baru")
    assert "Gratis" in row.inner_text()

    page.get_by_role("link", name="Menurut kategori").click()
    assert page.get_by_role("heading", name="Kepolisian", exact=True).is_visible()
    page.get_by_role("link", name="Penerbitan SKCK baru").click()
    page.wait_for_url("**/mpp/banyumas/layanan/C01/")
    assert page.locator("h1").inner_text() == "Penerbitan SKCK baru"
    assert page.locator(".service-head .channels").inner_text().split() == [
        "Antrian",
        "Janji",
        "temu",
    ]

    page.go_back()
    page.get_by_role("link", name="Menurut instansi").click()
    page.get_by_role("link", name="Perekaman dan penerbitan KTP-el baru").click()
    page.wait_for_url("**/mpp/banyumas/layanan/A01/")
    service_url = page.url
    assert page.locator("h1").inner_text() == "Perekaman dan penerbitan KTP-el baru"
    main = page.locator("main").inner_text()
    assert "Versi 1, berlaku sejak 1 Januari 2024" in main
    assert page.get_by_role("heading", name="1. Persyaratan").is_visible()
    requirement = page.get_by_label("Kartu Keluarga (KK)")
    requirement.check()  # the checklist is a real one
    assert requirement.is_checked()
    assert page.get_by_role("heading", name="2. Sistem, mekanisme dan prosedur").is_visible()
    assert "Petugas loket" in main
    assert "UU 24/2013 Pasal 79A" in main
    management = page.locator("details.management")
    assert not management.locator("dd").first.is_visible()
    management.locator("summary").click()
    assert management.get_by_text("Survei Kepuasan Masyarakat").is_visible()

    page.get_by_role("link", name="Cetak poster standar pelayanan").click()
    page.wait_for_url("**/mpp/banyumas/layanan/A01/cetak/")
    assert page.locator("h1").inner_text() == "Perekaman dan penerbitan KTP-el baru"
    assert page.get_by_role("heading", name="Persyaratan").is_visible()
    assert page.get_by_role("button", name="Cetak poster").is_visible()

    # As printed on A4 (96 px per inch ≈ 794 px wide): the toolbar goes, the QR scans.
    page.set_viewport_size({"width": 794, "height": 1123})
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Cetak poster").is_visible()
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    assert decode_qr(shot) == [service_url]
    assert page.console_errors == []
