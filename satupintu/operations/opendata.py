"""Open data (issue 22, item 5): per complete month, one row per MPP (its total) and per
MPP × service, as CSV and JSON, free to reuse (CC BY 4.0). docs/open-data.md is the data
dictionary; COLUMNS below is the same list the pages and the API describe.

Every figure is the MPP's `period_measures(…, by="service")` for the month (measures.py);
nothing is counted a second way. No personal data: rows carry only codes and names of
regions, MPPs, agencies and services, and counts and times; counts under 5 are
suppressed (opendata_suppression.py). Only months that have ended everywhere are
published (regional.current_month). A month's table is kept in Django's cache.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.catalog.models import Service, ServiceVersion
from satupintu.core.errors import DomainError
from satupintu.operations import opendata_suppression as suppression
from satupintu.operations.regional import (
    current_month,
    last_complete_month,
    month_end,
    previous_month,
    province_name,
    province_of,
)
from satupintu.operations.selectors import period_measures
from satupintu.queueing.models import Ticket
from satupintu.tenancy.models import Mpp

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.id"
THRESHOLD = suppression.THRESHOLD
CACHE_SECONDS = 6 * 3600
CACHE_VERSION = 1
# The data's own words (Indonesian whatever the reader's language: the file is cached once).
SUPPRESSION_RULE = (
    "Jumlah 1-4 disamarkan (null); bila sebuah jumlah total hanya memuat satu sel yang "
    "disamarkan, sel terkecil berikutnya ikut disamarkan; waktu, rata-rata dan rasio yang "
    "dibangun di atas jumlah yang disamarkan ikut disamarkan. Kolom yang disamarkan "
    "tercantum di suppressed."
)


@dataclass(frozen=True)
class Column:
    """One column of the open data: its name (CSV header, JSON key), kind, meaning, and
    the counts it is built on (hidden with any of them)."""

    name: str
    kind: str  # text, count, minutes, share (0–1), index
    description: str | Promise
    bases: tuple[str, ...] = ()


def _c(name: str, kind: str, description: Promise, *bases: str) -> Column:
    return Column(name, kind, description, bases)


COLUMNS: tuple[Column, ...] = (
    _c("month", "text", gettext_lazy("Bulan, TTTT-BB (ISO 8601).")),
    _c("province_code", "text", gettext_lazy("Kode provinsi Kemendagri, mis. 33.")),
    _c("province_name", "text", gettext_lazy("Nama provinsi.")),
    _c("regency_code", "text", gettext_lazy("Kode kabupaten/kota Kemendagri, mis. 33.02.")),
    _c("regency_name", "text", gettext_lazy("Nama kabupaten/kota.")),
    _c("mpp", "text", gettext_lazy("Kode MPP di satupintu (slug), mis. banyumas.")),
    _c("mpp_name", "text", gettext_lazy("Nama MPP.")),
    _c(
        "level",
        "text",
        gettext_lazy("mpp: jumlah seluruh MPP; service: satu layanan di MPP itu."),
    ),
    _c("agency_code", "text", gettext_lazy("Kode instansi (kosong pada baris mpp).")),
    _c("agency_name", "text", gettext_lazy("Nama instansi (kosong pada baris mpp).")),
    _c("service_code", "text", gettext_lazy("Kode layanan di MPP itu (kosong pada baris mpp).")),
    _c("service_name", "text", gettext_lazy("Nama layanan (kosong pada baris mpp).")),
    _c("target_wait_minutes", "minutes", gettext_lazy("Sasaran waktu tunggu MPP, menit.")),
    _c("arrivals", "count", gettext_lazy("Kedatangan: nomor antrian diambil (tanpa pindahan).")),
    _c("arrivals_online", "count", gettext_lazy("Kedatangan dengan antrian daring dari ponsel.")),
    _c(
        "arrivals_walk_in",
        "count",
        gettext_lazy("Kedatangan langsung: kios atau nomor dibuat petugas."),
    ),
    _c("arrivals_appointment", "count", gettext_lazy("Kedatangan dengan janji temu (check-in).")),
    _c("waits_measured", "count", gettext_lazy("Nomor antrian yang waktu tunggunya diukur.")),
    _c(
        "wait_median_minutes",
        "minutes",
        gettext_lazy("Median waktu tunggu (ambil → panggilan terakhir), menit."),
        "waits_measured",
    ),
    _c(
        "wait_mean_minutes",
        "minutes",
        gettext_lazy("Rata-rata waktu tunggu, menit."),
        "waits_measured",
    ),
    _c("waits_over_target", "count", gettext_lazy("Waktu tunggu melewati sasaran MPP.")),
    _c(
        "wait_over_target_share",
        "share",
        gettext_lazy("waits_over_target / waits_measured (0–1)."),
        "waits_over_target",
        "waits_measured",
    ),
    _c(
        "services_measured",
        "count",
        gettext_lazy("Nomor antrian selesai dilayani yang lama layanannya diukur."),
    ),
    _c(
        "service_median_minutes",
        "minutes",
        gettext_lazy("Median lama layanan (mulai → selesai), menit."),
        "services_measured",
    ),
    _c(
        "service_mean_minutes",
        "minutes",
        gettext_lazy("Rata-rata lama layanan, menit."),
        "services_measured",
    ),
    _c("calls_ended", "count", gettext_lazy("Nomor antrian yang dipanggil dan sudah berakhir.")),
    _c("no_shows", "count", gettext_lazy("Dari calls_ended, yang tidak hadir.")),
    _c(
        "no_show_rate",
        "share",
        gettext_lazy("no_shows / calls_ended (0–1)."),
        "no_shows",
        "calls_ended",
    ),
    _c(
        "applications_due",
        "count",
        gettext_lazy("Permohonan yang batas waktunya jatuh pada bulan ini dan dihitung."),
    ),
    _c(
        "applications_on_time",
        "count",
        gettext_lazy("Dari applications_due, selesai tepat waktu."),
    ),
    _c(
        "sla_kept_share",
        "share",
        gettext_lazy("applications_on_time / applications_due (0–1)."),
        "applications_on_time",
        "applications_due",
    ),
    _c("skm_respondents", "count", gettext_lazy("Responden Survei Kepuasan Masyarakat.")),
    _c(
        "ikm",
        "index",
        gettext_lazy("Indeks Kepuasan Masyarakat (25–100) dari SKM bulan ini."),
        "skm_respondents",
    ),
    _c("ratings", "count", gettext_lazy("Penilaian loket (tablet atau halaman tiket).")),
    _c(
        "rating_mean",
        "index",
        gettext_lazy("Rata-rata penilaian loket, 1–4."),
        "ratings",
    ),
    _c(
        "suppressed",
        "text",
        gettext_lazy("Kolom yang disamarkan pada baris ini, dipisah spasi (JSON: daftar)."),
    ),
)
COUNTS = tuple(c.name for c in COLUMNS if c.kind == "count")
DERIVED = {c.name: c.bases for c in COLUMNS if c.bases}
NAMES = tuple(c.name for c in COLUMNS)
CHANNELS = ("arrivals_online", "arrivals_walk_in", "arrivals_appointment")


def _figures(m: dict[str, Any], target: int) -> dict[str, Any]:
    """One row's figures, read from a `period_measures` measure set."""
    channels = m["channel_share"]
    sla = m["sla_kept"] or {"count": 0, "n": 0, "share": None}
    ikm = m["ikm"] or {"n": 0, "ikm": None}
    return {
        "target_wait_minutes": target,
        "arrivals": m["arrivals"]["n"],
        "arrivals_online": channels["online"]["count"],
        "arrivals_walk_in": channels["walk_in"]["count"],
        "arrivals_appointment": channels["appointment"]["count"],
        "waits_measured": m["waiting_time"]["n"],
        "wait_median_minutes": m["waiting_time"]["median"],
        "wait_mean_minutes": m["waiting_time"]["mean"],
        "waits_over_target": m["wait_over_target"]["count"],
        "wait_over_target_share": m["wait_over_target"]["share"],
        "services_measured": m["service_time"]["n"],
        "service_median_minutes": m["service_time"]["median"],
        "service_mean_minutes": m["service_time"]["mean"],
        "calls_ended": m["no_show_rate"]["n"],
        "no_shows": m["no_show_rate"]["count"],
        "no_show_rate": m["no_show_rate"]["rate"],
        "applications_due": sla["n"],
        "applications_on_time": sla["count"],
        "sla_kept_share": sla["share"],
        "skm_respondents": ikm["n"],
        "ikm": ikm["ikm"],
        "ratings": m["average_rating"]["n"],
        "rating_mean": m["average_rating"]["mean"],
    }


