"""Writes: the applicant's choice of pick-up or post, the postage bill, the parcel handed
to the courier (which hands the application over), and the courier's tracking events.

Postage is a payments bill (purpose "postage") whose amount is the MPP's PostageTariff
for the chosen courier, never typed by an officer. Its payment (payments.signals.
bill_paid) marks the delivery paid; the officer then sends the parcel: the courier
answers the receipt number and the application is handed over as "sent by post" with it
(applications.services.hand_over), which the public tracking page shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.applications import services as applications
from satupintu.applications.access import can_officiate_application
from satupintu.applications.models import Application, Handover, Status
from satupintu.core.errors import DomainError
from satupintu.delivery.couriers.base import CourierError, Parcel
from satupintu.delivery.couriers.registry import courier_named
from satupintu.delivery.models import (
    Delivery,
    DeliveryEvent,
    DeliveryStatus,
    Method,
    PostageTariff,
)
from satupintu.payments import services as payments
from satupintu.payments.models import Bill, BillPurpose, BillStatus
from satupintu.payments.workflow import WORKFLOW as BILL_WORKFLOW

# Statuses in which the applicant may still choose (at application up to "ready").
CHOOSABLE = frozenset(
    {
        Status.SUBMITTED,
        Status.VERIFYING,
        Status.NEEDS_REVISION,
        Status.VERIFIED,
        Status.AWAITING_PAYMENT,
        Status.PROCESSING,
        Status.READY,
    }
)
# A choice can change while nothing is paid.
CHANGEABLE = frozenset({DeliveryStatus.PICKUP, DeliveryStatus.AWAITING_POSTAGE})


class NotDeliverable(DomainError):
    status = 409
    code = "not_deliverable"


def tariff_of(application: Application, courier: str = "") -> PostageTariff:
    tariffs = PostageTariff.objects.filter(mpp_id=application.mpp_id, active=True).order_by("pk")
    if courier:
        tariffs = tariffs.filter(courier=courier)
    tariff = tariffs.first()
    if tariff is None:
        raise NotDeliverable(
            _("MPP ini belum melayani pengiriman dokumen lewat pos."), code="no_postage_tariff"
        )
    return tariff


def _clean(value: Any, size: int) -> str:
    return " ".join(str(value or "").split())[:size]


@transaction.atomic
def choose_delivery(
    *,
    user: User,
    application: Application,
    method: str,
    recipient_name: str = "",
    address: str = "",
    postal_code: str = "",
    phone: str = "",
    courier: str = "",
    now: dt.datetime | None = None,
) -> Delivery:
    """The applicant chooses "ambil di MPP" or "kirim ke alamat" (at application or when
    the product is ready); by post, a postage bill is issued from the tariff. The choice
    can change until the postage is paid (an unpaid postage bill is then cancelled)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.user_id != user.pk:
        raise PermissionDenied(_("Hanya pemohon yang dapat memilih cara menerima dokumen."))
    if application.status not in CHOOSABLE:
        raise NotDeliverable(_("Cara menerima dokumen tidak dapat diubah lagi."))
    now = now or timezone.now()
    delivery = Delivery.objects.select_for_update().filter(application=application).first()
    if delivery is not None and delivery.status not in CHANGEABLE:
        raise NotDeliverable(_("Ongkos kirim sudah dibayar; cara menerima tidak dapat diubah."))
    if method not in Method.values:
        raise ValidationError({"method": [_("Pilih ambil di MPP atau kirim ke alamat.")]})
    fields: dict[str, Any] = {
        "method": method,
        "courier": "",
        "courier_label": "",
        "recipient_name": "",
        "address": "",
        "postal_code": "",
        "phone": "",
        "postage": 0,
        "bill": None,
        "status": DeliveryStatus.PICKUP,
    }
    if method == Method.POST:
        fields.update(
            recipient_name=_clean(recipient_name, 150) or application.applicant_name,
            address=_clean(address, 300),
            postal_code=_clean(postal_code, 5),
            phone=_clean(phone, 20) or application.applicant_phone,
        )
        errors = {}
        if len(fields["address"]) < 10:
            errors["address"] = [_("Tuliskan alamat lengkap: jalan, RT/RW, kelurahan, kecamatan.")]
        if not (len(fields["postal_code"]) == 5 and fields["postal_code"].isdigit()):
            errors["postal_code"] = [_("Kode pos terdiri dari 5 angka.")]
        if errors:
            raise ValidationError(errors)
        tariff = tariff_of(application, courier)
        fields.update(
            courier=tariff.courier,
            courier_label=tariff.label,
            postage=tariff.amount,
            status=DeliveryStatus.AWAITING_POSTAGE,
        )
    old_bill = delivery.bill if delivery is not None else None
    if old_bill is not None and old_bill.status in {BillStatus.UNPAID, BillStatus.HELD}:
        locked = Bill.objects.select_for_update().get(pk=old_bill.pk)
        BILL_WORKFLOW.apply(locked, "cancel", actor=user, note=_("Cara menerima diganti."))
    if method == Method.POST:
        fields["bill"] = payments.issue_postage_bill(
            application=application,
            amount=fields["postage"],
            title=_("Ongkos kirim dokumen %(number)s (%(courier)s)")
            % {"number": application.tracking_number, "courier": fields["courier_label"]},
            user=user,
        )
    if delivery is None:
        delivery = Delivery(application=application, mpp_id=application.mpp_id, chosen_at=now)
    for name, value in fields.items():
        setattr(delivery, name, value)
    delivery.chosen_at = now
    delivery.save()
    return delivery


