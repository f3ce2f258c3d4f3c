"""From submission through a revision to completion, in a real browser: the citizen on a
phone, the officer at a desk, the tracking page for anyone. Takes the docs' screenshots."""

from __future__ import annotations

import pytest

from satupintu.applications.models import Application
from satupintu.applications.tests.factories import image_bytes, pdf_bytes
from satupintu.demo.services import seed_demo
from satupintu.gates.browser import screenshot_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIZEN = "budi.santoso@warga.test"
OFFICER = "siti.rahmawati@banyumas.mpp.test"
PASSWORD = "satupintu-demo"


def sign_in(page, login: str) -> None:
    page.goto("/masuk/")
    page.get_by_label("E-mail atau nomor telepon").fill(login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


def shot(page, name: str) -> None:
    page.screenshot(path=str(screenshot_dir() / name), full_page=True)


def test_submission_revision_and_pickup(chromium, live_server):
    seed_demo()
    citizen = chromium.new_context(
        locale="id-ID", base_url=live_server.url, viewport={"width": 412, "height": 900}
    )
    officer = chromium.new_context(
        locale="id-ID", base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    try:
        _journey(citizen.new_page(), officer.new_page(), chromium, live_server)
    finally:
        citizen.close()
        officer.close()


def _journey(warga, petugas, chromium, live_server) -> None:
    sign_in(warga, CITIZEN)
    warga.goto("/mpp/banyumas/permohonan/A05/")
    warga.get_by_label("Nama lengkap sesuai KTP-el").fill("Budi Santoso")
    warga.get_by_label("NIK (16 angka)").fill("3302011203880003")
    warga.get_by_label("Nomor ponsel (SMS/WhatsApp)").fill("0812-3456-7801")
    warga.get_by_label("Nama lengkap anak").fill("Rizky Pratama Santoso")
    warga.get_by_label("Tanggal lahir anak").fill("2026-11-02")
    warga.get_by_label("Tempat lahir").fill("Purwokerto")
    warga.get_by_label("Jenis kelamin anak").select_option("Laki-laki")
    warga.get_by_label("Paling lambat 60 hari sejak kelahiran").check()
    inputs = warga.locator("input[type=file]:enabled")
    for i in range(inputs.count()):
        inputs.nth(i).set_input_files(
            {"name": f"berkas-{i}.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
        )
    shot(warga, "application-apply.png")
    warga.get_by_role("button", name="Kirim permohonan").click()
    warga.wait_for_url("**/permohonan/*/")
    assert "Permohonan terkirim" in warga.locator("main").inner_text()
    app = Application.objects.filter(fields__nama_anak="Rizky Pratama Santoso").get()
    assert app.status == "submitted"

    sign_in(petugas, OFFICER)
    petugas.goto("/staf/permohonan/")
    shot(petugas, "application-worklist.png")
    petugas.get_by_role("link", name=app.tracking_number).click()
    petugas.wait_for_url(f"**/staf/permohonan/{app.public_id}/")
    keys = [
        k
        for k in petugas.locator("input[name=requirement]").evaluate_all("e => e.map(x => x.value)")
    ]
    rejected = keys[1]
    for key in keys:
        petugas.locator(f"#{'rej' if key == rejected else 'acc'}_{key}").check()
    petugas.locator(f"#reason_{rejected}").fill("Buku nikah tidak terbaca, mohon pindai ulang")
    petugas.get_by_role("button", name="Simpan hasil pemeriksaan").click()
    petugas.wait_for_load_state()
    shot(petugas, "application-verify.png")
    petugas.get_by_role("button", name="Minta perbaikan berkas").click()
    petugas.wait_for_load_state()
    app.refresh_from_db()
    assert app.status == "needs_revision"

    warga.reload()
    assert "Buku nikah tidak terbaca" in warga.locator("main").inner_text()
    assert warga.get_by_role("button", name="Unggah", exact=False).count() == 1  # only that one
    warga.locator(f"#file_{rejected}").set_input_files(
        {"name": "nikah.png", "mimeType": "image/png", "buffer": image_bytes()}
    )
    warga.get_by_role("button", name="Unggah", exact=False).click()
    warga.wait_for_load_state()
    warga.get_by_role("button", name="Kirim perbaikan").click()
    warga.wait_for_load_state()
    app.refresh_from_db()
    assert app.status == "verifying"

    petugas.reload()
    petugas.locator(f"#acc_{rejected}").check()
    petugas.get_by_role("button", name="Simpan hasil pemeriksaan").click()
    for button in ("Berkas lengkap dan benar", "Mulai proses", "Dokumen sudah jadi"):
        petugas.get_by_role("button", name=button).click()
        petugas.wait_for_load_state()
    petugas.get_by_label("Diambil di gerai").check()
    petugas.get_by_label("Diambil oleh (nama)").fill("Budi Santoso")
    petugas.get_by_role("button", name="Catat penyerahan").click()
    petugas.wait_for_load_state()
    app.refresh_from_db()
    assert app.status == "completed" and app.handover_recipient == "Budi Santoso"

    public = chromium.new_context(
        locale="id-ID", base_url=live_server.url, viewport={"width": 412, "height": 900}
    )
    try:
        page = public.new_page()
        page.goto("/lacak/")
        page.get_by_label("Nomor permohonan").fill(app.tracking_number.lower())
        page.get_by_label("4 angka terakhir nomor telepon").fill("7801")
        page.get_by_role("button", name="Lacak").click()
        page.wait_for_load_state()
        text = page.locator("main").inner_text()
        assert "Selesai" in text and "Petugas meminta perbaikan berkas" in text
        assert "Budi" not in text
        shot(page, "application-tracking.png")
    finally:
        public.close()
