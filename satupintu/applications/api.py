"""Online applications over JSON, for the mobile app: citizens create, upload, submit and
track; officers of the agency verify and move applications on. Each endpoint fetches the
application through `applications.access.access_application`, calls one service and
answers with the same view the pages use."""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt
import uuid
from typing import Annotated, Any, Literal, cast

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.applications import selectors, services
from satupintu.applications.access import access_application, access_nik_reveal
from satupintu.applications.models import Application, NikReveal
from satupintu.core.api import ERRORS, PUBLIC_ERRORS, WRITE_ERRORS, ErrorOut, MppSlug, Text
from satupintu.core.identifiers import mask_nik
from satupintu.core.ratelimit import check_rate
from satupintu.tenancy.selectors import mpp_by_slug

router = Router(tags=["Permohonan daring"])

CREATE_RATE = getattr(settings, "APPLICATION_CREATE_RATE", "30/d")
TRACK_RATE_ADDRESS = getattr(settings, "APPLICATION_TRACK_RATE_ADDRESS", "60/h")
TRACK_RATE_NUMBER = getattr(settings, "APPLICATION_TRACK_RATE_NUMBER", "20/h")

ACTION_ERRORS = {**WRITE_ERRORS, 409: ErrorOut}
ApplicationId = Annotated[uuid.UUID, Path(description="Id permohonan (UUID dari saat dibuat).")]
StatusCode = Literal[
    "draft",
    "submitted",
    "verifying",
    "needs_revision",
    "verified",
    "awaiting_payment",
    "processing",
    "ready",
    "completed",
    "rejected",
    "withdrawn",
]
DecisionCode = Literal["pending", "accepted", "rejected"]
HandoverMethod = Literal["", "pickup", "delivery"]
Note = Annotated[str, Field("", max_length=500, pattern=r"^[^\x00]*$")]


class ApplicantIn(Schema):
    name: Text = Field(max_length=150, examples=["Siti Aminah"])
    nik: str = Field(
        "", pattern=r"^[0-9 .-]{0,24}$", description="NIK 16 angka (atau isi `nib`).",
        examples=["3302014501900001"],
    )  # fmt: skip
    nib: str = Field("", pattern=r"^[0-9 ]{0,16}$", description="NIB 13 angka (pelaku usaha).")
    phone: str = Field(pattern=r"^\+?[0-9][0-9 ()-]{5,23}$", examples=["081234567890"])
    email: str = Field("", max_length=254, pattern=r"^[^\x00]*$")


class ApplicationIn(Schema):
    service: str = Field(
        pattern=r"^[A-Z]{1,3}\d{2,3}$", max_length=10, description="Kode layanan, mis. `A05`."
    )
    applicant: ApplicantIn
    fields: dict[str, Any] = Field(
        default_factory=dict, description="Isian formulir layanan (lihat `form` pada layanan)."
    )
    conditions: dict[str, str] = Field(
        default_factory=dict,
        description="Jawaban pertanyaan syarat layanan ({pertanyaan: pilihan}, lihat `questions` "
        "pada layanan); menentukan persyaratan yang berlaku.",
    )


class FileReadingOut(Schema):
    """What the offline OCR read on the file (reading/), compared with the applicant's
    NIK, name and birth date; `null` until a reading exists (or when it failed)."""

    status: Literal["pending", "match", "mismatch", "unreadable"]
    kind: Literal["ktp", "kk", "akta", "pengantar", "other", ""]
    expected_kind: Literal["ktp", "kk", "akta", "pengantar", "other", ""]
    wrong_kind: bool
    nik: str = Field(description="NIK terbaca, disamarkan seperti NIK pemohon.")
    name: str
    birth_date: dt.date | None
    checks: dict[str, str] = Field(description="Hasil per isian: nik, name, birth_date, kind.")


class FileOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    decision: DecisionCode
    reason: str
    uploaded_at: dt.datetime
    reading: FileReadingOut | None = None


class ApplicationRequirementOut(Schema):
    key: str
    name: str
    notes: str
    uploadable: bool
    optional: bool
    file_types: str
    file: FileOut | None


class HistoryOut(Schema):
    at: dt.datetime
    label: str
    status: StatusCode
    status_label: str
    note: str


class DeadlineOut(Schema):
    due_date: dt.date | None
    working_days_left: int | None
    paused: bool
    overdue: bool
    label: str


