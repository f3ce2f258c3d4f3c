"""The pack as a PDF (fpdf2, A4), with the fonts and helpers of the SKM report
(satisfaction/report.py: DejaVu Sans when installed, numbers as the language writes them)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from satupintu.operations.pack import tables
from satupintu.operations.pack.charts import all_charts
from satupintu.operations.pack.selectors import Pack
from satupintu.satisfaction.report import _font, _plain, num

HEADING_FILL = (228, 241, 246)


def title(pack: Pack) -> str:
    return _("Bahan Rapat Koordinasi Bulanan")


def month_text(pack: Pack) -> str:
    return str(formats.date_format(pack.month, "F Y"))


def cell_text(value: tables.Value, places: int | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return formats.number_format(value, 0, force_grouping=True)
    if isinstance(value, float):
        return num(value, 1 if places is None else places)
    if isinstance(value, dt.date):
        return tables.date_text(value)
    return str(value)


class _Writer:
    def __init__(self, pack: Pack) -> None:
        from fpdf import FPDF

        self.pack = pack
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.set_title(f"{title(pack)} {month_text(pack)}")
        self.pdf.set_creator("satupintu")
        self.font = _font(self.pdf)
        self.heading = ""  # the last section's title: a table of the same name says it once

    def t(self, text: Any) -> str:
        return _plain(str(text), self.font)

    def para(self, text: str, size: float = 9, style: str = "") -> None:
        self.pdf.set_font(self.font, style, size)
        self.pdf.multi_cell(0, size * 0.55, self.t(text), new_x="LMARGIN", new_y="NEXT")

    def section(self, text: str, *, new_page: bool = False) -> None:
        if new_page or self.pdf.get_y() > 240:
            self.pdf.add_page()
        else:
            self.pdf.ln(4)
        self.pdf.set_font(self.font, "B", 13)
        self.pdf.set_text_color(11, 93, 122)
        self.pdf.cell(0, 8, self.t(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_color(0, 0, 0)
        self.heading = text

    def table(self, table: tables.Table, *, empty: str = "") -> None:
        from fpdf.fonts import FontFace

        self.pdf.ln(1)
        if table.title != self.heading:
            self.pdf.set_font(self.font, "B", 10)
            self.pdf.cell(0, 6, self.t(table.title), new_x="LMARGIN", new_y="NEXT")
        if table.note:
            self.para(table.note, 8)
        if not table.rows:
            self.para(empty or _("Tidak ada data untuk bulan ini."), 9)
            return
        size = 8 if len(table.headers) <= 5 else 7
        self.pdf.set_font(self.font, "", size)
        widths = table.widths or tuple([1] * len(table.headers))
        with self.pdf.table(
            col_widths=widths,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
            line_height=size * 0.5,
            text_align="LEFT",
            first_row_as_headings=True,
        ) as pdf_table:
            pdf_table.row([self.t(h) for h in table.headers])
            for row in table.rows:
                pdf_table.row(
                    [self.t(cell_text(v, table.places.get(i))) for i, v in enumerate(row)]
                )

    def image(self, png: bytes | None, width: float = 180) -> None:
        if png is None:
            return
        from PIL import Image

        with Image.open(io.BytesIO(png)) as picture:
            ratio = picture.height / picture.width
        if self.pdf.get_y() + width * ratio > 280:
            self.pdf.add_page()
        self.pdf.image(io.BytesIO(png), w=width, x=(210 - width) / 2)
        self.pdf.ln(2)


def pdf_bytes(pack: Pack, charts: dict[str, bytes | None] | None = None) -> bytes:
    charts = all_charts(pack) if charts is None else charts
    w = _Writer(pack)
    pdf = w.pdf
    pdf.add_page()
    pdf.set_font(w.font, "B", 17)
    pdf.cell(0, 9, w.t(title(pack)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(w.font, "", 12)
    pdf.cell(0, 7, w.t(f"{pack.mpp.name} · {month_text(pack)}"), new_x="LMARGIN", new_y="NEXT")
    w.para(
        _(
            "Dokumen internal untuk rapat koordinasi antar-instansi: memuat kinerja petugas per "
            "nama. Semua angka dihitung dengan definisi ukuran kinerja satupintu "
            "(docs/measures.md) untuk %(start)s – %(end)s."
        )
        % {"start": tables.date_text(pack.start), "end": tables.date_text(pack.end)},
        8,
    )
    w.table(tables.summary(pack))

    w.section(_("Tindak lanjut rapat sebelumnya"))
    w.table(tables.follow_ups(pack), empty=_("Belum ada tindak lanjut yang dicatat."))

    w.section(_("Hambatan layanan"), new_page=True)
    w.para(
        _(
            "Jam hambatan: jam ketika pengunjung yang datang untuk suatu layanan lebih banyak "
            "daripada yang dapat dilayani loket yang buka (menit loket buka ÷ rata-rata lama "
            "layanan bulan ini). Loket yang melayani beberapa layanan dihitung penuh untuk "
            "tiap layanannya."
        ),
        8,
    )
    if pack.bottlenecks is None:
        w.para(
            _(
                "Jam buka loket bulan ini tidak tercatat, jadi kapasitas loket tidak dapat "
                "dihitung."
            ),
            9,
            "B",
        )
    else:
        for table in tables.bottleneck_tables(pack):
            w.table(table, empty=_("Tidak ada jam hambatan bulan ini."))

    w.section(_("Waktu tunggu dan waktu layanan"), new_page=True)
    w.image(charts.get("heatmap"))
    w.image(charts.get("trend"))
    w.image(charts.get("distribution"))
    w.table(tables.trend(pack))
    w.table(tables.services(pack))

    w.section(_("Kinerja petugas"), new_page=True)
    w.table(tables.officers(pack))

    w.section(_("Permohonan melewati batas waktu (SLA)"), new_page=True)
    kept = pack.total["sla_kept"]
    w.para(
        _("%(kept)s dari %(n)s permohonan yang jatuh tempo bulan ini selesai tepat waktu.")
        % {"kept": kept["count"], "n": kept["n"]},
        9,
    )
    for table in tables.breaches(pack):
        w.table(table)

    w.section(_("Tidak hadir saat dipanggil"))
    w.table(tables.no_shows(pack))

    w.section(_("Survei Kepuasan Masyarakat (SKM/IKM)"), new_page=True)
    for table in tables.ikm(pack):
        w.table(table)

    w.section(_("Pengaduan"))
    w.para(tables.complaints_text(), 9)

    pdf.ln(4)
    w.para(
        _("Dibuat oleh satupintu pada %(when)s.")
        % {"when": formats.date_format(pack.generated_at.astimezone(pack.mpp.tzinfo), "j F Y H.i")},
        7,
    )
    return bytes(pdf.output())
