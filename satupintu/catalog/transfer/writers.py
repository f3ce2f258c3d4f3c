"""Write a catalog (records read from the database) as JSON, CSV or XLSX.

The writers produce exactly what the readers accept, so an export re-imported
unchanged publishes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, fields
from typing import Any

from satupintu.catalog.standard import StandardContent
from satupintu.catalog.transfer import columns as C
from satupintu.catalog.transfer.readers import FORMULA_STARTS, SHEET_NAME

CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MULTILINE = {"requirements", "questions", "steps", "fee_variants"}


@dataclass(frozen=True)
class Exported:
    """One service as exported: identity, settings, and the version in force."""

    code: str
    standard_key: str
    agency_code: str
    category: str
    flags: dict[str, bool]
    content: StandardContent
    version_number: int
    effective_from: dt.date
    reason: str


def _cell(record: Exported, key: str) -> Any:
    """The value of one column as a spreadsheet shows it."""
    content = record.content
    if key in ("code", "standard_key", "agency_code", "category"):
        return getattr(record, key)
    if key in record.flags:
        return "ya" if record.flags[key] else "tidak"
    if key == "requirements":
        return "\n".join(C.requirement_line(r) for r in content.requirements)
    if key == "questions":
        return "\n".join(C.question_line(q) for q in content.questions)
    if key == "steps":
        return "\n".join(C.step_line(s) for s in content.steps)
    if key == "fee_variants":
        return "\n".join(C.fee_variant_line(f) for f in content.fee_variants)
    value = getattr(content, key)
    if key == "processing_time_unit":
        return C.word_of(C.TIME_UNITS, value)
    if key == "fee_kind":
        return C.word_of(C.FEE_KINDS, value)
    return "" if value is None else value


def write_json(mpp_slug: str, records: list[Exported], exported_at: dt.datetime) -> bytes:
    def item(record: Exported) -> dict[str, Any]:
        content = record.content
        return {
            "code": record.code,
            "standard_key": record.standard_key,
            "agency_code": record.agency_code,
            "category": record.category,
            **record.flags,
            **{name: getattr(content, name) for name in StandardContent.text_fields()},
            "requirements": [_as_dict(r) for r in content.requirements],
            "questions": [_as_dict(q) for q in content.questions],
            "steps": [_as_dict(s) for s in content.steps],
            "fee_variants": [_as_dict(f) for f in content.fee_variants],
            "version": {
                "number": record.version_number,
                "effective_from": record.effective_from.isoformat(),
                "reason": record.reason,
            },
        }

    document = {
        "format": "satupintu-katalog",
        "format_version": 1,
        "mpp": mpp_slug,
        "exported_at": exported_at.isoformat(),
        "services": [item(r) for r in records],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _as_dict(item: Any) -> dict[str, Any]:
    return {f.name: getattr(item, f.name) for f in fields(item)}


def _guarded(value: Any) -> Any:
    """A CSV cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(records: list[Exported]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([c.name for c in C.COLUMNS])
    for record in records:
        writer.writerow([_guarded(_cell(record, c.key)) for c in C.COLUMNS])
    # The byte-order mark makes Excel read the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(records: list[Exported], instructions: list[tuple[str, str, str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append([c.name for c in C.COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_number, record in enumerate(records, start=2):
        for column_number, column in enumerate(C.COLUMNS, start=1):
            value = _cell(record, column.key)
            cell = sheet.cell(row=row_number, column=column_number)
            if isinstance(value, str):
                # Set as a string explicitly: "=…" must stay text, never become a formula.
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"
            else:
                cell.value = value
            if column.key in MULTILINE or (isinstance(value, str) and "\n" in value):
                cell.alignment = wrap
    sheet.freeze_panes = "B2"
    for index, column in enumerate(C.COLUMNS, start=1):
        width = 60 if column.key in MULTILINE else 40 if column.kind == "text" else 16
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width

    guide = workbook.create_sheet("Petunjuk")
    guide.append(["kolom", "isi", "contoh"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for name, help_text, example in instructions:
        guide.append([name, help_text, example])
        for cell in guide[guide.max_row]:
            cell.data_type = "s"
            cell.alignment = wrap
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 90
    guide.column_dimensions["C"].width = 50

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
