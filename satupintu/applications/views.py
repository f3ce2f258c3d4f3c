"""Pages of online applications: apply, my applications (and revision), public tracking,
the officer's work list and verification screen, file downloads. Views parse, call one
service or selector, render; who may do what is in applications/access.py."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from ninja.errors import Throttled

from satupintu.accounts.models import Role, User
from satupintu.applications import files as file_store
from satupintu.applications import selectors, services
from satupintu.applications.access import (
    access_application,
    access_nik_reveal,
    can_officiate_application,
    can_read_nik_reveals,
    can_reveal_nik,
    staff_applications_mpp,
)
from satupintu.applications.models import Handover, Status
from satupintu.core.errors import DomainError
from satupintu.core.events import bus
from satupintu.core.identifiers import format_phone_national, mask_nik
from satupintu.core.ratelimit import check_rate
from satupintu.core.redraw import open_redraw
from satupintu.core.sse import Fragment, can_stream, db, finite_stream, reader, stream_response
from satupintu.tenancy.selectors import mpp_by_slug


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _errors(exc: ValidationError) -> dict[str, str]:
    """{"applicant.nik": [...]} -> {"applicant_nik": "..."} for the templates."""
    if hasattr(exc, "error_dict"):
        return {k.replace(".", "_"): " ".join(v) for k, v in exc.message_dict.items()}
    return {"form": " ".join(exc.messages)}


# --- citizen: apply ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    user = _user(request)
    if user.role != Role.CITIZEN:
        raise PermissionDenied(_("Permohonan daring diajukan dengan akun warga."))
    mpp = mpp_by_slug(slug)
    try:
        service = services.online_service(mpp, code)
    except ValidationError:
        raise Http404(_("Layanan ini tidak menerima permohonan daring di MPP ini.")) from None
    version = service.current  # type: ignore[attr-defined]
    asks_nib = services.asks_nib(service)
    values = {
        "name": user.full_name,
        "phone": format_phone_national(user.phone or ""),
        "email": user.email or "",
        "nik": "",
        "nib": "",
    }
    errors: dict[str, str] = {}
    answers: dict = {}
    held_key = file_store.held_session_key(mpp.pk, service.code)
    held = file_store.held_in_session(request.session, held_key)
    # the answers given so far (the form redraws its requirements on each answer)
    chosen = selectors.conditions_from_post(version, request.GET)
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        if not asks_nib:
            values["nib"] = ""
        answers = selectors.answers_from_post(services.form_fields(service), request.POST)
        chosen = selectors.conditions_from_post(version, request.POST)
        uploads = {
            slot.key: request.FILES.get(f"file_{slot.key}")
            for slot in selectors.requirement_slots(version)
            if slot.uploadable
        }
        attempt = services.apply_online(
            user=user,
            mpp=mpp,
            service_code=code,
            applicant=services.Applicant(**values),
            fields=answers,
            conditions=chosen,
            uploads=uploads,
            held=held,
        )
        if attempt.application is not None:
            request.session.pop(held_key, None)
            messages.success(
                request,
                _("Permohonan terkirim. Nomor permohonan Anda: %(number)s.")
                % {"number": attempt.application.tracking_number},
            )
            return redirect(
                "applications:mine_detail", application_id=attempt.application.public_id
            )
        errors = _errors(ValidationError(attempt.errors))
        held = attempt.held
        request.session[held_key] = {k: h.as_dict() for k, h in held.items()}
    slots = selectors.slot_rows(version, errors, held=held, chosen=chosen)
    brought = [s for s in slots if not s.uploadable]
    context = {
        "mpp": mpp,
        "service": service,
        "version": version,
        "values": values,
        "errors": errors,
        "asks_nib": asks_nib,
        "questions": selectors.question_rows(version, chosen, errors),
        "form_rows": selectors.form_rows(services.form_fields(service), answers, errors),
        "slots": slots,
        "brought": brought,
        "brought_shown": any(not s.ruled_out for s in brought),
        "max_mb": file_store.max_bytes() // 1048576,
    }
    status = 422 if errors else 200
    return render(request, "applications/apply.html", context, status=status)


@login_required
@require_POST
def hold_file(request: HttpRequest, slug: str, code: str, requirement: str) -> HttpResponse:
    """One file of the apply form, sent on change (htmx) before the form is submitted:
    held in the session like the files of a failed try, so submitting need not send it
    again, and read in the background (reading/) to warn the citizen at once. Without
    JavaScript this is never called and the form sends its files on submit."""
    user = _user(request)
    if user.role != Role.CITIZEN:
        raise PermissionDenied(_("Permohonan daring diajukan dengan akun warga."))
    mpp = mpp_by_slug(slug)
    try:
        service = services.online_service(mpp, code)
    except ValidationError:
        raise Http404(_("Layanan ini tidak menerima permohonan daring di MPP ini.")) from None
    held_key = file_store.held_session_key(mpp.pk, service.code)
    held = file_store.held_in_session(request.session, held_key)
    context = {"mpp": mpp, "service": service, "key": requirement}
    try:
        check_rate("application-hold", str(user.pk), "120/h")  # each file held is read (OCR)
    except Throttled:
        # the file still goes with the form on submit; 200 so htmx shows why nothing came
        context["error"] = _("Terlalu banyak permintaan. Coba lagi sebentar lagi.")
        return render(request, "applications/_held_file.html", context)
    try:
        item = services.hold_upload(
            mpp=mpp,
            version=service.current,  # type: ignore[attr-defined]
            requirement=requirement,
            upload=request.FILES.get(f"file_{requirement}"),
            before=held.get(requirement),
        )
    except ValidationError as exc:
        context["error"] = " ".join(exc.messages)
        # 200 so htmx swaps the message in (it leaves 4xx answers unswapped)
        return render(request, "applications/_held_file.html", context)
    held[requirement] = item
    request.session[held_key] = {k: h.as_dict() for k, h in held.items()}
    context["held_name"] = item.original_name
    return render(request, "applications/_held_file.html", context)


# --- citizen: my applications, revision --------------------------------------------------


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.my_applications(_user(request))[:100])
    return render(request, "applications/mine.html", {"applications": rows})


@login_required
@require_http_methods(["GET", "POST"])
def mine_detail(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    application = access_application(user, application_id)
    if application.user_id != user.pk:
        return redirect("applications:verify", application_id=application.public_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "upload":
                key = request.POST.get("requirement", "")
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError({f"files.{key}": [_("Pilih berkas terlebih dahulu.")]})
                services.add_file(
                    user=user, application=application, requirement=key, upload=upload
                )
                messages.success(request, _("Berkas tersimpan."))
            elif action == "submit":
                services.submit_application(user=user, application=application)
                messages.success(request, _("Permohonan diajukan."))
            elif action == "resubmit":
                services.resubmit_application(user=user, application=application)
                messages.success(request, _("Perbaikan terkirim. Petugas akan memeriksanya."))
            elif action == "withdraw":
                services.withdraw_application(user=user, application=application)
                messages.info(request, _("Permohonan dibatalkan."))
            else:
                raise ValidationError(_("Tindakan tidak dikenal."))
        except ValidationError as exc:
            errors = _errors(exc)
        except DomainError as exc:
            errors = {"form": exc.message}
        else:
            return redirect("applications:mine_detail", application_id=application.public_id)
        application = access_application(user, application_id)
    view = selectors.application_view(application, user)
    context = {
        "view": view,
        "application": application,
        "errors": errors,
        "slots": selectors.slot_rows(application.version, errors, view.slots),
        "can_upload_any": application.status == Status.DRAFT,
        "max_mb": file_store.max_bytes() // 1048576,
    }
    return render(request, "applications/detail.html", context, status=422 if errors else 200)


@login_required
@require_GET
def download(request: HttpRequest, application_id: uuid.UUID, file_id: int) -> FileResponse:
    application = access_application(_user(request), application_id)
    item = application.files.filter(pk=file_id).first()
    if item is None:
        raise Http404(_("Berkas tidak ditemukan."))
    try:
        handle = file_store.storage().open(item.storage_name, "rb")
    except FileNotFoundError:  # destroyed past its retention (documents/archive.py)
        raise Http404(
            _("Berkas ini sudah dimusnahkan karena masa retensi arsipnya berakhir.")
        ) from None
    response = FileResponse(
        handle,
        content_type=item.content_type,
        as_attachment=item.content_type == "application/pdf" and "lihat" not in request.GET,
        filename=item.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; script-src 'none'; style-src 'none'"
    )
    return response


# --- public tracking ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    found = None
    error = ""
    number = request.POST.get("nomor", "") if request.method == "POST" else ""
    if request.method == "POST":
        check_rate("application-track", request.META.get("REMOTE_ADDR", ""), "60/h")
        found = selectors.track(number, request.POST.get("telepon", ""))
        if found is None:
            error = _(
                "Permohonan tidak ditemukan. Periksa kembali nomor permohonan dan 4 angka "
                "terakhir nomor telepon yang Anda daftarkan."
            )
    context = {"found": found, "error": error, "number": number[:20]}
    return render(request, "applications/track.html", context, status=404 if error else 200)


def _draw_tracking(public_id: uuid.UUID, language: str) -> dict[str, str] | None:
    found = selectors.tracking_by_public_id(public_id)
    if found is None:
        return None
    with translation.override(language):
        return {"status": render_to_string("applications/track.html#status", {"found": found})}


@require_GET
async def track_events(request: HttpRequest, application_id: uuid.UUID) -> HttpResponseBase:
    """The tracking result's status, drawn again when the application moves on by itself
    (its bill is paid: "menunggu pembayaran" becomes "lunas"), over Server-Sent Events.
    Through a WSGI server or the test client: drawn once, then the end (a slow poll)."""
    language = request.LANGUAGE_CODE
    run = reader(request)
    if not can_stream(request):
        drawing = await run(_draw_tracking, application_id, language)
        if drawing is None:
            raise Http404
        cursor = bus().hub.last_id
        return finite_stream([Fragment(cursor, part, html) for part, html in drawing.items()])
    source = await open_redraw(
        [f"application:{application_id}"],
        lambda: db(_draw_tracking, application_id, language),
    )
    if source is None:
        raise Http404
    return stream_response(source)


# --- officers -----------------------------------------------------------------------------


@login_required
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mpp = staff_applications_mpp(user)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    service_code = request.GET.get("layanan", "")[:10]
    overdue = request.GET.get("terlambat") == "1"
    rows = selectors.worklist(user, mpp, status=status, service_code=service_code, overdue=overdue)
    context = {
        "mpp": mpp,
        "rows": rows,
        "statuses": [(v, label) for v, label in Status.choices if v != Status.DRAFT],
        "services": selectors.online_services_for(user, mpp),
        "chosen": {"status": status, "service": service_code, "overdue": overdue},
        "nik_reveals": selectors.nik_reveals(mpp) if can_read_nik_reveals(user, mpp) else None,
    }
    return render(request, "applications/staff/worklist.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    application = access_application(user, application_id)
    if not can_officiate_application(user, application):
        return redirect("applications:mine_detail", application_id=application.public_id)
    if request.method == "POST" and request.POST.get("action") == "reveal_nik":
        return _reveal_nik(request, user, application_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            _officer_action(request, user, application)
        except ValidationError as exc:
            errors = _errors(exc)
        except (DomainError, PermissionDenied) as exc:
            errors = {"form": str(getattr(exc, "message", "") or exc)}
        else:
            messages.success(request, _("Tersimpan."))
            return redirect("applications:verify", application_id=application.public_id)
        application = access_application(user, application_id)
    return _verify_page(request, user, application, errors=errors)


def _reveal_nik(request: HttpRequest, user: User, application_id: uuid.UUID) -> HttpResponse:
    """The verification screen with the full NIK, for an officer of the agency (403 for
    a supervisor); each reveal is logged. Answered to the POST itself, never stored."""
    application = access_nik_reveal(user, application_id)
    revealed = services.reveal_nik(
        user=user,
        application=application,
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("user-agent", ""),
        nik_fields=selectors.nik_field_keys(services.form_fields(application.service)),
    )
    response = _verify_page(request, user, application, revealed=revealed)
    response["Cache-Control"] = "private, no-store"
    return response


def _verify_page(
    request: HttpRequest,
    user: User,
    application,
    *,
    errors: dict[str, str] | None = None,
    revealed: services.RevealedNik | None = None,
) -> HttpResponse:
    errors = errors or {}
    view = selectors.application_view(application, user)
    masked = mask_nik(application.applicant_nik) if application.applicant_nik else ""
    fields = services.form_fields(application.service)
    context = {
        "view": view,
        "application": application,
        "nik": revealed.nik if revealed else masked,
        "nik_revealed": revealed,
        "nik_revealed_at": timezone.localtime(revealed.at, application.mpp.tzinfo)
        if revealed
        else None,
        "can_reveal_nik": can_reveal_nik(user, application)
        and bool(application.applicant_nik or selectors.nik_field_keys(fields)),
        "phone": format_phone_national(application.applicant_phone),
        "answers": selectors.answer_rows(
            fields, application, revealed.fields if revealed else None
        ),
        "conditions": selectors.condition_rows(application),
        "errors": errors,
        "handover_methods": Handover.choices,
        "post": request.POST if errors else {},
    }
    return render(request, "applications/staff/verify.html", context, status=422 if errors else 200)


def _officer_action(request: HttpRequest, user: User, application) -> None:
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    if action == "decide":
        decisions = [
            services.FileDecision(
                key,
                request.POST.get(f"decision_{key}") == "accepted",
                request.POST.get(f"reason_{key}", ""),
            )
            for key in request.POST.getlist("requirement")
            if request.POST.get(f"decision_{key}") in {"accepted", "rejected"}
        ]
        if not decisions:
            raise ValidationError(_("Pilih diterima atau perlu diganti untuk setiap berkas."))
        services.decide_files(user=user, application=application, decisions=decisions)
    elif action == "start_verification":
        services.start_verification(user=user, application=application)
    elif action == "request_revision":
        services.request_revision(user=user, application=application, note=note)
    elif action == "verify":
        services.verify_application(user=user, application=application, note=note)
    elif action in {"process", "mark_ready"}:
        services.advance_application(user=user, application=application, note=note)
    elif action == "reject":
        services.reject_application(
            user=user, application=application, reason=request.POST.get("reason", "")
        )
    elif action == "hand_over":
        services.hand_over(
            user=user,
            application=application,
            method=request.POST.get("method", ""),
            recipient=request.POST.get("recipient", ""),
            courier=request.POST.get("courier", ""),
            receipt_number=request.POST.get("receipt_number", ""),
        )
    else:
        raise ValidationError(_("Tindakan tidak dikenal."))
