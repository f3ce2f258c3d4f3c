"""Open data, public and anonymous (`/data-terbuka/`): the index of published months with
the data dictionary, and each month as CSV and JSON (operations/opendata.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from satupintu.core.errors import DomainError, error_body
from satupintu.operations import opendata
from satupintu.operations.regional import parse_month


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "months": opendata.published_months(),
        "columns": opendata.COLUMNS,
        "licence": opendata.LICENCE,
        "licence_url": opendata.LICENCE_URL,
        "threshold": opendata.THRESHOLD,
        "api_months": "/api/v1/open-data/months",
        "api_month": "/api/v1/open-data/" + _("TTTT-BB"),
    }
    return render(request, "operations/opendata.html", context)


def _month_data(text: str) -> dict:
    return opendata.dataset(parse_month(text))


@require_GET
def month_csv(request: HttpRequest, month: str) -> HttpResponse:
    try:
        data = _month_data(month)
    except DomainError as error:
        return HttpResponse(
            error.message, status=error.status, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(opendata.as_csv(data), content_type="text/csv; charset=utf-8")
    name = f"satupintu-data-terbuka-{data['meta']['month']}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def month_json(request: HttpRequest, month: str) -> HttpResponse:
    try:
        data = _month_data(month)
    except DomainError as error:
        body = error_body(error.status, error.message, error.code)
        return JsonResponse(body, status=error.status)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


urlpatterns: list[URLPattern] = [
    path("data-terbuka/", index, name="open_data"),
    path("data-terbuka/<str:month>.csv", month_csv, name="open_data_csv"),
    path("data-terbuka/<str:month>.json", month_json, name="open_data_json"),
]
