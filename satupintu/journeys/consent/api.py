"""Consent over JSON, for the signed-in citizen: give a consent, withdraw one, and read
every use of their checked documents. /api/v1/me/consents, /api/v1/me/data-uses."""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt
import uuid
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.accounts.models import Role
from satupintu.core.api import ERRORS, WRITE_ERRORS, ErrorOut
from satupintu.core.errors import DomainError
from satupintu.journeys.consent import selectors, services
from satupintu.journeys.consent.models import Consent, ConsentChannel
from satupintu.journeys.models import LifeEvent
from satupintu.queueing.models import Ticket
from satupintu.tenancy.selectors import mpp_by_slug

router = Router(tags=["Persetujuan berbagi data"])

Key = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]
Code = Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$", max_length=40)]


class ConsentIn(Schema):
    mpp: Key = Field(description="Slug MPP, mis. `banyumas`.")
    documents: list[Key] = Field(
        max_length=20, description="Kunci dokumen perjalanan, mis. `kk`, `ktp-el`, `nib`."
    )
    agencies: list[Code] = Field(
        max_length=30, description="Kode instansi yang boleh memakai dokumen yang sudah diperiksa."
    )
    valid_until: dt.datetime = Field(description="Berlaku sampai (paling lama 30 hari).")
    purpose: Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\x00]*$")]
    life_event: Key | None = Field(None, description="Kunci peristiwa hidup, bila untuk itu.")
    ticket: uuid.UUID | None = Field(
        None, description="Nomor antrian kunjungan (public id) milik akun ini, bila ada."
    )


class ConsentOut(Schema):
    id: uuid.UUID
    mpp: str
    purpose: str
    documents: list[str]
    agencies: list[str]
    wording: str = Field(description="Kalimat persetujuan yang disetujui warga (bukti).")
    channel: str
    given_at: dt.datetime
    valid_until: dt.datetime
    withdrawn_at: dt.datetime | None
    state: Literal["active", "expired", "withdrawn"]


class DataUseOut(Schema):
    used_at: dt.datetime
    document: str
    checked_by: str = Field(description="Instansi yang memeriksa dokumen")
    checked_at: dt.datetime
    used_by: str = Field(description="Instansi yang memakai hasil pemeriksaan")
    officer: str
    consent: uuid.UUID


def _citizen(request: HttpRequest):
    user = acting_user(request)
    if user.role != Role.CITIZEN:
        raise DomainError(
            _("Persetujuan berbagi data hanya untuk akun warga."),
            code="citizens_only",
            status=403,
        )
    return user


def consent_out(consent: Consent) -> ConsentOut:
    return ConsentOut(
        id=consent.public_id,
        mpp=consent.mpp.slug,
        purpose=consent.purpose,
        documents=list(consent.documents),
        agencies=[a.code for a in consent.agencies.all()],
        wording=consent.wording,
        channel=consent.channel,
        given_at=consent.given_at,
        valid_until=consent.valid_until,
        withdrawn_at=consent.withdrawn_at,
        state=selectors.consent_state(consent),  # type: ignore[arg-type]
    )


@router.get(
    "/me/consents",
    response={200: list[ConsentOut], 401: ErrorOut, 403: ErrorOut, 429: ErrorOut},
    auth=authenticated,
    summary="Persetujuan berbagi data saya",
)
def my_consents(request: HttpRequest):
    return [consent_out(c) for c in selectors.my_consents(_citizen(request))]


@router.post(
    "/me/consents",
    response={201: ConsentOut, **WRITE_ERRORS},
    auth=authenticated,
    summary="Beri persetujuan: dokumen yang sudah diperiksa boleh dipakai instansi lain",
    description=(
        "UU 27/2022 Pasal 20–25: persetujuan eksplisit dan tercatat untuk tujuan, dokumen, "
        "instansi dan jangka waktu tertentu. 404 bila MPP, peristiwa hidup atau nomor "
        "antrian tidak ada; 422 dengan kesalahan per isian."
    ),
)
def give_consent(request: HttpRequest, payload: ConsentIn):
    user = _citizen(request)
    mpp = mpp_by_slug(payload.mpp)
    life_event = None
    if payload.life_event:
        life_event = LifeEvent.objects.filter(mpp=mpp, key=payload.life_event).first()
        if life_event is None:
            raise DomainError(_("Peristiwa hidup tidak ditemukan."), code="not_found", status=404)
    ticket = None
    if payload.ticket:
        ticket = Ticket.objects.filter(public_id=payload.ticket, mpp=mpp, user=user).first()
        if ticket is None:
            raise DomainError(_("Nomor antrian tidak ditemukan."), code="not_found", status=404)
    consent = services.give_consent(
        mpp=mpp,
        user=user,
        documents=payload.documents,
        agencies=payload.agencies,
        valid_until=payload.valid_until,
        purpose=payload.purpose,
        channel=ConsentChannel.API,
        ticket=ticket,
        life_event=life_event,
    )
    return Status(201, consent_out(consent))


@router.delete(
    "/me/consents/{consent_id}",
    response={200: ConsentOut, **ERRORS},
    auth=authenticated,
    summary="Tarik persetujuan: tidak ada pemakaian lagi sejak saat ini; catatannya tetap",
)
def withdraw_consent(request: HttpRequest, consent_id: uuid.UUID):
    consent = selectors.access_my_consent(_citizen(request), str(consent_id))
    return consent_out(services.withdraw_consent(consent=consent))


@router.get(
    "/me/data-uses",
    response={200: list[DataUseOut], 401: ErrorOut, 403: ErrorOut, 429: ErrorOut},
    auth=authenticated,
    summary="Siapa memakai dokumen saya yang sudah diperiksa, kapan",
)
def my_data_uses(request: HttpRequest):
    return [
        DataUseOut(
            used_at=u.used_at,
            document=u.document_check.document_name,
            checked_by=u.document_check.agency.name,
            checked_at=u.document_check.checked_at,
            used_by=u.agency.name,
            officer=u.officer.full_name or u.officer.email or "",
            consent=u.consent.public_id,
        )
        for u in selectors.my_data_uses(_citizen(request))[:500]
    ]
