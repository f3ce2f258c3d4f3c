"""A citizen's browsers for Web Push: POST/DELETE /api/v1/me/push-subscriptions."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.accounts.models import Role
from satupintu.core.api import WRITE_ERRORS, Text
from satupintu.core.errors import DomainError
from satupintu.notifications import services
from satupintu.notifications.webpush import public_key

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