class HandoverOut(Schema):
    method: HandoverMethod
    recipient: str
    courier: str
    receipt_number: str


class ApplicantOut(Schema):
    name: str
    nik: str = Field(description="Disamarkan, mis. 3302********0001.")
    nib: str
    phone: str
    email: str


class ApplicationOut(Schema):
    id: uuid.UUID
    tracking_number: str
    status: StatusCode
    status_label: str
    service: str
    service_name: str
    mpp: str
    applicant: ApplicantOut
    fields: dict[str, Any] = Field(description="Isian formulir; isian NIK disamarkan.")
    conditions: dict[str, str] = Field(
        default_factory=dict, description="Jawaban pertanyaan syarat: {pertanyaan: pilihan}."
    )
    submitted_at: dt.datetime | None
    deadline: DeadlineOut
    next_step: str
    requirements: list[ApplicationRequirementOut]
    history: list[HistoryOut]
    actions: list[str] = Field(description="Tindakan yang boleh Anda lakukan sekarang.")
    rejection_reason: str
    handover: HandoverOut


class NikRevealOut(Schema):
    nik: str = Field(description="NIK lengkap pemohon (kosong bila pemohon memakai NIB).")
    fields: dict[str, str] = Field(description="Isian NIK formulir layanan, lengkap, per kunci.")
    revealed_at: dt.datetime = Field(description="Waktu pembukaan yang dicatat.")


class TrackOut(Schema):
    tracking_number: str
    service: str
    mpp: str
    status: StatusCode
    status_label: str
    next_step: str
    due_date: dt.date | None
    history: list[HistoryOut]
    rejected_requirements: list[str]
    handover: HandoverOut


class DecisionIn(Schema):
    requirement: str = Field(pattern=r"^p\d{1,4}$", examples=["p1"])
    accepted: bool
    reason: Note


class DecisionsIn(Schema):
    decisions: list[DecisionIn] = Field(min_length=1, max_length=50)


class ApplicationNoteIn(Schema):
    note: Note


class RejectIn(Schema):
    reason: str = Field(min_length=1, max_length=500, pattern=r"^[^\x00]*$")


class HandoverIn(Schema):
    method: Literal["pickup", "delivery"]
    recipient: str = Field("", max_length=150, pattern=r"^[^\x00]*$")
    courier: str = Field("", max_length=80, pattern=r"^[^\x00]*$")
    receipt_number: str = Field("", max_length=60, pattern=r"^[^\x00]*$")


def _history(rows) -> list[HistoryOut]:
    return [HistoryOut(**row.__dict__) for row in rows]


# Stored choice values as the schemas' Literals (the schemas validate them).
def _status(value: str) -> StatusCode:
    return cast(StatusCode, value)


def _decision(value: str) -> DecisionCode:
    return cast(DecisionCode, value)


def _handover(method: str, recipient: str, courier: str, receipt: str) -> HandoverOut:
    return HandoverOut(
        method=cast(HandoverMethod, method),
        recipient=recipient,
        courier=courier,
        receipt_number=receipt,
    )


def _reading(item) -> FileReadingOut | None:
    """The file's reading (the reading app's `FileReading`, reached through its relation:
    that app sits above this one)."""
    found = getattr(item, "reading", None)
    if found is None:
        return None
    return FileReadingOut(
        status=found.status,
        kind=found.kind,
        expected_kind=found.expected_kind,
        wrong_kind=found.wrong_kind,
        nik=mask_nik(found.nik) if found.nik else "",
        name=found.name,
        birth_date=found.birth_date,
        checks=found.checks or {},
    )


