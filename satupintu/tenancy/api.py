"""Public MPP endpoints and the counters staff manage: /api/v1/mpps…, /api/v1/counters/…"""

# No `from __future__ import annotations` here: @paginate wraps the view, and django-ninja
# then resolves string annotations such as "MppSlug" in its own module, where they fail.
import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.core.api import ERRORS, PUBLIC_ERRORS, WRITE_ERRORS, LocalTime, MppSlug, Pages, Text
from satupintu.tenancy import selectors, services
from satupintu.tenancy.access import access_counter
from satupintu.tenancy.models import Mpp

router = Router(tags=["MPP"])


class OpeningHoursOut(Schema):
    weekday: int = Field(description="0 = Senin … 6 = Minggu")
    opens_at: LocalTime
    closes_at: LocalTime


class ClosureOut(Schema):
    starts_on: dt.date
    ends_on: dt.date
    reason: str


class OpenNowOut(Schema):
    is_open: bool
    reason: str
    local_time: dt.datetime
    closes_at: LocalTime | None
    next_opening: dt.datetime | None


class MppSummaryOut(Schema):
    slug: str
    name: str
    regency_name: str
    regency_code: str
    city: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    time_zone: str
    time_zone_label: str


class MppOut(MppSummaryOut):
    phone: str
    email: str
    website: str
    public_info: str
    open_on_cuti_bersama: bool = Field(
        description="Buka pada hari cuti bersama SKB; hari libur nasional selalu tutup"
    )
    open_now: OpenNowOut
    opening_hours: list[OpeningHoursOut]
    closures: list[ClosureOut] = Field(description="Hari tutup yang dicatat MPP sendiri")
    upcoming_closures: list[ClosureOut] = Field(
        description="Hari tutup 60 hari ke depan: libur nasional, cuti bersama, hari tutup MPP"
    )


class BoothOut(Schema):
    name: str
    location: str
    queue_prefix: str
    counters: list[int]


class AgencyOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    logo_url: str | None
    booth: BoothOut


class CounterOut(Schema):
    id: int
    mpp: str
    number: int
    name: str
    is_active: bool
    agency: str


class CounterPatch(Schema):
    is_active: bool | None = None
    name: Text | None = Field(None, max_length=120)


def _open_now(mpp: Mpp) -> OpenNowOut:
    status = selectors.opening_status(mpp)
    return OpenNowOut(
        is_open=status.is_open,
        reason=status.reason,
        local_time=status.local_now,
        closes_at=status.closes_at,
        next_opening=status.next_opening,
    )


def _counter_out(counter) -> CounterOut:
    return CounterOut(
        id=counter.pk,
        mpp=counter.mpp.slug,
        number=counter.number,
        name=counter.name,
        is_active=counter.is_active,
        agency=counter.booth.agency.code,
    )


@router.get("/mpps", response={200: list[MppSummaryOut], **PUBLIC_ERRORS}, summary="Daftar MPP")
@paginate(Pages, page_size=50)
def list_mpps(request: HttpRequest):
    return selectors.active_mpps()


@router.get("/mpps/{slug}", response={200: MppOut, **PUBLIC_ERRORS}, summary="Satu MPP")
def get_mpp(request: HttpRequest, slug: MppSlug):
    mpp = selectors.mpp_with_details(slug)
    return MppOut(
        **MppSummaryOut.from_orm(mpp).dict(),
        phone=mpp.phone,
        email=mpp.email,
        website=mpp.website,
        public_info=mpp.public_info,
        open_on_cuti_bersama=mpp.open_on_cuti_bersama,
        open_now=_open_now(mpp),
        opening_hours=[OpeningHoursOut.from_orm(h) for h in mpp.opening_hours.all()],
        closures=[ClosureOut.from_orm(c) for c in mpp.closures.all()],
        upcoming_closures=[ClosureOut.from_orm(c) for c in selectors.upcoming_closures(mpp)],
    )


@router.get(
    "/mpps/{slug}/agencies",
    response={200: list[AgencyOut], **PUBLIC_ERRORS},
    summary="Instansi yang hadir di MPP",
)
@paginate(Pages, page_size=100)
def list_agencies(request: HttpRequest, slug: MppSlug):
    mpp = selectors.mpp_by_slug(slug)
    return [
        AgencyOut(
            code=booth.agency.code,
            name=booth.agency.name,
            short_name=booth.agency.short_name,
            kind=booth.agency.kind,
            logo_url=booth.agency.logo.url if booth.agency.logo else None,
            booth=BoothOut(
                name=booth.name,
                location=booth.location,
                queue_prefix=booth.queue_prefix,
                counters=[c.number for c in booth.counters.all()],
            ),
        )
        for booth in selectors.booths_at(mpp)
    ]


@router.get(
    "/counters/{counter_id}",
    response={200: CounterOut, **ERRORS},
    auth=authenticated,
    summary="Satu loket (petugas dan pengelola)",
)
def get_counter(request: HttpRequest, counter_id: int):
    return _counter_out(access_counter(acting_user(request), counter_id))


@router.patch(
    "/counters/{counter_id}",
    response={200: CounterOut, **WRITE_ERRORS},
    auth=authenticated,
    summary="Buka/tutup atau ganti nama loket",
)
def patch_counter(request: HttpRequest, counter_id: int, payload: CounterPatch):
    counter = access_counter(acting_user(request), counter_id)
    updated = services.update_counter(
        actor=acting_user(request), counter=counter, is_active=payload.is_active, name=payload.name
    )
    return _counter_out(updated)
