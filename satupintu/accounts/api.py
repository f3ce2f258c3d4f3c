"""Who am I (/api/v1/me) and an agency's officers at an MPP (staff only)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.accounts.selectors import officers_of
from satupintu.core.api import ERRORS, AgencyCode, MppSlug
from satupintu.core.identifiers import mask_phone
from satupintu.tenancy.access import access_agency
from satupintu.tenancy.selectors import mpp_by_slug

router = Router(tags=["Akun"])


class MeOut(Schema):
    login: str
    full_name: str
    role: str
    mpp: str | None
    agency: str | None
    counters: list[int]


class OfficerOut(Schema):
    full_name: str
    email: str | None
    phone: str | None
    counters: list[int]


@router.get("/me", response={200: MeOut, **ERRORS}, auth=authenticated, summary="Akun saya")
def me(request: HttpRequest):
    user = acting_user(request)
    return MeOut(
        login=user.login,
        full_name=user.full_name,
        role=user.role,
        mpp=user.mpp.slug if user.mpp else None,
        agency=user.agency.code if user.agency else None,
        counters=[c.number for c in user.counters.all()],
    )


@router.get(
    "/mpps/{slug}/agencies/{code}/officers",
    response={200: list[OfficerOut], **ERRORS},
    auth=authenticated,
    summary="Petugas satu instansi di MPP (internal)",
)
def list_officers(request: HttpRequest, slug: MppSlug, code: AgencyCode):
    mpp = mpp_by_slug(slug)
    agency = access_agency(acting_user(request), mpp, code)
    return [
        OfficerOut(
            full_name=o.full_name,
            email=o.email,
            phone=mask_phone(o.phone) if o.phone else None,
            counters=[c.number for c in o.counters.all()],
        )
        for o in officers_of(mpp=mpp, agency=agency)
    ]
