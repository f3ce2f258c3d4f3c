"""Appointments (janji temu): capacity settings, day overrides, slot counters, bookings.

Capacity is enforced by counter rows: `SlotCounter` (one per service and slot start)
and `DayCounter` (one per service and local day) are incremented with a conditional
UPDATE … WHERE booked < capacity in the booking's transaction, so concurrent bookings
of the last place cannot both win (docs/appointments.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LateRule(models.TextChoices):
    WALK_IN = "walk_in", _("diberi nomor antrian biasa")
    REFUSE = "refuse", _("ditolak, pesan jadwal baru")


class AppointmentPolicy(models.Model):
    """An MPP's booking rules, in one row its supervisor edits."""

    mpp = models.OneToOneField(
        "tenancy.Mpp", on_delete=models.CASCADE, related_name="appointment_policy"
    )
    checkin_before_minutes = models.PositiveSmallIntegerField(
        _("check-in paling awal (menit sebelum jadwal)"), default=30
    )
    checkin_after_minutes = models.PositiveSmallIntegerField(
        _("check-in paling lambat (menit setelah jadwal)"), default=15
    )
    late_rule = models.CharField(
        _("bila terlambat"), max_length=10, choices=LateRule, default=LateRule.WALK_IN
    )
    max_active_per_nik = models.PositiveSmallIntegerField(
        _("janji temu aktif per NIK paling banyak"), default=3, validators=[MinValueValidator(1)]
    )
    no_show_limit = models.PositiveSmallIntegerField(
        _("batas tidak hadir"),
        default=3,
        help_text=_("Setelah sekian kali tidak hadir, NIK tidak dapat memesan sementara waktu."),
    )
    no_show_lookback_days = models.PositiveSmallIntegerField(
        _("masa hitung tidak hadir (hari)"), default=90
    )
    no_show_block_days = models.PositiveSmallIntegerField(
        _("lama larangan memesan (hari)"), default=30
    )

    class Meta:
        verbose_name = _("aturan janji temu")
        verbose_name_plural = _("aturan janji temu")

    def __str__(self) -> str:
        return str(self.mpp)


class SlotSetting(models.Model):
    """How one service of an MPP is booked: slot length, capacity, quota, window, cut-off."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    service = models.OneToOneField(
        "catalog.Service", on_delete=models.CASCADE, related_name="slot_setting"
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("lama satu sesi (menit)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(480)],
    )
    capacity = models.PositiveSmallIntegerField(
        _("kapasitas per sesi"),
        null=True,
        blank=True,
        help_text=_("Kosongkan: sebanyak loket aktif yang melayani layanan ini."),
    )
    daily_quota = models.PositiveIntegerField(
        _("kuota harian"), null=True, blank=True, help_text=_("Kosongkan: tanpa kuota harian.")
    )
    min_days_ahead = models.PositiveSmallIntegerField(_("paling cepat (hari ke depan)"), default=0)
    max_days_ahead = models.PositiveSmallIntegerField(
        _("paling lambat (hari ke depan)"), default=14, validators=[MaxValueValidator(90)]
    )
    cutoff_minutes = models.PositiveIntegerField(
        _("batas pemesanan (menit sebelum sesi)"), default=60
    )
    is_active = models.BooleanField(_("dapat dipesan"), default=True)

    class Meta:
        verbose_name = _("pengaturan janji temu layanan")
        verbose_name_plural = _("pengaturan janji temu layanan")

    def __str__(self) -> str:
        return f"{self.service_id}: {self.slot_minutes} min"


class DayOverride(models.Model):
    """A supervisor's change to one day of one service: blocked, or more places per slot."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.CASCADE, related_name="day_overrides"
    )
    day = models.DateField(_("tanggal"))
    blocked = models.BooleanField(_("ditutup"), default=False)
    extra_capacity = models.SmallIntegerField(
        _("tambahan kapasitas per sesi"),
        default=0,
        validators=[MinValueValidator(-50), MaxValueValidator(200)],
    )
    reason = models.CharField(_("alasan"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("perubahan hari janji temu")
        verbose_name_plural = _("perubahan hari janji temu")
        constraints = [
            models.UniqueConstraint(fields=["service", "day"], name="day_override_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.day}"


class SlotCounter(models.Model):
    """Places taken in one slot of one service; the row that serialises its bookings."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField()
    booked = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "start"], name="slot_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.start}: {self.booked}"


class DayCounter(models.Model):
    """Places taken on one local day of one service (the daily quota)."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    booked = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "day"], name="day_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.day}: {self.booked}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("terjadwal")
    CHECKED_IN = "checked_in", _("sudah check-in")
    CANCELLED = "cancelled", _("dibatalkan")
    NO_SHOW = "no_show", _("tidak hadir")


class Booking(models.Model):
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="bookings")
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("kode janji temu"), max_length=12, unique=True)
    start = models.DateTimeField(_("mulai"))
    end = models.DateTimeField(_("selesai"))
    day = models.DateField(_("tanggal"))
    name = models.CharField(_("nama"), max_length=120)
    nik = models.CharField(_("NIK"), max_length=16)
    phone = models.CharField(_("nomor ponsel"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus, default=BookingStatus.BOOKED
    )
    ticket = models.OneToOneField(
        "queueing.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booking",
    )
    # A visit booked as one (a life-event journey, satupintu.journeys): the booking of the
    # step before, whose slot this one follows; checked in together (checkin.py).
    follows = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_by",
        verbose_name=_("menyusul janji temu"),
    )
    created_at = models.DateTimeField(_("dipesan"))
    reminded_at = models.DateTimeField(_("diingatkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("janji temu")
        verbose_name_plural = _("janji temu")
        ordering = ["start", "pk"]
        constraints = [
            # one active booking per NIK per service per day, enforced by the database
            models.UniqueConstraint(
                fields=["service", "day", "nik"],
                condition=Q(status="booked"),
                name="booking_one_per_nik_service_day",
            ),
        ]
        indexes = [
            models.Index(fields=["mpp", "day", "service"], name="booking_day_idx"),
            models.Index(fields=["nik", "status"], name="booking_nik_idx"),
        ]

    def __str__(self) -> str:
        return self.code


class BookingEvent(models.Model):
    """One transition of a booking: who, when, from, to. Append-only."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="history")
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["booking", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.from_status}→{self.to_status}"
