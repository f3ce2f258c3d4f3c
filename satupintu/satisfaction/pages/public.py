"""The published SKM results of an MPP (`/mpp/<slug>/ikm/`) and the official report.

Public, like the law asks (PermenPANRB 14/2017: results are published with the
follow-up plan). `?dari=YYYY-MM-DD&sampai=YYYY-MM-DD` chooses the period (default:
this year up to today); `?tren=month|quarter|semester|year` the trend's periods.
The PDF and XLSX downloads take the same parameters.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from satupintu.satisfaction import charts, ikm, report, selectors
from satupintu.tenancy.models import Mpp
from satupintu.tenancy.selectors import mpp_by_slug


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def period_from(request: HttpRequest, mpp: Mpp) -> tuple[dt.date, dt.date]:
    """The period asked for, or this year up to today; a bad or reversed date is ignored."""
    end = _date(request.GET.get("sampai")) or selectors.today(mpp)
    start = _date(request.GET.get("dari")) or dt.date(end.year, 1, 1)
    if start > end or (end - start).days > 5 * 366:
        start = dt.date(end.year, 1, 1)
    return start, end


def _trend_kind(request: HttpRequest) -> str:
    kind = request.GET.get("tren", "month")
    return kind if kind in selectors.PERIODS else "month"


@require_GET
def public(request: HttpRequest, slug: str) -> HttpResponse:
    mpp = mpp_by_slug(slug)
    start, end = period_from(request, mpp)
    kind = _trend_kind(request)
    data = report.build(mpp, start, end, trend_kind=kind)
    result = data.result
    unsur_chart = charts.horizontal_bars(
        [
            charts.Bar(
                f"{row.code} {row.name}",
                row.nrr,
                weak=row.mutu in {"C", "D"},
                shown=report.num(row.nrr, 2),
            )
            for row in data.unsur
        ],
        low=1,
        high=4,
        title=_("Nilai rata-rata per unsur (skala 1–4)"),
    )
    trend_chart = charts.columns(
        [
            charts.Bar(
                selectors.short_period_label(kind, item["start"]),
                item["result"].ikm,
                weak=item["result"].mutu in {"C", "D"},
                shown=report.num(item["result"].ikm, 1) if item["result"].ikm else "",
            )
            for item in data.trend
        ],
        low=25,
        high=100,
        title=_("IKM per periode (skala 25–100)"),
    )
    agency_chart = charts.horizontal_bars(
        [
            charts.Bar(
                agency.short_name or agency.name,
                res.ikm,
                weak=res.mutu in {"C", "D"},
                shown=report.num(res.ikm, 2),
            )
            for agency, res in data.agencies
        ],
        low=25,
        high=100,
        title=_("IKM per instansi (skala 25–100)"),
    )
    trend_labels = {
        "month": _("Bulanan"),
        "quarter": _("Triwulanan"),
        "semester": _("Semesteran"),
        "year": _("Tahunan"),
    }
    query = f"?dari={start.isoformat()}&sampai={end.isoformat()}"
    context = {
        "mpp": mpp,
        "data": data,
        "result": result,
        "ikm_text": report.num(result.ikm, 2),
        "index_text": report.num(ikm.round_half_up(result.index, 4) if result.index else None, 4),
        "kinerja": report.kinerja_label(result.mutu),
        "period_text": report.period_text(data),
        "unsur_chart": unsur_chart,
        "trend_chart": trend_chart,
        "agency_chart": agency_chart,
        "trend_kind": kind,
        "trend_choices": list(trend_labels.items()),
        "intervals": report.interval_rows(),
        "agency_rows": [
            (agency, res, report.num(res.ikm, 2), report.kinerja_label(res.mutu))
            for agency, res in data.agencies
        ],
        "unsur_rows": [(row, report.num(row.nrr, 3)) for row in data.unsur],
        "trend_rows": [
            (item["label"], item["result"], report.num(item["result"].ikm, 2))
            for item in data.trend
        ],
        "query": query,
        "start": start,
        "end": end,
    }
    return render(request, "satisfaction/public.html", context)


def _download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    mpp = mpp_by_slug(slug)
    start, end = period_from(request, mpp)
    data = report.build(mpp, start, end)
    name = f"laporan-skm-{mpp.slug}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
    if fmt == "pdf":
        body, content_type = report.pdf_bytes(data), "application/pdf"
    else:
        body = report.xlsx_bytes(data)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return _download(request, slug, "pdf")


@require_GET
def report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    return _download(request, slug, "xlsx")


urlpatterns: list[URLPattern] = [
    path("mpp/<slug:slug>/ikm/", public, name="public"),
    path("mpp/<slug:slug>/ikm/laporan.pdf", report_pdf, name="report_pdf"),
    path("mpp/<slug:slug>/ikm/laporan.xlsx", report_xlsx, name="report_xlsx"),
]
