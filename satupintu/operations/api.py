"""The operations API: measures and staffing advice (issue 22)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.core.api import ERRORS, PUBLIC_ERRORS, ErrorOut, MppSlug
from satupintu.core.errors import DomainError
from satupintu.operations import staffing
from satupintu.operations.access import check_measures, check_staffing
from satupintu.operations.measures_schemas import MeasuresOut
from satupintu.operations.selectors import CUTS, period_measures
from satupintu.queueing.tickets.selectors import local_day
from satupintu.tenancy.selectors import mpp_by_slug

router = Router(tags=["Operasional"])

# --- measures (issue 22, item 1): GET /mpps/{slug}/measures ------------------------------


MAX_MEASURE_DAYS = 400  # about 13 months
FIRST_YEAR, LAST_YEAR = 2000, 2100  # and no overflow at the ends of the calendar


class MeasuresQuery(Schema):
    from_: str | None = Field(
        None,
        alias="from",
        description="Tanggal awal (YYYY-MM-DD, tanggal setempat; awal bulan ini).",
    )
    to: str | None = Field(None, description="Tanggal akhir, ikut dihitung (hari ini).")
    by: str | None = Field(
        None, description="Rincian per: service, agency, counter, officer, hour, day, month."
    )


def _date(value: str | None, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        day = dt.date.fromisoformat(value)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise DomainError(
                _("Tanggal harus antara tahun %(first)s dan %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                code="bad_date",
                status=400,
            )
        return day
    except ValueError:
        message = (
            _("Tanggal awal tidak dikenal: tulis sebagai TTTT-BB-HH, mis. 2026-11-01.")
            if field == "from"
            else _("Tanggal akhir tidak dikenal: tulis sebagai TTTT-BB-HH, mis. 2026-11-30.")
        )
        raise DomainError(message, code="bad_date", status=400) from None


@router.get(
    "/mpps/{slug}/measures",
    response={200: MeasuresOut, 400: ErrorOut, **ERRORS},
    auth=authenticated,
    summary="Ukuran kinerja pelayanan MPP dalam satu periode, utuh atau dirinci",
    by_alias=True,
)
def get_measures(request: HttpRequest, slug: MppSlug, query: Query[MeasuresQuery]):
    user = acting_user(request)
    mpp = mpp_by_slug(slug)
    check_measures(user, mpp)
    today = dt.datetime.now(mpp.tzinfo).date()
    end = _date(query.to, "to") or today
    start = _date(query.from_, "from") or end.replace(day=1)
    if start > end:
        raise DomainError(
            _("Tanggal awal harus sebelum atau sama dengan tanggal akhir."),
            code="bad_period",
            status=400,
        )
    if (end - start).days >= MAX_MEASURE_DAYS:
        raise DomainError(
            _("Periode paling panjang 13 bulan; perpendek rentang tanggalnya."),
            code="period_too_long",
            status=400,
        )
    if query.by is not None and query.by not in CUTS:
        raise DomainError(
            _("Rincian %(by)s tidak dikenal; pilih salah satu: %(cuts)s.")
            % {"by": query.by, "cuts": ", ".join(CUTS)},
            code="bad_by",
            status=400,
        )
    result = period_measures(mpp, start, end, by=query.by)
    groups = [
        {**g, "key": g["key"] if isinstance(g["key"], int) else str(g["key"])}
        for g in result["groups"]
    ]
    return {"mpp": mpp.slug, "from": start, "to": end, "by": query.by, **result, "groups": groups}


# --- staffing advice (issue 22, item 4) -----------------------------------------------


class StaffingQuery(Schema):
    date: dt.date | None = Field(None, description="Tanggal setempat MPP (hari ini).")


class StaffingRowOut(Schema):
    service: str = Field(description="Kode layanan.")
    service_name: str
    hour: int = Field(description="Jam setempat: mulai jam ini, sebelum jam berikutnya.")
    arrivals: int = Field(description="Nomor antrian yang diambil dalam jam ini.")
    service_minutes: float | None = Field(description="Rata-rata mulai → selesai dilayani.")
    handling_minutes: float | None = Field(
        description="Rata-rata dipanggil → selesai: yang dipakai untuk saran."
    )
    counters_advised: int | None = Field(description="Loket yang dibutuhkan (Erlang C).")
    counters_open: int = Field(description="Loket layanan ini yang buka dalam jam ini.")
    short: bool = Field(description="Loket buka kurang dari saran.")
    mean_wait_minutes: float | None = Field(
        description="Perkiraan rata-rata tunggu; null: tak terbatas."
    )
    mean_wait_one_more: float | None
    mean_wait_one_less: float | None


class StaffingOut(Schema):
    mpp: str
    date: dt.date
    target_share: float
    target_minutes: int
    rows: list[StaffingRowOut]


@router.get(
    "/mpps/{slug}/staffing",
    response={200: StaffingOut, **ERRORS},
    auth=authenticated,
    summary="Saran jumlah loket per layanan dan jam (Erlang C) beserta loket yang buka",
)
def get_staffing(request: HttpRequest, slug: MppSlug, query: Query[StaffingQuery]):
    mpp = mpp_by_slug(slug)
    check_staffing(acting_user(request), mpp)
    day = query.date or local_day(mpp)
    share, minutes = staffing.staffing_target(mpp)
    rows = [
        StaffingRowOut(
            service=r.service_code,
            service_name=r.service_name,
            hour=r.hour,
            arrivals=r.arrivals,
            service_minutes=r.service_minutes,
            handling_minutes=r.handling_minutes,
            counters_advised=r.counters_advised,
            counters_open=r.counters_open,
            short=r.short,
            mean_wait_minutes=r.mean_wait_minutes,
            mean_wait_one_more=r.mean_wait_one_more,
            mean_wait_one_less=r.mean_wait_one_less,
        )
        for r in staffing.staffing_for_day(mpp, day)
    ]
    return StaffingOut(
        mpp=mpp.slug, date=day, target_share=share, target_minutes=minutes, rows=rows
    )


def _documented_range(low: float, high: float) -> dict:
    """The range the what-if accepts, stated in the OpenAPI document (so clients and the
    API fuzzer see it) while the service itself refuses what lies outside with a 400."""
    return {"minimum": low, "maximum": high}


class WhatIfQuery(Schema):
    arrivals_per_hour: float = Field(
        description="Kedatangan per jam (0–2000).",
        json_schema_extra=_documented_range(0, staffing.MAX_ARRIVALS_PER_HOUR),
    )
    service_minutes: float = Field(
        description="Rata-rata lama loket terpakai per orang, menit.",
        json_schema_extra=_documented_range(
            staffing.MIN_SERVICE_MINUTES, staffing.MAX_SERVICE_MINUTES
        ),
    )
    counters: int = Field(
        description="Jumlah loket yang buka (1–500).",
        json_schema_extra=_documented_range(1, staffing.MAX_COUNTERS),
    )
    target_minutes: float | None = Field(
        None,
        description="Target dipanggil dalam sekian menit (bawaan: target MPP).",
        json_schema_extra=_documented_range(0, staffing.MAX_TARGET_MINUTES),
    )


class WhatIfOut(Schema):
    p_wait: float = Field(description="Peluang harus menunggu (0–1).")
    service_level: float = Field(description="Bagian yang dipanggil dalam target (0–1).")
    mean_wait_minutes: float | None = Field(description="Rata-rata tunggu; null: tak terbatas.")
    occupancy: float = Field(description="Beban loket (kedatangan × lama ÷ loket).")


@router.get(
    "/mpps/{slug}/staffing/what-if",
    response={200: WhatIfOut, 400: ErrorOut, **PUBLIC_ERRORS},
    summary="Bagaimana jika: tunggu dan tingkat layanan untuk sekian loket (Erlang C)",
)
def staffing_what_if(request: HttpRequest, slug: MppSlug, query: Query[WhatIfQuery]):
    """A calculator over the figures given; it reads none of the MPP's data, so it is open
    to anyone (the MPP is named only for its target and a 404 when unknown)."""
    seen = staffing.what_if(
        mpp=mpp_by_slug(slug),
        arrivals_per_hour=query.arrivals_per_hour,
        service_minutes=query.service_minutes,
        counters=query.counters,
        target_minutes=query.target_minutes,
    )
    wait = seen.mean_wait_minutes
    return WhatIfOut(
        p_wait=round(seen.p_wait, 4),
        service_level=round(seen.service_level, 4),
        mean_wait_minutes=None if wait is None or math.isinf(wait) else round(wait, 2),
        occupancy=round(seen.occupancy, 4),
    )


# --- across MPPs and open data (issue 22, item 5) ---------------------------------------

from satupintu.operations import opendata, regional  # noqa: E402
from satupintu.operations.access import comparison_scope  # noqa: E402
from satupintu.operations.opendata_schemas import (  # noqa: E402
    MppsMeasuresOut,
    OpenDataMonthsOut,
    OpenDataOut,
)


class MppsMeasuresQuery(Schema):
    month: str | None = Field(
        None, description="Bulan (TTTT-BB, mis. 2026-11); bawaan: bulan lalu yang sudah selesai."
    )
    province: str | None = Field(None, description="Kode provinsi Kemendagri, mis. 33.")
    regency: str | None = Field(None, description="Kode kabupaten/kota Kemendagri, mis. 33.02.")


@router.get(
    "/measures/mpps",
    response={200: MppsMeasuresOut, 400: ErrorOut, **ERRORS},
    auth=authenticated,
    summary="Ukuran kinerja banyak MPP dalam satu bulan, berdampingan (operator platform)",
    by_alias=True,
)
def get_mpps_measures(request: HttpRequest, query: Query[MppsMeasuresQuery]):
    """Every active MPP of the region (all of them without a filter) with its month's
    measures (the same as /mpps/{slug}/measures for that month). The platform operator
    sees every MPP; an MPP's supervisor only their own; others are refused."""
    own = comparison_scope(acting_user(request))
    month = regional.parse_month(query.month) if query.month else regional.last_complete_month()
    if month > regional.current_month():
        raise DomainError(_("Bulan itu belum tiba."), code="future_month", status=400)
    province = regional.check_region(query.province, "province")
    regency = regional.check_region(query.regency, "regency")
    rows = regional.compare_mpps(regional.mpps_in_region(province, regency, only=own), month)
    return {
        "month": month.strftime("%Y-%m"),
        "from": month,
        "to": regional.month_end(month),
        "province": province or None,
        "regency": regency or None,
        "mpps": [
            {
                "mpp": row.mpp.slug,
                "name": row.mpp.name,
                "province_code": row.province_code,
                "province_name": row.province_name,
                "regency_code": row.mpp.regency_code,
                "regency_name": row.mpp.regency_name,
                "target_wait_minutes": row.target_wait_minutes,
                "measures": row.measures,
            }
            for row in rows
        ],
    }


@router.get(
    "/open-data/months",
    response={200: OpenDataMonthsOut, **PUBLIC_ERRORS},
    summary="Data terbuka: bulan yang sudah terbit",
)
def open_data_months(request: HttpRequest):
    return {
        "licence": opendata.LICENCE,
        "months": [
            {
                "month": month.strftime("%Y-%m"),
                "csv_url": reverse("operations:open_data_csv", args=[f"{month:%Y-%m}"]),
                "json_url": reverse("operations:open_data_json", args=[f"{month:%Y-%m}"]),
            }
            for month in opendata.published_months()
        ],
    }


@router.get(
    "/open-data/{month}",
    response={200: OpenDataOut, 400: ErrorOut, **PUBLIC_ERRORS},
    summary="Data terbuka satu bulan: per MPP dan per layanan, angka kecil disamarkan",
)
def open_data_month(
    request: HttpRequest,
    month: Annotated[str, Path(max_length=20, description="Bulan, TTTT-BB, mis. 2026-11.")],
):
    """The month's open data (docs/open-data.md): the same rows as /data-terbuka/TTTT-BB.json.
    404 for a month not published yet (the current one) or without data."""
    return opendata.dataset(regional.parse_month(month))
