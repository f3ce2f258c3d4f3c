"""The issued document drawn as PDF with fpdf2: issuer, number, holder, content, validity
and a QR code to its public verification page (the QR is also a link).

How far this is PDF/A: the text font (DejaVu Sans from the system) is embedded as a
subset, the document carries its title, author, subject, keywords, creator, creation
date and language (id-ID), and nothing in it is encrypted, scripted or transparent-
dependent. Not yet done for PDF/A-2b conformance: the XMP metadata with its `pdfaid`
declaration, an sRGB OutputIntent (ICC profile), and a check with veraPDF. Where the
DejaVu fonts are missing fpdf2 falls back to Helvetica, which is not embedded.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("fpdf").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Sheet:
    """Everything printed on the document, already in words."""

    issuer: str
    mpp: str
    title: str
    number: str
    holder_name: str
    holder_nik: str  # masked
    rows: list[tuple[str, str]]
    issued_on: str
    valid_until: str
    verify_url: str
    code: str
    issued_at: dt.datetime
    labels: dict[str, str]


def _font(pdf) -> str:
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        return "DejaVu"
    return "Helvetica"


def render(sheet: Sheet) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_lang("id-ID")
    pdf.set_title(f"{sheet.title} {sheet.number}")
    pdf.set_author(sheet.issuer)
    pdf.set_subject(sheet.title)
    pdf.set_keywords(f"satupintu verifikasi {sheet.code}")
    pdf.set_creator("satupintu")
    pdf.set_creation_date(sheet.issued_at)
    pdf.set_auto_page_break(auto=True, margin=20)
    # every cell moves to the next line at the left margin

    def line(w: float, h: float, text: str, **kwargs: Any) -> None:
        pdf.multi_cell(w, h, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, **kwargs)

    pdf.add_page()
    font = _font(pdf)
    label = sheet.labels
    width = pdf.epw

    pdf.set_font(font, "B", 12)
    line(width, 6, sheet.issuer.upper(), align="C")
    pdf.set_font(font, "", 10)
    line(width, 5, sheet.mpp, align="C")
    pdf.ln(2)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
    pdf.ln(8)
    pdf.set_font(font, "B", 15)
    line(width, 8, sheet.title, align="C")
    pdf.set_font(font, "", 11)
    line(width, 6, f"{label['number']}: {sheet.number}", align="C")
    pdf.ln(8)

    rows = [
        (label["holder"], sheet.holder_name),
        (label["nik"], sheet.holder_nik or "—"),
        *sheet.rows,
        (label["issued_on"], sheet.issued_on),
        (label["valid_until"], sheet.valid_until),
    ]
    for key, value in rows:
        y = pdf.get_y()
        pdf.set_font(font, "", 10)
        line(55, 6, key)
        after_key = pdf.get_y()
        pdf.set_xy(pdf.l_margin + 57, y)
        pdf.set_font(font, "B", 10)
        line(width - 57, 6, f": {value}")
        pdf.set_y(max(after_key, pdf.get_y()) + 1)

    pdf.ln(10)
    qr = io.BytesIO()
    segno.make(sheet.verify_url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    top = pdf.get_y()
    pdf.image(qr, x=pdf.l_margin, y=top, w=38, h=38, link=sheet.verify_url)
    pdf.set_xy(pdf.l_margin + 44, top + 2)
    pdf.set_font(font, "", 9)
    line(width - 44, 5, label["qr_note"])
    pdf.set_x(pdf.l_margin + 44)
    pdf.set_font(font, "B", 9)
    line(width - 44, 5, f"{label['code']}: {sheet.code}")
    pdf.set_x(pdf.l_margin + 44)
    pdf.set_font(font, "", 8)
    line(width - 44, 4, sheet.verify_url, link=sheet.verify_url)
    return bytes(pdf.output())
