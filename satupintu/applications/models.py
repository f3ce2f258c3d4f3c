"""Online applications (permohonan daring): what a citizen submits for a service, the files
for its requirements, and the append-only history of every status change.

The status machine is in `workflow.py`; every write is a function in `services.py`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    VERIFYING = "verifying", _("Sedang diverifikasi")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")
    VERIFIED = "verified", _("Berkas lengkap")
    AWAITING_PAYMENT = "awaiting_payment", _("Menunggu pembayaran")
    PROCESSING = "processing", _("Sedang diproses")
    READY = "ready", _("Siap diambil atau dikirim")
    COMPLETED = "completed", _("Selesai")
    REJECTED = "rejected", _("Ditolak")
    WITHDRAWN = "withdrawn", _("Dibatalkan pemohon")


OPEN_STATUSES = frozenset(
    {Status.SUBMITTED, Status.VERIFYING, Status.NEEDS_REVISION, Status.VERIFIED, Status.PROCESSING}
)
"""States with a running (or paused) service-level clock."""


class Decision(models.TextChoices):
    PENDING = "pending", _("Belum diperiksa")
    ACCEPTED = "accepted", _("Diterima")
    REJECTED = "rejected", _("Perlu diganti")


class Handover(models.TextChoices):
    PICKUP = "pickup", _("Diambil di gerai")
    DELIVERY = "delivery", _("Dikirim melalui pos/kurir")


class FormDefinition(models.Model):
    """The extra fields a service asks for on its online application, stored as data.

    `fields` is a list of {"key", "label", "type", "required", "choices"?, "max_length"?};
    types: text, number, date, choice, nik, address (street + Kemendagri region code).
    """

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    service = models.OneToOneField(
        "catalog.Service", on_delete=models.CASCADE, related_name="application_form"
    )
    fields = models.JSONField(_("isian formulir"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("formulir permohonan")
        verbose_name_plural = _("formulir permohonan")

    def __str__(self) -> str:
        return str(self.service)

    def clean(self) -> None:
        from satupintu.applications.formdef import check_definition

        check_definition(self.fields)


class Application(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.PROTECT, related_name="applications"
    )
    version = models.ForeignKey(
        "catalog.ServiceVersion",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Standar pelayanan yang berlaku saat permohonan dibuat."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    tracking_number = models.CharField(_("nomor permohonan"), max_length=16, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)

    applicant_name = models.CharField(_("nama pemohon"), max_length=150)
    applicant_nik = models.CharField(_("NIK"), max_length=16, blank=True)
    applicant_nib = models.CharField(_("NIB"), max_length=13, blank=True)
    applicant_phone = models.CharField(_("nomor telepon"), max_length=20)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    fields = models.JSONField(_("isian"), default=dict, blank=True)
    conditions = models.JSONField(
        _("jawaban pertanyaan syarat"),
        default=dict,
        blank=True,
        help_text=_("{pertanyaan: jawaban}: menentukan persyaratan yang berlaku."),
    )

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    due_date = models.DateField(_("batas waktu"), null=True, blank=True)
    paused_since = models.DateTimeField(_("jeda sejak"), null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(_("hari kerja dijeda"), default=0)
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    rejection_reason = models.CharField(_("alasan penolakan"), max_length=500, blank=True)

    handover_method = models.CharField(
        _("cara penyerahan"), max_length=10, choices=Handover, blank=True
    )
    handover_recipient = models.CharField(_("diterima oleh"), max_length=150, blank=True)
    courier = models.CharField(_("kurir"), max_length=80, blank=True)
    receipt_number = models.CharField(_("nomor resi"), max_length=60, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("permohonan")
        verbose_name_plural = _("permohonan")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(applicant_nik="") | ~Q(applicant_nib=""),
                name="application_has_nik_or_nib",
            ),
        ]
        indexes = [
            models.Index(fields=["mpp", "status", "due_date"], name="application_worklist_idx"),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def phone_last4(self) -> str:
        return self.applicant_phone[-4:]

    @property
    def reference(self) -> str:
        """What notifications about this application are filed under."""
        return f"application:{self.tracking_number}"


class ApplicationFile(models.Model):
    """One uploaded file for one requirement. A replaced file is kept, marked superseded."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    requirement_key = models.CharField(_("persyaratan"), max_length=20)
    storage_name = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(_("jenis berkas"), max_length=40)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    decision = models.CharField(
        _("hasil pemeriksaan"), max_length=10, choices=Decision, default=Decision.PENDING
    )
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("berkas permohonan")
        verbose_name_plural = _("berkas permohonan")
        ordering = ["application", "requirement_key", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "requirement_key"],
                condition=Q(superseded_at__isnull=True),
                name="application_file_one_current_per_requirement",
            ),
            models.CheckConstraint(
                condition=~Q(decision="rejected") | ~Q(reason=""),
                name="application_file_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.requirement_key}"


class ApplicationEvent(models.Model):
    """One row of an application's history. Append-only."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("tindakan"), max_length=30)
    from_status = models.CharField(_("dari"), max_length=16, choices=Status, blank=True)
    to_status = models.CharField(_("menjadi"), max_length=16, choices=Status)
    note = models.CharField(_("catatan"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("riwayat permohonan")
        verbose_name_plural = _("riwayat permohonan")
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("Riwayat permohonan tidak boleh diubah."), code="immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Riwayat permohonan tidak boleh dihapus."), code="immutable")


class NikReveal(models.Model):
    """One time an officer of the application's agency had its full NIK shown (to check it
    against the population register, SIAK). Append-only: who, when, which application,
    from where. The MPP's supervisors read these rows."""

    class Channel(models.TextChoices):
        WEB = "web", _("Layar verifikasi")
        API = "api", _("API")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="nik_reveals"
    )
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("waktu"))
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    user_agent = models.CharField(_("peramban"), max_length=200, blank=True)
    channel = models.CharField(_("lewat"), max_length=3, choices=Channel, default=Channel.WEB)

    class Meta:
        verbose_name = _("NIK lengkap dibuka")
        verbose_name_plural = _("NIK lengkap dibuka")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["mpp", "-at"], name="nik_reveal_mpp_at_idx")]

    def __str__(self) -> str:
        return f"{self.application}: {self.officer_id} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("Catatan ini tidak boleh diubah."), code="immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Catatan ini tidak boleh dihapus."), code="immutable")
