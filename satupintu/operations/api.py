"""The operations API: measures and staffing advice (issue 22)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Operasional"])


# --- measures (issue 22, item 1): GET /mpps/{slug}/measures ------------------------------
# django-ninja reads the annotations below at import; they are plain names, so
# `from __future__ import annotations` above does no harm.

import datetime as dt  # noqa: E402

from django.http import HttpRequest  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from ninja import Field, Query, Schema  # noqa: E402

from satupintu.accounts.auth import acting_user, authenticated  # noqa: E402
from satupintu.core.api import ERRORS, ErrorOut, MppSlug  # noqa: E402
from satupintu.core.errors import DomainError  # noqa: E402
from satupintu.operations.access import check_measures  # noqa: E402
from satupintu.operations.measures_schemas import MeasuresOut  # noqa: E402
from satupintu.operations.selectors import CUTS, period_measures  # noqa: E402
from satupintu.tenancy.selectors import mpp_by_slug  # noqa: E402

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
