"""The official SKM report of an MPP for a period: the data, and the same as PDF and XLSX.

What PermenPANRB 14/2017 asks a report to show: NRR per unsur (and weighted), the IKM
and its conversion, the interval table with mutu and kinerja, respondents and their
profile, the suggestions; plus what this system adds: the weight used (1/9 or 0,111),
the population served and the minimum sample (Krejcie–Morgan), per-agency results and
the published follow-ups. The public page draws from the same `ReportData`.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from satupintu.satisfaction import ikm, selectors
from satupintu.satisfaction.models import (
    AgeGroup,
    Education,
    FollowUp,
    Occupation,
    Sex,
    Source,
    Weight,
)
from satupintu.satisfaction.questionnaire import UNSUR_TEXT
from satupintu.tenancy.models import Mpp

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
logging.getLogger("fontTools").setLevel(logging.WARNING)  # fpdf2 subsets fonts chattily


def num(value: Any, places: int) -> str:
    """A number as the active language writes it (81,67 in Indonesian)."""
    if value is None:
        return "—"
    return formats.number_format(Decimal(str(value)), places)


@dataclass
class UnsurRow:
    code: str
    key: str
    name: str
    nrr: Decimal | None
    weighted: Decimal | None
    mutu: str | None


@dataclass
class ReportData:
    mpp: Mpp
    start: dt.date
    end: dt.date
    period: selectors.PeriodIkm
    unsur: list[UnsurRow]
    agencies: list[tuple[Any, ikm.IkmResult]]
    trend: list[dict]
    profile: list[tuple[str, list[tuple[str, int]]]]
    suggestions: list[Any]
    follow_ups: list[FollowUp]
    weight_label: str
    generated_at: dt.datetime

    @property
    def result(self) -> ikm.IkmResult:
        return self.period.result


def build(mpp: Mpp, start: dt.date, end: dt.date, *, trend_kind: str = "month") -> ReportData:
    period = selectors.ikm_for_period(mpp, start, end)
    result = period.result
    rows = []
    for unsur in UNSUR_TEXT:
        value = result.nrr.get(unsur.key)
        rows.append(
            UnsurRow(
                unsur.code,
                unsur.key,
                str(unsur.name),
                ikm.round_half_up(value, 3) if value is not None else None,
                ikm.round_half_up(value * result.weight, 3) if value is not None else None,
                ikm.mutu_of_index(value)[0] if value is not None else None,
            )
        )
    counts = {"month": 12, "quarter": 8, "semester": 6, "year": 5}
    profile_labels = {
        "sex": (_("Jenis kelamin"), dict(Sex.choices)),
        "age_group": (_("Usia"), dict(AgeGroup.choices)),
        "education": (_("Pendidikan"), dict(Education.choices)),
        "occupation": (_("Pekerjaan"), dict(Occupation.choices)),
    }
    raw = selectors.profile_counts(mpp, start, end)
    profile = []
    for key, (title, labels) in profile_labels.items():
        profile.append(
            (str(title), [(str(labels[code]), raw[key].get(code, 0)) for code in labels])
        )
    source_labels = dict(Source.choices)
    profile.append(
        (
            _("Cara mengisi"),
            [(str(source_labels[code]), period.by_source.get(code, 0)) for code in source_labels],
        )
    )
    return ReportData(
        mpp=mpp,
        start=start,
        end=end,
        period=period,
        unsur=rows,
        agencies=selectors.per_agency(mpp, start, end),
        trend=selectors.trend(mpp, trend_kind, counts[trend_kind], until=end),
        profile=profile,
        suggestions=selectors.suggestions(mpp, start, end),
        follow_ups=selectors.published_follow_ups(mpp),
        weight_label=str(dict(Weight.choices)[result.weight_name]),
        generated_at=dt.datetime.now(mpp.tzinfo),
    )


def interval_rows() -> list[tuple[str, str, str, str]]:
    kinerja = {
        "A": _("Sangat Baik"),
        "B": _("Baik"),
        "C": _("Kurang Baik"),
        "D": _("Tidak Baik"),
    }
    return [
        (np, f"{lo} – {hi}", f"{clo} – {chi}", f"{mutu} ({kinerja[mutu]})")
        for np, lo, hi, clo, chi, mutu in ikm.INTERVAL_TABLE
    ]


def kinerja_label(mutu: str | None) -> str:
    return {
        "A": _("Sangat Baik"),
        "B": _("Baik"),
        "C": _("Kurang Baik"),
        "D": _("Tidak Baik"),
        None: "—",
    }[mutu]


def period_text(data: ReportData) -> str:
    return f"{formats.date_format(data.start, 'j F Y')} – {formats.date_format(data.end, 'j F Y')}"


# --- XLSX ---------------------------------------------------------------------------------


def xlsx_bytes(data: ReportData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = "IKM"
    r = data.result
    header = [
        (_("Laporan Survei Kepuasan Masyarakat"), data.mpp.name),
        (_("Periode"), period_text(data)),
        (_("Dasar perhitungan"), "PermenPANRB 14/2017"),
        (_("Bobot per unsur"), data.weight_label),
        (_("Jumlah responden"), r.respondents),
        (_("Populasi (pengunjung dilayani)"), data.period.population),
        (_("Sampel minimum (Krejcie–Morgan)"), data.period.min_sample),
        (_("Nilai indeks"), float(ikm.round_half_up(r.index, 4)) if r.index else None),
        (_("IKM unit pelayanan"), float(r.ikm) if r.ikm is not None else None),
        (_("Mutu pelayanan"), r.mutu),
        (_("Kinerja unit pelayanan"), kinerja_label(r.mutu)),
    ]
    for row in header:
        sheet.append(list(row))
        sheet.cell(sheet.max_row, 1).font = bold
    sheet.append([])
    sheet.append([_("Kode"), _("Unsur"), _("NRR"), _("NRR tertimbang"), _("Mutu")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in data.unsur:
        sheet.append(
            [
                row.code,
                row.name,
                float(row.nrr) if row.nrr is not None else None,
                float(row.weighted) if row.weighted is not None else None,
                row.mutu,
            ]
        )
    sheet.append([])
    sheet.append([_("Nilai persepsi"), _("Interval IKM"), _("Interval konversi"), _("Mutu")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in interval_rows():
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 44

    agencies = book.create_sheet(_("Per instansi"))
    agencies.append([_("Instansi"), _("Responden"), _("IKM"), _("Mutu")])
    for agency, result in data.agencies:
        agencies.append(
            [
                agency.name,
                result.respondents,
                float(result.ikm) if result.ikm else None,
                result.mutu,
            ]
        )
    trend = book.create_sheet(_("Tren"))
    trend.append([_("Periode"), _("Responden"), _("IKM"), _("Mutu")])
    for item in data.trend:
        res = item["result"]
        trend.append(
            [item["label"], res.respondents, float(res.ikm) if res.ikm else None, res.mutu]
        )
    profile = book.create_sheet(_("Profil responden"))
    for title, counts in data.profile:
        profile.append([title])
        profile.cell(profile.max_row, 1).font = bold
        for label, count in counts:
            profile.append([label, count])
        profile.append([])
    saran = book.create_sheet(_("Saran"))
    saran.append([_("Tanggal"), _("Layanan"), _("Saran")])
    for item in data.suggestions:
        saran.append(
            [
                item.answered_at.astimezone(data.mpp.tzinfo).date(),
                item.service.code,
                item.suggestion,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------


def _font(pdf: Any) -> str:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdf.add_font("DejaVu", "", str(regular))
            pdf.add_font("DejaVu", "B", str(bold))
            return "DejaVu"
    return "Helvetica"


def _plain(text: str, font: str) -> str:
    """The built-in PDF font has no en dash or ellipsis: replace them when it is used."""
    if font != "Helvetica":
        return text
    return (
        text.replace("–", "-")
        .replace("—", "-")
        .replace("…", "...")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def pdf_bytes(data: ReportData) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(_("Laporan Survei Kepuasan Masyarakat"))
    pdf.set_creator("satupintu")
    font = _font(pdf)
    t = lambda s: _plain(str(s), font)  # noqa: E731

    def para(width: float, height: float, text: str, **_kw: Any) -> None:
        pdf.multi_cell(width, height, text, align="L", new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    r = data.result
    pdf.set_font(font, "B", 15)
    para(0, 8, t(_("Laporan Survei Kepuasan Masyarakat")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 11)
    para(0, 6, t(f"{data.mpp.name} · {period_text(data)}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 9)
    para(
        0,
        5,
        t(
            _(
                "Dihitung menurut Peraturan Menteri PANRB Nomor 14 Tahun 2017. Bobot per unsur: "
                "%(weight)s."
            )
            % {"weight": data.weight_label}
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    # the headline box
    pdf.set_fill_color(11, 93, 122)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(font, "B", 12)
    pdf.cell(
        0, 8, t(_("Indeks Kepuasan Masyarakat (IKM)")), fill=True, new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font(font, "B", 26)
    value = num(r.ikm, 2) if r.ikm is not None else "—"
    mutu = f"{_('Mutu')} {r.mutu} · {kinerja_label(r.mutu)}" if r.mutu else _("Belum ada responden")
    pdf.cell(60, 14, t(value), fill=True)
    pdf.set_font(font, "B", 13)
    pdf.cell(0, 14, t(mutu), fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(2)
    pdf.set_font(font, "", 10)
    facts = [
        (
            _("Nilai indeks (sebelum konversi ×25)"),
            num(ikm.round_half_up(r.index, 4), 4) if r.index else "—",
        ),
        (_("Jumlah responden"), str(r.respondents)),
        (_("Populasi (pengunjung dilayani)"), str(data.period.population)),
        (_("Sampel minimum (Krejcie–Morgan)"), str(data.period.min_sample)),
    ]
    for label, val in facts:
        pdf.cell(95, 6, t(label))
        pdf.cell(0, 6, t(val), new_x="LMARGIN", new_y="NEXT")
    if not data.period.sample_ok:
        pdf.set_text_color(160, 40, 20)
        para(
            0,
            6,
            t(_("Sampel belum memenuhi jumlah minimum untuk periode ini.")),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    heading = FontFace(emphasis="BOLD", fill_color=(228, 241, 246))

    def section(title: str) -> None:
        pdf.ln(2)
        pdf.set_font(font, "B", 12)
        pdf.cell(0, 8, t(title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 9.5)

    section(_("Nilai rata-rata per unsur"))
    with pdf.table(
        col_widths=(12, 80, 22, 30, 16), headings_style=heading, line_height=6, text_align="LEFT"
    ) as table:
        table.row([t(_("Kode")), t(_("Unsur")), t(_("NRR")), t(_("NRR tertimbang")), t(_("Mutu"))])
        for row in data.unsur:
            table.row(
                [row.code, t(row.name), num(row.nrr, 3), num(row.weighted, 3), row.mutu or "—"]
            )
        table.row(
            [
                "",
                t(_("IKM (jumlah NRR tertimbang)")),
                "",
                num(ikm.round_half_up(r.index, 3) if r.index else None, 3),
                r.mutu or "—",
            ]
        )
    section(_("Interval nilai dan mutu pelayanan"))
    with pdf.table(
        col_widths=(20, 40, 40, 50), headings_style=heading, line_height=6, text_align="LEFT"
    ) as table:
        table.row(
            [t(_("Nilai persepsi")), t(_("Interval IKM")), t(_("Interval konversi")), t(_("Mutu"))]
        )
        for row in interval_rows():
            table.row([t(cell) for cell in row])
    if data.agencies:
        section(_("IKM per instansi"))
        with pdf.table(
            col_widths=(90, 25, 25, 20), headings_style=heading, line_height=6, text_align="LEFT"
        ) as table:
            table.row([t(_("Instansi")), t(_("Responden")), t(_("IKM")), t(_("Mutu"))])
            for agency, result in data.agencies:
                table.row(
                    [
                        t(agency.name),
                        str(result.respondents),
                        num(result.ikm, 2),
                        result.mutu or "—",
                    ]
                )
    section(_("Profil responden"))
    for title, counts in data.profile:
        pdf.set_font(font, "B", 9.5)
        pdf.cell(0, 6, t(title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 9.5)
        para(
            0,
            5,
            t("; ".join(f"{label}: {count}" for label, count in counts)),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    if data.follow_ups:
        section(_("Rencana tindak lanjut"))
        for item in data.follow_ups:
            para(
                0,
                5,
                t(f"• {item.title} ({item.get_state_display()})"),
                new_x="LMARGIN",
                new_y="NEXT",
            )
    section(_("Saran dan masukan responden"))
    if not data.suggestions:
        pdf.cell(0, 6, t(_("Belum ada saran.")), new_x="LMARGIN", new_y="NEXT")
    for item in data.suggestions[:60]:
        day = formats.date_format(item.answered_at.astimezone(data.mpp.tzinfo).date(), "j M Y")
        para(
            0,
            5,
            t(f"• {day} · {item.service.code}: {item.suggestion}"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(4)
    pdf.set_font(font, "", 8)
    para(
        0,
        4,
        t(
            _("Dibuat oleh satupintu pada %(when)s.")
            % {"when": formats.date_format(data.generated_at, "j F Y H.i")}
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