def postage_paid(sender: Any, *, bill: Bill, **kwargs: Any) -> None:
    """payments.signals.bill_paid's receiver: a paid postage bill lets the parcel go."""
    if bill.purpose != BillPurpose.POSTAGE:
        return
    Delivery.objects.filter(bill=bill, status=DeliveryStatus.AWAITING_POSTAGE).update(
        status=DeliveryStatus.PAID
    )


@transaction.atomic
def send_by_post(
    *, user: User, application: Application, now: dt.datetime | None = None
) -> Delivery:
    """The officer hands the ready product to the courier: the courier answers the receipt
    number, and the application is handed over as sent by post with it."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not can_officiate_application(user, application):
        raise PermissionDenied(_("Hanya petugas instansi yang dapat mengirim dokumen."))
    delivery = Delivery.objects.select_for_update().filter(application=application).first()
    if delivery is None or delivery.method != Method.POST:
        raise NotDeliverable(_("Pemohon tidak memilih dikirim ke alamat."))
    if delivery.status != DeliveryStatus.PAID:
        raise NotDeliverable(_("Ongkos kirim belum dibayar."), code="postage_unpaid")
    if application.status != Status.READY:
        raise NotDeliverable(_("Dokumen belum jadi."))
    now = now or timezone.now()
    courier = courier_named(delivery.courier)
    parcel = Parcel(
        reference=application.tracking_number,
        sender=application.mpp.name,
        recipient_name=delivery.recipient_name,
        address=f"{delivery.address} {delivery.postal_code}",
        postal_code=delivery.postal_code,
        phone=delivery.phone,
    )
    try:
        receipt = courier.ship(parcel, now=now)
    except CourierError as exc:
        raise NotDeliverable(
            _("Kurir menolak kiriman: %(reason)s") % {"reason": exc}, code="courier_refused"
        ) from exc
    applications.hand_over(
        user=user,
        application=application,
        method=Handover.DELIVERY,
        courier=delivery.courier_label,
        receipt_number=receipt,
    )
    delivery.receipt_number = receipt
    delivery.shipped_at = now
    delivery.status = DeliveryStatus.SHIPPED
    delivery.save(update_fields=["receipt_number", "shipped_at", "status"])
    return delivery


def refresh_tracking(delivery: Delivery, *, now: dt.datetime | None = None) -> Delivery:
    """Ask the courier for the parcel's events and record the new ones (the nightly job
    and the tracking page's refresh; a courier that cannot answer changes nothing)."""
    if delivery.status not in {DeliveryStatus.SHIPPED} or not delivery.receipt_number:
        return delivery
    now = now or timezone.now()
    try:
        events = courier_named(delivery.courier).track(delivery.receipt_number, now=now)
    except CourierError:
        return delivery
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().get(pk=delivery.pk)
        known = set(locked.events.values_list("at", "code"))
        DeliveryEvent.objects.bulk_create(
            [
                DeliveryEvent(
                    delivery=locked,
                    at=e.at,
                    code=e.code[:40],
                    description=e.description[:300],
                    office=e.office[:120],
                )
                for e in events
                if (e.at, e.code[:40]) not in known
            ]
        )
        done = next((e for e in events if e.delivered), None)
        if done is not None and locked.status == DeliveryStatus.SHIPPED:
            locked.status = DeliveryStatus.DELIVERED
            locked.delivered_at = done.at
            locked.save(update_fields=["status", "delivered_at"])
    return locked


def refresh_all(*, now: dt.datetime | None = None) -> int:
    """Refresh every parcel still on its way (the nightly job)."""
    moving = Delivery.objects.filter(status=DeliveryStatus.SHIPPED)
    return sum(1 for d in moving if refresh_tracking(d, now=now).status == DeliveryStatus.DELIVERED)
