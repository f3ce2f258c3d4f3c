"""The daily revenue report: accepted payments of one day (in the MPP's zone) per agency
and regional revenue account (kode rekening retribusi), as PDF (fpdf2) and XLSX (openpyxl).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import formats, translation
from django.utils.translation import gettext as _

from satupintu.catalog.selectors import rupiah
from satupintu.documents.pdf import FONT_DIR
from satupintu.payments.models import Payment, PaymentStatus
from satupintu.tenancy.models import Mpp


@dataclass(frozen=True)
class RevenueRow:
    agency: str
    account_code: str
    account_name: str
    payments: int
    total: int


def revenue(mpp: Mpp, day: dt.date) -> list[RevenueRow]:
    start = dt.datetime.combine(day, dt.time(), tzinfo=mpp.tzinfo)
    rows = (
        Payment.objects.filter(
            mpp=mpp,
            status=PaymentStatus.ACCEPTED,
            paid_at__gte=start,
            paid_at__lt=start + dt.timedelta(days=1),
        )
        .values("bill__agency__name", "bill__revenue_account_code", "bill__revenue_account_name")
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by("bill__agency__name", "bill__revenue_account_code")
    )
    return [
        RevenueRow(
            r["bill__agency__name"],
            r["bill__revenue_account_code"],
            r["bill__revenue_account_name"],
            r["n"],
            r["total"] or 0,
        )
        for r in rows
    ]


def _font(pdf) -> str:
    """DejaVu Sans (embedded) where the system has it, as the issued documents use."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        return "DejaVu"
    return "Helvetica"


def _headers() -> list[str]:
    return [_("Instansi"), _("Kode rekening"), _("Nama rekening"), _("Transaksi"), _("Jumlah")]


def _title(mpp: Mpp, day: dt.date) -> str:
    return _("Laporan penerimaan retribusi %(mpp)s, %(day)s") % {
        "mpp": mpp.name,
        "day": formats.date_format(day, "j F Y"),
    }


def revenue_xlsx(mpp: Mpp, day: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = revenue(mpp, day)
    with translation.override("id"):
        book = Workbook()
        sheet = book.active
        assert sheet is not None  # noqa: S101 - a new workbook has its sheet
        sheet.title = _("Penerimaan")
        sheet.append([_title(mpp, day)])
        sheet["A1"].font = Font(bold=True)
        sheet.append(_headers())
        for row in rows:
            sheet.append([row.agency, row.account_code, row.account_name, row.payments, row.total])
        sheet.append(
            [_("Jumlah"), "", "", sum(r.payments for r in rows), sum(r.total for r in rows)]
        )
        for column, width in zip("ABCDE", (40, 22, 36, 12, 16), strict=True):
            sheet.column_dimensions[column].width = width
        out = io.BytesIO()
        book.save(out)
    return out.getvalue()


def revenue_pdf(mpp: Mpp, day: dt.date) -> bytes:
    from fpdf import FPDF

    rows = revenue(mpp, day)
    with translation.override("id"):
        pdf = FPDF(format="A4", orientation="landscape")
        pdf.set_lang("id-ID")
        pdf.set_title(_title(mpp, day))
        pdf.set_creator("satupintu")
        pdf.add_page()
        font = _font(pdf)
        pdf.set_font(font, "B", 13)
        pdf.cell(0, 8, _title(mpp, day), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        widths = (80, 45, 80, 25, 40)
        pdf.set_font(font, "B", 10)
        for width, text in zip(widths, _headers(), strict=True):
            pdf.cell(width, 7, text, border=1)
        pdf.ln()
        pdf.set_font(font, "", 10)
        total = [0, 0]
        for row in rows:
            values = (
                row.agency,
                row.account_code or "—",
                row.account_name or "—",
                str(row.payments),
                rupiah(row.total),
            )
            for width, text in zip(widths, values, strict=True):
                pdf.cell(width, 7, text[:48], border=1)
            pdf.ln()
            total[0] += row.payments
            total[1] += row.total
        pdf.set_font(font, "B", 10)
        for width, text in zip(
            widths, (_("Jumlah"), "", "", str(total[0]), rupiah(total[1])), strict=True
        ):
            pdf.cell(width, 7, text, border=1)
        pdf.ln()
        return bytes(pdf.output())
