"""Issue 19, point 3 on a phone (390×844): a citizen who lost their KTP-el applies for its
replacement (A02) by clicks from the service page, is asked only for the documents of a
lost card, makes mistakes, sees every error at once and does not choose the files again;
the verifying officer sees the answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from satupintu.applications.models import Application
from satupintu.applications.tests.factories import image_bytes, pdf_bytes
from satupintu.applications.tests.test_browser import CITIZEN, OFFICER, shot, sign_in
from satupintu.demo.services import seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_a_lost_card_is_replaced_without_dummy_files(chromium, live_server):
    seed_demo()
    citizen = chromium.new_context(locale="id-ID", base_url=live_server.url, viewport=PHONE)
    officer = chromium.new_context(
        locale="id-ID", base_url=live_server.url, viewport={"width": 1366, "height": 768}
    )
    try:
        _journey(citizen.new_page(), officer.new_page())
    finally:
        citizen.close()
        officer.close()


def _journey(warga, petugas) -> None:
    sign_in(warga, CITIZEN)
    warga.goto("/mpp/banyumas/layanan/A02/")
    body = warga.locator("main").inner_text()
    assert "(jika hilang)" in body and "(jika rusak atau perubahan data)" in body
    shot(warga, "conditions-service-a02.png")
    warga.get_by_role("link", name="Ajukan permohonan daring").click()
    warga.wait_for_url("**/permohonan/A02/")

    # The KK chosen before the question is answered: the answer redraws the requirements
    # (drawn by the server) and the chosen file stays chosen.
    assert warga.locator("#id_file_p2").is_visible()  # nothing answered: it may apply
    warga.locator("#id_file_p1").set_input_files(
        {"name": "kk-budi.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    warga.get_by_label("Rusak", exact=True).check()
    expect(warga.locator("#id_file_p3")).to_be_hidden()
    warga.get_by_label("Hilang", exact=True).check()
    expect(warga.locator("#id_file_p2")).to_be_hidden()  # KTP-el lama: the lost card
    expect(warga.locator("#id_file_p3")).to_be_visible()  # surat keterangan kehilangan
    expect(warga.locator("#id_file_p1")).to_be_visible()  # KK
    expect(warga.locator("#id_file_p4")).to_be_hidden()  # dokumen perubahan data
    assert warga.locator("#id_file_p1").evaluate("input => input.files[0].name") == "kk-budi.pdf"
    assert warga.get_by_label("NIB", exact=False).count() == 0

    # Two mistakes: a short NIK, and the loss report not chosen yet.
    warga.get_by_label("Nama lengkap sesuai KTP-el").fill("Budi Santoso")
    warga.get_by_label("NIK (16 angka)").fill("330201120388")
    warga.get_by_label("Nomor ponsel (SMS/WhatsApp)").fill("0812-3456-7801")
    shot(warga, "conditions-apply-before.png")
    warga.get_by_role("button", name="Kirim permohonan").click()
    warga.wait_for_load_state()

    summary = warga.locator("[data-error-summary]").inner_text()
    assert "NIK" in summary and "Surat keterangan kehilangan" in summary  # all at once
    assert "Sudah diunggah: kk-budi.pdf" in warga.locator("main").inner_text()
    assert warga.get_by_label("Hilang", exact=True).is_checked()
    assert not warga.locator("#id_file_p2").is_visible()
    shot(warga, "conditions-apply-after-error.png")
    assert (
        Application.objects.count() == 0
        or not Application.objects.filter(
            applicant_name="Budi Santoso", service__code="A02"
        ).exists()
    )

    # Fix both; the KK is not chosen again.
    warga.get_by_label("NIK (16 angka)").fill("3302011203880003")
    warga.locator("#id_file_p3").set_input_files(
        {"name": "surat-hilang.png", "mimeType": "image/png", "buffer": image_bytes()}
    )
    warga.get_by_role("button", name="Kirim permohonan").click()
    warga.wait_for_url("**/permohonan/*/")
    assert "Permohonan terkirim" in warga.locator("main").inner_text()
    app = Application.objects.get(applicant_name="Budi Santoso", service__code="A02")
    assert app.status == "submitted"
    assert app.conditions == {"Apa alasan penggantian KTP-el?": "Hilang"}
    files = {f.requirement_key: f.original_name for f in app.files.all()}
    assert files == {"p1": "kk-budi.pdf", "p3": "surat-hilang.png"}

    sign_in(petugas, OFFICER)
    petugas.goto("/staf/permohonan/")
    petugas.get_by_role("link", name=app.tracking_number).click()
    petugas.wait_for_url(f"**/staf/permohonan/{app.public_id}/")
    text = petugas.locator("main").inner_text()
    assert "Apa alasan penggantian KTP-el?" in text and "Hilang" in text
    assert "KTP-el lama" not in text
    shot(petugas, "conditions-officer-answer.png")
