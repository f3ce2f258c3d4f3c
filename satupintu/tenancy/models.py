"""An MPP, the agencies present in it, their booths (gerai) and counters (loket).

An `Agency` may serve at several MPPs (a BPJS branch office covers more than one
regency), so it carries no `mpp_id`; its presence at one MPP is a `Booth`, and
everything below the booth carries `mpp_id` (docs/adr/0003-tenancy.md).
"""

from __future__ import annotations

import zoneinfo

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from satupintu.core.identifiers import format_phone_national, validate_phone, validate_region_code


class TimeZone(models.TextChoices):
    """The three Indonesian time zones (Keppres 41/1987)."""

    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Senin")
    TUESDAY = 1, _("Selasa")
    WEDNESDAY = 2, _("Rabu")
    THURSDAY = 3, _("Kamis")
    FRIDAY = 4, _("Jumat")
    SATURDAY = 5, _("Sabtu")
    SUNDAY = 6, _("Minggu")


class Mpp(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    regency_name = models.CharField(_("kabupaten/kota"), max_length=120)
    regency_code = models.CharField(
        _("kode wilayah Kemendagri"),
        max_length=13,
        validators=[validate_region_code],
        help_text=_("Contoh: 33.02 untuk Kabupaten Banyumas."),
    )
    city = models.CharField(_("kota"), max_length=120, blank=True)
    address = models.TextField(_("alamat"))
    latitude = models.DecimalField(
        _("lintang"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("bujur"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    time_zone = models.CharField(
        _("zona waktu"), max_length=20, choices=TimeZone, default=TimeZone.WIB
    )
    phone = models.CharField(_("telepon"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    public_info = models.TextField(_("informasi untuk warga"), blank=True)
    open_on_cuti_bersama = models.BooleanField(
        _("buka pada cuti bersama"),
        default=False,
        help_text=_(
            "Centang bila MPP tetap melayani pada hari cuti bersama SKB Tiga Menteri. "
            "Hari libur nasional tetap tutup."
        ),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("MPP")
        verbose_name_plural = _("MPP")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def phone_display(self) -> str:
        return format_phone_national(self.phone)

    @property
    def time_zone_label(self) -> str:
        return TimeZone(self.time_zone).name


class OpeningHours(models.Model):
    """Service hours on one weekday; several rows a day describe breaks between them."""

    mpp = models.ForeignKey(Mpp, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday)
    opens_at = models.TimeField(_("buka"))
    closes_at = models.TimeField(_("tutup"))

    class Meta:
        verbose_name = _("jam layanan")
        verbose_name_plural = _("jam layanan")
        ordering = ["mpp", "weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="opening_hours_closes_after_opens"
            ),
            models.UniqueConstraint(
                fields=["mpp", "weekday", "opens_at"], name="opening_hours_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H.%M}-{self.closes_at:%H.%M}"


class Closure(models.Model):
    """Days an MPP is closed beyond weekends, national holidays and cuti bersama (local
    events, maintenance); the SKB's days come from core/calendar.py, not from these rows."""

    mpp = models.ForeignKey(Mpp, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("sampai"))
    reason = models.CharField(_("alasan"), max_length=200)

    class Meta:
        verbose_name = _("hari tutup")
        verbose_name_plural = _("hari tutup")
        ordering = ["mpp", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="closure_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}: {self.reason}"


class AgencyKind(models.TextChoices):
    OPD = "opd", _("OPD (perangkat daerah)")
    VERTICAL = "vertical", _("Instansi vertikal")
    BUMN = "bumn", _("BUMN")
    BUMD = "bumd", _("BUMD")
    BANK = "bank", _("Bank")
    OTHER = "other", _("Lainnya")


class Agency(models.Model):
    code = models.CharField(
        _("kode"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9][A-Z0-9\-]*$", _("Huruf besar, angka dan -."))],
    )
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60)
    kind = models.CharField(_("jenis"), max_length=10, choices=AgencyKind)
    logo = models.ImageField(_("logo"), upload_to="agency-logos/", blank=True)
    website = models.URLField(_("situs web"), blank=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Booth(models.Model):
    """An agency's gerai at one MPP."""

    mpp = models.ForeignKey(Mpp, on_delete=models.CASCADE, related_name="booths")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="booths")
    name = models.CharField(_("nama gerai"), max_length=200)
    location = models.CharField(_("lokasi"), max_length=120, blank=True)
    queue_prefix = models.CharField(
        _("huruf antrian"),
        max_length=3,
        validators=[RegexValidator(r"^[A-Z]{1,3}$", _("Satu sampai tiga huruf besar."))],
    )
    display_order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("gerai")
        verbose_name_plural = _("gerai")
        ordering = ["mpp", "display_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["mpp", "agency"], name="booth_one_per_agency"),
            models.UniqueConstraint(fields=["mpp", "queue_prefix"], name="booth_unique_prefix"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.mpp.slug})"


class Counter(models.Model):
    """A loket. Its number is what the display board calls out."""

    mpp = models.ForeignKey(Mpp, on_delete=models.CASCADE, related_name="counters")
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="counters")
    number = models.PositiveSmallIntegerField(_("nomor loket"))
    name = models.CharField(_("nama"), max_length=120, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("loket")
        verbose_name_plural = _("loket")
        ordering = ["mpp", "number"]
        constraints = [
            models.UniqueConstraint(fields=["mpp", "number"], name="counter_unique_number"),
        ]

    def __str__(self) -> str:
        return _("Loket %(number)s") % {"number": self.number}
