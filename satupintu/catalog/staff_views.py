"""Staff catalog pages (/staf/katalog/): read for officers and supervisors, edit, add,
import and export for supervisors. Who may do what is decided in
catalog/access.py; what happens is in catalog/services.py and catalog/transfer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from satupintu.accounts.models import User
from satupintu.catalog import transfer
from satupintu.catalog.access import (
    access_catalog_service,
    can_edit_catalog,
    catalog_agency_scope,
    staff_catalog_mpp,
)
from satupintu.catalog.models import ServiceVersion
from satupintu.catalog.selectors import (
    StaffView,
    fee_label,
    local_today,
    processing_time_label,
    rupiah,
    staff_catalog,
    staff_service,
)
from satupintu.catalog.services import create_service, revise_service
from satupintu.catalog.staff_forms import LISTS, Editor, ImportForm
from satupintu.catalog.standard import VersionMeta, content_of, settings_of
from satupintu.tenancy.selectors import booths_at


def _user(request: HttpRequest) -> User:
    """The signed-in user: every view here is login_required."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


@login_required
@require_GET
def catalog_list(request: HttpRequest) -> HttpResponse:
    mpp = staff_catalog_mpp(_user(request))
    scope = catalog_agency_scope(_user(request), mpp)
    booths = list(booths_at(mpp)) if scope is None else []
    chosen = request.GET.get("instansi", "")
    agency_id = scope
    if scope is None and chosen:
        agency_id = next((b.agency_id for b in booths if b.agency.code == chosen), -1)
    context = {
        "mpp": mpp,
        "services": staff_catalog(mpp, agency_id=agency_id),
        "can_edit": can_edit_catalog(_user(request), mpp),
        "booths": booths,
        "chosen": chosen,
        "formats": transfer.FORMATS,
    }
    return render(request, "catalog/staff/list.html", context)


@login_required
@require_GET
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    service = access_catalog_service(_user(request), code)
    view = staff_service(service)
    shown = view.current or view.latest
    context = {
        "view": view,
        "shown": shown,
        "fee": fee_label(shown),
        "time": processing_time_label(shown),
        "variants": [(f, rupiah(f.amount_rupiah)) for f in shown.fee_variants.all()],
        "today": local_today(service.mpp),
        "can_edit": can_edit_catalog(_user(request), service.mpp),
    }
    return render(request, "catalog/staff/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, code: str) -> HttpResponse:
    service = access_catalog_service(_user(request), code, edit=True)
    view = staff_service(service)
    if request.method == "GET":
        editor = Editor.start(
            service.mpp,
            content=content_of(view.latest),
            settings=settings_of(service),
            meta={"based_on": view.latest.number, "effective_from": local_today(service.mpp)},
        )
        return _editor_page(request, editor, view=view)
    editor = Editor.bind(service.mpp, request.POST)
    if request.POST.get("tambah") in LISTS:
        editor = editor.with_row_added(service.mpp, request.POST["tambah"])
    elif editor.is_valid():
        try:
            version = revise_service(
                service=service,
                content=editor.content(),
                settings=editor.service_settings(),
                meta=editor.version_meta(),
                author=_user(request),
                based_on=editor.based_on(),
            )
        except ValidationError as refusal:
            editor.refuse(" ".join(refusal.messages))
        else:
            messages.success(request, _published(version, service.code))
            return redirect("catalog_staff:detail", code=service.code)
    return _editor_page(request, editor, view=view)


@login_required
@require_http_methods(["GET", "POST"])
def service_new(request: HttpRequest) -> HttpResponse:
    mpp = staff_catalog_mpp(_user(request), edit=True)
    if request.method == "GET":
        editor = Editor.start(
            mpp, content=None, settings=None, meta={"effective_from": local_today(mpp)}, new=True
        )
        return _editor_page(request, editor)
    editor = Editor.bind(mpp, request.POST, new=True)
    if request.POST.get("tambah") in LISTS:
        editor = editor.with_row_added(mpp, request.POST["tambah"])
    elif editor.is_valid() and editor.identity is not None:
        identity = editor.identity.cleaned_data
        settings = editor.service_settings()
        try:
            service = create_service(
                mpp=mpp,
                agency=identity["agency"],
                code=identity["code"],
                standard_key=editor.standard_key(),
                category=editor.settings.cleaned_data["category"],
                content=editor.content(),
                meta=editor.version_meta(),
                author=_user(request),
                uses_queue=settings.uses_queue,
                uses_appointment=settings.uses_appointment,
                online_application=settings.online_application,
                fully_online=settings.fully_online,
            )
        except (ValidationError, IntegrityError):
            editor.refuse(
                _(
                    "Kode layanan atau kunci nasional ini sudah dipakai layanan lain di MPP "
                    "ini. Pilih kode atau kunci lain."
                )
            )
        else:
            messages.success(request, _("Layanan %(code)s ditambahkan.") % {"code": service.code})
            return redirect("catalog_staff:detail", code=service.code)
    return _editor_page(request, editor)


def _editor_page(
    request: HttpRequest, editor: Editor, *, view: StaffView | None = None
) -> HttpResponse:
    context = {
        "editor": editor,
        "view": view,
        "lists": {name: (spec, editor.lists[name]) for name, spec in LISTS.items()},
        "summary": editor.error_summary(),
    }
    return render(request, "catalog/staff/edit.html", context)


def _published(version: ServiceVersion | None, code: str) -> str:
    if version is None:
        return _("Kategori dan saluran layanan %(code)s disimpan.") % {"code": code}
    return _("Versi %(number)s layanan %(code)s diterbitkan, berlaku sejak %(date)s.") % {
        "number": version.number,
        "code": code,
        "date": date_format(version.effective_from, "j F Y"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def catalog_import(request: HttpRequest) -> HttpResponse:
    mpp = staff_catalog_mpp(_user(request), edit=True)
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = transfer.import_catalog(
                mpp=mpp,
                data=upload.read(transfer.MAX_BYTES + 1),
                filename=upload.name,
                meta=VersionMeta(
                    reason=form.cleaned_data["reason"],
                    effective_from=form.cleaned_data["effective_from"],
                ),
                author=_user(request),
                dry_run=request.POST.get("action") != "impor",
            )
            if report.ok and not report.dry_run:
                messages.success(request, _imported(report))
                return redirect("catalog_staff:list")
    else:
        form = ImportForm(initial={"effective_from": local_today(mpp)})
    context = {
        "form": form,
        "report": report,
        "max_mb": transfer.MAX_BYTES // (1024 * 1024),
        "columns": transfer.column_help(),
    }
    return render(request, "catalog/staff/import.html", context)


def _imported(report: transfer.ImportReport) -> str:
    return _("Impor selesai: %(created)s baru, %(updated)s berubah, %(unchanged)s tetap.") % {
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
    }


@login_required
@require_GET
def catalog_export(request: HttpRequest, fmt: str) -> HttpResponse:
    mpp = staff_catalog_mpp(_user(request), edit=True)
    response = HttpResponse(
        transfer.export_catalog(mpp, fmt), content_type=transfer.content_type(fmt)
    )
    response["Content-Disposition"] = f'attachment; filename="{transfer.export_filename(mpp, fmt)}"'
    return response
