"""The platform operator's comparison of MPPs (`/operator/perbandingan-mpp/`): one month,
one row per MPP, filtered by province or regency, sorted by any column. The operator's
page only: an MPP's supervisor reads their own month in the coordination pack (and their
own row through the API, operations.access.comparison_scope)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from satupintu.accounts.models import User
from satupintu.accounts.roles import is_operator
from satupintu.core.errors import DomainError
from satupintu.operations import regional


def _labels() -> dict[str, str]:
    return {
        "name": _("MPP"),
        "region": _("Wilayah"),
        "arrivals": _("Kedatangan"),
        "served": _("Selesai"),
        "wait_mean": _("Tunggu rata-rata"),
        "wait_median": _("Tunggu median"),
        "wait_over_target": _("Lewat sasaran"),
        "service_mean": _("Layanan rata-rata"),
        "service_median": _("Layanan median"),
        "no_show": _("Tidak hadir"),
        "online": _("Daring"),
        "walk_in": _("Langsung"),
        "appointment": _("Janji temu"),
        "sla_kept": _("Tepat waktu"),
        "ikm": _("IKM"),
    }


@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    if not is_operator(user):  # the supervisor's own month is the coordination pack's
        raise PermissionDenied(_("Perbandingan antar-MPP hanya untuk operator platform."))
    errors = []
    latest = regional.current_month()
    month = regional.last_complete_month()
    province = regency = ""
    try:
        if request.GET.get("bulan"):
            month = regional.parse_month(request.GET["bulan"])
            if month > latest:
                month = regional.last_complete_month()
                raise DomainError(_("Bulan itu belum tiba."), code="future_month", status=400)
    except DomainError as error:
        errors.append(error.message)
    try:
        province = regional.check_region(request.GET.get("provinsi"), "province")
        regency = regional.check_region(request.GET.get("kabupaten"), "regency")
    except DomainError as error:
        errors.append(error.message)
    everywhere = regional.mpps_in_region()
    mpps = regional.mpps_in_region(province, regency)
    sort = request.GET.get("urut", "region")
    sort = sort if sort in regional.SORT_KEYS else "region"
    descending = request.GET.get("arah") == "turun"
    rows = regional.sort_rows(regional.compare_mpps(mpps, month), sort, descending)
    labels = _labels()
    columns = [{"key": key, "kind": kind, "label": labels[key]} for key, kind in regional.COLUMNS]
    lines = [
        {"row": row, "cells": [(c["key"], c["kind"], row.figures[c["key"]]) for c in columns]}
        for row in rows
    ]
    context = {
        "month": month,
        "month_value": month.strftime("%Y-%m"),
        "max_month": latest.strftime("%Y-%m"),
        "is_current": month == latest,
        "province": province,
        "regency": regency,
        "choices": regional.regions(everywhere),
        "lines": lines,
        "columns": columns,
        "heads": [
            {
                **head,
                "href": "?"
                + urlencode(
                    {
                        "bulan": month.strftime("%Y-%m"),
                        "provinsi": province,
                        "kabupaten": regency,
                        "urut": head["key"],
                        # a second click on the sorted column turns its order round
                        "arah": "turun" if sort == head["key"] and not descending else "naik",
                    }
                ),
            }
            for head in [{"key": "name", "label": labels["name"], "kind": "text"}, *columns]
        ],
        "sort": sort,
        "descending": descending,
        "errors": errors,
    }
    return render(request, "operations/regional.html", context, status=400 if errors else 200)


urlpatterns: list[URLPattern] = [
    path("operator/perbandingan-mpp/", compare, name="regional"),
]
