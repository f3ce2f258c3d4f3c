from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("surel")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("menunggu dikirim")
    SENT = "sent", _("terkirim")
    FAILED = "failed", _("gagal")


class Message(models.Model):
    """One notification to one address: the outbox row and the record of what was sent."""

    mpp = models.ForeignKey(
        "tenancy.Mpp", on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    kind = models.CharField(_("jenis"), max_length=60)
    channel = models.CharField(_("saluran"), max_length=10, choices=MessageChannel)
    recipient = models.CharField(_("penerima"), max_length=254)
    subject = models.CharField(_("judul"), max_length=200, blank=True)
    body = models.TextField(_("isi"))
    reference = models.CharField(_("rujukan"), max_length=80, blank=True, db_index=True)
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
        indexes = [models.Index(fields=["status", "created_at"], name="message_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject or self.kind}"
