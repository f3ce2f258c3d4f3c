"""The receipt (kuitansi) of an accepted payment as PDF, drawn by the documents app's sheet
(documents/pdf.py: issuer, title, number, holder, rows and a QR code to the verification
page). The QR opens `/kuitansi/<code>/`, which answers from the register whether this
receipt was issued and for what; the PDF itself is drawn afresh from the register each time.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from satupintu.catalog.selectors import rupiah
from satupintu.documents import pdf
from satupintu.payments.models import Channel, Payment

LOCAL_BASE_URL = "http://localhost:8000"


def verify_url(code: str) -> str:
    return (settings.PUBLIC_URL or LOCAL_BASE_URL) + reverse("payments:receipt", args=[code])


def receipt_pdf(payment: Payment) -> bytes:
    bill = payment.bill
    mpp = bill.mpp
    local = payment.paid_at.astimezone(mpp.tzinfo)
    with translation.override("id"):
        when = formats.date_format(local, "j F Y H.i")
        rows = [
            (_("Untuk pembayaran"), bill.description),
            (_("Jumlah"), rupiah(payment.amount)),
            (_("Kanal"), str(Channel(payment.channel).label)),
            (_("Referensi pembayaran"), payment.provider_payment_id),
            (_("Waktu bayar"), when),
        ]
        if bill.revenue_account_code:
            rows.append(
                (_("Kode rekening"), f"{bill.revenue_account_code} {bill.revenue_account_name}")
            )
        if bill.application_id and bill.application:
            rows.append((_("Nomor permohonan"), bill.application.tracking_number))
        sheet = pdf.Sheet(
            issuer=bill.agency.name,
            mpp=mpp.name,
            title=_("Kuitansi Pembayaran Retribusi"),
            number=payment.receipt_code,
            holder_name=bill.payer_name,
            holder_nik=bill.number,
            rows=rows,
            issued_on=formats.date_format(local.date(), "j F Y"),
            valid_until=_("Lunas"),
            verify_url=verify_url(payment.receipt_code),
            code=payment.receipt_code,
            issued_at=payment.paid_at,
            labels={
                "number": _("Nomor kuitansi"),
                "holder": _("Telah diterima dari"),
                "nik": _("Nomor tagihan"),
                "issued_on": _("Tanggal"),
                "valid_until": _("Status"),
                "code": _("Kode kuitansi"),
                "qr_note": _(
                    "Pindai kode QR atau buka alamat di bawah untuk memeriksa keaslian "
                    "kuitansi ini. Pembayaran non-tunai melalui Mal Pelayanan Publik; petugas "
                    "tidak menerima uang tunai."
                ),
            },
        )
        return pdf.render(sheet)
