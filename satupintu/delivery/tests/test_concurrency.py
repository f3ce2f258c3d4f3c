"""The applicant's double-submitted choice, and a postage payment arriving while the
applicant switches to pick-up, at once, on SQLite and PostgreSQL: one delivery, at most
one open postage bill, and a paid postage is never cancelled."""

from __future__ import annotations

import pytest

from satupintu.applications.tests.factories import online_service
from satupintu.core.tests.concurrency import run_concurrently
from satupintu.delivery import services
from satupintu.delivery.models import Delivery, DeliveryStatus, PostageTariff
from satupintu.delivery.tests.test_delivery import ADDRESS, pay
from satupintu.documents.tests.factories import ready_application
from satupintu.payments.models import Bill, BillPurpose, BillStatus, PaymentStatus
from satupintu.payments.tests.factories import configure

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency, pytest.mark.slow]
WORKERS = 8
ROUNDS = 4


@pytest.fixture
def ready(personas):
    configure(personas.mpp_x)
    PostageTariff.objects.create(
        mpp=personas.mpp_x, courier="pos-simulator", label="Pos Kilat Khusus", amount=18_000
    )
    return ready_application(personas)


def test_eight_choices_at_once_leave_one_delivery_and_one_open_bill(personas, ready):
    results = run_concurrently(
        lambda i: services.choose_delivery(user=personas.citizen, application=ready, **ADDRESS),
        WORKERS,
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Delivery.objects.count() == 1
    open_bills = Bill.objects.filter(
        purpose=BillPurpose.POSTAGE, status__in=[BillStatus.UNPAID, BillStatus.PAID]
    )
    assert open_bills.count() == 1
    assert Delivery.objects.get().bill_id == open_bills.get().pk


def test_a_payment_and_a_switch_to_pickup_at_once(personas):
    configure(personas.mpp_x)
    PostageTariff.objects.create(
        mpp=personas.mpp_x, courier="pos-simulator", label="Pos Kilat Khusus", amount=18_000
    )
    service = online_service(personas.counter_xa.booth)
    for _ in range(ROUNDS):
        application = ready_application(personas, service)
        delivery = services.choose_delivery(
            user=personas.citizen, application=application, **ADDRESS
        )
        bill = delivery.bill

        def act(i, application=application, bill=bill):
            if i == 0:
                return pay(bill).status
            return services.choose_delivery(
                user=personas.citizen, application=application, method="pickup"
            ).status

        results = run_concurrently(act, 2)
        delivery.refresh_from_db()
        bill.refresh_from_db()
        payment = bill.payments.get()
        if bill.status == BillStatus.PAID:  # the payment first: the switch was refused
            assert isinstance(results[1], services.NotDeliverable), results
            assert delivery.status == DeliveryStatus.PAID
            assert payment.status == PaymentStatus.ACCEPTED
        else:  # the switch first: the late payment waits for the supervisor's refund
            assert not isinstance(results[1], Exception), results
            assert bill.status == BillStatus.CANCELLED
            assert delivery.status == DeliveryStatus.PICKUP
            assert payment.status == PaymentStatus.LATE
