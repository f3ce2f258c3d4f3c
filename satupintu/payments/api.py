"""Bills and payments over JSON.

`GET /bills/{id}` and `POST /bills/{id}/qris` for the applicant and the MPP's staff;
`POST /bills/{id}/counter-payment` for the collecting bank's officers; the providers'
`POST /payments/callback/{provider}` (no account: the SNAP signature is the proof);
`POST /payments/simulator/bills/{id}/pay` for a supervisor while the simulator is the
MPP's provider; `POST /payments/{id}/refund` for the supervisor's decision on a held or
late payment.
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt
import uuid
from typing import Annotated, Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.core.api import ACTION_ERRORS, ERRORS, WRITE_ERRORS, ErrorOut, Text
from satupintu.core.links import citizen_link
from satupintu.core.ratelimit import check_rate
from satupintu.payments import access, selectors, services
from satupintu.payments.models import Bill, Payment

router = Router(tags=["Pembayaran"])
BillId = Annotated[int, Path(ge=1, le=2**63 - 1, description="Nomor induk tagihan.")]
TicketId = Annotated[uuid.UUID, Path(description="Nomor induk nomor antrian (UUID).")]
PaymentId = Annotated[int, Path(ge=1, le=2**63 - 1, description="Nomor induk pembayaran.")]
ProviderName = Annotated[
    str, Path(pattern=r"^[a-z][a-z0-9-]{0,19}$", description="Nama penyedia, mis. `simulator`.")
]
CALLBACK_RATE = "600/m"


class PaymentOut(Schema):
    id: int
    provider: str
    provider_payment_id: str
    channel: str
    amount: int
    status: Literal["accepted", "held", "late", "refunded"]
    paid_at: dt.datetime
    receipt_url: str | None = None


class BillOut(Schema):
    id: int
    number: str
    amount: int
    status: Literal["unpaid", "paid", "held", "expired", "cancelled"]
    description: str
    payer_name: str
    revenue_account: str
    va_number: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    paid_at: dt.datetime | None
    application: str | None = None  # tracking number
    page_url: str
    payments: list[PaymentOut]


def payment_out(request: HttpRequest, payment: Payment) -> PaymentOut:
    receipt = None
    if payment.status == "accepted":
        receipt = citizen_link(reverse("payments:receipt", args=[payment.receipt_code]), request)
    return PaymentOut(
        id=payment.pk,
        provider=payment.provider,
        provider_payment_id=payment.provider_payment_id,
        channel=payment.channel,
        amount=payment.amount,
        status=payment.status,  # type: ignore[arg-type]
        paid_at=payment.paid_at,
        receipt_url=receipt,
    )


def bill_out(request: HttpRequest, bill: Bill) -> BillOut:
    return BillOut(
        id=bill.pk,
        number=bill.number,
        amount=bill.amount,
        status=bill.status,  # type: ignore[arg-type]
        description=bill.description,
        payer_name=bill.payer_name,
        revenue_account=bill.revenue_account_code,
        va_number=bill.va_number,
        issued_at=bill.issued_at,
        expires_at=bill.expires_at,
        paid_at=bill.paid_at,
        application=bill.application.tracking_number if bill.application else None,
        page_url=citizen_link(reverse("payments:bill", args=[bill.public_id]), request),
        payments=[payment_out(request, p) for p in selectors.payments_of(bill)],
    )


@router.get(
    "/bills/{bill_id}",
    response={200: BillOut, **ERRORS},
    auth=authenticated,
    summary="Tagihan beserta pembayarannya",
)
def get_bill(request: HttpRequest, bill_id: BillId):
    bill = access.access_bill(acting_user(request), bill_id)
    return bill_out(request, bill)


class TicketBillIn(Schema):
    fee_variant: Annotated[int | None, Field(ge=1, le=1000)] = None


@router.post(
    "/tickets/{ticket_id}/bill",
    response={201: BillOut, **WRITE_ERRORS, 409: ErrorOut},
    auth=authenticated,
    summary="Terbitkan tagihan untuk nomor antrian (petugas instansi layanan)",
)
def ticket_bill(request: HttpRequest, ticket_id: TicketId, payload: TicketBillIn):
    user = acting_user(request)
    ticket = access.access_ticket_to_bill(user, ticket_id)
    bill = services.issue_bill_for_ticket(user=user, ticket=ticket, fee_variant=payload.fee_variant)
    return Status(201, bill_out(request, selectors.bill_with_payments(bill.pk) or bill))


@router.post(
    "/bills/{bill_id}/reissue",
    response={201: BillOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Terbitkan ulang tagihan yang kedaluwarsa (petugas instansi layanan)",
)
def reissue(request: HttpRequest, bill_id: BillId):
    user = acting_user(request)
    bill = access.access_bill_to_reissue(user, bill_id)
    new = services.reissue_bill(user=user, bill=bill)
    return Status(201, bill_out(request, selectors.bill_with_payments(new.pk) or new))


class QrisOut(Schema):
    payload: str
    image_url: str


@router.post(
    "/bills/{bill_id}/qris",
    response={200: QrisOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Kode QRIS dinamis tagihan",
)
def bill_qris(request: HttpRequest, bill_id: BillId):
    bill = access.access_bill(acting_user(request), bill_id)
    payload = services.qris_of(bill)
    image = citizen_link(reverse("payments:qris-image", args=[bill.public_id]), request)
    return QrisOut(payload=payload, image_url=image)


class CounterIn(Schema):
    reference: Annotated[Text, Field(min_length=1, max_length=64)]


@router.post(
    "/bills/{bill_id}/counter-payment",
    response={200: PaymentOut, **WRITE_ERRORS, 409: ErrorOut},
    auth=authenticated,
    summary="Catat pembayaran di loket bank (petugas bank penerima)",
)
def counter_payment(request: HttpRequest, bill_id: BillId, payload: CounterIn):
    user = acting_user(request)
    bill = access.access_bill_for_counter(user, bill_id)
    payment = services.mark_paid_at_counter(user=user, bill=bill, reference=payload.reference)
    return payment_out(request, payment)


class CallbackOut(Schema):
    responseCode: str
    responseMessage: str


@router.post(
    "/payments/callback/{provider}",
    response={
        200: CallbackOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    auth=None,
    url_name="payments_callback",
    summary="Notifikasi pembayaran dari penyedia (bertanda tangan SNAP)",
)
def callback(request: HttpRequest, provider: ProviderName):
    check_rate("payments-callback", request.META.get("REMOTE_ADDR", ""), CALLBACK_RATE)
    services.receive_callback(
        provider_name=provider,
        method=request.method or "POST",
        path=request.path,
        headers=dict(request.headers),
        body=request.body,
    )
    return CallbackOut(responseCode="2005200", responseMessage="Successful")


class SimulateIn(Schema):
    amount: Annotated[int | None, Field(ge=0, le=10**12)] = None
    deliveries: Annotated[int, Field(ge=1, le=50)] = 1


@router.post(
    "/payments/simulator/bills/{bill_id}/pay",
    response={200: list[PaymentOut], **WRITE_ERRORS, 409: ErrorOut},
    auth=authenticated,
    summary="Simulasikan pembayaran (hanya bila penyedianya simulator)",
)
def simulate(request: HttpRequest, bill_id: BillId, payload: SimulateIn):
    user = acting_user(request)
    bill = access.access_bill_to_supervise(user, bill_id)
    payments = services.simulate_payment(
        user=user,
        bill=bill,
        path=reverse("api:payments_callback", args=["simulator"]),
        amount=payload.amount,
        deliveries=payload.deliveries,
    )
    return [payment_out(request, p) for p in payments]


class RefundDecisionIn(Schema):
    note: Annotated[Text, Field(min_length=1, max_length=500)]


@router.post(
    "/payments/{payment_id}/refund",
    response={200: PaymentOut, **WRITE_ERRORS, 409: ErrorOut},
    auth=authenticated,
    summary="Kembalikan pembayaran yang ditahan atau terlambat (pengelola)",
)
def refund(request: HttpRequest, payment_id: PaymentId, payload: RefundDecisionIn):
    user = acting_user(request)
    payment = Payment.objects.filter(pk=payment_id).select_related("bill").first()
    if payment is None:
        raise Http404(_("Pembayaran tidak ditemukan."))
    access.access_bill_to_supervise(user, payment.bill_id)
    return payment_out(
        request, services.decide_payment(user=user, payment=payment, note=payload.note)
    )
