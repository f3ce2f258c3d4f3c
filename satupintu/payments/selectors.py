"""Reads: a bill with its payments, the bill a citizen's link opens, the live part of the
bill page."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Q, QuerySet

from satupintu.payments.models import Bill, BillStatus, Payment


def bill_with_payments(bill_id: int) -> Bill | None:
    return (
        Bill.objects.select_related("mpp", "agency", "service", "application")
        .prefetch_related("payments")
        .filter(pk=bill_id)
        .first()
    )


def public_bill(public_id: uuid.UUID | str) -> Bill | None:
    """The bill behind a citizen's link (its unguessable public id)."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return (
        Bill.objects.select_related("mpp", "agency", "service", "application")
        .prefetch_related("payments")
        .filter(public_id=key)
        .first()
    )


def bills_to_pay(user, now: dt.datetime) -> QuerySet[Bill]:
    """A citizen's bills still open for payment (on their applications or tickets), the one
    that expires first first."""
    return (
        Bill.objects.filter(
            Q(application__user=user) | Q(ticket__user=user),
            status=BillStatus.UNPAID,
            expires_at__gt=now,
        )
        .select_related("mpp")
        .order_by("expires_at", "pk")
    )


def open_bill_of(application_id: int) -> Bill | None:
    """An application's current bill (unpaid, held or paid), else its latest."""
    bills = Bill.objects.filter(application_id=application_id).order_by("-issued_at", "-pk")
    return bills.filter(status__in=["unpaid", "held", "paid"]).first() or bills.first()


def payments_of(bill: Bill) -> QuerySet[Payment]:
    return bill.payments.order_by("received_at", "pk")


def payment_by_receipt(code: str) -> Payment | None:
    return (
        Payment.objects.select_related("bill", "bill__mpp", "bill__agency", "mpp")
        .filter(receipt_code=str(code).upper()[:16])
        .first()
    )


def bill_of_application(public_id: uuid.UUID) -> Bill | None:
    """The current bill of the application with this public id."""
    application_pk = (
        Bill.objects.filter(application__public_id=public_id)
        .values_list("application_id", flat=True)
        .first()
    )
    return open_bill_of(application_pk) if application_pk else None


def pending_payments(mpp_id: int) -> QuerySet[Payment]:
    """Held and late payments waiting for the supervisor's decision."""
    return (
        Payment.objects.filter(mpp_id=mpp_id, status__in=["held", "late"])
        .select_related("bill")
        .order_by("received_at")
    )


def statements_of_day(mpp_id: int, day) -> list:
    from satupintu.payments.models import Statement

    return list(
        Statement.objects.filter(mpp_id=mpp_id, day=day)
        .prefetch_related("items__payment__bill", "items__line", "items__resolved_by")
        .order_by("-imported_at")[:5]
    )
