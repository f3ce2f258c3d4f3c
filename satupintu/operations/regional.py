"""Across MPPs (issue 22, item 5): the measures of many MPPs for one month, side by side.

Every number is the MPP's `period_measures` total for the month (operations/selectors.py,
defined in measures.py); nothing is counted a second way here. One MPP costs a fixed
number of queries (its period's facts and the IKM total), whatever its tickets
(tests/test_regional.py pins it).

Regions are Kemendagri codes: an MPP's `regency_code` is `33.02` (Kabupaten Banyumas),
whose first two digits are the province (33, Jawa Tengah).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.core.errors import DomainError
from satupintu.operations.selectors import period_measures
from satupintu.tenancy.models import Mpp

# Kemendagri province codes and names (Permendagri 72/2019 and the four Papua provinces of
# 2022); the codes are those core.identifiers.PROVINCE_CODES accepts.
PROVINCES = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

# A month ends last in the westernmost zone: it is complete once it has ended in WIB.
WESTERNMOST = zoneinfo.ZoneInfo("Asia/Jakarta")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100
REGION_RE = re.compile(r"^\d{2}(\.\d{2})?$")


# --- months ------------------------------------------------------------------------------


def parse_month(text: str | None) -> dt.date:
    """'2026-11' → 1 November 2026, or a DomainError (400) saying how to write it."""
    found = MONTH_RE.match((text or "").strip())
    if found is None or not 1 <= int(found[2]) <= 12:
        raise DomainError(
            _("Bulan tidak dikenal: tulis sebagai TTTT-BB, mis. 2026-11."),
            code="bad_month",
            status=400,
        )
    year = int(found[1])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            _("Bulan harus antara tahun %(first)s dan %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="bad_month",
            status=400,
        )
    return dt.date(year, int(found[2]), 1)


def month_end(month: dt.date) -> dt.date:
    """The last day of the month that starts on `month`."""
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def previous_month(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


def current_month(now: dt.datetime | None = None) -> dt.date:
    """The month that has not ended yet everywhere (WIB, where a month ends last)."""
    local = timezone.localtime(now or timezone.now(), WESTERNMOST)
    return local.date().replace(day=1)


def last_complete_month(now: dt.datetime | None = None) -> dt.date:
    return previous_month(current_month(now))


# --- regions -----------------------------------------------------------------------------


def province_of(mpp: Mpp) -> str:
    return mpp.regency_code[:2]


def province_name(code: str) -> str:
    return PROVINCES.get(code, code)


def check_region(code: str | None, field: str) -> str:
    """A province (`33`) or regency (`33.02`) code from a filter, or a DomainError (400)."""
    code = (code or "").strip()
    if not code:
        return ""
    if not REGION_RE.match(code) or code[:2] not in PROVINCES:
        message = (
            _("Kode provinsi tidak dikenal: tulis dua angka Kemendagri, mis. 33.")
            if field == "province"
            else _("Kode kabupaten/kota tidak dikenal: tulis kode Kemendagri, mis. 33.02.")
        )
        raise DomainError(message, code="bad_region", status=400)
    return code


def mpps_in_region(province: str = "", regency: str = "", only: int | None = None) -> QuerySet[Mpp]:
    """Active MPPs of a province and/or regency (Kemendagri codes), by region then name;
    `only`: the one MPP a supervisor may see (access.comparison_scope)."""
    mpps = Mpp.objects.filter(is_active=True)
    if only is not None:
        mpps = mpps.filter(pk=only)
    if province:
        mpps = mpps.filter(Q(regency_code=province) | Q(regency_code__startswith=f"{province}."))
    if regency:
        mpps = mpps.filter(Q(regency_code=regency) | Q(regency_code__startswith=f"{regency}."))
    return mpps.order_by("regency_code", "name")


def regions(mpps: Iterable[Mpp]) -> dict[str, list[tuple[str, str]]]:
    """The filter's choices: provinces [(code, name)] and regencies [(code, name)] that
    have an active MPP."""
    provinces: dict[str, str] = {}
    regencies: dict[str, str] = {}
    for mpp in mpps:
        provinces[province_of(mpp)] = province_name(province_of(mpp))
        regencies[mpp.regency_code[:5]] = mpp.regency_name
    return {"provinces": sorted(provinces.items()), "regencies": sorted(regencies.items())}


# --- side by side ------------------------------------------------------------------------


@dataclass(frozen=True)
class MppMonth:
    """One MPP's month: its identity and its `period_measures` total."""

    mpp: Mpp
    month: dt.date
    target_wait_minutes: int
    measures: dict[str, Any]

    @property
    def province_code(self) -> str:
        return province_of(self.mpp)

    @property
    def province_name(self) -> str:
        return province_name(self.province_code)

    @cached_property
    def figures(self) -> dict[str, float | int | None]:
        """The comparison's columns (COLUMNS), read from the measures, never recounted."""
        m = self.measures
        channels = m["channel_share"] or {}
        return {
            "arrivals": (m["arrivals"] or {}).get("n"),
            "served": (m["served_per_officer_hour"] or {}).get("served"),
            "wait_mean": m["waiting_time"]["mean"],
            "wait_median": m["waiting_time"]["median"],
            "wait_over_target": m["wait_over_target"]["share"],
            "service_mean": m["service_time"]["mean"],
            "service_median": m["service_time"]["median"],
            "no_show": m["no_show_rate"]["rate"],
            "online": (channels.get("online") or {}).get("share"),
            "walk_in": (channels.get("walk_in") or {}).get("share"),
            "appointment": (channels.get("appointment") or {}).get("share"),
            "sla_kept": (m["sla_kept"] or {}).get("share"),
            "ikm": (m["ikm"] or {}).get("ikm"),
            "ikm_respondents": (m["ikm"] or {}).get("n"),
        }


# (key, kind): kind says how the page writes it: count, minutes, share (0–1 as %), index.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("arrivals", "count"),
    ("served", "count"),
    ("wait_mean", "minutes"),
    ("wait_median", "minutes"),
    ("wait_over_target", "share"),
    ("service_mean", "minutes"),
    ("service_median", "minutes"),
    ("no_show", "share"),
    ("online", "share"),
    ("walk_in", "share"),
    ("appointment", "share"),
    ("sla_kept", "share"),
    ("ikm", "index"),  # with its respondents (figures["ikm_respondents"]) under it
)
SORT_KEYS = ("name", "region", "ikm_respondents", *(key for key, _kind in COLUMNS))


def compare_mpps(mpps: Iterable[Mpp], month: dt.date) -> list[MppMonth]:
    """Each MPP's measures over the whole month (local days, both ends included), in the
    order given: a fixed number of queries per MPP."""
    last = month_end(month)
    rows = []
    for mpp in mpps:
        result = period_measures(mpp, month, last)
        rows.append(
            MppMonth(
                mpp=mpp,
                month=month,
                target_wait_minutes=result["target_wait_minutes"],
                measures=result["total"],
            )
        )
    return rows


def sort_rows(rows: list[MppMonth], key: str, descending: bool = False) -> list[MppMonth]:
    """Rows by a column; an empty value (nothing measured) always last."""
    if key == "name":
        return sorted(rows, key=lambda r: r.mpp.name.lower(), reverse=descending)
    if key == "region":
        return sorted(rows, key=lambda r: (r.mpp.regency_code, r.mpp.name), reverse=descending)
    filled = [r for r in rows if r.figures.get(key) is not None]
    empty = [r for r in rows if r.figures.get(key) is None]
    filled.sort(key=lambda r: (r.figures[key], r.mpp.name), reverse=descending)
    return filled + empty
