"""A day's bank statement (CSV and MT940) against the day's payments: each kind of
finding, resolved by the supervisor with a note."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from satupintu.payments import reconciliation, services
from satupintu.payments.models import Finding, Payment, Statement
from satupintu.payments.providers.base import Notice
from satupintu.payments.tests.factories import FEE, awaiting_payment, bill_of, setup

pytestmark = pytest.mark.django_db


def paid(personas, service, payment_id):
    bill = bill_of(awaiting_payment(personas, service))
    notice = Notice(payment_id, bill.number, FEE, timezone.now(), "qris")
    return services.record_payment(provider="simulator", notice=notice)


@pytest.fixture
def day_of_payments(personas):
    service, _ = setup(personas)
    return [paid(personas, service, f"SIM-{i}") for i in range(3)]


def findings(statement):
    return sorted(
        (i.finding, i.payment.provider_payment_id if i.payment else i.line.reference)
        for i in statement.items.select_related("payment", "line")
    )


def today(personas):
    return timezone.now().astimezone(personas.mpp_x.tzinfo).date()


def test_csv_statement_with_each_kind_of_finding(personas, day_of_payments):
    first, second, third = day_of_payments
    day = today(personas)
    csv = (
        "tanggal;jumlah;referensi;keterangan\n"
        f"{day:%d/%m/%Y};50.000,00;{first.provider_payment_id};QRIS\n"
        f"{day:%Y-%m-%d};45000;X;QRIS {second.bill.number}\n"
        f"{day:%Y-%m-%d};12000;ZZZ-9;transfer tak dikenal\n"
    ).encode()
    statement = reconciliation.import_statement(
        user=personas.supervisor_x,
        mpp=personas.mpp_x,
        day=day,
        fmt="csv",
        filename="a.csv",
        data=csv,
    )
    assert findings(statement) == sorted(
        [
            (Finding.MATCHED, first.provider_payment_id),
            (Finding.AMOUNT_DIFFERS, second.provider_payment_id),
            (Finding.UNKNOWN, "ZZZ-9"),
            (Finding.MISSING, third.provider_payment_id),
        ]
    )


def test_mt940_statement_matches_by_the_customer_reference(personas, day_of_payments):
    first = day_of_payments[0]
    day = today(personas)
    mt940 = (
        ":20:STMT1\n:25:10020030/1234567\n:28C:00001/001\n"
        f":60F:C{day:%y%m%d}IDR1000000,00\n"
        f":61:{day:%y%m%d}{day:%m%d}C50000,00NTRF{first.bill.number}//BANK1\n"
        f":86:QRIS {first.bill.number}\n"
        f":62F:C{day:%y%m%d}IDR1050000,00\n-\n"
    ).encode()
    statement = reconciliation.import_statement(
        user=personas.supervisor_x,
        mpp=personas.mpp_x,
        day=day,
        fmt="mt940",
        filename="a.sta",
        data=mt940,
    )
    kinds = [i.finding for i in statement.items.order_by("finding")]
    assert sorted(kinds) == sorted([Finding.MATCHED, Finding.MISSING, Finding.MISSING])


def test_a_bad_line_writes_nothing_and_says_where(personas, day_of_payments):
    csv = b"tanggal,jumlah,referensi\n2026-12-07,50000,A\n2026-12-07,lima puluh,B\n"
    with pytest.raises(ValidationError, match="Baris 3"):
        reconciliation.import_statement(
            user=personas.supervisor_x,
            mpp=personas.mpp_x,
            day=today(personas),
            fmt="csv",
            filename="b.csv",
            data=csv,
        )
    assert not Statement.objects.exists()


def test_only_the_supervisor_imports_and_resolves_with_a_note(personas, day_of_payments):
    csv = b"date,amount,reference\n"
    with pytest.raises(PermissionDenied):
        reconciliation.import_statement(
            user=personas.officer_xa,
            mpp=personas.mpp_x,
            day=today(personas),
            fmt="csv",
            filename="c.csv",
            data=csv,
        )
    statement = reconciliation.import_statement(
        user=personas.supervisor_x,
        mpp=personas.mpp_x,
        day=today(personas),
        fmt="csv",
        filename="c.csv",
        data=csv,
    )
    item = statement.items.first()
    assert item.finding == Finding.MISSING
    with pytest.raises(ValidationError):
        reconciliation.resolve_item(user=personas.supervisor_x, item=item, note="  ")
    with pytest.raises(PermissionDenied):
        reconciliation.resolve_item(user=personas.supervisor_y, item=item, note="x")
    done = reconciliation.resolve_item(
        user=personas.supervisor_x, item=item, note="Masuk rekening koran esok hari"
    )
    assert done.resolved_by == personas.supervisor_x and done.note
    assert Payment.objects.count() == 3
