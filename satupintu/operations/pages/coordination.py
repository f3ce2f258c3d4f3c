"""The supervisor's coordination page (`/staf/rapat-koordinasi/`): pick a complete month,
read its short summary, download the pack (PDF, XLSX), and track the follow-up actions
agreed at the meetings. For the MPP's own supervisors (operations.access)."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from satupintu.accounts.models import User
from satupintu.core.errors import DomainError
from satupintu.operations.access import access_follow_up, check_pack, staff_staffing_mpp
from satupintu.operations.models import FollowUpAction
from satupintu.operations.pack import services
from satupintu.operations.pack.export import CONTENT_TYPES, filename, parse_month
from satupintu.operations.pack.export import render as files
from satupintu.operations.pack.forms import FollowUpForm, MonthForm, StatusForm, complete_months
from satupintu.operations.pack.selectors import all_follow_ups, build_pack, month_total
from satupintu.queueing.tickets.selectors import local_day
from satupintu.tenancy.models import Mpp


def _supervisor(request: HttpRequest) -> tuple[User, Mpp]:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    mpp = staff_staffing_mpp(user)
    check_pack(user, mpp)
    return user, mpp


def _page(
    request: HttpRequest,
    mpp: Mpp,
    month_form: MonthForm,
    month: dt.date,
    add_form: FollowUpForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = all_follow_ups(mpp)
    context = {
        "mpp": mpp,
        "month": month,
        "month_form": month_form,
        "total": month_total(mpp, month),
        "pdf": f"{reverse('operations:coordination_file')}?bulan={month:%Y-%m}&berkas=pdf",
        "xlsx": f"{reverse('operations:coordination_file')}?bulan={month:%Y-%m}&berkas=xlsx",
        "add_form": add_form or FollowUpForm(mpp=mpp),
        "actions": [
            (a, StatusForm(initial={"status": a.status, "note": a.status_note})) for a in actions
        ],
        "statuses": FollowUpAction.Status.choices,
    }
    return render(request, "operations/coordination.html", context, status=status)


def _month_of(request: HttpRequest, mpp: Mpp) -> tuple[MonthForm, dt.date, bool]:
    today = local_day(mpp)
    data = request.GET if "bulan" in request.GET else None
    if request.method == "POST":
        data = request.POST
    form = MonthForm(data, today=today)
    last = complete_months(today)[0]
    if not form.is_bound:
        form = MonthForm(initial={"bulan": f"{last:%Y-%m}"}, today=today)
        return form, last, True
    if form.is_valid():
        return form, form.month(), True
    return form, last, False


@login_required
@require_GET
def coordination(request: HttpRequest) -> HttpResponse:
    _user, mpp = _supervisor(request)
    form, month, ok = _month_of(request, mpp)
    return _page(request, mpp, form, month, status=200 if ok else 422)


@login_required
@require_GET
def download(request: HttpRequest) -> FileResponse:
    """?bulan=YYYY-MM&berkas=pdf|xlsx: the pack of a complete month, as an attachment."""
    _user, mpp = _supervisor(request)
    first = parse_month(request.GET.get("bulan", ""))
    kind = request.GET.get("berkas", "")
    if first is None or first not in complete_months(local_day(mpp)):
        raise Http404(_("Bahan rapat hanya tersedia untuk bulan yang sudah selesai."))
    if kind not in CONTENT_TYPES:
        raise Http404(_("Berkas hanya tersedia sebagai PDF atau XLSX."))
    data = files(build_pack(mpp, first))[kind]
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=filename(mpp, first, kind),
        content_type=CONTENT_TYPES[kind],
    )


def _back(month: dt.date) -> HttpResponse:
    return redirect(f"{reverse('operations:coordination')}?bulan={month:%Y-%m}#tindak-lanjut")


@login_required
@require_POST
def add_follow_up(request: HttpRequest) -> HttpResponse:
    user, mpp = _supervisor(request)
    month_form, month, ok = _month_of(request, mpp)
    form = FollowUpForm(request.POST, mpp=mpp)
    if ok and form.is_valid():
        try:
            services.add_follow_up(mpp=mpp, actor=user, meeting_month=month, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Tindak lanjut dicatat."))
            return _back(month)
    return _page(request, mpp, month_form, month, add_form=form, status=422)


@login_required
@require_POST
def change_status(request: HttpRequest) -> HttpResponse:
    user, mpp = _supervisor(request)
    action = access_follow_up(user, mpp, request.POST.get("id", ""))
    month_form, month, _ok = _month_of(request, mpp)
    form = StatusForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.set_follow_up_status(
                action=action, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, _("Status tindak lanjut diperbarui."))
            return _back(month)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    messages.error(request, error)
    return _page(request, mpp, month_form, month, status=422)


urlpatterns: list[URLPattern] = [
    path("staf/rapat-koordinasi/", coordination, name="coordination"),
    path("staf/rapat-koordinasi/unduh/", download, name="coordination_file"),
    path("staf/rapat-koordinasi/tindak-lanjut/", add_follow_up, name="coordination_add"),
    path("staf/rapat-koordinasi/status/", change_status, name="coordination_status"),
]
