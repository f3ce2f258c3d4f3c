"""Daily reconciliation: the bank's statement of a day (CSV or MT940) against the payments
satupintu recorded for that day in the MPP's zone.

Each statement line is matched to a payment by reference: the line's reference or
description carries the bill number or the provider's payment id. Then:
- matched: same payment, same amount;
- amount_differs: same payment, another amount;
- unknown: a line no payment explains;
- missing: a payment of the day (accepted, held or late: money that was received) that no
  line shows.
Every finding but "matched" waits for the supervisor's note (`resolve_item`).

MT940 is read by the `mt-940` package (SWIFT MT940 customer statement: :61: statement
lines with their customer reference before "//" and the bank reference after it, :86:
information to the account owner); only credit lines (money in) are taken. CSV has a
header row with `date`/`tanggal`, `amount`/`jumlah`, `reference`/`referensi` and
optionally `description`/`keterangan`; dates as 2026-12-07 or 07/12/2026; amounts in whole
rupiah, "50000", "50000.00", "50.000" or "50.000,00".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.roles import is_supervisor_of
from satupintu.payments.models import (
    Finding,
    Payment,
    PaymentStatus,
    ReconciliationItem,
    Statement,
    StatementFormat,
    StatementLine,
)
from satupintu.tenancy.models import Mpp

MAX_LINES = 20_000
BILL_NUMBER = re.compile(r"TGH-\d{6}-[0-9A-Z]{8}")


@dataclass(frozen=True)
class Line:
    booked_on: dt.date
    amount: int
    reference: str
    description: str


def _rupiah(text: str, where: str) -> int:
    raw = text.strip().replace("Rp", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", raw):  # 50.000,00
        raw = raw.replace(".", "").replace(",", ".")
    elif "," in raw:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(
            _("%(where)s: jumlah “%(value)s” tidak terbaca.") % {"where": where, "value": text}
        ) from None
    if value < 0 or value != value.to_integral_value():
        raise ValidationError(_("%(where)s: jumlah harus rupiah utuh.") % {"where": where})
    return int(value)


def _date(text: str, where: str) -> dt.date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    raise ValidationError(
        _("%(where)s: tanggal “%(value)s” tidak terbaca.") % {"where": where, "value": text}
    )


COLUMNS = {
    "date": ("date", "tanggal"),
    "amount": ("amount", "jumlah"),
    "reference": ("reference", "referensi"),
    "description": ("description", "keterangan"),
}


def parse_csv(data: bytes) -> list[Line]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Berkas CSV harus berkodekan UTF-8.")) from None
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    found = {}
    for key, names in COLUMNS.items():
        found[key] = next((header[n] for n in names if n in header), None)
    if not (found["date"] and found["amount"] and found["reference"]):
        raise ValidationError(
            _("Baris judul CSV harus memuat kolom tanggal, jumlah dan referensi.")
        )
    lines = []
    for number, row in enumerate(reader, start=2):
        if number > MAX_LINES:
            raise ValidationError(_("Rekening koran terlalu panjang."))
        where = _("Baris %(n)s") % {"n": number}
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        lines.append(
            Line(
                booked_on=_date(row[found["date"]] or "", where),
                amount=_rupiah(row[found["amount"]] or "", where),
                reference=(row[found["reference"]] or "").strip()[:64],
                description=(row.get(found["description"] or "", "") or "").strip()[:300],
            )
        )
    return lines


def parse_mt940(data: bytes) -> list[Line]:
    import mt940

    try:
        transactions = mt940.models.Transactions()
        transactions.parse(data.decode("utf-8", errors="replace"))
    except Exception as exc:  # the parser raises many kinds on broken input
        raise ValidationError(
            _("Berkas MT940 tidak terbaca: %(error)s") % {"error": str(exc)[:200]}
        ) from None
    lines = []
    for item in transactions:
        details = item.data
        amount = details.get("amount")
        if details.get("status") not in {"C", "RD"} or amount is None:
            continue  # debits are not fee payments
        value = Decimal(str(amount.amount))
        if value != value.to_integral_value():
            raise ValidationError(_("MT940: jumlah harus rupiah utuh."))
        reference = " ".join(
            filter(None, [details.get("customer_reference"), details.get("bank_reference")])
        )
        booked = details.get("date")
        if booked is None:
            raise ValidationError(_("MT940: baris transaksi tanpa tanggal."))
        lines.append(
            Line(
                booked_on=dt.date(booked.year, booked.month, booked.day),
                amount=int(value),
                reference=reference[:64],
                description=str(details.get("transaction_details") or "")[:300],
            )
        )
    if not lines and b":61:" not in data:
        raise ValidationError(_("Berkas MT940 tidak memuat baris transaksi (:61:)."))
    return lines


def parse(data: bytes, fmt: str) -> list[Line]:
    if fmt == StatementFormat.MT940:
        return parse_mt940(data)
    if fmt == StatementFormat.CSV:
        return parse_csv(data)
    raise ValidationError({"format": [_("Format rekening koran tidak dikenal.")]})


def payments_of_day(mpp: Mpp, day: dt.date) -> list[Payment]:
    start = dt.datetime.combine(day, dt.time(), tzinfo=mpp.tzinfo)
    return list(
        Payment.objects.filter(
            mpp=mpp,
            paid_at__gte=start,
            paid_at__lt=start + dt.timedelta(days=1),
            status__in=[PaymentStatus.ACCEPTED, PaymentStatus.HELD, PaymentStatus.LATE],
        ).select_related("bill")
    )


def _match(line: Line, open_payments: dict[str, Payment]) -> Payment | None:
    text = f"{line.reference} {line.description}"
    for token in re.split(r"[\s/|;,]+", text):
        if token and token in open_payments:
            return open_payments[token]
    for number in BILL_NUMBER.findall(text):
        if number in open_payments:
            return open_payments[number]
    return None


@transaction.atomic
def import_statement(
    *, user: User, mpp: Mpp, day: dt.date, fmt: str, filename: str, data: bytes
) -> Statement:
    """Read the statement (nothing is written when one line is bad) and reconcile it."""
    if not is_supervisor_of(user, mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat melakukan ini."))
    lines = parse(data, fmt)
    statement = Statement.objects.create(
        mpp=mpp,
        day=day,
        format=fmt,
        filename=filename[:200],
        imported_by=user,
        imported_at=timezone.now(),
    )
    rows = StatementLine.objects.bulk_create(
        StatementLine(statement=statement, **vars(line)) for line in lines
    )
    payments = payments_of_day(mpp, day)
    open_payments: dict[str, Payment] = {}
    for payment in payments:
        open_payments[payment.provider_payment_id] = payment
        open_payments.setdefault(payment.bill.number, payment)
    used: set[int] = set()
    items = []
    for line, row in zip(lines, rows, strict=True):
        found = _match(line, open_payments)
        if found is None or found.pk in used:
            items.append(ReconciliationItem(finding=Finding.UNKNOWN, line=row))
            continue
        used.add(found.pk)
        finding = Finding.MATCHED if found.amount == line.amount else Finding.AMOUNT_DIFFERS
        items.append(ReconciliationItem(finding=finding, line=row, payment=found))
    items += [
        ReconciliationItem(finding=Finding.MISSING, payment=p) for p in payments if p.pk not in used
    ]
    for item in items:
        item.statement, item.mpp = statement, mpp
    ReconciliationItem.objects.bulk_create(items)
    return statement


@transaction.atomic
def resolve_item(*, user: User, item: ReconciliationItem, note: str) -> ReconciliationItem:
    item = ReconciliationItem.objects.select_for_update().select_related("mpp").get(pk=item.pk)
    if not is_supervisor_of(user, item.mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat melakukan ini."))
    note = " ".join(str(note).split())[:500]
    if not note:
        raise ValidationError({"note": [_("Catatan penyelesaian wajib diisi.")]})
    if item.finding == Finding.MATCHED:
        raise ValidationError({"note": [_("Baris yang cocok tidak perlu diselesaikan.")]})
    if item.resolved_at is not None:
        raise ValidationError({"note": [_("Temuan ini sudah diselesaikan.")]})
    item.note, item.resolved_by, item.resolved_at = note, user, timezone.now()
    item.save(update_fields=["note", "resolved_by", "resolved_at"])
    return item
