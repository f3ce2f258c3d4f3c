"""The supervisor's staffing page (`/staf/kebutuhan-loket/`): the day's advice per service
and hour next to the counters open, and the what-if calculator. For the MPP's own
supervisors (operations.access.staff_staffing_mpp)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from satupintu.accounts.models import User
from satupintu.operations import staffing
from satupintu.operations.access import staff_staffing_mpp
from satupintu.operations.forms import DayForm, WhatIfForm
from satupintu.queueing.tickets.selectors import local_day

WHAT_IF_FIELDS = ("kedatangan", "lama", "loket", "target")


@dataclass
class ServiceLine:
    """One service's hours, in the order of the table's columns (None: nothing that hour)."""

    code: str
    name: str
    cells: list[staffing.StaffingRow | None] = field(default_factory=list)


def table(rows: list[staffing.StaffingRow]) -> tuple[list[int], list[ServiceLine]]:
    """The rows as a service × hour table: the hours that have any row, each service a line."""
    hours = sorted({r.hour for r in rows})
    lines: dict[str, ServiceLine] = {}
    by_key = {(r.service_code, r.hour): r for r in rows}
    for r in rows:
        lines.setdefault(r.service_code, ServiceLine(code=r.service_code, name=r.service_name))
    for line in lines.values():
        line.cells = [by_key.get((line.code, hour)) for hour in hours]
    return hours, list(lines.values())


@login_required
@require_GET
def staffing_day(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    mpp = staff_staffing_mpp(user)
    today = local_day(mpp)
    day_form = DayForm(request.GET if "tanggal" in request.GET else None)
    day = day_form.cleaned_data["tanggal"] if day_form.is_valid() else today
    share, minutes = staffing.staffing_target(mpp)
    asked = any(name in request.GET for name in WHAT_IF_FIELDS)
    what_if = WhatIfForm(
        request.GET if asked else None,
        mpp=mpp,
        initial={"kedatangan": 20, "lama": 10, "loket": 4, "target": minutes},
    )
    hours, lines = table(staffing.staffing_for_day(mpp, day))
    context = {
        "mpp": mpp,
        "day": day,
        "today": today,
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "day_form": day_form if day_form.is_bound else DayForm(initial={"tanggal": day}),
        "hours": hours,
        "lines": lines,
        "target_percent": round(share * 100),
        "target_minutes": minutes,
        "what_if": what_if,
        "outlook": getattr(what_if, "outlook", None) if asked and what_if.is_valid() else None,
    }
    status = (
        422
        if (day_form.is_bound and not day_form.is_valid()) or (asked and not what_if.is_valid())
        else 200
    )
    return render(request, "operations/staffing.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("staf/kebutuhan-loket/", staffing_day, name="staffing"),
]
