"""Non-cash payment of service fees: bills (tagihan) drawn from the published service
standard, the payments providers report for them, and the daily reconciliation against
the bank's statement.

A bill's amount is copied from the standard (ServiceVersion.fee_rupiah or one of its
FeeVariant rows) when it is issued and never typed; its status moves only through
`workflow.py`, each move a BillEvent row. A payment is recorded once per provider payment
id (payment_unique_provider_id) and at most one payment per bill is ever accepted
(payment_one_accepted_per_bill): the database itself keeps a bill from being paid twice.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PaymentSettings(models.Model):
    """One MPP's QRIS merchant, virtual-account prefix, collecting bank and provider."""

    mpp = models.OneToOneField(
        "tenancy.Mpp", on_delete=models.CASCADE, related_name="+", verbose_name=_("MPP")
    )
    merchant_name = models.CharField(_("nama merchant QRIS"), max_length=25)
    merchant_city = models.CharField(_("kota merchant"), max_length=15)
    nmid = models.CharField(
        _("NMID"),
        max_length=20,
        validators=[RegexValidator(r"^ID\d{10,18}$", _("Contoh: ID1020021181745."))],
        help_text=_("National Merchant ID dari repositori nasional QRIS."),
    )
    mcc = models.CharField(_("MCC"), max_length=4, default="9399")
    va_prefix = models.CharField(
        _("awalan virtual account"),
        max_length=8,
        validators=[RegexValidator(r"^\d{4,8}$", _("4–8 angka."))],
    )
    bank_agency = models.ForeignKey(
        "tenancy.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bank penerima"),
        help_text=_("Petugas bank ini di MPP boleh mencatat pembayaran di loket bank."),
    )
    provider = models.CharField(_("penyedia pembayaran"), max_length=20, default="simulator")
    valid_hours = models.PositiveSmallIntegerField(_("masa berlaku tagihan (jam)"), default=24)

    class Meta:
        verbose_name = _("pengaturan pembayaran")
        verbose_name_plural = _("pengaturan pembayaran")

    def __str__(self) -> str:
        return self.merchant_name


class RevenueAccount(models.Model):
    """The regional revenue account (kode rekening retribusi) an agency's fees are booked
    to; a service may have its own, else the agency's (service empty) applies."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("tenancy.Agency", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code = models.CharField(_("kode rekening"), max_length=40)
    name = models.CharField(_("nama rekening"), max_length=200)

    class Meta:
        verbose_name = _("kode rekening retribusi")
        verbose_name_plural = _("kode rekening retribusi")
        constraints = [
            models.UniqueConstraint(
                fields=["mpp", "agency", "service"], name="revenue_account_unique_service"
            ),
            models.UniqueConstraint(
                fields=["mpp", "agency"],
                condition=Q(service__isnull=True),
                name="revenue_account_unique_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BillStatus(models.TextChoices):
    UNPAID = "unpaid", _("Menunggu pembayaran")
    PAID = "paid", _("Lunas")
    HELD = "held", _("Ditahan untuk diperiksa")
    EXPIRED = "expired", _("Kedaluwarsa")
    CANCELLED = "cancelled", _("Dibatalkan")


class BillPurpose(models.TextChoices):
    FEE = "fee", _("Retribusi layanan")  # the published fee of the service standard
    POSTAGE = "postage", _("Ongkos kirim")  # the configured postage tariff (delivery app)


class Bill(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("tenancy.Agency", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(
        "catalog.ServiceVersion", on_delete=models.PROTECT, related_name="+"
    )
    fee_variant = models.ForeignKey(
        "catalog.FeeVariant", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bills",
    )
    ticket = models.ForeignKey(
        "queueing.Ticket", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    number = models.CharField(_("nomor tagihan"), max_length=25, unique=True)
    purpose = models.CharField(
        _("untuk"), max_length=10, choices=BillPurpose, default=BillPurpose.FEE
    )
    description = models.CharField(_("uraian"), max_length=300)
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    revenue_account_code = models.CharField(_("kode rekening"), max_length=40, blank=True)
    revenue_account_name = models.CharField(_("nama rekening"), max_length=200, blank=True)
    payer_name = models.CharField(_("nama pembayar"), max_length=150)
    va_number = models.CharField(_("nomor virtual account"), max_length=24, unique=True)
    qris_payload = models.TextField(_("kode QRIS"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BillStatus, default=BillStatus.UNPAID
    )
    issued_at = models.DateTimeField(_("diterbitkan"))
    expires_at = models.DateTimeField(_("berlaku sampai"))
    paid_at = models.DateTimeField(_("dibayar"), null=True, blank=True)

    class Meta:
        verbose_name = _("tagihan")
        verbose_name_plural = _("tagihan")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="bill_amount_positive"),
            models.CheckConstraint(
                condition=Q(application__isnull=False) | Q(ticket__isnull=False),
                name="bill_has_application_or_ticket",
            ),
            models.UniqueConstraint(
                fields=["application", "purpose"],
                condition=Q(status__in=["unpaid", "held", "paid"]),
                name="bill_one_open_per_application_purpose",
            ),
        ]
        indexes = [models.Index(fields=["mpp", "status", "issued_at"], name="bill_mpp_status_idx")]

    def __str__(self) -> str:
        return self.number


class BillEvent(models.Model):
    """Append-only history of a bill's moves (core/workflow.py writes it)."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="events")
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.bill_id} {self.action}"


