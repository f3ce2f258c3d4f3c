"""Delivery of a finished product over JSON: the applicant's choice (pick up or post,
with the postage bill), the officer's sending by post, and the parcel's tracking.

`GET /applications/{id}/delivery`, `PUT /applications/{id}/delivery` (applicant),
`POST /applications/{id}/delivery/send` (officer of the service's agency).
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt
import uuid
from typing import Annotated, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Router, Schema

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.applications.access import access_application
from satupintu.core.api import ACTION_ERRORS, ERRORS, WRITE_ERRORS, ErrorOut
from satupintu.core.links import citizen_link
from satupintu.delivery import selectors, services
from satupintu.delivery.models import Delivery

router = Router(tags=["Pengiriman dokumen"])
ApplicationId = Annotated[uuid.UUID, Path(description="Id permohonan (UUID dari saat dibuat).")]
Line = Annotated[str, Field("", max_length=300, pattern=r"^[^\x00]*$")]


class TrackingEventOut(Schema):
    at: dt.datetime
    code: str
    description: str
    office: str


class DeliveryOut(Schema):
    method: Literal["pickup", "post", ""]
    status: Literal["", "pickup", "awaiting_postage", "paid", "shipped", "delivered"]
    courier: str = ""
    recipient_name: str = ""
    address: str = ""
    postal_code: str = ""
    postage: int = 0  # Rp, from the MPP's tariff
    bill_id: int | None = None
    bill_url: str | None = None
    receipt_number: str = ""
    shipped_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    events: list[TrackingEventOut] = []


class DeliveryIn(Schema):
    method: Literal["pickup", "post"]
    recipient_name: Annotated[str, Field("", max_length=150, pattern=r"^[^\x00]*$")]
    address: Line
    postal_code: Annotated[str, Field("", max_length=5, pattern=r"^[0-9]*$")]
    phone: Annotated[str, Field("", max_length=20, pattern=r"^[0-9+ -]*$")]


def delivery_out(request: HttpRequest, delivery: Delivery | None) -> DeliveryOut:
    if delivery is None:
        return DeliveryOut(method="", status="")
    bill = delivery.bill
    return DeliveryOut(
        method=delivery.method,  # type: ignore[arg-type]
        status=delivery.status,  # type: ignore[arg-type]
        courier=delivery.courier_label,
        recipient_name=delivery.recipient_name,
        address=delivery.address,
        postal_code=delivery.postal_code,
        postage=delivery.postage,
        bill_id=bill.pk if bill else None,
        bill_url=citizen_link(reverse("payments:bill", args=[bill.public_id]), request)
        if bill
        else None,
        receipt_number=delivery.receipt_number,
        shipped_at=delivery.shipped_at,
        delivered_at=delivery.delivered_at,
        events=[
            TrackingEventOut(at=e.at, code=e.code, description=e.description, office=e.office)
            for e in delivery.events.all()
        ],
    )


@router.get(
    "/applications/{application_id}/delivery",
    response={200: DeliveryOut, **ERRORS},
    auth=authenticated,
    summary="Cara menerima dokumen dan status pengirimannya (pemohon, petugas)",
)
def get_delivery(request: HttpRequest, application_id: ApplicationId):
    application = access_application(acting_user(request), application_id)
    delivery = selectors.delivery_of(application)
    if delivery is not None and delivery.status == "shipped":
        services.refresh_tracking(delivery)
        delivery = selectors.delivery_of(application)
    return delivery_out(request, delivery)


@router.put(
    "/applications/{application_id}/delivery",
    response={200: DeliveryOut, **WRITE_ERRORS, 409: ErrorOut},
    auth=authenticated,
    summary="Pilih ambil di MPP atau kirim ke alamat (pemohon); dikirim: tagihan ongkos kirim",
)
def choose_delivery(request: HttpRequest, application_id: ApplicationId, payload: DeliveryIn):
    user = acting_user(request)
    application = access_application(user, application_id)
    services.choose_delivery(user=user, application=application, **payload.dict())
    return delivery_out(request, selectors.delivery_of(application))


@router.post(
    "/applications/{application_id}/delivery/send",
    response={200: DeliveryOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Serahkan dokumen ke kurir; nomor resi dari kurir (petugas instansi)",
)
def send_by_post(request: HttpRequest, application_id: ApplicationId):
    user = acting_user(request)
    application = access_application(user, application_id)
    services.send_by_post(user=user, application=application)
    return delivery_out(request, selectors.delivery_of(application))
