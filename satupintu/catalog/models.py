"""Service types (jenis layanan) offered by an agency at an MPP, and the counters serving them.

The foundation keeps the fields the demo and the counters need; the full
service standard of PermenPANRB 15/2014 (structured requirements, procedure,
complaint handling, manufacturing components) belongs to the catalog issue.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeUnit(models.TextChoices):
    MINUTES = "minutes", _("menit")
    HOURS = "hours", _("jam")
    DAYS = "days", _("hari")
    WORKING_DAYS = "working_days", _("hari kerja")


class Service(models.Model):
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="services")
    agency = models.ForeignKey("tenancy.Agency", on_delete=models.PROTECT, related_name="services")
    code = models.CharField(
        _("kode layanan"),
        max_length=10,
        validators=[RegexValidator(r"^[A-Z]{1,3}\d{2,3}$", _("Contoh: A01."))],
    )
    name = models.CharField(_("nama layanan"), max_length=200)
    product = models.CharField(_("produk layanan"), max_length=200, blank=True)
    fee_rupiah = models.PositiveBigIntegerField(
        _("biaya (Rp)"), null=True, blank=True, help_text=_("0 = gratis; kosong = bervariasi.")
    )
    fee_legal_basis = models.TextField(_("dasar hukum biaya"), blank=True)
    processing_time_value = models.PositiveIntegerField(_("jangka waktu"), null=True, blank=True)
    processing_time_unit = models.CharField(
        _("satuan waktu"), max_length=14, choices=TimeUnit, blank=True
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis layanan")
        verbose_name_plural = _("jenis layanan")
        ordering = ["mpp", "code"]
        constraints = [
            models.UniqueConstraint(fields=["mpp", "code"], name="service_unique_code_per_mpp"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CounterService(models.Model):
    """A counter serves a service; lower `preference` is called first."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    counter = models.ForeignKey(
        "tenancy.Counter", on_delete=models.CASCADE, related_name="service_links"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="counter_links")
    preference = models.PositiveSmallIntegerField(_("urutan prioritas"), default=1)

    class Meta:
        verbose_name = _("layanan di loket")
        verbose_name_plural = _("layanan di loket")
        ordering = ["counter", "preference", "service__code"]
        constraints = [
            models.UniqueConstraint(fields=["counter", "service"], name="counter_service_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.counter} → {self.service.code}"
