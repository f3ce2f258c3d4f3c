"""Queues, tickets and their history.

A `Queue` owns a letter (prefix) and groups one or more services; ticket numbers
`{prefix}-{seq:03d}` restart every local day of the MPP and are gap-free: the
sequence comes from `DailySequence`, incremented in the same transaction that
writes the ticket, so a rolled-back issue rolls its number back too.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Queue(models.Model):
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="queues")
    prefix = models.CharField(
        _("huruf antrian"),
        max_length=3,
        validators=[RegexValidator(r"^[A-Z]{1,3}$", _("Satu sampai tiga huruf besar."))],
    )
    name = models.CharField(_("nama antrian"), max_length=120)
    services = models.ManyToManyField(
        "catalog.Service", through="QueueService", related_name="queues", blank=True
    )

    class Meta:
        verbose_name = _("antrian")
        verbose_name_plural = _("antrian")
        ordering = ["mpp", "prefix"]
        constraints = [
            models.UniqueConstraint(fields=["mpp", "prefix"], name="queue_unique_prefix"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.name}"


class QueueService(models.Model):
    """A service is queued in exactly one queue of its MPP."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="service_links")
    service = models.OneToOneField(
        "catalog.Service", on_delete=models.CASCADE, related_name="queue_link"
    )

    class Meta:
        verbose_name = _("layanan dalam antrian")
        verbose_name_plural = _("layanan dalam antrian")

    def __str__(self) -> str:
        return f"{self.queue.prefix}: {self.service.code}"


class QueuePolicy(models.Model):
    """An MPP's queue rules, in one row the supervisor edits."""

    mpp = models.OneToOneField("tenancy.Mpp", on_delete=models.CASCADE, related_name="queue_policy")
    priority_categories = models.JSONField(
        _("kategori prioritas"),
        default=list,
        help_text=_("Daftar [kode, nama], mis. [['lansia', 'Lanjut usia'], …]."),
    )
    max_priority_streak = models.PositiveSmallIntegerField(
        _("panggilan prioritas berturut-turut paling banyak"),
        default=2,
        validators=[MinValueValidator(1)],
    )
    recalls_before_no_show = models.PositiveSmallIntegerField(
        _("panggilan ulang sebelum dinyatakan tidak hadir"), default=2
    )
    restore_window_minutes = models.PositiveSmallIntegerField(
        _("batas waktu memulihkan nomor (menit)"), default=30
    )
    online_daily_quota = models.PositiveIntegerField(
        _("kuota harian antrian daring per layanan"), default=50
    )
    running_text = models.CharField(_("teks berjalan di layar"), max_length=300, blank=True)
    continuation_credit_minutes = models.PositiveSmallIntegerField(
        _("kredit antrian langkah berikutnya (menit)"),
        default=15,
        help_text=_(
            "Warga yang selesai di satu loket dan lanjut ke langkah berikutnya ditempatkan "
            "seolah-olah sudah antre sekian menit (paling lama sejak langkah pertamanya). "
            "Pengunjung yang sudah menunggu lebih lama tetap di depannya. 0 = antre dari belakang."
        ),
    )
    target_wait_minutes = models.PositiveSmallIntegerField(
        _("sasaran waktu tunggu (menit)"),
        default=15,
        validators=[MinValueValidator(1)],
        help_text=_("Menunggu lebih lama dari ini dihitung melewati sasaran."),
    )

    class Meta:
        verbose_name = _("aturan antrian")
        verbose_name_plural = _("aturan antrian")

    def __str__(self) -> str:
        return str(self.mpp)

    def category_codes(self) -> set[str]:
        return {code for code, _name in self.priority_categories}


