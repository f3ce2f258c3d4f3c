"""From the QR code on a ticket page to a closed complaint, in a real browser: the citizen
on a phone (390×844), the MPP's complaint officer and the agency's officer at a laptop
(1366×768). Takes the screenshots of the complaint pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from satupintu.catalog.models import Service
from satupintu.complaints.models import Complaint, Status
from satupintu.core.calendar import is_working_day
from satupintu.demo.services import seed_demo
from satupintu.gates.browser import screenshot_dir
from satupintu.queueing.tickets.services import issue_ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = "pengelola@banyumas.mpp.test"
OFFICER = "siti.rahmawati@banyumas.mpp.test"  # Disdukcapil
PASSWORD = "satupintu-demo"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


def sign_in(page, login: str) -> None:
    page.goto("/masuk/")
    page.get_by_label("E-mail atau nomor telepon").fill(login)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


def shot(page, name: str) -> None:
    page.screenshot(path=str(screenshot_dir() / name), full_page=True)


def a_ticket():
    """A Disdukcapil ticket at Banyumas, taken on the last working morning."""
    service = Service.objects.filter(mpp__slug="banyumas", agency__code="DINDUKCAPIL").order_by(
        "code"
    )[0]
    day = timezone.now() - dt.timedelta(days=1)
    while not is_working_day(service.mpp, day.date()):
        day -= dt.timedelta(days=1)
    morning = day.replace(hour=2, minute=30, second=0, microsecond=0)  # 09.30 WIB
    return issue_ticket(mpp=service.mpp, service=service, channel="kiosk", now=morning)


def test_a_complaint_from_the_ticket_page_is_forwarded_answered_and_closed(chromium, live_server):
    seed_demo()
    ticket = a_ticket()
    contexts = [
        chromium.new_context(locale="id-ID", base_url=live_server.url, viewport=size)
        for size in (PHONE, LAPTOP, LAPTOP)
    ]
    warga, desk, officer = (c.new_page() for c in contexts)
    try:
        # the citizen: from the ticket page to the form, which names the service
        warga.goto(f"/antrian/{ticket.public_id}/")
        expect(warga.get_by_alt_text("Kode QR ke formulir pengaduan")).to_be_visible()
        shot(warga, "ticket-with-complaint-link-phone.png")
        warga.get_by_role("link", name="Sampaikan pengaduan").click()
        expect(warga.get_by_text(f"Tentang layanan {ticket.service.code}")).to_be_visible()
        warga.get_by_role("button", name="Kirim laporan").click()  # empty: all errors at once
        errors = warga.get_by_role("alert")
        expect(errors).to_contain_text("Ceritakan laporan Anda")
        expect(errors).to_contain_text("Isi nama Anda")
        shot(warga, "complaint-form-errors-phone.png")
        warga.get_by_label("Isi laporan").fill(
            "Nomor saya dilewati dua kali di loket Disdukcapil, padahal saya menunggu di depan."
        )
        warga.get_by_label("Nama", exact=True).fill("Sri Handayani")
        warga.get_by_label("Nomor ponsel (WhatsApp/SMS)").fill("0813-9000-0301")
        warga.get_by_label("Rahasiakan identitas saya").check()
        shot(warga, "complaint-form-phone.png")
        warga.get_by_role("button", name="Kirim laporan").click()
        expect(warga.get_by_text("Terima kasih, laporan Anda sudah kami terima.")).to_be_visible()
        complaint = Complaint.objects.get(ticket=ticket)
        expect(warga.get_by_text(complaint.tracking_code).first).to_be_visible()
        shot(warga, "complaint-tracking-new-phone.png")

        # the complaint officer verifies (the agency is suggested from the ticket) and forwards
        sign_in(desk, DESK)
        desk.goto("/staf/")
        desk.get_by_role("link", name="Pengaduan", exact=True).click()
        shot(desk, "complaint-worklist-desk.png")
        desk.get_by_role("link", name=complaint.tracking_code).click()
        expect(desk.get_by_text("Sri Handayani")).to_be_visible()  # the desk sees who
        expect(desk.get_by_label("Instansi yang berwenang")).to_have_value(
            str(ticket.service.agency_id)
        )
        shot(desk, "complaint-detail-desk.png")
        desk.get_by_role("button", name="Verifikasi").click()
        desk.get_by_role("button", name="Teruskan ke instansi").click()
        expect(desk.get_by_text("Tersimpan: Teruskan ke instansi.")).to_be_visible()

        # the agency's officer answers, without seeing who complained
        sign_in(officer, OFFICER)
        officer.goto("/staf/pengaduan/")
        officer.get_by_role("link", name=complaint.tracking_code).click()
        expect(officer.get_by_text("Dirahasiakan")).to_be_visible()
        expect(officer.get_by_text("Sri Handayani")).to_have_count(0)
        officer.get_by_label("Jawaban untuk pelapor").fill(
            "Mohon maaf. Petugas sudah kami ingatkan; nomor yang dilewati dipanggil lebih dulu."
        )
        shot(officer, "complaint-detail-agency.png")
        officer.get_by_role("button", name="Kirim jawaban").click()

        # the desk closes it; the citizen reads every step and may ask to reopen once
        desk.reload()
        desk.get_by_role("button", name="Tutup laporan").click()
        complaint.refresh_from_db()
        assert complaint.status == Status.CLOSED
        warga.goto(f"/pengaduan/lacak/{complaint.tracking_code}/")
        history = warga.get_by_role("region", name="Riwayat")
        for sentence in (
            "Laporan Anda kami terima.",
            "Laporan Anda diteruskan ke instansi yang berwenang.",
            "Instansi sudah menjawab laporan Anda.",
            "Laporan Anda dinyatakan selesai.",
        ):
            expect(history).to_contain_text(sentence)
        expect(history).to_contain_text(re.compile("nomor yang dilewati dipanggil lebih dulu"))
        expect(warga.get_by_role("heading", name="Belum puas dengan jawabannya?")).to_be_visible()
        shot(warga, "complaint-tracking-closed-phone.png")

        # the other pages: the service page's link, the monthly numbers, the desk's record form
        warga.goto(f"/mpp/banyumas/layanan/{ticket.service.code}/")
        expect(warga.get_by_role("link", name="Sampaikan pengaduan")).to_be_visible()
        warga.get_by_role("link", name="Sampaikan pengaduan").scroll_into_view_if_needed()
        warga.screenshot(path=str(screenshot_dir() / "service-complaint-link-phone.png"))
        warga.goto("/mpp/banyumas/pengaduan/statistik/")
        shot(warga, "complaint-stats-phone.png")
        desk.goto("/staf/pengaduan/")
        desk.get_by_role("link", name="Catat laporan lisan atau tertulis").click()
        shot(desk, "complaint-record-desk.png")
    finally:
        for context in contexts:
            context.close()
