"""The supervisor's payments page (`/staf/pembayaran/`, "Pembayaran dan rekonsiliasi"):
payments waiting for a decision (wrong amount, late) with the refund, the import of the
day's bank statement and its findings to resolve with a note, and the day's revenue
report per agency and revenue account (PDF, XLSX). For the MPP's own supervisors.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from satupintu.accounts.models import User
from satupintu.core.errors import DomainError
from satupintu.payments import reconciliation, reports, selectors, services
from satupintu.payments.access import supervised_mpp
from satupintu.payments.models import Payment, ReconciliationItem, StatementFormat

MAX_STATEMENT = 5 * 1024 * 1024


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _day(text: str | None, mpp) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return timezone.now().astimezone(mpp.tzinfo).date()


def _back(day: dt.date) -> HttpResponse:
    return redirect(reverse("payments:staff") + f"?tanggal={day.isoformat()}")


@login_required
@require_GET
def payments_page(request: HttpRequest) -> HttpResponse:
    mpp = supervised_mpp(_user(request))
    day = _day(request.GET.get("tanggal"), mpp)
    context = {
        "mpp": mpp,
        "day": day,
        "pending": list(selectors.pending_payments(mpp.pk)),
        "statements": selectors.statements_of_day(mpp.pk, day),
        "revenue": reports.revenue(mpp, day),
        "formats": StatementFormat.choices,
        "tz": mpp.tzinfo,
    }
    response = render(request, "payments/staff.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def import_statement(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mpp = supervised_mpp(user)
    day = _day(request.POST.get("tanggal"), mpp)
    upload = request.FILES.get("berkas")
    if upload is None or (upload.size or 0) > MAX_STATEMENT:
        messages.error(request, _("Pilih berkas rekening koran (paling besar 5 MB)."))
        return _back(day)
    try:
        statement = reconciliation.import_statement(
            user=user,
            mpp=mpp,
            day=day,
            fmt=request.POST.get("format", ""),
            filename=upload.name or "",
            data=upload.read(MAX_STATEMENT + 1),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Rekening koran diimpor: %(n)s baris.") % {"n": statement.lines.count()},
        )
    return _back(day)


@login_required
@require_POST
def resolve(request: HttpRequest, item_id: int) -> HttpResponse:
    user = _user(request)
    mpp = supervised_mpp(user)
    item = (
        ReconciliationItem.objects.filter(pk=item_id, mpp=mpp).select_related("statement").first()
    )
    if item is None:
        raise Http404(_("Temuan tidak ditemukan."))
    try:
        reconciliation.resolve_item(user=user, item=item, note=request.POST.get("catatan", ""))
        messages.success(request, _("Temuan diselesaikan."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(item.statement.day)


@login_required
@require_POST
def refund(request: HttpRequest, payment_id: int) -> HttpResponse:
    user = _user(request)
    mpp = supervised_mpp(user)
    payment = Payment.objects.filter(pk=payment_id, mpp=mpp).first()
    if payment is None:
        raise Http404(_("Pembayaran tidak ditemukan."))
    try:
        services.decide_payment(user=user, payment=payment, note=request.POST.get("catatan", ""))
        messages.success(request, _("Pembayaran ditandai dikembalikan."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(_day(request.POST.get("tanggal"), mpp))


@login_required
@require_GET
def revenue_report(request: HttpRequest, day: str, kind: str) -> HttpResponse:
    mpp = supervised_mpp(_user(request))
    if kind not in {"pdf", "xlsx"}:
        raise Http404(_("Format laporan tidak dikenal."))
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404(_("Tanggal tidak dikenal.")) from None
    name = f"penerimaan-{mpp.slug}-{date.isoformat()}.{kind}"
    if kind == "pdf":
        response = HttpResponse(reports.revenue_pdf(mpp, date), content_type="application/pdf")
    else:
        response = HttpResponse(
            reports.revenue_xlsx(mpp, date),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns: list[URLPattern] = [
    path("staf/pembayaran/", payments_page, name="staff"),
    path("staf/pembayaran/impor/", import_statement, name="import-statement"),
    path("staf/pembayaran/temuan/<int:item_id>/selesai/", resolve, name="resolve"),
    path("staf/pembayaran/<int:payment_id>/kembalikan/", refund, name="refund"),
    path(
        "staf/pembayaran/laporan/<str:day>.<str:kind>",
        revenue_report,
        name="revenue-report",
    ),
]