def application_out(application: Application, user) -> ApplicationOut:
    view = selectors.application_view(application, user)
    a = application
    return ApplicationOut(
        id=a.public_id,
        tracking_number=a.tracking_number,
        status=_status(a.status),
        status_label=a.get_status_display(),
        service=a.service.code,
        service_name=a.version.name,
        mpp=a.mpp.slug,
        applicant=ApplicantOut(
            name=a.applicant_name,
            nik=mask_nik(a.applicant_nik) if a.applicant_nik else "",
            nib=a.applicant_nib,
            phone=a.applicant_phone,
            email=a.applicant_email,
        ),
        fields=selectors.masked_answers(services.form_fields(a.service), a.fields),
        conditions=a.conditions or {},
        submitted_at=a.submitted_at,
        deadline=DeadlineOut(
            due_date=view.deadline.due,
            working_days_left=view.deadline.days_left,
            paused=view.deadline.paused,
            overdue=view.deadline.overdue,
            label=view.deadline.label,
        ),
        next_step=view.next_step,
        requirements=[
            ApplicationRequirementOut(
                key=s.key,
                name=s.name,
                notes=s.notes,
                uploadable=s.uploadable,
                optional=s.optional,
                file_types=s.file_types,
                file=None
                if s.file is None
                else FileOut(
                    id=s.file.pk,
                    name=s.file.original_name,
                    content_type=s.file.content_type,
                    size=s.file.size,
                    sha256=s.file.sha256,
                    decision=_decision(s.file.decision),
                    reason=s.file.reason,
                    uploaded_at=s.file.uploaded_at,
                    reading=_reading(s.file),
                ),
            )
            for s in view.slots
        ],
        history=_history(view.history),
        actions=view.actions,
        rejection_reason=a.rejection_reason,
        handover=_handover(a.handover_method, a.handover_recipient, a.courier, a.receipt_number),
    )


def _fetch(request: HttpRequest, application_id: uuid.UUID) -> tuple[Any, Application]:
    user = acting_user(request)
    return user, access_application(user, application_id)


@router.post(
    "/mpps/{slug}/applications",
    response={201: ApplicationOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Buat permohonan daring (draf)",
)
def create_application(request: HttpRequest, slug: MppSlug, payload: ApplicationIn):
    user = acting_user(request)
    mpp = mpp_by_slug(slug)
    check_rate("application-create", str(user.pk), CREATE_RATE)
    applicant = payload.applicant
    application = services.create_application(
        user=user,
        mpp=mpp,
        service_code=payload.service,
        applicant=services.Applicant(
            name=applicant.name,
            nik=applicant.nik,
            nib=applicant.nib,
            phone=applicant.phone,
            email=applicant.email,
        ),
        fields=payload.fields,
        conditions=payload.conditions,
    )
    return Status(201, application_out(application, user))


@router.post(
    "/applications/{application_id}/files",
    response={201: FileOut, 413: ErrorOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Unggah berkas untuk satu persyaratan",
)
def upload_file(
    request: HttpRequest,
    application_id: ApplicationId,
    requirement: Annotated[
        str, Form(pattern=r"^p\d{1,4}$", description="Kunci persyaratan, mis. `p1`.")
    ],
    file: Annotated[UploadedFile, File(description="PDF, JPG atau PNG.")],
):
    user, application = _fetch(request, application_id)
    item = services.add_file(
        user=user, application=application, requirement=requirement, upload=file
    )
    return Status(
        201,
        FileOut(
            id=item.pk,
            name=item.original_name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            decision=_decision(item.decision),
            reason=item.reason,
            uploaded_at=item.uploaded_at,
            reading=_reading(item),
        ),
    )


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, **ERRORS},
    auth=authenticated,
    summary="Permohonan (untuk pemohon dan petugas instansinya)",
)
def get_application(request: HttpRequest, application_id: ApplicationId):
    user, application = _fetch(request, application_id)
    return application_out(application, user)


@router.post(
    "/applications/{application_id}/nik-reveal",
    response={200: NikRevealOut, **ERRORS},
    auth=authenticated,
    summary="NIK lengkap pemohon, untuk dicocokkan dengan SIAK (petugas instansi; dicatat)",
    description=(
        "Hanya petugas instansi pemilik layanan di MPP permohonan (403 untuk pengelola MPP "
        "dan pemohon, 404 untuk yang lain). Setiap permintaan dicatat: siapa, kapan, "
        "permohonan mana, dari alamat mana; pengelola MPP dapat membacanya. Di semua "
        "jawaban lain NIK disamarkan."
    ),
)
def reveal_nik(request: HttpRequest, application_id: ApplicationId, response: HttpResponse):
    user = acting_user(request)
    application = access_nik_reveal(user, application_id)
    revealed = services.reveal_nik(
        user=user,
        application=application,
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("user-agent", ""),
        channel=NikReveal.Channel.API,
        nik_fields=selectors.nik_field_keys(services.form_fields(application.service)),
    )
    response["Cache-Control"] = "private, no-store"
    return NikRevealOut(nik=revealed.nik, fields=revealed.fields, revealed_at=revealed.at)


