"""Read an uploaded catalog file (XLSX, CSV or JSON) into rows of raw cells.

Whatever arrives is treated as hostile: size is capped before parsing, an XLSX is
checked for its unpacked size before openpyxl opens it (a zip bomb is small), JSON
nesting and CSV field sizes are bounded, and every failure becomes an error message
for the user instead of a server error.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from satupintu.catalog.transfer import columns as C
from satupintu.catalog.transfer.errors import RowError
from satupintu.catalog.transfer.validate import Row

FORMATS = ("xlsx", "csv", "json")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_XLSX_UNPACKED = 50 * 1024 * 1024
SHEET_NAME = "Katalog"
# A spreadsheet opens cells starting with these as formulas; CSV exports guard them
# with a leading apostrophe, which the reader takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    rows: list[Row] = field(default_factory=list)
    name_of: dict[str, str] = field(default_factory=dict)  # column key → name in the file
    errors: list[RowError] = field(default_factory=list)


def format_of(filename: str) -> str | None:
    suffix = PurePath(filename or "").suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def _file_error(message: str) -> Sheet:
    return Sheet(errors=[RowError(None, "", message)])


def read(data: bytes, filename: str) -> Sheet:
    """The rows of a file, or the reason it cannot be read at all."""
    fmt = format_of(filename)
    if fmt is None:
        return _file_error(
            _("Jenis berkas tidak didukung: gunakan .xlsx, .csv atau .json (berkas: %(name)s).")
            % {"name": PurePath(filename or "").name or "-"}
        )
    if len(data) > MAX_BYTES:
        return _file_error(
            _("Berkas terlalu besar: paling besar %(limit)s MB.")
            % {"limit": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        return _file_error(_("Berkas kosong."))
    return {"xlsx": _read_xlsx, "csv": _read_csv, "json": _read_json}[fmt](data)


# --- spreadsheets: a header row, then one row per service ------------------------
def _from_table(table: Any, first_row: int = 1) -> Sheet:
    """Rows from an iterator of tuples whose first tuple is the header."""
    sheet = Sheet()
    header = next(table, None)
    if header is None:
        return _file_error(_("Berkas kosong."))
    positions: dict[int, str] = {}
    for index, raw in enumerate(header):
        name = "" if raw is None else str(raw).strip()
        if not name:
            continue
        key = C.header_key(name)
        if key is None:
            sheet.errors.append(RowError(first_row, name, _("Kolom tidak dikenal.")))
        elif key in sheet.name_of:
            sheet.errors.append(RowError(first_row, name, _("Kolom ini muncul dua kali.")))
        else:
            positions[index] = key
            sheet.name_of[key] = name
    for column in C.COLUMNS:
        if column.key not in sheet.name_of:
            sheet.errors.append(
                RowError(first_row, column.name, _("Kolom ini tidak ada di berkas."))
            )
    if sheet.errors:
        return sheet  # rows cannot be read against a broken header
    for number, values in enumerate(table, start=first_row + 1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(sheet.rows) >= MAX_ROWS:
            return _file_error(
                _("Terlalu banyak baris: paling banyak %(limit)s layanan per berkas.")
                % {"limit": MAX_ROWS}
            )
        stray = [v for i, v in enumerate(values) if i not in positions and v not in (None, "")]
        if stray:
            sheet.errors.append(RowError(number, "", _("Ada isian di luar kolom yang dikenal.")))
        cells = {key: values[i] if i < len(values) else None for i, key in positions.items()}
        sheet.rows.append(Row(number, cells))
    return sheet


def _read_csv(data: bytes) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _file_error(
            _("Berkas CSV harus ber-encoding UTF-8 (di Excel: Simpan sebagai “CSV UTF-8”).")
        )
    if data.startswith(b"PK\x03\x04"):
        return _file_error(_("Berkas ini bukan berkas teks CSV."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def unguarded(row: list[str]) -> tuple[str, ...]:
        return tuple(
            cell[1:] if cell.startswith("'") and cell[1:2] and cell[1] in "=+-@\t\r" else cell
            for cell in row
        )

    try:
        return _from_table(unguarded(row) for row in reader)
    except csv.Error as exc:
        return _file_error(
            _("Berkas CSV rusak di sekitar baris %(line)s: %(error)s")
            % {"line": reader.line_num, "error": exc}
        )


def _read_xlsx(data: bytes) -> Sheet:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _file_error(
            _("Berkas Excel lama (.xls) tidak didukung: simpan sebagai .xlsx atau CSV UTF-8.")
        )
    broken = _(
        "Berkas XLSX rusak atau bukan berkas XLSX; simpan ulang dari Excel atau LibreOffice."
    )
    if not data.startswith(b"PK\x03\x04"):
        return _file_error(broken)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return _file_error(broken)
    if unpacked > MAX_XLSX_UNPACKED:
        return _file_error(
            _("Berkas terlalu besar: paling besar %(limit)s MB.")
            % {"limit": MAX_XLSX_UNPACKED // (1024 * 1024)}
        )
    import openpyxl  # only when an XLSX arrives: it takes a moment to import

    workbook = None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        names = workbook.sheetnames
        worksheet = workbook[SHEET_NAME] if SHEET_NAME in names else workbook.worksheets[0]
        return _from_table(iter(worksheet.iter_rows(values_only=True)))
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean "broken"
        return _file_error(broken)
    finally:
        if workbook is not None:
            workbook.close()


# --- JSON: {"services": [{...}, ...]} -------------------------------------------------
def _read_json(data: bytes) -> Sheet:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return _file_error(_("Berkas JSON harus ber-encoding UTF-8."))
    except json.JSONDecodeError as exc:
        return _file_error(
            _("Berkas JSON tidak sah di baris %(line)s, kolom %(column)s.")
            % {"line": exc.lineno, "column": exc.colno}
        )
    except (ValueError, RecursionError):
        return _file_error(_("Berkas JSON tidak sah."))
    services = document.get("services") if isinstance(document, dict) else document
    if not isinstance(services, list):
        return _file_error(_("Berkas JSON harus berisi daftar layanan di kunci “services”."))
    if len(services) > MAX_ROWS:
        return _file_error(
            _("Terlalu banyak baris: paling banyak %(limit)s layanan per berkas.")
            % {"limit": MAX_ROWS}
        )
    sheet = Sheet(name_of={c.key: c.key for c in C.COLUMNS})
    for number, item in enumerate(services, start=1):
        if not isinstance(item, dict):
            sheet.errors.append(RowError(number, "", _("Setiap layanan harus berupa objek JSON.")))
            continue
        for key in item:
            if key not in C.BY_KEY and key not in C.IGNORED_KEYS:
                sheet.errors.append(RowError(number, str(key), _("Kunci tidak dikenal.")))
        for column in C.COLUMNS:
            if column.key not in item:
                sheet.errors.append(RowError(number, column.key, _("Kunci ini tidak ada.")))
        sheet.rows.append(Row(number, {k: v for k, v in item.items() if k in C.BY_KEY}))
    return sheet