class DailySequence(models.Model):
    """The last number issued by a queue on one local day of its MPP."""

    # the distribution column when sharded by MPP (docs/scaling.md); no index of its own
    mpp = models.ForeignKey(
        "tenancy.Mpp", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # db_index=False: daily_sequence_unique leads with the queue
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["queue", "day"], name="daily_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.queue_id} {self.day}: {self.last}"


class Channel(models.TextChoices):
    KIOSK = "kiosk", _("kios")
    ONLINE = "online", _("daring")
    APPOINTMENT = "appointment", _("janji temu")
    WALK_IN = "walk_in", _("dibuat petugas")
    TRANSFER = "transfer", _("pindahan")


class Status(models.TextChoices):
    WAITING = "waiting", _("menunggu")
    CALLED = "called", _("dipanggil")
    SERVING = "serving", _("dilayani")
    DONE = "done", _("selesai")
    NO_SHOW = "no_show", _("tidak hadir")
    CANCELLED = "cancelled", _("dibatalkan")
    TRANSFERRED = "transferred", _("dipindahkan")


class Outcome(models.TextChoices):
    COMPLETED = "completed", _("selesai")
    FOLLOW_UP = "follow_up", _("perlu tindak lanjut")
    REJECTED = "rejected", _("ditolak")


class Ticket(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of their own: ticket_waiting_idx leads with the MPP, ticket_unique_number
    # with the queue; every index is another page written for each ticket issued.
    mpp = models.ForeignKey(
        "tenancy.Mpp", on_delete=models.CASCADE, related_name="tickets", db_index=False
    )
    queue = models.ForeignKey(
        Queue, on_delete=models.PROTECT, related_name="tickets", db_index=False
    )
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField(_("tanggal"))
    seq = models.PositiveIntegerField(_("urutan"))
    number = models.CharField(_("nomor antrian"), max_length=12)
    channel = models.CharField(_("saluran"), max_length=12, choices=Channel)
    priority = models.CharField(_("prioritas"), max_length=30, blank=True)
    phone = models.CharField(_("nomor telepon"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.WAITING)
    issued_at = models.DateTimeField(_("diambil"))
    # An appointment's slot start: from then on the ticket is called ahead of walk-ins.
    due_at = models.DateTimeField(_("jadwal janji temu"), null=True, blank=True)
    called_at = models.DateTimeField(_("dipanggil"), null=True, blank=True)
    started_at = models.DateTimeField(_("mulai dilayani"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    # Indexed only where set (Meta.indexes): empty while the ticket waits, so issuing a
    # ticket writes no page of these indexes.
    counter = models.ForeignKey(
        "tenancy.Counter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        db_index=False,
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    recalls = models.PositiveSmallIntegerField(_("panggilan ulang"), default=0)
    outcome = models.CharField(_("hasil"), max_length=12, choices=Outcome, blank=True)
    outcome_reason = models.CharField(_("alasan"), max_length=300, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    transferred_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="continuation"
    )
    # a journey's services still to come (catalog ids, in order): finishing this ticket as
    # completed queues its continuation for the first of them at once (counters/services)
    route = models.JSONField(default=list, blank=True)
    # the citizen's account: set when the phone number that took it signs in with a code
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        db_index=False,
    )

    class Meta:
        verbose_name = _("nomor antrian")
        verbose_name_plural = _("nomor antrian")
        ordering = ["issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["queue", "day", "seq"], name="ticket_unique_number"),
        ]
        indexes = [
            models.Index(fields=["mpp", "day", "status", "issued_at"], name="ticket_waiting_idx"),
            # people ahead: waiting tickets of a few services today, counted by line and time;
            # due_at and status make it covering on SQLite (the table is not read)
            models.Index(
                fields=["service", "day", "priority", "issued_at", "due_at", "status"],
                name="ticket_waiting_service_idx",
                condition=Q(status="waiting"),
            ),
            # due appointments: checked-in bookings whose slot time has come
            models.Index(
                fields=["service", "day", "due_at"],
                name="ticket_due_appointment_idx",
                condition=Q(status="waiting", due_at__isnull=False),
            ),
            models.Index(
                fields=["service", "day", "phone"],
                name="ticket_active_phone_idx",
                condition=~Q(phone=""),
            ),
            models.Index(
                fields=["counter"], name="ticket_counter_idx", condition=Q(counter__isnull=False)
            ),
            models.Index(
                fields=["officer"], name="ticket_officer_idx", condition=Q(officer__isnull=False)
            ),
            models.Index(fields=["user"], name="ticket_user_idx", condition=Q(user__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_priority(self) -> bool:
        return bool(self.priority)


class TicketEvent(models.Model):
    """One transition of a ticket: who, when, from, to. Append-only."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="history")
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    # Indexed only where set (Meta.indexes): an issue's history row has neither.
    counter = models.ForeignKey(
        "tenancy.Counter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["ticket", "at", "pk"]
        indexes = [
            models.Index(
                fields=["counter"],
                name="ticketevent_counter_idx",
                condition=Q(counter__isnull=False),
            ),
            models.Index(
                fields=["actor"], name="ticketevent_actor_idx", condition=Q(actor__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket} {self.from_status}→{self.to_status}"


class CounterState(models.Model):
    """What a counter is doing now; its row is the lock that serialises its calls."""

    class Mode(models.TextChoices):
        OPEN = "open", _("buka")
        PAUSED = "paused", _("istirahat")
        CLOSED = "closed", _("tutup")

    counter = models.OneToOneField(
        "tenancy.Counter", on_delete=models.CASCADE, related_name="state"
    )
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=8, choices=Mode, default=Mode.CLOSED)
    priority_streak = models.PositiveSmallIntegerField(default=0)
    current = models.ForeignKey(
        Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.counter}: {self.mode}"


class CounterModeChange(models.Model):
    """One change of a counter's mode (open, pause, close), appended by `set_counter_mode`
    and never changed afterwards: the counter's history. The measures read the open time
    and officer-hours from it (operations/measures_floor.py); the console shows the last
    one ("sejak 08.00 oleh …"). `actor` is None for the system's changes (the day
    simulator, the live demo day)."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    counter = models.ForeignKey(
        "tenancy.Counter", on_delete=models.CASCADE, related_name="mode_changes"
    )
    at = models.DateTimeField(_("waktu"))
    before = models.CharField(_("sebelumnya"), max_length=8, choices=CounterState.Mode)
    mode = models.CharField(_("menjadi"), max_length=8, choices=CounterState.Mode)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        indexes = [
            models.Index(fields=["counter", "at"], name="counter_mode_change_at"),
            models.Index(fields=["mpp", "at"], name="mpp_mode_change_at"),
        ]

    def __str__(self) -> str:
        return f"{self.counter} {self.before} → {self.mode} ({self.at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:  # append-only: a history row is never rewritten
            raise ValueError("a counter's mode change is never changed")
        super().save(*args, **kwargs)
