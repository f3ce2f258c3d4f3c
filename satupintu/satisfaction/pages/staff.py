"""Supervisor pages of the SKM (`/staf/skm/…`): overview and settings, paper entry,
spreadsheet import, the coaching view, the follow-up editor. All for the MPP's own
supervisors (satisfaction.access.staff_satisfaction_mpp)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from satupintu.accounts.models import User
from satupintu.core.errors import DomainError
from satupintu.satisfaction import imports, ratings, report, selectors, services
from satupintu.satisfaction.access import staff_satisfaction_mpp
from satupintu.satisfaction.forms import (
    FollowUpForm,
    ImportForm,
    PaperSurveyForm,
    SettingsForm,
)
from satupintu.satisfaction.models import Source
from satupintu.satisfaction.questionnaire import REASONS
from satupintu.tenancy.models import Mpp


def _supervisor(request: HttpRequest) -> tuple[User, Mpp]:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user, staff_satisfaction_mpp(user)


@login_required
@require_http_methods(["GET", "POST"])
def overview(request: HttpRequest) -> HttpResponse:
    _user, mpp = _supervisor(request)
    current = services.settings_for(mpp)
    form = SettingsForm(
        request.POST or None,
        initial={
            "weight": current.weight,
            "coaching_threshold": current.coaching_threshold,
            "coaching_weeks": current.coaching_weeks,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.update_settings(mpp=mpp, **form.cleaned_data)
        messages.success(request, _("Pengaturan survei disimpan."))
        return redirect("satisfaction:staff")
    end = selectors.today(mpp)
    start = dt.date(end.year, 1, 1)
    period = selectors.ikm_for_period(mpp, start, end)
    context = {
        "mpp": mpp,
        "form": form,
        "period": period,
        "ikm_text": report.num(period.result.ikm, 2),
        "kinerja": report.kinerja_label(period.result.mutu),
        "ratings": ratings.rating_summary(mpp, start, end),
        "start": start,
        "end": end,
    }
    return render(request, "satisfaction/staff/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest) -> HttpResponse:
    user, mpp = _supervisor(request)
    form = PaperSurveyForm(request.POST or None, services=selectors.service_choices(mpp))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            service = selectors.service_of(mpp, form.cleaned_data["service"])
            day = form.cleaned_data["date"]
            try:
                services.submit_survey(
                    mpp=mpp,
                    service=service,
                    source=Source.PAPER,
                    answers=form.answers(),
                    profile=form.profile(),
                    suggestion=form.cleaned_data["suggestion"],
                    entered_by=user,
                    answered_at=dt.datetime.combine(day, dt.time(12), mpp.tzinfo),
                )
            except (DomainError, ValidationError) as error:
                form.add_error(None, getattr(error, "message", None) or " ".join(error.messages))
                status = 422
            else:
                messages.success(
                    request, _("Kuesioner kertas disimpan. Silakan masukkan berikutnya.")
                )
                return redirect("satisfaction:staff_paper")
        else:
            status = 422
    return render(
        request, "satisfaction/staff/paper.html", {"mpp": mpp, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    user, mpp = _supervisor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.import_paper_surveys(
                mpp=mpp, upload=form.cleaned_data["file"], entered_by=user
            )
        except ValidationError as error:
            errors, status = error.messages, 422
        else:
            if result.errors:
                errors, status = result.errors, 422
            else:
                messages.success(
                    request,
                    _("%(n)s kuesioner kertas diimpor.") % {"n": result.created},
                )
                return redirect("satisfaction:staff_import")
    context = {"mpp": mpp, "form": form, "errors": errors, "columns": imports.COLUMNS}
    return render(request, "satisfaction/staff/import.html", context, status=status)


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    _supervisor(request)
    response = HttpResponse(
        imports.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="templat-skm-kertas.xlsx"'
    return response


@login_required
@require_GET
def coaching(request: HttpRequest) -> HttpResponse:
    _user, mpp = _supervisor(request)
    data = ratings.coaching(mpp)
    context = {
        "mpp": mpp,
        "data": data,
        "reason_labels": {code: str(label) for code, label in REASONS.items()},
    }
    return render(request, "satisfaction/staff/coaching.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def follow_ups(request: HttpRequest) -> HttpResponse:
    user, mpp = _supervisor(request)
    editing = None
    raw = request.GET.get("ubah") or request.POST.get("id")
    if raw:
        editing = selectors.follow_up_of(mpp, raw)
        if editing is None:
            raise Http404(_("Tindak lanjut tidak ditemukan."))
    if request.method == "POST" and request.POST.get("hapus") and editing is not None:
        services.delete_follow_up(mpp=mpp, follow_up=editing)
        messages.success(request, _("Tindak lanjut dihapus."))
        return redirect("satisfaction:staff_follow_ups")
    form = FollowUpForm(request.POST or None, instance=editing)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_follow_up(
                    mpp=mpp,
                    author=user,
                    follow_up=editing,
                    **{k: form.cleaned_data[k] for k in FollowUpForm.Meta.fields},
                )
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
                status = 422
            else:
                messages.success(request, _("Tindak lanjut disimpan."))
                return redirect("satisfaction:staff_follow_ups")
        else:
            status = 422
    context = {
        "mpp": mpp,
        "form": form,
        "editing": editing,
        "items": selectors.follow_ups(mpp),
    }
    return render(request, "satisfaction/staff/follow_ups.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("staf/skm/", overview, name="staff"),
    path("staf/skm/kertas/", paper, name="staff_paper"),
    path("staf/skm/impor/", import_view, name="staff_import"),
    path("staf/skm/impor/templat.xlsx", import_template, name="staff_import_template"),
    path("staf/skm/pembinaan/", coaching, name="staff_coaching"),
    path("staf/skm/tindak-lanjut/", follow_ups, name="staff_follow_ups"),
]
