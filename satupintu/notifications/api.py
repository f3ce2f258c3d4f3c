"""A citizen's browsers for Web Push: POST/DELETE /api/v1/me/push-subscriptions; the
message gateway's incoming WhatsApp/SMS: POST /api/v1/mpps/{slug}/messages/inbound."""

from __future__ import annotations

import hmac
from typing import Annotated, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import HttpBearer

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.accounts.models import Role
from satupintu.core.api import WRITE_ERRORS, MppSlug, Text
from satupintu.core.errors import DomainError
from satupintu.notifications import inbound, services
from satupintu.notifications.webpush import public_key
from satupintu.tenancy.selectors import mpp_by_slug

router = Router(tags=["Notifikasi"])

Endpoint = Annotated[
    str,
    Field(
        min_length=8,
        max_length=1000,
        pattern=r"^[^\x00\s]*$",
        description="`subscription.endpoint` dari Push API peramban (https).",
    ),
]


class KeysIn(Schema):
    p256dh: Annotated[str, Field(max_length=100, pattern=r"^[^\x00]*$")] = Field(
        description="Kunci publik P-256 peramban, base64url (65 bita)."
    )
    auth: Annotated[str, Field(max_length=40, pattern=r"^[^\x00]*$")] = Field(
        description="Rahasia autentikasi, base64url (16 bita)."
    )


class SubscriptionIn(Schema):
    endpoint: Endpoint
    keys: KeysIn
    label: Annotated[Text, Field(max_length=120)] = Field(
        "", description="Nama perangkat untuk warga, mis. `Chrome di Android`."
    )


class SubscriptionOut(Schema):
    endpoint: str
    label: str
    created: bool = Field(description="Baru tersimpan (false: sudah ada, diperbarui).")


class UnsubscribeIn(Schema):
    endpoint: Endpoint


class PublicKeyOut(Schema):
    public_key: str = Field(description="applicationServerKey (base64url); kosong bila mati.")


def _citizen(request: HttpRequest):
    user = acting_user(request)
    if user.role != Role.CITIZEN:
        raise DomainError(
            _("Notifikasi ponsel hanya untuk akun warga."), code="citizens_only", status=403
        )
    return user


@router.get(
    "/me/push-subscriptions/key",
    response={200: PublicKeyOut, **WRITE_ERRORS},
    auth=authenticated,
    summary="Kunci publik VAPID server (warga)",
)
def vapid_public_key(request: HttpRequest):
    _citizen(request)
    return PublicKeyOut(public_key=public_key())


@router.post(
    "/me/push-subscriptions",
    response={200: SubscriptionOut, 201: SubscriptionOut, **WRITE_ERRORS},
    auth=authenticated,
    summary="Simpan langganan notifikasi ponsel (Web Push) peramban ini",
    description=(
        "Menyimpan `PushSubscription` peramban (hasil `pushManager.subscribe`) untuk akun "
        "warga yang masuk. Endpoint yang sama lagi tidak membuat langganan baru (200); "
        "kuncinya diperbarui. Endpoint harus https; kunci p256dh 65 bita dan auth 16 bita, "
        "base64url (422 bila tidak)."
    ),
)
def subscribe(request: HttpRequest, payload: SubscriptionIn):
    subscription, created = services.subscribe_push(
        user=_citizen(request),
        endpoint=payload.endpoint,
        p256dh=payload.keys.p256dh,
        auth=payload.keys.auth,
        label=payload.label or request.headers.get("User-Agent", "")[:120],
    )
    body = SubscriptionOut(
        endpoint=subscription.endpoint, label=subscription.label, created=created
    )
    return Status(201 if created else 200, body)


@router.delete(
    "/me/push-subscriptions",
    response={204: None, **WRITE_ERRORS},
    auth=authenticated,
    summary="Hentikan notifikasi ponsel di peramban ini",
    description="Menghapus langganan akun yang masuk dengan endpoint ini (404 bila tidak ada).",
)
def unsubscribe(request: HttpRequest, payload: UnsubscribeIn):
    if not services.unsubscribe_push(user=_citizen(request), endpoint=payload.endpoint):
        raise DomainError(_("Langganan ini tidak ditemukan."), code="not_found", status=404)
    return Status(204, None)


class GatewayToken(HttpBearer):
    """The message gateway's own token (`MESSAGE_GATEWAY_TOKEN`); none set, none accepted."""

    def authenticate(self, request: HttpRequest, token: str) -> str | None:
        expected = settings.MESSAGE_GATEWAY_TOKEN
        if expected and hmac.compare_digest(token.encode(), expected.encode()):
            return "gateway"
        return None


class InboundIn(Schema):
    sender: Annotated[str, Field(max_length=30, pattern=r"^[+0-9 ()-]*$")] = Field(
        alias="from", description="Nomor pengirim, mis. `+6281234567890`."
    )
    channel: Literal["whatsapp", "sms"]
    message: Annotated[Text, Field(max_length=4000)]
    id: Annotated[Text, Field(max_length=100)] = Field(
        "", description="Id pesan dari penyedia: pesan yang dikirim ulang tidak dicatat dua kali."
    )
    name: Annotated[Text, Field(max_length=120)] = Field("", description="Nama profil pengirim.")


class InboundOut(Schema):
    replies: int = Field(description="Balasan langsung yang diantrekan ke pengirim.")


@router.post(
    "/mpps/{slug}/messages/inbound",
    response={202: InboundOut, **WRITE_ERRORS},
    auth=GatewayToken(),
    summary="Pesan WhatsApp/SMS masuk dari gateway pesan",
    description=(
        "Untuk gateway pesan (token `MESSAGE_GATEWAY_TOKEN`). Pesan warga ke nomor MPP "
        "menjadi pengaduan saluran pesan; kode lacaknya dibalas lewat saluran yang sama."
    ),
)
def receive_message(request: HttpRequest, slug: MppSlug, payload: InboundIn):
    replies = inbound.receive(
        mpp=mpp_by_slug(slug),
        sender=payload.sender,
        channel=payload.channel,
        text=payload.message,
        message_id=payload.id,
        name=payload.name,
    )
    return Status(202, InboundOut(replies=len(replies)))