# --- which months ------------------------------------------------------------------------


def first_month() -> dt.date | None:
    """The month of the first ticket at an active MPP (kept an hour in the cache)."""
    day = cache.get("opendata:first-day")
    if day is None:
        day = Ticket.objects.filter(mpp__is_active=True).aggregate(first=Min("day"))["first"]
        cache.set("opendata:first-day", day or "", 3600)
    return day.replace(day=1) if day else None


def published_months(now: dt.datetime | None = None) -> list[dt.date]:
    """Complete months since the first ticket, newest first."""
    first = first_month()
    month = last_complete_month(now)
    found: list[dt.date] = []
    while first is not None and month >= first:
        found.append(month)
        month = previous_month(month)
    return found


def check_published(month: dt.date, now: dt.datetime | None = None) -> None:
    """A DomainError (404) in plain Indonesian for a month not (yet) published."""
    if month >= current_month(now):
        raise DomainError(
            _(
                "Data bulan %(month)s belum terbit: data terbuka hanya memuat bulan yang "
                "sudah selesai. Bulan terbaru: %(latest)s."
            )
            % {
                "month": date_format(month, "F Y"),
                "latest": date_format(last_complete_month(now), "F Y"),
            },
            code="month_not_published",
            status=404,
        )
    first = first_month()
    if first is None or month < first:
        raise DomainError(
            _("Tidak ada data untuk bulan %(month)s.") % {"month": date_format(month, "F Y")},
            code="month_without_data",
            status=404,
        )


