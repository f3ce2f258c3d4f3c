"""Writes: issuing a bill from the published fee, its QRIS, recording payments (from a
provider's verified callback or the bank counter), the supervisor's decisions, expiry.

Callbacks are hostile input. `receive_callback` reads nothing before the provider has
verified the signature; `record_payment` is idempotent on (provider, provider payment
id): the bill row is locked (PostgreSQL: SELECT … FOR UPDATE; SQLite: the IMMEDIATE
transaction) before the id is looked up again, so 16 deliveries of one notification at
once write one payment, and the partial unique constraint payment_one_accepted_per_bill
makes a second accepted payment of one bill impossible in the database itself. An amount
other than the bill's is held, never paid; a payment for an expired or cancelled bill is
recorded as "late" and refunded on the supervisor's decision.

Lock order, so a rejection and a callback at once never deadlock: the application first,
then its bill. The rejection locks the application and cancels the bill
(`cancel_bills_of_application`); the callback locks the bill's application before the
bill. Whichever commits first wins: a payment that arrives after the rejection finds the
bill cancelled and is recorded as late (to refund); a rejection that comes after the
payment finds the application already being processed.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.roles import is_supervisor_of
from satupintu.applications import services as applications
from satupintu.applications.models import Application, Status
from satupintu.catalog.models import FeeVariant, ServiceVersion
from satupintu.catalog.selectors import version_in_force
from satupintu.core.errors import DomainError
from satupintu.payments import qris
from satupintu.payments.models import (
    Bill,
    BillPurpose,
    BillStatus,
    Channel,
    Payment,
    PaymentSettings,
    PaymentStatus,
    RevenueAccount,
)
from satupintu.payments.providers.base import BillRef, Notice
from satupintu.payments.providers.registry import provider_named
from satupintu.payments.signals import bill_paid
from satupintu.payments.workflow import WORKFLOW
from satupintu.tenancy.models import Mpp

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32, as tracking numbers
COUNTER_PROVIDER = "bank-counter"


class NotPayable(DomainError):
    status = 409
    code = "not_payable"


def settings_of(mpp: Mpp) -> PaymentSettings:
    config = PaymentSettings.objects.filter(mpp=mpp).first()
    if config is None:
        raise NotPayable(
            _("Pembayaran non-tunai belum diatur untuk %(mpp)s.") % {"mpp": mpp.name},
            code="payments_not_configured",
        )
    return config


def published_fee(version: ServiceVersion, variant: FeeVariant | None) -> int:
    """The amount the standard publishes: the variant's when the tariff has variants
    (one must be chosen unless there is only one), else the fixed fee. 0 = free."""
    variants = list(version.fee_variants.all())
    if variant is not None:
        if variant.version_id != version.pk:
            raise ValidationError({"fee_variant": [_("Varian biaya bukan milik layanan ini.")]})
        return variant.amount_rupiah
    if len(variants) == 1:
        return variants[0].amount_rupiah
    if variants:
        raise ValidationError(
            {"fee_variant": [_("Layanan ini punya beberapa varian biaya; pilih salah satu.")]}
        )
    return version.fee_rupiah or 0


def _sole_variant(version: ServiceVersion, chosen: Any) -> FeeVariant | None:
    variants = list(version.fee_variants.all())
    for variant in variants:
        if str(variant.order) == str(chosen):
            return variant
    return variants[0] if len(variants) == 1 else None


def revenue_account(mpp: Mpp, agency_id: int, service_id: int) -> RevenueAccount | None:
    """The service's own kode rekening, else its agency's."""
    rows = RevenueAccount.objects.filter(mpp=mpp, agency_id=agency_id, service_id__in=[service_id])
    return rows.first() or (
        RevenueAccount.objects.filter(mpp=mpp, agency_id=agency_id, service__isnull=True).first()
    )


def _number(now: dt.datetime) -> str:
    tail = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"TGH-{now:%y%m%d}-{tail}"


def _va_number(config: PaymentSettings) -> str:
    """The bill's own virtual account: the bank's prefix, then random digits (16 in all)."""
    rest = 16 - len(config.va_prefix)
    return config.va_prefix + "".join(secrets.choice("0123456789") for _ in range(rest))


def bill_ref(bill: Bill, config: PaymentSettings) -> BillRef:
    return BillRef(
        number=bill.number,
        amount=bill.amount,
        va_number=bill.va_number,
        merchant_name=config.merchant_name,
        merchant_city=config.merchant_city,
        nmid=config.nmid,
        mcc=config.mcc,
    )


@transaction.atomic
def issue_bill(
    *,
    version: ServiceVersion,
    payer_name: str,
    application: Application | None = None,
    ticket: Any = None,
    variant: FeeVariant | None = None,
    user: User | None = None,
    now: dt.datetime | None = None,
) -> Bill:
    """A bill for the published fee of `version` (never a typed amount), tied to the
    application or the ticket; its QRIS is asked of the MPP's provider and checked."""
    if application is None and ticket is None:
        raise ValidationError(_("Tagihan harus terkait dengan permohonan atau nomor antrian."))
    amount = published_fee(version, variant)
    if amount <= 0:
        raise NotPayable(_("Layanan ini gratis; tidak ada tagihan."), code="free_service")
    title = version.name + (f" ({variant.name})" if variant else "")
    return _issue(
        version=version,
        payer_name=payer_name,
        application=application,
        ticket=ticket,
        variant=variant,
        amount=amount,
        title=title,
        purpose=BillPurpose.FEE,
        user=user,
        now=now,
    )


