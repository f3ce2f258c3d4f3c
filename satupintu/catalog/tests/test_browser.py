"""In a real headless Chromium, in Indonesian: from the landing page through an MPP and its
catalog to a service standard and its poster, whose printed QR code scans back to the page."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from satupintu.catalog.tests.qr import decode_qr
from satupintu.demo.services import seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_a_service_standard_by_links_and_prints_its_poster(page, live_server):
    seed_demo()
    page.goto("/")
    page.get_by_role("link", name="Mal Pelayanan Publik Kabupaten Banyumas").click()
    expect(page.locator("h1")).to_have_text("Mal Pelayanan Publik Kabupaten Banyumas")

    page.get_by_role("link", name="Lihat semua layanan").click()
    expect(page.locator("h1")).to_have_text("Daftar layanan")
    expect(page.locator("main")).to_contain_text("65 jenis layanan")
    dukcapil = page.get_by_role(
        "region", name="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Banyumas"
    )
    row = dukcapil.get_by_role("listitem").filter(has_text="Perekaman dan penerbitan KTP-el baru")
    expect(row).to_contain_text("Gratis")

    page.get_by_role("link", name="Menurut kategori").click()
    expect(page.get_by_role("heading", name="Kepolisian", exact=True)).to_be_visible()
    page.get_by_role("link", name="Penerbitan SKCK baru").click()
    page.wait_for_url("**/mpp/banyumas/layanan/C01/")
    expect(page.locator("h1")).to_have_text("Penerbitan SKCK baru")
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
    expect(page.locator("h1")).to_have_text("Perekaman dan penerbitan KTP-el baru")
    main = page.locator("main").inner_text()
    assert "Versi 1, berlaku sejak 1 Januari 2024" in main
    expect(page.get_by_role("heading", name="1. Persyaratan")).to_be_visible()
    requirement = page.get_by_label("Kartu Keluarga (KK)")
    requirement.check()  # the checklist is a real one
    assert requirement.is_checked()
    expect(page.get_by_role("heading", name="2. Sistem, mekanisme dan prosedur")).to_be_visible()
    assert "Petugas loket" in main
    assert "UU 24/2013 Pasal 79A" in main
    management = page.locator("details.management")
    expect(management.locator("dd").first).to_be_hidden()
    management.locator("summary").click()
    expect(management.get_by_text("Survei Kepuasan Masyarakat")).to_be_visible()

    page.get_by_role("link", name="Cetak poster standar pelayanan").click()
    page.wait_for_url("**/mpp/banyumas/layanan/A01/cetak/")
    expect(page.locator("h1")).to_have_text("Perekaman dan penerbitan KTP-el baru")
    expect(page.get_by_role("heading", name="Persyaratan")).to_be_visible()
    expect(page.get_by_role("button", name="Cetak poster")).to_be_visible()

    # As printed on A4 (96 px per inch ≈ 794 px wide): the toolbar goes, the QR scans.
    page.set_viewport_size({"width": 794, "height": 1123})
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Cetak poster")).to_be_hidden()
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    assert decode_qr(shot) == [service_url]
    assert page.console_errors == []