# --- the table ---------------------------------------------------------------------------


def build_rows(month: dt.date) -> list[dict[str, Any]]:
    """The month's rows, suppressed: per active MPP its total row, then its services (by
    agency and service code). A fixed number of queries per MPP, plus the IKM's few per
    service (satisfaction.selectors.ikm_for_period)."""
    last = month_end(month)
    mpps = list(Mpp.objects.filter(is_active=True).order_by("regency_code", "name"))
    name_then = Subquery(  # the service's name in force at the month's end
        ServiceVersion.objects.filter(service=OuterRef("pk"), effective_from__lte=last)
        .order_by("-number")
        .values("name")[:1]
    )
    services = {
        pk: (code, name or "", agency_code, agency_name)
        for pk, code, name, agency_code, agency_name in Service.objects.filter(mpp__in=mpps)
        .annotate(name_then=name_then)
        .values_list("pk", "code", "name_then", "agency__code", "agency__name")
    }
    rows: list[dict[str, Any]] = []
    sums: list[tuple[suppression.Cell, list[suppression.Cell]]] = []
    for mpp in mpps:
        result = period_measures(mpp, month, last, by="service")
        target = result["target_wait_minutes"]
        place = {
            "month": month.strftime("%Y-%m"),
            "province_code": province_of(mpp),
            "province_name": province_name(province_of(mpp)),
            "regency_code": mpp.regency_code,
            "regency_name": mpp.regency_name,
            "mpp": mpp.slug,
            "mpp_name": mpp.name,
        }
        total = len(rows)
        blank = dict.fromkeys(("agency_code", "agency_name", "service_code", "service_name"))
        rows.append({**place, "level": "mpp", **blank, **_figures(result["total"], target)})
        groups = sorted(
            result["groups"],
            key=lambda g: (services.get(g["key"], ("",) * 4)[2], g["label"]),
        )
        parts = []
        for group in groups:
            code, name, agency_code, agency_name = services.get(
                group["key"], (group["label"], "", "", "")
            )
            parts.append(len(rows))
            rows.append(
                {
                    **place,
                    "level": "service",
                    "agency_code": agency_code,
                    "agency_name": agency_name,
                    "service_code": code,
                    "service_name": name,
                    **_figures(group["measures"], target),
                }
            )
        sums.extend(((total, column), [(i, column) for i in parts]) for column in COUNTS)
    sums.extend(((i, "arrivals"), [(i, column) for column in CHANNELS]) for i in range(len(rows)))
    return suppression.suppress(
        rows, counts=COUNTS, sums=sums, derived=DERIVED, threshold=THRESHOLD
    )


def dataset(month: dt.date, now: dt.datetime | None = None) -> dict[str, Any]:
    """The published month: {meta, rows}; a DomainError (404) for a month not published."""
    check_published(month, now)
    key = f"opendata:v{CACHE_VERSION}:{month:%Y-%m}"
    found = cache.get(key)
    if found is None:
        found = {
            "meta": {
                "month": month.strftime("%Y-%m"),
                "generated_at": timezone.now().replace(microsecond=0).isoformat(),
                "licence": LICENCE,
                "licence_url": LICENCE_URL,
                "suppression_threshold": THRESHOLD,
                "suppression": SUPPRESSION_RULE,
                "source": "satupintu",
                "columns": list(NAMES),
            },
            "rows": build_rows(month),
        }
        cache.set(key, found, CACHE_SECONDS)
    return found


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def as_csv(data: dict[str, Any]) -> str:
    """UTF-8 text, a header row, a decimal point, empty cells for suppressed or
    unmeasured values (the `suppressed` column tells which)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(NAMES)
    for row in data["rows"]:
        writer.writerow([_cell(row.get(name)) for name in NAMES])
    return out.getvalue()
