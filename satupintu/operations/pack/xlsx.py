"""The pack as an XLSX workbook (openpyxl): one sheet per section, numbers as numeric
cells (percentages as 0–100, minutes with decimals), dates as dates, the charts placed
beside the tables they draw."""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _

from satupintu.operations.pack import tables
from satupintu.operations.pack.charts import all_charts
from satupintu.operations.pack.selectors import Pack

MAX_TITLE = 31  # Excel's limit on a sheet's name


def _write(sheet, table: tables.Table, *, first: bool = False) -> None:
    from openpyxl.styles import Font, PatternFill

    bold = Font(bold=True)
    if not first:
        sheet.append([])
    sheet.append([table.title])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    if table.note:
        sheet.append([table.note])
    sheet.append(table.headers)
    fill = PatternFill("solid", fgColor="E4F1F6")
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = bold, fill
    for row in table.rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    if not table.rows:
        sheet.append([_("Tidak ada data untuk bulan ini.")])


def _sheet(book, title: str, parts: list[tables.Table], *, widths: tuple[int, ...] = (34,)):
    sheet = book.create_sheet(title[:MAX_TITLE])
    for i, table in enumerate(parts):
        _write(sheet, table, first=i == 0)
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    return sheet


def _picture(sheet, png: bytes | None, anchor: str) -> None:
    if png is None:
        return
    from openpyxl.drawing.image import Image

    image = Image(io.BytesIO(png))
    scale = 720 / image.width
    image.width, image.height = int(image.width * scale), int(image.height * scale)
    sheet.add_image(image, anchor)


def xlsx_bytes(pack: Pack, charts: dict[str, bytes | None] | None = None) -> bytes:
    from openpyxl import Workbook

    charts = all_charts(pack) if charts is None else charts
    book = Workbook()
    book.remove(book.active)
    head = tables.Table(
        _("Bahan Rapat Koordinasi Bulanan"),
        [_("MPP"), _("Dari"), _("Sampai"), _("Target tunggu (menit)")],
        [[pack.mpp.name, pack.start, pack.end, pack.target_wait_minutes]],
    )
    _sheet(book, _("Ringkasan"), [head, tables.summary(pack)], widths=(44, 16, 30, 20))
    _sheet(book, _("Tindak lanjut"), [tables.follow_ups(pack)], widths=(14, 16, 50, 24, 14, 18))
    if pack.bottlenecks is None:
        sheet = book.create_sheet(_("Hambatan"))
        sheet.append(
            [_("Jam buka loket bulan ini tidak tercatat: kapasitas tidak dapat dihitung.")]
        )
    else:
        _sheet(book, _("Hambatan"), tables.bottleneck_tables(pack), widths=(14, 14, 12, 12, 16))
    sheet = _sheet(book, _("Tunggu per jam"), [tables.heatmap(pack)], widths=(14,))
    _picture(sheet, charts.get("heatmap"), f"A{sheet.max_row + 3}")
    sheet = _sheet(book, _("Tren"), [tables.trend(pack)], widths=(14, 12, 14, 16, 14, 16))
    _picture(sheet, charts.get("trend"), "H2")
    sheet = _sheet(book, _("Sebaran tunggu"), [tables.distribution(pack)], widths=(14, 16, 12))
    _picture(sheet, charts.get("distribution"), "E2")
    _sheet(book, _("Per layanan"), [tables.services(pack)], widths=(10, 48))
    _sheet(book, _("Petugas"), [tables.officers(pack)], widths=(28,))
    _sheet(book, _("SLA"), tables.breaches(pack), widths=(36, 12, 20, 14, 14, 14, 34))
    _sheet(book, _("Tidak hadir"), [tables.no_shows(pack)], widths=(10, 48))
    _sheet(book, _("SKM IKM"), tables.ikm(pack), widths=(36, 50, 12))
    sheet = book.create_sheet(_("Pengaduan"))
    sheet.append([tables.complaints_text()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
