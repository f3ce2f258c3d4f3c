"""The officers' pages: the work list (`/staf/pengaduan/`), one complaint with the actions
its reader's role may take, and recording a spoken or paper complaint at the desk. Who may
see and do what is in access.py; each action is one service call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from satupintu.accounts.models import User
from satupintu.complaints import selectors, services
from satupintu.complaints.access import (
    access_complaint,
    desk_mpp,
    is_complaint_officer,
    staff_complaints_mpp,
)
from satupintu.complaints.models import Category, Channel, Kind, Pace
from satupintu.complaints.pages.citizen import errors_of
from satupintu.complaints.workflow import AGENCY, DESK
from satupintu.core.errors import DomainError
from satupintu.tenancy.models import Agency
from satupintu.tenancy.selectors import agencies_at

# What each action's button says to the officer.
BUTTONS = {
    "verify": gettext_lazy("Verifikasi"),
    "postpone": gettext_lazy("Minta keterangan pelapor"),
    "forward": gettext_lazy("Teruskan ke instansi"),
    "follow_up": gettext_lazy("Mulai tindak lanjut"),
    "answer": gettext_lazy("Kirim jawaban"),
    "close": gettext_lazy("Tutup laporan"),
    "reject": gettext_lazy("Tolak dengan alasan"),
    "merge": gettext_lazy("Gabungkan"),
    "refer": gettext_lazy("Bukan kewenangan: teruskan ke SP4N-LAPOR!"),
    "reopen_accept": gettext_lazy("Kabulkan, buka kembali"),
    "reopen_refuse": gettext_lazy("Tolak permintaan"),
}


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mpp = staff_complaints_mpp(user)
    role = DESK if is_complaint_officer(user, mpp) else AGENCY
    sections = selectors.worklist(mpp, role=role, agency_id=user.agency_id)
    context = {"mpp": mpp, "role": role, "sections": sections}
    return render(request, "complaints/staff/worklist.html", context)


def _agency(mpp, raw: str) -> Agency | None:
    if not raw.isdigit():
        return None
    return agencies_at(mpp).filter(pk=int(raw)).first()


def _act(request: HttpRequest, user: User, complaint, action: str) -> None:
    """Run the action the form names; raise ValidationError/DomainError when refused."""
    post = request.POST
    note = post.get("catatan", "")
    common = {"user": user, "complaint": complaint}
    if action == "verify":
        services.verify_complaint(
            **common,
            category=post.get("kategori", ""),
            agency=_agency(complaint.mpp, post.get("instansi", "")),
            pace=post.get("kelas", ""),
            note=note,
        )
    elif action == "postpone":
        services.postpone_complaint(**common, question=note)
    elif action == "forward":
        services.forward_complaint(**common, note=note)
    elif action == "follow_up":
        services.start_follow_up(**common, note=note)
    elif action == "answer":
        services.answer_complaint(**common, answer=post.get("jawaban", ""))
    elif action == "close":
        services.close_complaint(**common, note=note)
    elif action == "reject":
        services.reject_complaint(**common, reason=note)
    elif action == "merge":
        services.merge_complaint(**common, into_code=post.get("gabung_ke", ""))
    elif action == "refer":
        services.refer_complaint(**common, note=note)
    elif action in {"reopen_accept", "reopen_refuse"}:
        services.decide_reopen(**common, accept=action == "reopen_accept", note=note)
    else:
        raise DomainError(_("Tindakan tidak dikenal."), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, tracking_code: str) -> HttpResponse:
    user = _user(request)
    complaint, role = access_complaint(user, tracking_code)
    errors: dict[str, str] = {}
    if request.method == "POST":
        action = request.POST.get("aksi", "")
        if action not in BUTTONS:
            action = ""
        try:
            _act(request, user, complaint, action)
        except ValidationError as exc:
            errors = errors_of(exc)
        except DomainError as exc:
            errors = {"form": exc.message}
        else:
            messages.success(request, _("Tersimpan: %(what)s.") % {"what": BUTTONS[action]})
            return redirect("complaints:staff_detail", complaint.tracking_code)
    view = selectors.officer_view(complaint, role)
    agencies = agencies_at(complaint.mpp)
    context = {
        "mpp": complaint.mpp,
        "view": view,
        "complaint": complaint,
        "errors": errors,
        "categories": Category.choices,
        "paces": Pace.choices,
        "agencies": agencies if role == DESK else [],
        "files": list(complaint.files.all()),
        "buttons": BUTTONS,
    }
    return render(request, "complaints/staff/detail.html", context, status=422 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest) -> HttpResponse:
    """The desk writes down a complaint told at the desk (lisan) or brought on paper."""
    user = _user(request)
    mpp = desk_mpp(user, staff_complaints_mpp(user))
    post = request.POST
    values = {
        "kind": post.get("jenis", Kind.COMPLAINT),
        "channel": post.get("saluran", Channel.SPOKEN),
        "text": post.get("isi", ""),
        "name": post.get("nama", ""),
        "phone": post.get("telepon", ""),
        "email": post.get("email", ""),
        "anonymous": post.get("anonim") == "1",
        "confidential": post.get("rahasia") == "1",
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            complaint = services.submit_complaint(
                mpp=mpp,
                kind=values["kind"],
                channel=values["channel"],
                text=values["text"],
                reporter=services.Reporter(
                    name=values["name"], phone=values["phone"], email=values["email"]
                ),
                anonymous=values["anonymous"],
                confidential=values["confidential"],
                uploads=request.FILES.getlist("lampiran"),
                recorded_by=user,
            )
        except ValidationError as exc:
            errors = errors_of(exc)
        else:
            messages.success(
                request,
                _("Laporan dicatat dengan kode lacak %(code)s. Berikan kode ini kepada pelapor.")
                % {"code": complaint.tracking_code},
            )
            return redirect("complaints:staff_detail", complaint.tracking_code)
    context = {
        "mpp": mpp,
        "values": values,
        "errors": errors,
        "kinds": Kind.choices,
        "channels": [(v, label) for v, label in Channel.choices if v != Channel.WEB],
    }
    return render(request, "complaints/staff/record.html", context, status=422 if errors else 200)


urlpatterns: list[URLPattern] = [
    path("staf/pengaduan/", worklist, name="staff_worklist"),
    path("staf/pengaduan/catat/", record, name="staff_record"),
    path("staf/pengaduan/<str:tracking_code>/", detail, name="staff_detail"),
]
