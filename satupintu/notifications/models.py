from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("surel")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    PUSH = "push", _("notifikasi ponsel")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("menunggu dikirim")
    SENDING = "sending", _("sedang dikirim")
    SENT = "sent", _("terkirim")
    FAILED = "failed", _("gagal")


class Message(models.Model):
    """One notification to one address: the outbox row and the record of what was sent.

    `event_key` names the event a citizen is told about (`ticket:42:called`); one address
    hears one event once on one channel, whoever queues it and however often
    (`message_once_per_event`)."""

    mpp = models.ForeignKey(
        "tenancy.Mpp", on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    kind = models.CharField(_("jenis"), max_length=60)
    channel = models.CharField(_("saluran"), max_length=10, choices=MessageChannel)
    recipient = models.CharField(_("penerima"), max_length=254)
    subject = models.CharField(_("judul"), max_length=200, blank=True)
    body = models.TextField(_("isi"))
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    reference = models.CharField(_("rujukan"), max_length=80, blank=True, db_index=True)
    event_key = models.CharField(_("kunci peristiwa"), max_length=120, blank=True)
    subscription = models.ForeignKey(
        "notifications.PushSubscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    error = models.CharField(_("galat"), max_length=300, blank=True)
    provider_id = models.CharField(_("ID penyedia"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="message_status_idx"),
            models.Index(
                fields=["subscription"],
                name="message_subscription_idx",
                condition=Q(subscription__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "channel", "recipient"],
                name="message_once_per_event",
                condition=~Q(event_key=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject or self.kind}"


class CitizenKind(models.TextChoices):
    """What a citizen with an account can be told, each on the channel they choose."""

    QUEUE_NEAR = "queue_near", _("Giliran hampir tiba")
    QUEUE_CALLED = "queue_called", _("Dipanggil ke loket")
    APPOINTMENT = "appointment", _("Janji temu (konfirmasi, pengingat, perubahan)")
    APPLICATION_REVISION = "application_revision", _("Permohonan perlu perbaikan")
    APPLICATION_READY = "application_ready", _("Permohonan selesai")
    APPLICATION_PAID = "application_paid", _("Permohonan sudah dibayar")
    APPLICATION_UPDATE = (
        "application_update",
        _("Kabar lain permohonan (diterima, lengkap, ditolak, dikirim)"),
    )
    DOCUMENT_ISSUED = "document_issued", _("Dokumen terbit")
    COMPLAINT_ANSWERED = "complaint_answered", _("Pengaduan dijawab")
    COMPLAINT_UPDATE = (
        "complaint_update",
        _("Kabar lain pengaduan (diterima, diteruskan, ditunda, ditutup)"),
    )


class Preference(models.TextChoices):
    """The channel a citizen picks for one kind (`phone` is WhatsApp or SMS, as the MPP sends)."""

    PUSH = "push", _("Notifikasi di ponsel (push)")
    PHONE = "phone", _("WhatsApp/SMS")
    EMAIL = "email", _("E-mail")
    NONE = "none", _("Tidak usah")


class NotificationPreference(models.Model):
    """A citizen's channel for one kind; kinds without a row use the default (services)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=CitizenKind)
    channel = models.CharField(_("saluran"), max_length=10, choices=Preference)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pilihan notifikasi")
        verbose_name_plural = _("pilihan notifikasi")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.channel}"


class PushSubscription(models.Model):
    """One browser on one device that accepts Web Push for a citizen (the Push API's
    subscription: the push service's endpoint and the browser's keys)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.CharField(_("endpoint"), max_length=1000, unique=True)
    p256dh = models.CharField(_("kunci publik peramban"), max_length=100)
    auth = models.CharField(_("rahasia autentikasi"), max_length=40)
    label = models.CharField(_("perangkat"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_success_at = models.DateTimeField(_("terakhir berhasil"), null=True, blank=True)
    failure_count = models.PositiveSmallIntegerField(_("gagal berturut-turut"), default=0)

    class Meta:
        verbose_name = _("langganan notifikasi ponsel")
        verbose_name_plural = _("langganan notifikasi ponsel")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.label or self.endpoint[:60]}"
