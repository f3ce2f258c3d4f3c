"""Delivery by post: the applicant chooses pick-up or post, the postage is a bill from the
MPP's tariff (never typed), its payment lets the officer send the parcel, the courier's
receipt number and tracking events reach the API and the public tracking page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from satupintu.applications.models import Handover, Status
from satupintu.delivery import services
from satupintu.delivery.couriers import simulator
from satupintu.delivery.models import DeliveryStatus, PostageTariff
from satupintu.documents.tests.factories import ready_application
from satupintu.payments import services as payments
from satupintu.payments.models import Bill, BillPurpose, BillStatus
from satupintu.payments.providers.simulator import SimulatorProvider
from satupintu.payments.tests.factories import configure

pytestmark = pytest.mark.django_db
POSTAGE = 18_000
ADDRESS = {
    "method": "post",
    "recipient_name": "Siti Aminah",
    "address": "Jl. Overste Isdiman No. 12, RT 02/RW 05, Purwokerto Lor",
    "postal_code": "53114",
    "phone": "081234567890",
}


@pytest.fixture
def ready(personas):
    configure(personas.mpp_x)
    PostageTariff.objects.create(
        mpp=personas.mpp_x, courier="pos-simulator", label="Pos Kilat Khusus", amount=POSTAGE
    )
    return ready_application(personas)


def pay(bill):
    request = SimulatorProvider().notification(
        path="/api/v1/payments/callback/simulator",
        bill_number=bill.number,
        amount=bill.amount,
        now=timezone.now(),
    )
    return payments.receive_callback(
        provider_name="simulator",
        method=request.method,
        path=request.path,
        headers=request.headers,
        body=request.body,
    )


def test_s10_check_digit_is_upus_own_example():
    # UPU S10's worked example: serial 47312482, check digit 9.
    assert simulator.check_digit("47312482") == 9
    assert simulator.is_valid_receipt("RR473124829ID")
    assert not simulator.is_valid_receipt("RR473124828ID")


def test_choosing_post_issues_the_postage_bill_from_the_tariff(client, personas, ready):
    client.force_login(personas.citizen)
    url = f"/api/v1/applications/{ready.public_id}/delivery"
    answer = client.put(url, ADDRESS, content_type="application/json")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["status"] == "awaiting_postage" and body["postage"] == POSTAGE
    bill = Bill.objects.get(pk=body["bill_id"])
    assert (bill.purpose, bill.amount, bill.status) == (BillPurpose.POSTAGE, POSTAGE, "unpaid")
    assert body["bill_url"].endswith(f"/tagihan/{bill.public_id}/")
    # changing to pick-up cancels the unpaid postage bill
    answer = client.put(url, {"method": "pickup"}, content_type="application/json")
    assert answer.json()["status"] == "pickup" and answer.json()["bill_id"] is None
    bill.refresh_from_db()
    assert bill.status == BillStatus.CANCELLED


def test_bad_address_is_refused_in_indonesian(client, personas, ready):
    client.force_login(personas.citizen)
    answer = client.put(
        f"/api/v1/applications/{ready.public_id}/delivery",
        {**ADDRESS, "address": "Jl", "postal_code": "531"},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert "Kode pos" in answer.content.decode()
    assert not Bill.objects.exists()


def test_paid_postage_lets_the_officer_send_and_tracking_follows(client, personas, ready):
    delivery = services.choose_delivery(user=personas.citizen, application=ready, **ADDRESS)
    client.force_login(personas.officer_xa)
    send = f"/api/v1/applications/{ready.public_id}/delivery/send"
    assert client.post(send).status_code == 409  # the postage is not paid yet
    pay(delivery.bill)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PAID
    ready.refresh_from_db()
    assert ready.status == Status.READY  # a postage payment does not move the application
    answer = client.post(send)
    assert answer.status_code == 200, answer.content
    receipt = answer.json()["receipt_number"]
    assert simulator.is_valid_receipt(receipt)
    ready.refresh_from_db()
    assert ready.status == Status.COMPLETED and ready.handover_method == Handover.DELIVERY
    assert ready.receipt_number == receipt
    # the public tracking page shows the receipt number
    page = client.post(
        "/lacak/", {"nomor": ready.tracking_number, "telepon": ready.applicant_phone[-4:]}
    )
    assert receipt in page.content.decode()
    # a day later the courier reports it delivered
    delivery.refresh_from_db()
    done = services.refresh_tracking(delivery, now=delivery.shipped_at + dt.timedelta(hours=25))
    assert done.status == DeliveryStatus.DELIVERED
    assert [e.code for e in done.events.all()] == [
        "POSTING LOKET",
        "MANIFEST SERAH",
        "PROSES ANTAR",
        "SELESAI ANTAR",
    ]
    services.refresh_tracking(done, now=delivery.shipped_at + dt.timedelta(hours=30))
    assert done.events.count() == 4  # never twice
    client.force_login(personas.citizen)
    body = client.get(f"/api/v1/applications/{ready.public_id}/delivery").json()
    assert body["status"] == "delivered" and len(body["events"]) == 4


def test_only_the_applicant_chooses_and_only_until_the_postage_is_paid(personas, ready):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.choose_delivery(user=personas.officer_xa, application=ready, **ADDRESS)
    delivery = services.choose_delivery(user=personas.citizen, application=ready, **ADDRESS)
    pay(delivery.bill)
    with pytest.raises(services.NotDeliverable):
        services.choose_delivery(user=personas.citizen, application=ready, method="pickup")