@transaction.atomic
def issue_postage_bill(
    *, application: Application, amount: int, title: str, user: User | None = None
) -> Bill:
    """The postage of sending an application's product by post: the amount is the MPP's
    configured postage tariff (delivery/services.py reads it), never typed; booked to the
    same revenue account as the service's fee."""
    if amount <= 0:
        raise NotPayable(_("Tarif ongkos kirim belum diatur."), code="no_postage_tariff")
    return _issue(
        version=application.version,
        payer_name=application.applicant_name,
        application=application,
        ticket=None,
        variant=None,
        amount=amount,
        title=title,
        purpose=BillPurpose.POSTAGE,
        user=user,
        now=None,
    )


def _issue(
    *,
    version: ServiceVersion,
    payer_name: str,
    application: Application | None,
    ticket: Any,
    variant: FeeVariant | None,
    amount: int,
    title: str,
    purpose: str,
    user: User | None,
    now: dt.datetime | None,
) -> Bill:
    service = version.service
    mpp = service.mpp
    config = settings_of(mpp)
    now = now or timezone.now()
    account = revenue_account(mpp, service.agency_id, service.pk)
    bill = Bill(
        mpp=mpp,
        agency_id=service.agency_id,
        service=service,
        version=version,
        fee_variant=variant,
        application=application,
        ticket=ticket,
        number=_number(now),
        purpose=purpose,
        description=title[:300],
        amount=amount,
        revenue_account_code=account.code if account else "",
        revenue_account_name=account.name if account else "",
        payer_name=payer_name[:150],
        va_number=_va_number(config),
        issued_at=now,
        expires_at=now + dt.timedelta(hours=config.valid_hours),
    )
    provider = provider_named(config.provider)
    payload = provider.qris_payload(bill_ref(bill, config))
    qris.check_payload(payload, amount=amount, bill_number=bill.number, nmid=config.nmid)
    bill.qris_payload = payload
    bill.save(force_insert=True)
    WORKFLOW.record(bill, "issue", "", actor=user, now=now)
    return bill


def issue_bill_for_application(
    sender: Any, *, application: Application, user: User, **kwargs: Any
) -> None:
    """applications.signals.payment_due's receiver: the bill of an application whose
    service has a fee (the variant named in its form, or the only one)."""
    variant = _sole_variant(application.version, (application.fields or {}).get("fee_variant"))
    issue_bill(
        version=application.version,
        payer_name=application.applicant_name,
        application=application,
        variant=variant,
        user=user,
    )


@transaction.atomic
def issue_bill_for_ticket(*, user: User, ticket: Any, fee_variant: int | None = None) -> Bill:
    """The counter officer bills the called ticket's service at its standard in force
    (the tariff variant by its order number when the standard has several)."""
    service = ticket.service
    version = version_in_force(service)
    if version is None:
        raise NotPayable(_("Layanan ini belum punya standar pelayanan yang berlaku."))
    variant = None
    if fee_variant is not None:
        variant = version.fee_variants.filter(order=fee_variant).first()
        if variant is None:
            raise ValidationError({"fee_variant": [_("Varian biaya tidak dikenal.")]})
    open_bill = Bill.objects.filter(
        ticket=ticket, status__in=[BillStatus.UNPAID, BillStatus.HELD, BillStatus.PAID]
    ).first()
    if open_bill is not None:
        return open_bill
    return issue_bill(
        version=version,
        payer_name=_("Pemegang nomor antrian %(number)s") % {"number": ticket.number},
        ticket=ticket,
        variant=variant,
        user=user,
    )


