"""The officer's decisions after verification: process, ready, reject, hand over; and the
nightly escalation of applications past their deadline."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.applications import sla
from satupintu.applications.models import Application, Handover, Status
from satupintu.applications.services.common import locked_application, move, role_of, tell
from satupintu.applications.signals import application_closed, application_ready, payment_due
from satupintu.applications.workflow import PAYMENT, WORKFLOW, target_status
from satupintu.core.events import publish
from satupintu.notifications.services import notify


@transaction.atomic
def advance_application(*, user: User, application: Application, note: str = "") -> Application:
    """Verified → processing → ready (for pick-up or delivery). A service whose standard
    publishes a fee goes from verified to "awaiting payment" instead, and its bill is issued
    in the same transaction (signals.payment_due); the payment moves it on
    (`confirm_payment`)."""
    application = locked_application(application)
    if application.status == Status.PROCESSING:
        action = "mark_ready"
    elif application.status == Status.VERIFIED and charges_fee(application):
        action = "request_payment"
    else:
        action = "process"
    move(application, user=user, action=action, note=note)
    application.save()
    if application.status == Status.AWAITING_PAYMENT:
        payment_due.send(sender=Application, application=application, user=user)
    if application.status == Status.READY:
        application_ready.send(sender=Application, application=application, user=user)
        tell(
            application,
            "ready",
            _("Dokumen permohonan %(number)s sudah jadi") % {"number": application.tracking_number},
            _(
                "Dokumen Anda sudah jadi. Ambil di gerai %(agency)s, %(mpp)s, dengan "
                "menunjukkan nomor permohonan %(number)s dan KTP-el."
            )
            % {
                "agency": application.service.agency.name,
                "mpp": application.mpp.name,
                "number": application.tracking_number,
            },
        )
    return application


def charges_fee(application: Application) -> bool:
    """Whether the application's standard publishes an amount to pay (a fee above zero or
    tariff variants); free services and fees "asked at the booth" never produce a bill."""
    version = application.version
    return bool(version.fee_rupiah) or version.fee_variants.exists()


@transaction.atomic
def confirm_payment(*, application: Application, note: str = "") -> Application:
    """Awaiting payment → processing, when the application's bill is paid (called by
    payments in the transaction that records the payment); the tracking page hears it."""
    application = locked_application(application)
    WORKFLOW.apply(application, "confirm_payment", role=PAYMENT, note=note, save=False)
    application.save()
    publish(f"application:{application.public_id}", "paid", {"status": application.status})
    tell(
        application,
        "paid",
        _("Pembayaran permohonan %(number)s diterima") % {"number": application.tracking_number},
        _(
            "Pembayaran Anda sudah kami terima (lunas). Permohonan %(number)s sekarang "
            "diproses oleh %(agency)s."
        )
        % {"number": application.tracking_number, "agency": application.service.agency.name},
    )
    return application


@transaction.atomic
def reject_application(*, user: User, application: Application, reason: str) -> Application:
    """The officer rejects with a reason (also while the application awaits payment: its
    unpaid bill is cancelled in the same transaction, signals.application_closed)."""
    application = locked_application(application)
    reason = " ".join(str(reason).split())[:500]
    target_status("reject", application.status, role_of(user, application))
    if not reason:
        raise ValidationError({"reason": [_("Alasan penolakan wajib diisi.")]})
    move(application, user=user, action="reject", note=reason)
    application.rejection_reason = reason
    application.closed_at = timezone.now()
    application.paused_since = None
    application.save()
    application_closed.send(sender=Application, application=application, user=user)
    tell(
        application,
        "rejected",
        _("Permohonan %(number)s ditolak") % {"number": application.tracking_number},
        _("Permohonan Anda ditolak dengan alasan: %(reason)s") % {"reason": reason},
    )
    return application


@transaction.atomic
def hand_over(
    *,
    user: User,
    application: Application,
    method: str,
    recipient: str = "",
    courier: str = "",
    receipt_number: str = "",
) -> Application:
    """Ready → completed: picked up at the booth (who took it) or sent by post (courier and
    receipt number, shown on the tracking page)."""
    application = locked_application(application)
    target_status("hand_over", application.status, role_of(user, application))
    recipient, courier, receipt_number = (
        " ".join(str(v).split())[:n]
        for v, n in ((recipient, 150), (courier, 80), (receipt_number, 60))
    )
    if method == Handover.PICKUP:
        if not recipient:
            raise ValidationError({"recipient": [_("Tuliskan nama orang yang mengambil dokumen.")]})
        note = _("Diambil oleh %(name)s") % {"name": recipient}
    elif method == Handover.DELIVERY:
        errors = {}
        if not courier:
            errors["courier"] = [_("Tuliskan nama kurir atau pos.")]
        if not receipt_number:
            errors["receipt_number"] = [_("Tuliskan nomor resi pengiriman.")]
        if errors:
            raise ValidationError(errors)
        note = _("Dikirim melalui %(courier)s, nomor resi %(receipt)s") % {
            "courier": courier,
            "receipt": receipt_number,
        }
    else:
        raise ValidationError({"method": [_("Pilih diambil di gerai atau dikirim.")]})
    move(application, user=user, action="hand_over", note=note)
    application.handover_method = method
    application.handover_recipient = recipient
    application.courier = courier if method == Handover.DELIVERY else ""
    application.receipt_number = receipt_number if method == Handover.DELIVERY else ""
    application.handed_over_by = user
    application.closed_at = timezone.now()
    application.save()
    if method == Handover.DELIVERY:
        tell(
            application,
            "delivered",
            _("Dokumen permohonan %(number)s dikirim") % {"number": application.tracking_number},
            note,
        )
    return application


def escalate_overdue(*, now: dt.datetime) -> list[Application]:
    """Flag every open application past its deadline (paused ones excepted) once, with a
    history row, and tell the MPP's supervisors."""
    candidates = (
        Application.objects.filter(
            status__in=[Status.SUBMITTED, Status.VERIFYING, Status.VERIFIED, Status.PROCESSING],
            escalated_at__isnull=True,
            due_date__lt=(now + dt.timedelta(days=1)).date(),
        )
        .select_related("mpp", "service", "version")
        .order_by("pk")
    )
    escalated = []
    for application in candidates:
        # due_date__lt above leaves out applications without a deadline
        if application.due_date is None or application.due_date >= sla.local_date(
            application.mpp, now
        ):
            continue
        with transaction.atomic():
            locked = locked_application(application)
            if locked.escalated_at is not None or locked.due_date is None:
                continue
            locked.escalated_at = now
            locked.save(update_fields=["escalated_at"])
            WORKFLOW.record(locked, "escalate", locked.status, now=now)
            for supervisor in User.objects.filter(
                role=Role.SUPERVISOR, mpp=locked.mpp, is_active=True
            ).exclude(email=None):
                notify(
                    mpp=locked.mpp,
                    kind="application.escalated",
                    subject=_("Permohonan %(number)s melewati batas waktu")
                    % {"number": locked.tracking_number},
                    body=_(
                        "Permohonan %(number)s (%(service)s) melewati batas waktu %(due)s "
                        "dan belum selesai."
                    )
                    % {
                        "number": locked.tracking_number,
                        "service": locked.version.name,
                        "due": locked.due_date.isoformat(),
                    },
                    email=supervisor.email or "",
                    reference=locked.reference,
                )
            escalated.append(locked)
    return escalated
