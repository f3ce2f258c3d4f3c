"""Sending a finished product to the applicant's address: the MPP's postage tariffs per
courier, the applicant's choice (pick up at the MPP or send by post), the parcel's
receipt number and the courier's tracking events."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostageTariff(models.Model):
    """What sending one product through a courier costs at an MPP (a flat tariff the MPP
    agreed with the courier); the postage bill's amount, never typed by an officer."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    courier = models.CharField(
        _("kurir"), max_length=30, help_text=_("Nama penyedia: pos-simulator.")
    )
    label = models.CharField(_("nama layanan kirim"), max_length=80)
    amount = models.PositiveIntegerField(_("ongkos kirim (Rp)"))
    active = models.BooleanField(_("dipakai"), default=True)

    class Meta:
        verbose_name = _("tarif ongkos kirim")
        verbose_name_plural = _("tarif ongkos kirim")
        constraints = [
            models.UniqueConstraint(fields=["mpp", "courier"], name="postage_tariff_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="postage_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.label} Rp{self.amount}"


class Method(models.TextChoices):
    PICKUP = "pickup", _("Ambil di MPP")
    POST = "post", _("Kirim ke alamat")


class DeliveryStatus(models.TextChoices):
    PICKUP = "pickup", _("Diambil di MPP")
    AWAITING_POSTAGE = "awaiting_postage", _("Menunggu pembayaran ongkos kirim")
    PAID = "paid", _("Ongkos kirim lunas, menunggu dikirim")
    SHIPPED = "shipped", _("Dalam pengiriman")
    DELIVERED = "delivered", _("Sudah diterima")


class Delivery(models.Model):
    """How the applicant receives the product of one application."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="delivery"
    )
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    method = models.CharField(_("cara terima"), max_length=10, choices=Method)
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus)
    courier = models.CharField(_("kurir"), max_length=30, blank=True)
    courier_label = models.CharField(_("layanan kirim"), max_length=80, blank=True)
    recipient_name = models.CharField(_("nama penerima"), max_length=150, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    postage = models.PositiveIntegerField(_("ongkos kirim (Rp)"), default=0)
    bill = models.ForeignKey(
        "payments.Bill", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receipt_number = models.CharField(_("nomor resi"), max_length=40, blank=True)
    chosen_at = models.DateTimeField(_("dipilih"))
    shipped_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("diterima"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengiriman dokumen")
        verbose_name_plural = _("pengiriman dokumen")

    def __str__(self) -> str:
        return f"{self.application_id} {self.method} {self.status}"


class DeliveryEvent(models.Model):
    """One status event of the parcel as the courier's tracking reports it."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    code = models.CharField(max_length=40)
    description = models.CharField(max_length=300)
    office = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "at", "code"], name="delivery_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.code}"


class SimulatedParcel(models.Model):
    """The postal simulator's own book of the parcels it accepted (couriers/simulator.py);
    a real courier keeps this on its side."""

    receipt_number = models.CharField(max_length=13, unique=True)
    posted_at = models.DateTimeField()
    office = models.CharField(max_length=120)
    recipient_name = models.CharField(max_length=150)

    def __str__(self) -> str:
        return self.receipt_number
