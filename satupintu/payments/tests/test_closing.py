"""An application awaiting payment can be rejected by the officer or withdrawn by the
applicant: its unpaid bill is cancelled in the same transaction, and a payment that arrives
afterwards is recorded as late and refunded on the supervisor's decision."""

from __future__ import annotations

import pytest
from django.utils import timezone

from satupintu.applications import services as applications
from satupintu.applications.models import Status
from satupintu.payments import services
from satupintu.payments.models import BillStatus, Payment, PaymentStatus
from satupintu.payments.providers.simulator import SimulatorProvider
from satupintu.payments.tests.factories import FEE, awaiting_payment, bill_of, setup

pytestmark = pytest.mark.django_db
PATH = "/api/v1/payments/callback/simulator"


def pay(bill, *, amount=FEE, payment_id="SIM-1"):
    request = SimulatorProvider().notification(
        path=PATH, bill_number=bill.number, amount=amount, now=timezone.now(), payment_id=payment_id
    )
    return services.receive_callback(
        provider_name="simulator",
        method=request.method,
        path=request.path,
        headers=request.headers,
        body=request.body,
    )


@pytest.fixture
def application(personas):
    service, _ = setup(personas)
    return awaiting_payment(personas, service)


def test_the_officer_rejects_while_awaiting_payment_and_the_bill_is_cancelled(
    client, personas, application
):
    client.force_login(personas.officer_xa)
    answer = client.post(
        f"/api/v1/applications/{application.public_id}/reject",
        {"reason": "Lokasi reklame di kawasan terlarang"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "rejected"
    bill = bill_of(application)
    assert bill.status == BillStatus.CANCELLED
    assert bill.events.filter(action="cancel", actor=personas.officer_xa).count() == 1
    with pytest.raises(services.NotPayable):
        services.qris_of(bill)  # nothing left to pay


def test_a_payment_after_the_rejection_is_late_and_refunded_by_the_supervisor(
    personas, application
):
    applications.reject_application(
        user=personas.officer_xa, application=application, reason="Tidak memenuhi syarat"
    )
    payment = pay(bill_of(application))
    assert payment.status == PaymentStatus.LATE
    application.refresh_from_db()
    assert application.status == Status.REJECTED  # the payment moves nothing on
    assert bill_of(application).status == BillStatus.CANCELLED
    refunded = services.decide_payment(
        user=personas.supervisor_x, payment=payment, note="Dikembalikan, permohonan ditolak"
    )
    assert refunded.status == PaymentStatus.REFUNDED
    assert bill_of(application).status == BillStatus.CANCELLED


def test_the_applicant_withdraws_while_awaiting_payment(client, personas, application):
    client.force_login(personas.citizen)
    answer = client.post(
        f"/api/v1/applications/{application.public_id}/withdraw",
        {"note": "Batal memasang reklame"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "withdrawn"
    assert bill_of(application).status == BillStatus.CANCELLED


def test_a_held_payment_stays_for_the_refund_when_its_bill_is_cancelled(personas, application):
    held = pay(bill_of(application), amount=FEE - 1)
    assert held.status == PaymentStatus.HELD
    applications.reject_application(
        user=personas.officer_xa, application=application, reason="Tidak memenuhi syarat"
    )
    assert bill_of(application).status == BillStatus.CANCELLED
    services.decide_payment(user=personas.supervisor_x, payment=held, note="Dikembalikan")
    assert Payment.objects.get().status == PaymentStatus.REFUNDED
    assert bill_of(application).status == BillStatus.CANCELLED


def test_a_paid_application_is_not_cancelled_by_a_later_rejection_of_its_bill(
    personas, application
):
    pay(bill_of(application))
    application.refresh_from_db()
    assert application.status == Status.PROCESSING
    applications.reject_application(
        user=personas.officer_xa, application=application, reason="Tidak memenuhi syarat"
    )
    assert bill_of(application).status == BillStatus.PAID  # a paid bill is never cancelled
