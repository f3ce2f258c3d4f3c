"""The citizen chooses "kirim ke alamat" on a phone, the postage bill is paid, the officer
hands the parcel to the courier, and the public tracking page shows the receipt number
and the courier's events. Takes the screenshots of the choice and of the tracking page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from satupintu.delivery import services
from satupintu.delivery.models import Delivery, PostageTariff
from satupintu.delivery.tests.test_delivery import pay
from satupintu.documents.tests.factories import ready_application
from satupintu.documents.tests.test_browser import _as
from satupintu.gates.a11y import audit
from satupintu.gates.browser import screenshot_dir
from satupintu.payments.tests.factories import configure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_the_citizen_chooses_post_and_tracks_the_parcel(chromium, live_server, personas):
    configure(personas.mpp_x)
    PostageTariff.objects.create(
        mpp=personas.mpp_x, courier="pos-simulator", label="Pos Kilat Khusus", amount=18_000
    )
    application = ready_application(personas)
    folder = screenshot_dir()
    context = _as(chromium, live_server, personas.citizen, PHONE)
    try:
        page = context.new_page()
        page.goto(reverse("applications:mine_detail", args=[application.public_id]))
        page.get_by_role(
            "link", name="Cara menerima dokumen: ambil di MPP atau kirim ke alamat"
        ).click()
        page.get_by_label("Kirim ke alamat").check()
        page.get_by_label("Alamat lengkap").fill(
            "Jl. Overste Isdiman No. 12, RT 02/RW 05, Purwokerto Lor, Purwokerto Timur"
        )
        page.get_by_label("Kode pos").fill("53114")
        page.screenshot(path=folder / "delivery-choice.png", full_page=True)
        assert audit(page, "delivery choice") == []
        page.get_by_role("button", name="Simpan pilihan").click()
        expect(page.get_by_text("Menunggu pembayaran ongkos kirim")).to_be_visible()
        expect(page.get_by_role("link", name="Bayar ongkos kirim")).to_be_visible()
        delivery = Delivery.objects.get(application=application)
        pay(delivery.bill)
        services.send_by_post(user=personas.officer_xa, application=application)
        delivery.refresh_from_db()
        services.refresh_tracking(delivery, now=delivery.shipped_at + dt.timedelta(hours=19))

        tracking = context.new_page()
        tracking.goto(reverse("applications:track"))
        tracking.get_by_label("Nomor permohonan").fill(application.tracking_number)
        tracking.get_by_label("4 angka terakhir nomor telepon").fill(application.phone_last4)
        tracking.get_by_role("button", name="Lacak").click()
        parcel = tracking.locator("#parcel")
        expect(parcel).to_contain_text(delivery.receipt_number)
        expect(parcel).to_contain_text("Dibawa petugas antar")
        tracking.screenshot(path=folder / "delivery-tracking.png", full_page=True)
        assert audit(tracking, "tracking page with a parcel") == []
    finally:
        context.close()