@transaction.atomic
def reissue_bill(*, user: User, bill: Bill) -> Bill:
    """A new bill for the same fee after an expired or cancelled one, while its
    application still waits for payment (the agency's officer or the supervisor; the
    access check is access.access_bill_to_reissue)."""
    _lock_application_of(bill.pk)
    bill = (
        Bill.objects.select_for_update(of=("self",)).select_related("application").get(pk=bill.pk)
    )
    if bill.status not in {BillStatus.EXPIRED, BillStatus.CANCELLED}:
        raise NotPayable(_("Tagihan ini masih berlaku; tidak perlu diterbitkan ulang."))
    application = bill.application
    if bill.purpose == BillPurpose.POSTAGE and application is not None:
        return issue_postage_bill(
            application=application, amount=bill.amount, title=bill.description, user=user
        )
    if application is None or application.status != Status.AWAITING_PAYMENT:
        raise NotPayable(_("Permohonan tagihan ini tidak lagi menunggu pembayaran."))
    return issue_bill(
        version=bill.version,
        payer_name=bill.payer_name,
        application=application,
        variant=bill.fee_variant,
        user=user,
    )


def qris_of(bill: Bill) -> str:
    """The bill's QRIS, checked again before it is shown (a stored payload that no longer
    matches the bill is never shown)."""
    if bill.status != BillStatus.UNPAID:
        raise NotPayable(
            _("Tagihan ini tidak dapat dibayar lagi (status: %(status)s).")
            % {"status": BillStatus(bill.status).label}
        )
    config = settings_of(bill.mpp)
    qris.check_payload(
        bill.qris_payload, amount=bill.amount, bill_number=bill.number, nmid=config.nmid
    )
    return bill.qris_payload


def receive_callback(
    *,
    provider_name: str,
    method: str,
    path: str,
    headers: Mapping[str, str],
    body: bytes,
    now: dt.datetime | None = None,
) -> Payment:
    """A provider's payment notification: verified by the provider, then recorded."""
    now = now or timezone.now()
    provider = provider_named(provider_name)
    notice = provider.read_callback(method=method, path=path, headers=headers, body=body, now=now)
    return record_payment(provider=provider.name, notice=notice, now=now)


def _late(bill: Bill, now: dt.datetime) -> bool:
    return bill.status in {BillStatus.EXPIRED, BillStatus.CANCELLED} or (
        bill.status == BillStatus.UNPAID and bill.expires_at < now
    )


def record_payment(
    *, provider: str, notice: Notice, now: dt.datetime | None = None, user: User | None = None
) -> Payment:
    """Record one reported payment once; see the module's docstring."""
    now = now or timezone.now()
    try:
        return _record(provider=provider, notice=notice, now=now, user=user)
    except IntegrityError:
        # Another delivery of the same notice won (a database without row locks): its
        # payment is the answer.
        existing = Payment.objects.filter(
            provider=provider, provider_payment_id=notice.provider_payment_id
        ).first()
        if existing is None:
            raise
        return existing


@transaction.atomic
def _record(*, provider: str, notice: Notice, now: dt.datetime, user: User | None) -> Payment:
    def existing() -> Payment | None:
        return Payment.objects.filter(
            provider=provider, provider_payment_id=notice.provider_payment_id
        ).first()

    bill_id = Bill.objects.filter(number=notice.bill_number).values_list("pk", flat=True).first()
    if bill_id is None:
        raise NotPayable(_("Tagihan tidak ditemukan."), code="unknown_bill", status=404)
    _lock_application_of(bill_id)  # the application before the bill (module docstring)
    bill = Bill.objects.select_for_update().select_related("mpp").get(pk=bill_id)
    found = existing()  # after the lock: a duplicate delivery waited for the first
    if found is not None:
        return found
    if _late(bill, now):
        if bill.status == BillStatus.UNPAID:
            WORKFLOW.apply(bill, "expire", now=now, note=_("Dibayar setelah kedaluwarsa."))
        status = PaymentStatus.LATE
    elif bill.status == BillStatus.PAID:
        status = PaymentStatus.LATE  # a second payment of a paid bill: refund it
    elif bill.status == BillStatus.HELD or notice.amount != bill.amount:
        status = PaymentStatus.HELD
    else:
        status = PaymentStatus.ACCEPTED
    payment = Payment.objects.create(
        mpp=bill.mpp,
        bill=bill,
        provider=provider,
        provider_payment_id=notice.provider_payment_id,
        channel=notice.channel,
        amount=notice.amount,
        paid_at=notice.paid_at,
        received_at=now,
        status=status,
        receipt_code="".join(secrets.choice(ALPHABET) for _ in range(16)),
        recorded_by=user,
    )
    if status == PaymentStatus.ACCEPTED:
        WORKFLOW.apply(bill, "pay", actor=user, now=now, fields={"paid_at": notice.paid_at})
        application = bill.application
        if (
            bill.purpose == BillPurpose.FEE
            and application is not None
            and application.status == Status.AWAITING_PAYMENT
        ):
            applications.confirm_payment(application=application, note=bill.number)
        bill_paid.send(sender=Bill, bill=bill)
    elif status == PaymentStatus.HELD and bill.status == BillStatus.UNPAID:
        WORKFLOW.apply(
            bill,
            "hold",
            actor=user,
            now=now,
            note=_("Dibayar Rp%(paid)s, tagihan Rp%(due)s.")
            % {"paid": notice.amount, "due": bill.amount},
        )
    return payment


