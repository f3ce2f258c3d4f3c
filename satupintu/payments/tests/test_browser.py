"""The citizen's payment in a real browser on a phone: the tracking result says "menunggu
pembayaran", the bill page shows the QRIS and the virtual account, the simulator pays
with its signed callback, and both pages turn to "lunas" without a reload (the live
stream, served by the ASGI server). Takes the screenshots of the QRIS bill page and of
the receipt (its PDF rendered)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pypdfium2
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from satupintu.gates.a11y import audit
from satupintu.gates.browser import screenshot_dir
from satupintu.payments import receipts, services
from satupintu.payments.tests.factories import awaiting_payment, bill_of, setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def in_thread(fn):
    """ORM work beside Playwright's event loop runs in a thread of its own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def test_tracking_and_bill_pages_turn_paid_live_after_a_simulated_qris_payment(
    chromium, asgi_server, personas, bus
):
    def prepare():
        service, _ = setup(personas)
        return bill_of(awaiting_payment(personas, service))

    bill = in_thread(prepare)
    application = bill.application
    folder = screenshot_dir()
    context = chromium.new_context(locale="id-ID", base_url=asgi_server.url, viewport=PHONE)
    try:
        tracking = context.new_page()
        tracking.goto(reverse("applications:track"))
        tracking.get_by_label("Nomor permohonan").fill(application.tracking_number)
        tracking.get_by_label("4 angka terakhir nomor telepon").fill(application.phone_last4)
        tracking.get_by_role("button", name="Lacak").click()
        status = tracking.locator("#track-status")
        expect(status).to_contain_text("Menunggu pembayaran")
        expect(status.get_by_text("Lunas", exact=True)).to_have_count(0)

        expect(tracking.get_by_role("link", name="Lihat tagihan dan bayar")).to_be_visible()
        page = context.new_page()  # the bill in a second tab; the tracking result stays open
        page.goto(reverse("payments:bill", args=[bill.public_id]))
        expect(page.get_by_role("heading", name="Tagihan retribusi")).to_be_visible()
        expect(page.get_by_text(bill.va_number)).to_be_visible()
        qris = page.get_by_role("img", name=f"Kode QRIS tagihan {bill.number}")
        expect(qris).to_be_visible()
        assert qris.evaluate("img => img.naturalWidth") >= 115  # ASPI's minimum
        assert audit(page, "bill page") == []
        page.screenshot(path=str(folder / "payments-bill-qris.png"), full_page=True)

        payments = in_thread(
            lambda: services.simulate_payment(
                user=personas.supervisor_x,
                bill=bill,
                path=reverse("api:payments_callback", args=["simulator"]),
            )
        )
        expect(page.locator("#bill-badge")).to_have_text("Lunas", timeout=10_000)
        expect(tracking.locator("#track-paid")).to_have_text("Lunas", timeout=10_000)
        expect(status).not_to_contain_text("Menunggu pembayaran")
        page.screenshot(path=str(folder / "payments-bill-paid.png"), full_page=True)
        tracking.screenshot(path=str(folder / "payments-tracking-paid.png"), full_page=True)
    finally:
        context.close()

    data = in_thread(lambda: receipts.receipt_pdf(payments[0]))
    pdf = pypdfium2.PdfDocument(data)
    pdf[0].render(scale=1.5).to_pil().save(folder / "payments-receipt.png")