def _action(name: str, summary: str, body: type[Schema] | None, call):
    """Register POST /applications/{id}/<name> that runs `call(user, application, payload)`."""

    if body is None:

        def endpoint(request: HttpRequest, application_id: ApplicationId):
            user, application = _fetch(request, application_id)
            return application_out(call(user, application, None), user)

    else:
        # mypy sees a runtime `body` type and a second signature; django-ninja needs both
        def endpoint(request: HttpRequest, application_id: ApplicationId, payload: body):  # type: ignore[valid-type,misc]
            user, application = _fetch(request, application_id)
            return application_out(call(user, application, payload), user)

    endpoint.__name__ = f"application_{name.replace('-', '_')}"
    router.post(
        f"/applications/{{application_id}}/{name}",
        response={200: ApplicationOut, **ACTION_ERRORS},
        auth=authenticated,
        summary=summary,
    )(endpoint)


_action(
    "submit",
    "Ajukan permohonan (pemohon); 422 menyebut berkas yang belum ada",
    None,
    lambda u, a, p: services.submit_application(user=u, application=a),
)
_action(
    "resubmit",
    "Kirim ulang setelah memperbaiki berkas (pemohon)",
    ApplicationNoteIn,
    lambda u, a, p: services.resubmit_application(user=u, application=a, note=p.note),
)
_action(
    "withdraw",
    "Batalkan permohonan (pemohon)",
    ApplicationNoteIn,
    lambda u, a, p: services.withdraw_application(user=u, application=a, note=p.note),
)
_action(
    "decisions",
    "Terima atau tolak berkas per persyaratan (petugas)",
    DecisionsIn,
    lambda u, a, p: services.decide_files(
        user=u,
        application=a,
        decisions=[services.FileDecision(d.requirement, d.accepted, d.reason) for d in p.decisions],
    ),
)
_action(
    "request-revision",
    "Minta pemohon memperbaiki berkas yang ditolak (petugas)",
    ApplicationNoteIn,
    lambda u, a, p: services.request_revision(user=u, application=a, note=p.note),
)
_action(
    "verify",
    "Nyatakan berkas lengkap dan benar (petugas)",
    ApplicationNoteIn,
    lambda u, a, p: services.verify_application(user=u, application=a, note=p.note),
)
_action(
    "advance",
    "Lanjutkan: diproses, lalu siap diambil atau dikirim (petugas)",
    ApplicationNoteIn,
    lambda u, a, p: services.advance_application(user=u, application=a, note=p.note),
)
_action(
    "reject",
    "Tolak permohonan dengan alasan (petugas)",
    RejectIn,
    lambda u, a, p: services.reject_application(user=u, application=a, reason=p.reason),
)
_action(
    "hand-over",
    "Serahkan dokumen: diambil di gerai atau dikirim (petugas)",
    HandoverIn,
    lambda u, a, p: services.hand_over(
        user=u,
        application=a,
        method=p.method,
        recipient=p.recipient,
        courier=p.courier,
        receipt_number=p.receipt_number,
    ),
)


@router.get(
    "/track/{tracking_number}",
    response={200: TrackOut, **PUBLIC_ERRORS},
    auth=None,
    summary="Lacak permohonan: nomor permohonan + 4 angka terakhir nomor telepon",
)
def track(
    request: HttpRequest,
    tracking_number: Annotated[
        str, Path(max_length=20, pattern=r"^[0-9A-Za-z -]+$", examples=["7K3M-9QXD-2FHT"])
    ],
    phone_last4: Annotated[str, Query(pattern=r"^[0-9]{4}$", examples=["7890"])],
):
    check_rate("application-track", request.META.get("REMOTE_ADDR", ""), TRACK_RATE_ADDRESS)
    check_rate(
        "application-track-number",
        services.normalise_tracking_number(tracking_number) or "-",
        TRACK_RATE_NUMBER,
    )
    found = selectors.track(tracking_number, phone_last4)
    if found is None:
        raise Http404(_("Permohonan tidak ditemukan. Periksa nomor dan 4 angka telepon."))
    return TrackOut(
        tracking_number=found.tracking_number,
        service=found.service,
        mpp=found.mpp,
        status=_status(found.status),
        status_label=found.status_label,
        next_step=found.next_step,
        due_date=found.due_date,
        history=_history(found.history),
        rejected_requirements=found.rejected_requirements,
        handover=_handover(found.handover_method, "", found.courier, found.receipt_number),
    )
