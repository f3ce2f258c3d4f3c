"""The citizen's bill page (`/tagihan/<id>/`: amount, QRIS, virtual account, status live),
its QRIS image, its live stream, the link from an application's tracking page, and the
receipt (kuitansi) PDF for whoever holds its code (the QR on the receipt opens it).

Whoever holds a bill's link may see it (the id is random and unguessable, as a tracking
result or the applicant's own page gives it); nothing on it is personal beyond the payer's
name.
"""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from satupintu.core.events import bus
from satupintu.core.redraw import Drawing, open_redraw
from satupintu.core.sse import Fragment, can_stream, db, finite_stream, reader, stream_response
from satupintu.payments import qris, receipts, selectors
from satupintu.payments.models import Bill, BillStatus

TEMPLATE = "payments/bill.html"


def _bill(public_id: uuid.UUID) -> Bill:
    bill = selectors.public_bill(public_id)
    if bill is None:
        raise Http404(_("Tagihan tidak ditemukan."))
    return bill


def _context(bill: Bill) -> dict:
    return {
        "bill": bill,
        "payments": list(selectors.payments_of(bill)),
        "payable": bill.status == BillStatus.UNPAID,
        "tz": bill.mpp.tzinfo,
    }


@require_GET
def bill_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    response = render(request, TEMPLATE, _context(_bill(public_id)))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def qris_image(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    bill = _bill(public_id)
    if bill.status != BillStatus.UNPAID or not bill.qris_payload:
        raise Http404(_("Tagihan ini tidak dapat dibayar lagi."))
    response = HttpResponse(qris.png(bill.qris_payload), content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response


def _draw(public_id: uuid.UUID, language: str) -> Drawing:
    bill = selectors.public_bill(public_id)
    if bill is None:
        return None
    with translation.override(language):
        return {"status": render_to_string(f"{TEMPLATE}#status", _context(bill))}


@require_GET
async def bill_events(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    """The bill's status part, drawn again the moment the bill moves (Server-Sent Events).
    Through a WSGI server or the test client: drawn once, then the end (a slow poll)."""
    language = request.LANGUAGE_CODE
    run = reader(request)
    bill_id = await run(
        lambda: Bill.objects.filter(public_id=public_id).values_list("pk", flat=True).first()
    )
    if bill_id is None:
        raise Http404
    if not can_stream(request):
        drawing = await run(_draw, public_id, language)
        if drawing is None:
            raise Http404
        cursor = bus().hub.last_id
        return finite_stream([Fragment(cursor, part, html) for part, html in drawing.items()])
    source = await open_redraw([f"bill:{bill_id}"], lambda: db(_draw, public_id, language))
    if source is None:
        raise Http404
    return stream_response(source)


@require_GET
def application_bill(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """The link on an application's tracking page: its current bill."""
    bill = selectors.bill_of_application(application_id)
    if bill is None:
        raise Http404(_("Tagihan tidak ditemukan."))
    return redirect("payments:bill", public_id=bill.public_id)


@require_GET
def receipt(request: HttpRequest, receipt_code: str) -> HttpResponse:
    payment = selectors.payment_by_receipt(receipt_code)
    if payment is None or payment.status != "accepted":
        raise Http404(_("Kuitansi tidak ditemukan."))
    response = HttpResponse(receipts.receipt_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kuitansi-{payment.receipt_code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("tagihan/<uuid:public_id>/", bill_page, name="bill"),
    path("tagihan/<uuid:public_id>/qris.png", qris_image, name="qris-image"),
    path("tagihan/<uuid:public_id>/events", bill_events, name="bill-events"),
    path("tagihan/permohonan/<uuid:application_id>/", application_bill, name="application-bill"),
    path("kuitansi/<str:receipt_code>/", receipt, name="receipt"),
]
