"""Paper SKM questionnaires from a spreadsheet: one row per questionnaire, all or nothing.

Columns (first row = headers, in any order; docs/satisfaction.md):
tanggal (YYYY-MM-DD or a date cell), layanan (service code), persyaratan, prosedur, waktu,
biaya, produk, kompetensi, perilaku, pengaduan, sarana (1–4), jenis_kelamin (L/P),
usia (le25, 26-35, 36-45, 46-55, ge56), pendidikan (sd, smp, sma, d1-d3, d4-s1, s2),
pekerjaan (pns, tni, polri, swasta, wirausaha, pelajar, lainnya), saran (optional).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.catalog.models import Service
from satupintu.satisfaction import ikm, services
from satupintu.satisfaction.models import Source
from satupintu.tenancy.models import Mpp

PROFILE_COLUMNS = {
    "jenis_kelamin": "sex",
    "usia": "age_group",
    "pendidikan": "education",
    "pekerjaan": "occupation",
}
COLUMNS = ["tanggal", "layanan", *ikm.UNSUR, *PROFILE_COLUMNS, "saran"]
MAX_ROWS = 5000


@dataclass
class ImportResult:
    created: int = 0
    errors: list[str] = field(default_factory=list)


def template_xlsx() -> bytes:
    """An empty sheet with the headers and one example row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "SKM"
    sheet.append(COLUMNS)
    sheet.append(
        ["2025-01-15", "A01", 3, 3, 4, 4, 3, 3, 4, 3, 3, "P", "26-35", "sma", "wirausaha", ""]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def _int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def read_rows(upload: BinaryIO) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise ValidationError(_("Berkas bukan spreadsheet .xlsx yang dapat dibaca.")) from error
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip().lower() for h in next(rows, [])]
    missing = [c for c in COLUMNS if c != "saran" and c not in header]
    if missing:
        raise ValidationError(_("Kolom belum ada: %(columns)s.") % {"columns": ", ".join(missing)})
    out = []
    for values in rows:
        if values is None or all(v in (None, "") for v in values):
            continue
        out.append(dict(zip(header, values, strict=False)))
        if len(out) > MAX_ROWS:
            raise ValidationError(_("Paling banyak 5.000 baris sekali impor."))
    return out


def import_paper_surveys(*, mpp: Mpp, upload: BinaryIO, entered_by: User) -> ImportResult:
    """Check every row first; store them all in one transaction only when none is wrong."""
    rows = read_rows(upload)
    codes = {s.code: s for s in Service.objects.filter(mpp=mpp)}
    result = ImportResult()
    prepared = []
    now = timezone.now()
    for number, row in enumerate(rows, start=2):
        try:
            service = codes.get(str(row.get("layanan") or "").strip().upper())
            if service is None:
                raise ValidationError(
                    _("layanan %(code)s tidak ada di MPP ini") % {"code": row.get("layanan")}
                )
            try:
                day = _day(row.get("tanggal"))
            except (TypeError, ValueError):
                raise ValidationError(_("tanggal tidak terbaca (pakai TTTT-BB-HH)")) from None
            answers = services.clean_answers({k: _int(row.get(k)) for k in ikm.UNSUR})
            profile = services.clean_profile(
                {
                    target: str(row.get(column) or "").strip()
                    for column, target in PROFILE_COLUMNS.items()
                }
            )
            when = dt.datetime.combine(day, dt.time(12), mpp.tzinfo)
            if when > now + dt.timedelta(days=1):
                raise ValidationError(_("tanggal di masa depan"))
        except ValidationError as error:
            result.errors.append(
                _("Baris %(row)s: %(errors)s")
                % {"row": number, "errors": "; ".join(error.messages)}
            )
            continue
        prepared.append((service, answers, profile, str(row.get("saran") or ""), when))
    if result.errors:
        return result
    with transaction.atomic():
        for service, answers, profile, suggestion, when in prepared:
            services.submit_survey(
                mpp=mpp,
                service=service,
                source=Source.PAPER,
                answers=answers,
                profile=profile,
                suggestion=suggestion,
                entered_by=entered_by,
                answered_at=min(when, now),
                now=now,
            )
            result.created += 1
    return result
