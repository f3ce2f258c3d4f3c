"""A gateway that delivers one notification 16 times at once (retries, several nodes) pays
the bill once; 16 different payments at once of one bill are accepted once (the rest wait
for the supervisor's refund); a wrong amount is never paid. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.utils import timezone

from satupintu.applications.models import Status
from satupintu.core.tests.concurrency import run_concurrently
from satupintu.payments import services
from satupintu.payments.models import BillStatus, Payment, PaymentStatus
from satupintu.payments.providers.simulator import SimulatorProvider
from satupintu.payments.tests.factories import FEE, awaiting_payment, bill_of, setup

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency, pytest.mark.slow]

WORKERS = 16
PATH = "/api/v1/payments/callback/simulator"


def deliver(request):
    return services.receive_callback(
        provider_name="simulator",
        method=request.method,
        path=request.path,
        headers=request.headers,
        body=request.body,
    )


def test_sixteen_duplicate_callbacks_at_once_pay_the_bill_once(personas):
    service, _ = setup(personas)
    bill = bill_of(awaiting_payment(personas, service))
    request = SimulatorProvider().notification(
        path=PATH, bill_number=bill.number, amount=FEE, now=timezone.now(), payment_id="DUP-1"
    )
    results = run_concurrently(lambda i: deliver(request).pk, WORKERS)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    assert len(set(results)) == 1  # every delivery answered with the one payment
    assert Payment.objects.count() == 1
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID
    assert bill.events.filter(action="pay").count() == 1
    assert bill.application.status == Status.PROCESSING
    assert bill.application.events.filter(action="confirm_payment").count() == 1


def test_sixteen_different_payments_at_once_are_accepted_once(personas):
    service, _ = setup(personas)
    bill = bill_of(awaiting_payment(personas, service))
    now = timezone.now()
    requests = [
        SimulatorProvider().notification(
            path=PATH, bill_number=bill.number, amount=FEE, now=now, payment_id=f"PAY-{i}"
        )
        for i in range(WORKERS)
    ]
    results = run_concurrently(lambda i: deliver(requests[i]).status, WORKERS)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    assert Payment.objects.filter(status=PaymentStatus.ACCEPTED).count() == 1
    assert Payment.objects.filter(status=PaymentStatus.LATE).count() == WORKERS - 1


def test_sixteen_deliveries_of_a_wrong_amount_never_pay(personas):
    service, _ = setup(personas)
    bill = bill_of(awaiting_payment(personas, service))
    request = SimulatorProvider().notification(
        path=PATH, bill_number=bill.number, amount=FEE + 1, now=timezone.now(), payment_id="W-1"
    )
    results = run_concurrently(lambda i: deliver(request).status, WORKERS)
    assert not [r for r in results if isinstance(r, Exception)]
    assert set(results) == {PaymentStatus.HELD}
    assert Payment.objects.count() == 1
    bill.refresh_from_db()
    assert bill.status == BillStatus.HELD
    assert bill.application.status == Status.AWAITING_PAYMENT


ROUNDS = 6


def test_a_callback_and_a_rejection_at_once_never_leave_a_paid_cancelled_bill(personas):
    """The officer rejects while the payment's callback arrives, many times: whichever
    commits first wins, no deadlock, no error; a cancelled bill is never paid and a payment
    for it waits for the refund; an accepted payment moved its application on first."""
    from satupintu.applications import services as applications

    service, _ = setup(personas)
    officer = personas.officer_xa
    outcomes = set()
    for round_ in range(ROUNDS):
        application = awaiting_payment(personas, service)
        bill = bill_of(application)
        request = SimulatorProvider().notification(
            path=PATH,
            bill_number=bill.number,
            amount=FEE,
            now=timezone.now(),
            payment_id=f"R{round_}",
        )

        def act(i, application=application, request=request):
            if i == 0:
                return deliver(request).status
            return applications.reject_application(
                user=officer, application=application, reason="Tidak memenuhi syarat"
            ).status

        results = run_concurrently(act, 2)
        assert not [r for r in results if isinstance(r, Exception)], results
        bill.refresh_from_db()
        application.refresh_from_db()
        payment = Payment.objects.get(bill=bill)
        assert application.status == Status.REJECTED  # rejected either way
        if bill.status == BillStatus.CANCELLED:
            assert payment.status == PaymentStatus.LATE  # refunded on the supervisor's word
            assert not application.events.filter(action="confirm_payment").exists()
        else:
            assert bill.status == BillStatus.PAID and payment.status == PaymentStatus.ACCEPTED
            assert application.events.filter(action="confirm_payment").count() == 1
        assert bill.events.filter(action__in=["pay", "cancel"]).count() == 1
        outcomes.add(bill.status)
    assert outcomes <= {BillStatus.CANCELLED, BillStatus.PAID}