def _lock_application_of(bill_id: int) -> None:
    """Lock the bill's application (if it has one) before the bill is locked."""
    application_id = Bill.objects.filter(pk=bill_id).values_list("application_id", flat=True)
    list(Application.objects.select_for_update().filter(pk__in=application_id).values("pk"))


def cancel_bills_of_application(
    sender: Any, *, application: Application, user: User, **kwargs: Any
) -> list[Bill]:
    """applications.signals.application_closed's receiver: the rejected or withdrawn
    application's unpaid (or held) bill is cancelled in the same transaction. A payment
    already held on it stays for the supervisor's refund; one that arrives later is
    recorded as late (`_record`)."""
    cancelled = []
    for bill in Bill.objects.select_for_update().filter(
        application=application, status__in=[BillStatus.UNPAID, BillStatus.HELD]
    ):
        WORKFLOW.apply(
            bill,
            "cancel",
            actor=user,
            note=(
                _("Permohonan %(number)s ditolak.")
                if application.status == Status.REJECTED
                else _("Permohonan %(number)s dibatalkan pemohon.")
            )
            % {"number": application.tracking_number},
        )
        cancelled.append(bill)
    return cancelled


def mark_paid_at_counter(
    *, user: User, bill: Bill, reference: str, now: dt.datetime | None = None
) -> Payment:
    """The bank counter inside the MPP took the bill's amount (its officers only; the
    access check is access.access_bill_for_counter)."""
    reference = "".join(str(reference).split())[:64]
    if not reference:
        raise ValidationError({"reference": [_("Nomor referensi bank wajib diisi.")]})
    now = now or timezone.now()
    notice = Notice(
        provider_payment_id=reference,
        bill_number=bill.number,
        amount=bill.amount,
        paid_at=now,
        channel=Channel.COUNTER,
    )
    return record_payment(provider=COUNTER_PROVIDER, notice=notice, now=now, user=user)


def simulate_payment(
    *,
    user: User,
    bill: Bill,
    path: str,
    amount: int | None = None,
    deliveries: int = 1,
    now: dt.datetime | None = None,
) -> list[Payment]:
    """The simulator pays the bill and delivers its signed notification `deliveries`
    times to the callback handler (the same code the callback endpoint runs)."""
    if not is_supervisor_of(user, bill.mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat melakukan ini."))
    config = settings_of(bill.mpp)
    provider = provider_named(config.provider)
    notification = getattr(provider, "notification", None)
    if not provider.simulates or notification is None:
        raise NotPayable(
            _("Simulasi pembayaran hanya tersedia bila penyedianya simulator."),
            code="not_simulator",
        )
    now = now or timezone.now()
    request = notification(
        path=path,
        bill_number=bill.number,
        amount=bill.amount if amount is None else amount,
        now=now,
    )
    return [
        receive_callback(
            provider_name=provider.name,
            method=request.method,
            path=request.path,
            headers=request.headers,
            body=request.body,
            now=now,
        )
        for _ in range(deliveries)
    ]


@transaction.atomic
def decide_payment(*, user: User, payment: Payment, note: str) -> Payment:
    """The supervisor refunds a held (wrong amount) or late (expired, cancelled, already
    paid bill) payment, with a note; a held bill can then be paid again."""
    payment = Payment.objects.select_for_update().select_related("bill", "mpp").get(pk=payment.pk)
    if not is_supervisor_of(user, payment.mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat melakukan ini."))
    note = " ".join(str(note).split())[:500]
    if not note:
        raise ValidationError({"note": [_("Catatan keputusan wajib diisi.")]})
    if payment.status not in {PaymentStatus.HELD, PaymentStatus.LATE}:
        raise NotPayable(_("Pembayaran ini tidak menunggu keputusan."), code="not_pending")
    payment.status = PaymentStatus.REFUNDED
    payment.decided_by, payment.decided_at, payment.decision_note = user, timezone.now(), note
    payment.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    bill = Bill.objects.select_for_update().get(pk=payment.bill_id)
    if (
        bill.status == BillStatus.HELD
        and not bill.payments.filter(status=PaymentStatus.HELD).exists()
    ):
        WORKFLOW.apply(bill, "release", actor=user, note=note)
    return payment


def expire_bills(*, now: dt.datetime | None = None) -> int:
    """Unpaid bills past their expiry become expired (the nightly job)."""
    now = now or timezone.now()
    done = 0
    for pk in Bill.objects.filter(status=BillStatus.UNPAID, expires_at__lt=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            bill = Bill.objects.select_for_update().get(pk=pk)
            if bill.status == BillStatus.UNPAID and bill.expires_at < now:
                WORKFLOW.apply(bill, "expire", now=now)
                done += 1
    return done
