"""The reporter's pages: the complaint form (reached from the QR code on the ticket and on
every service page) and the tracking page with the reopen request."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from satupintu.catalog.selectors import local_today, version_in_force
from satupintu.complaints import selectors, services
from satupintu.complaints.models import Kind, Reopen, Status
from satupintu.complaints.stats import month_stats
from satupintu.core.errors import DomainError
from satupintu.core.ratelimit import check_rate
from satupintu.tenancy.selectors import mpp_by_slug

SUBMIT_RATE = "10/h"


def errors_of(exc: ValidationError) -> dict[str, str]:
    """{"reporter.name": [...]} -> {"reporter_name": "..."} for the templates."""
    if hasattr(exc, "error_dict"):
        return {k.replace(".", "_"): " ".join(v) for k, v in exc.message_dict.items()}
    return {"form": " ".join(exc.messages)}


@require_http_methods(["GET", "POST"])
def form(request: HttpRequest, slug: str) -> HttpResponse:
    mpp = mpp_by_slug(slug)
    source = request.POST if request.method == "POST" else request.GET
    service = selectors.service_named(mpp, source.get("layanan", ""))
    values = {
        "kind": source.get("jenis", Kind.COMPLAINT),
        "text": source.get("isi", ""),
        "name": source.get("nama", ""),
        "phone": source.get("telepon", ""),
        "email": source.get("email", ""),
        "anonymous": source.get("anonim") == "1",
        "confidential": source.get("rahasia") == "1",
        "ticket": source.get("tiket", "")[:40],
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        check_rate("complaint-submit", request.META.get("REMOTE_ADDR", ""), SUBMIT_RATE)
        try:
            complaint = services.submit_complaint(
                mpp=mpp,
                kind=values["kind"],
                text=values["text"],
                service=service,
                ticket_id=values["ticket"] or None,
                reporter=services.Reporter(
                    name=values["name"], phone=values["phone"], email=values["email"]
                ),
                anonymous=values["anonymous"],
                confidential=values["confidential"],
                uploads=request.FILES.getlist("lampiran"),
                citizen=request.user,
            )
        except ValidationError as exc:
            errors = errors_of(exc)
        else:
            return redirect(reverse("complaints:track", args=[complaint.tracking_code]) + "?baru=1")
    version = version_in_force(service) if service is not None else None
    context = {
        "mpp": mpp,
        "service": service,
        "service_name": version.name if version is not None else "",
        "values": values,
        "errors": errors,
        "kinds": Kind.choices,
    }
    return render(request, "complaints/citizen/form.html", context, status=422 if errors else 200)


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, tracking_code: str) -> HttpResponse:
    check_rate("complaint-track", request.META.get("REMOTE_ADDR", ""), "120/h")
    complaint = selectors.by_tracking_code(tracking_code)
    if complaint is None:
        raise Http404(_("Laporan tidak ditemukan. Periksa kembali kode lacak Anda."))
    if complaint.tracking_code != tracking_code:
        return redirect("complaints:track", complaint.tracking_code)
    errors: dict[str, str] = {}
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("alasan", "")
        try:
            services.request_reopen(code=complaint.tracking_code, reason=reason)
        except ValidationError as exc:
            errors = errors_of(exc)
        except DomainError as exc:
            errors = {"reason": exc.message}
        else:
            return redirect("complaints:track", complaint.tracking_code)
    context = {
        "complaint": complaint,
        "mpp": complaint.mpp,
        "history": selectors.public_history(complaint),
        "deadline": selectors.current_deadline(complaint),
        "new": request.GET.get("baru") == "1",
        "can_reopen": complaint.status in {Status.ANSWERED, Status.CLOSED}
        and complaint.reopen == Reopen.NONE,
        "errors": errors,
        "reason": reason,
    }
    return render(request, "complaints/citizen/track.html", context, status=422 if errors else 200)


def publication(request: HttpRequest, slug: str) -> HttpResponse:
    """The month's complaints in numbers (no personal data); last month by default."""
    mpp = mpp_by_slug(slug)
    today = local_today(mpp)
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    month = last
    raw = request.GET.get("bulan", "")
    if re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", raw):
        month = dt.date(int(raw[:4]), int(raw[5:]), 1)
    months, first = [], today.replace(day=1)
    for _i in range(12):
        months.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    context = {"mpp": mpp, "stats": month_stats(mpp, month), "month": month, "months": months}
    return render(request, "complaints/citizen/stats.html", context)


def lookup(request: HttpRequest) -> HttpResponse:
    """Type a tracking code, land on its page."""
    code = request.GET.get("kode", "")
    error = ""
    if code:
        found = selectors.by_tracking_code(code)
        if found is not None:
            return redirect("complaints:track", found.tracking_code)
        error = _("Kode lacak tidak ditemukan. Periksa kembali, misalnya 7K3M-9QXD-2FHT.")
    return render(request, "complaints/citizen/lookup.html", {"code": code, "error": error})


urlpatterns: list[URLPattern] = [
    path("mpp/<slug:slug>/pengaduan/", form, name="form"),
    path("mpp/<slug:slug>/pengaduan/statistik/", publication, name="stats"),
    path("pengaduan/lacak/", lookup, name="lookup"),
    path("pengaduan/lacak/<str:tracking_code>/", track, name="track"),
]