class Channel(models.TextChoices):
    QRIS = "qris", _("QRIS")
    VA = "va", _("Virtual account")
    COUNTER = "counter", _("Loket bank")


class PaymentStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Diterima")
    HELD = "held", _("Jumlah tidak sesuai, ditahan")
    LATE = "late", _("Tagihan sudah tidak berlaku, menunggu keputusan")
    REFUNDED = "refunded", _("Dikembalikan")


class Payment(models.Model):
    """One payment a provider (or the bank counter) reported for a bill."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="payments")
    provider = models.CharField(_("penyedia"), max_length=20)
    provider_payment_id = models.CharField(_("nomor referensi penyedia"), max_length=64)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel)
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    paid_at = models.DateTimeField(_("waktu bayar"))
    received_at = models.DateTimeField(_("diterima sistem"))
    status = models.CharField(_("status"), max_length=10, choices=PaymentStatus)
    receipt_code = models.CharField(_("kode kuitansi"), max_length=16, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("catatan keputusan"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_payment_id"], name="payment_unique_provider_id"
            ),
            models.UniqueConstraint(
                fields=["bill"],
                condition=Q(status="accepted"),
                name="payment_one_accepted_per_bill",
            ),
        ]
        indexes = [models.Index(fields=["mpp", "paid_at"], name="payment_mpp_paid_idx")]

    def __str__(self) -> str:
        return f"{self.provider}:{self.provider_payment_id}"


class StatementFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    MT940 = "mt940", _("MT940")


class Statement(models.Model):
    """A bank statement imported for one day of an MPP."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("tanggal"))
    format = models.CharField(_("format"), max_length=6, choices=StatementFormat)
    filename = models.CharField(_("nama berkas"), max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("diimpor"))

    class Meta:
        verbose_name = _("rekening koran")
        verbose_name_plural = _("rekening koran")
        ordering = ["-day", "-imported_at"]

    def __str__(self) -> str:
        return f"{self.mpp_id} {self.day}"


class StatementLine(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="lines")
    booked_on = models.DateField(_("tanggal buku"))
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    reference = models.CharField(_("referensi"), max_length=64, blank=True)
    description = models.CharField(_("keterangan"), max_length=300, blank=True)

    class Meta:
        ordering = ["statement", "pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"


class Finding(models.TextChoices):
    MATCHED = "matched", _("Cocok")
    MISSING = "missing", _("Dibayar tetapi tidak ada di rekening koran")
    UNKNOWN = "unknown", _("Ada di rekening koran tetapi tidak dikenal")
    AMOUNT_DIFFERS = "amount_differs", _("Jumlah berbeda")


class ReconciliationItem(models.Model):
    """One outcome of matching a statement against the day's payments; every finding but
    "matched" waits for a supervisor's note."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="items")
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    finding = models.CharField(_("hasil"), max_length=16, choices=Finding)
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    line = models.ForeignKey(
        StatementLine, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=500, blank=True)

    class Meta:
        ordering = ["statement", "finding", "pk"]

    def __str__(self) -> str:
        return f"{self.statement_id} {self.finding}"
