"""Complaints over JSON: filing one (anyone, no account), tracking it with its code and
asking once to reopen it, and the officers' actions (the MPP's complaint officer and the
agency's officers, access.py). The reporter's identity appears only in `GET
/complaints/{tracking_code}` and only for whom access.py lets see it; attachments are
sent through the web form.
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import base64
import binascii
import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja import Status as HttpStatus

from satupintu.accounts.auth import OPTIONAL_AUTH, acting_user, authenticated, optional_caller
from satupintu.applications.files import MAX_BYTES
from satupintu.complaints import selectors, services
from satupintu.complaints.access import access_complaint
from satupintu.complaints.models import Category, Complaint, Status
from satupintu.complaints.stats import month_stats
from satupintu.core.api import (
    ACTION_ERRORS,
    PUBLIC_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    MppSlug,
    Text,
)
from satupintu.core.links import citizen_link
from satupintu.core.ratelimit import check_rate
from satupintu.tenancy.selectors import agencies_at, mpp_by_slug

router = Router(tags=["Pengaduan"])
# Officer actions with a body also answer 400 when the body is not JSON at all.
BODY_ACTION_ERRORS = {400: ErrorOut, **ACTION_ERRORS}

SUBMIT_RATE = "10/h"
TrackingCode = Annotated[
    str,
    Path(
        pattern=r"^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$",
        max_length=14,
        description="Kode lacak laporan, mis. `7K3M-9QXD-2FHT`.",
    ),
]
KindCode = Literal["pengaduan", "aspirasi", "informasi"]
StatusCode = Literal[
    "received",
    "postponed",
    "verified",
    "forwarded",
    "follow_up",
    "answered",
    "closed",
    "rejected",
    "merged",
    "referred",
]
CategoryCode = Literal[
    "sarana", "antrian", "petugas", "prosedur", "waktu", "produk", "biaya", "lainnya"
]
PaceCode = Literal["cepat", "biasa", "pemeriksaan", "kompleks"]
Note = Annotated[str, Field(max_length=4000, pattern=r"^[^\x00]*$")]
MAX_FILE_BASE64 = (MAX_BYTES + 2) // 3 * 4 + 1000  # the file limit, base64, line breaks


class ComplaintReporterIn(Schema):
    name: Text = Field("", max_length=120)
    phone: Annotated[str, Field(max_length=24, pattern=r"^[0-9+ ()-]*$")] = ""
    email: Annotated[str, Field(max_length=254, pattern=r"^[^\x00\s]*$")] = ""


class ComplaintFileIn(Schema):
    name: Annotated[Text, Field(max_length=200)] = Field(
        description="Nama berkas, mis. `foto.jpg`."
    )
    content: Annotated[str, Field(max_length=MAX_FILE_BASE64, pattern=r"^[A-Za-z0-9+/=\s]*$")] = (
        Field(description="Isi berkas dalam base64. Diperiksa seperti berkas permohonan.")
    )


class ComplaintIn(Schema):
    class_: KindCode = Field(alias="class", description="Klasifikasi SP4N-LAPOR!.")
    text: Text = Field(max_length=4000)
    service: Annotated[str, Field(pattern=r"^[A-Z]{1,3}\d{2,3}$", max_length=10)] | None = None
    ticket: Annotated[str, Field(max_length=40, pattern=r"^[0-9a-fA-F-]*$")] | None = Field(
        None, description="Id publik nomor antrian (dari halaman nomor antrian)."
    )
    reporter: ComplaintReporterIn | None = None
    confidential: bool = False
    anonymous: bool = False
    files: list[ComplaintFileIn] = Field(
        default_factory=list,
        max_length=services.MAX_FILES,
        description="Lampiran (PDF, JPG atau PNG), paling banyak 3; badan permintaan paling "
        "besar `DATA_UPLOAD_MAX_MEMORY_SIZE` (bawaan Django 2,5 MB).",
    )


class ComplaintStepOut(Schema):
    at: dt.datetime
    sentence: str = Field(description="Langkah dalam bahasa sehari-hari, untuk pelapor.")
    note: str
    status: StatusCode


class ComplaintTrackOut(Schema):
    tracking_code: str
    mpp: str
    class_: KindCode = Field(alias="class")
    status: StatusCode
    status_label: str
    deadline: dt.date | None = Field(description="Batas waktu langkah sekarang (hari kerja).")
    received_at: dt.datetime
    answer: str
    can_reopen: bool
    history: list[ComplaintStepOut]
    url: str


class ComplaintGroupOut(Schema):
    label: str
    count: int


class ComplaintStatsOut(Schema):
    month: str
    received: int
    answered: int
    answered_in_time: int
    average_days_to_answer: float | None = Field(description="Rata-rata hari kerja.")
    by_class: list[ComplaintGroupOut]
    by_category: list[ComplaintGroupOut]
    by_agency: list[ComplaintGroupOut] = Field(
        description="Kelompok di bawah 5 laporan digabung menjadi satu baris."
    )


class ComplaintReporterOut(Schema):
    name: str
    phone: str
    email: str


class OfficerComplaintOut(Schema):
    tracking_code: str
    mpp: str
    class_: KindCode = Field(alias="class")
    channel: str
    status: StatusCode
    text: str
    category: CategoryCode | None
    suggested_category: CategoryCode | None
    agency: str | None = Field(description="Kode instansi.")
    suggested_agency: str | None
    service: str | None
    deadline: dt.date | None
    anonymous: bool
    confidential: bool
    reporter: ComplaintReporterOut | None = Field(
        description="Hanya untuk yang berhak: kosong bila anonim, dan bila rahasia kecuali "
        "untuk petugas pengaduan MPP."
    )
    merged_into: str | None
    reopen: str
    actions: list[str]


class ComplaintReasonIn(Schema):
    reason: Note


class ComplaintNoteIn(Schema):
    note: Note = ""


class ComplaintVerifyIn(Schema):
    category: CategoryCode | None = Field(None, description="Default: kategori usulan.")
    agency: Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$", max_length=40)] | None = Field(
        None, description="Kode instansi; default: instansi usulan."
    )
    pace: PaceCode | None = Field(None, description="Kelas batas waktu; default menurut kategori.")
    note: Note = ""


class ComplaintAnswerIn(Schema):
    answer: Note = Field(min_length=1)


class ComplaintMergeIn(Schema):
    into: Annotated[str, Field(max_length=14, pattern=r"^[0-9A-Za-z-]+$")]


class ComplaintDecideIn(Schema):
    accept: bool
    note: Note = ""


def track_out(complaint: Complaint, request: HttpRequest | None = None) -> dict:
    url = reverse("complaints:track", args=[complaint.tracking_code])
    return {
        "tracking_code": complaint.tracking_code,
        "mpp": complaint.mpp.slug,
        "class": complaint.kind,
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "deadline": selectors.current_deadline(complaint),
        "received_at": complaint.received_at,
        "answer": complaint.answer,
        "can_reopen": complaint.status in {Status.ANSWERED, Status.CLOSED} and not complaint.reopen,
        "history": [
            {"at": s.at, "sentence": s.sentence, "note": s.note, "status": s.status}
            for s in selectors.public_history(complaint)
        ],
        "url": citizen_link(url, request),
    }


def officer_out(complaint: Complaint, role: str) -> dict:
    view = selectors.officer_view(complaint, role)
    return {
        "tracking_code": complaint.tracking_code,
        "mpp": complaint.mpp.slug,
        "class": complaint.kind,
        "channel": complaint.channel,
        "status": complaint.status,
        "text": complaint.text,
        "category": complaint.category or None,
        "suggested_category": complaint.suggested_category or None,
        "agency": complaint.agency.code if complaint.agency else None,
        "suggested_agency": complaint.suggested_agency.code if complaint.suggested_agency else None,
        "service": complaint.service.code if complaint.service else None,
        "deadline": view.deadline,
        "anonymous": complaint.anonymous,
        "confidential": complaint.confidential,
        "reporter": {
            "name": view.reporter_name,
            "phone": view.reporter_phone,
            "email": view.reporter_email,
        }
        if view.shows_reporter
        else None,
        "merged_into": complaint.merged_into.tracking_code if complaint.merged_into else None,
        "reopen": complaint.reopen,
        "actions": view.actions,
    }


@router.post(
    "/mpps/{slug}/complaints",
    response={201: ComplaintTrackOut, **WRITE_ERRORS},
    auth=None,
    openapi_extra=OPTIONAL_AUTH,
    summary="Sampaikan pengaduan, aspirasi atau permintaan informasi",
    description="Tanpa akun, atau dengan akun warga (laporan yang tidak anonim tampil di "
    "Beranda saya). Semua kesalahan isian dijawab sekaligus (422, `errors`).",
)
def submit(request: HttpRequest, slug: MppSlug, payload: ComplaintIn):
    mpp = mpp_by_slug(slug)
    check_rate("complaint-submit", request.META.get("REMOTE_ADDR", ""), SUBMIT_RATE)
    service = selectors.service_named(mpp, payload.service or "")
    if payload.service and service is None:
        raise ValidationError({"service": [_("Layanan tidak ditemukan di MPP ini.")]})
    reporter = payload.reporter or ComplaintReporterIn(name="", phone="", email="")
    uploads = [_decoded(i, item) for i, item in enumerate(payload.files)]
    complaint = services.submit_complaint(
        mpp=mpp,
        kind=payload.class_,
        text=payload.text,
        service=service,
        ticket_id=payload.ticket or None,
        reporter=services.Reporter(name=reporter.name, phone=reporter.phone, email=reporter.email),
        anonymous=payload.anonymous,
        confidential=payload.confidential,
        citizen=optional_caller(request),
        uploads=uploads,
    )
    return HttpStatus(201, track_out(complaint, request))


def _decoded(index: int, item: ComplaintFileIn) -> SimpleUploadedFile:
    """A base64 attachment as an upload, for the applications' file checks."""
    try:
        data = base64.b64decode("".join(item.content.split()), validate=True)
    except binascii.Error:
        raise ValidationError(
            {f"files.{index}.content": [_("Isi lampiran bukan base64 yang sah.")]}
        ) from None
    return SimpleUploadedFile(item.name or "berkas", data)


@router.get(
    "/mpps/{slug}/complaints/stats",
    response={200: ComplaintStatsOut, **PUBLIC_ERRORS},
    auth=None,
    summary="Statistik pengaduan satu bulan (tanpa data pribadi)",
)
def stats(
    request: HttpRequest,
    slug: MppSlug,
    month: Annotated[
        str, Query(pattern=r"^20\d\d-(0[1-9]|1[0-2])$", description="Bulan, `TTTT-BB`.")
    ],
):
    mpp = mpp_by_slug(slug)
    year, number = (int(part) for part in month.split("-"))
    return month_stats(mpp, dt.date(year, number, 1))


def _tracked(code: str) -> Complaint:
    complaint = selectors.by_tracking_code(code)
    if complaint is None:
        raise Http404(_("Laporan tidak ditemukan."))
    return complaint


@router.get(
    "/complaints/track/{tracking_code}",
    response={200: ComplaintTrackOut, **PUBLIC_ERRORS},
    auth=None,
    summary="Lacak laporan dengan kode lacaknya (tanpa identitas pelapor)",
)
def track(request: HttpRequest, tracking_code: TrackingCode):
    check_rate("complaint-track", request.META.get("REMOTE_ADDR", ""), "120/h")
    return track_out(_tracked(tracking_code), request)


@router.post(
    "/complaints/track/{tracking_code}/reopen",
    response={200: ComplaintTrackOut, **WRITE_ERRORS, 409: ErrorOut},
    auth=None,
    summary="Pelapor meminta laporan yang sudah dijawab dibuka kembali (sekali, dengan alasan)",
)
def ask_reopen(request: HttpRequest, tracking_code: TrackingCode, payload: ComplaintReasonIn):
    check_rate("complaint-track", request.META.get("REMOTE_ADDR", ""), "120/h")
    complaint = _tracked(tracking_code)
    services.request_reopen(code=complaint.tracking_code, reason=payload.reason)
    return track_out(_tracked(tracking_code), request)


def _officer(request: HttpRequest, code: str) -> tuple:
    user = acting_user(request)
    found = selectors.by_tracking_code(code)
    if found is None:
        raise Http404(_("Laporan tidak ditemukan."))
    complaint, role = access_complaint(user, found.tracking_code)
    return user, complaint, role


def _answer(code: str, user) -> dict:
    complaint, role = access_complaint(user, code)
    return officer_out(complaint, role)


@router.get(
    "/complaints/{tracking_code}",
    response={200: OfficerComplaintOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Satu laporan untuk petugas pengaduan MPP dan petugas instansinya",
)
def get_complaint(request: HttpRequest, tracking_code: TrackingCode):
    _user, complaint, role = _officer(request, tracking_code)
    return officer_out(complaint, role)


@router.post(
    "/complaints/{tracking_code}/verify",
    response={200: OfficerComplaintOut, **BODY_ACTION_ERRORS},
    auth=authenticated,
    summary="Verifikasi: kategori dan instansi (petugas pengaduan MPP)",
)
def verify(request: HttpRequest, tracking_code: TrackingCode, payload: ComplaintVerifyIn):
    user, complaint, _role = _officer(request, tracking_code)
    agency = complaint.suggested_agency
    if payload.agency:
        agency = agencies_at(complaint.mpp).filter(code=payload.agency).first()
        if agency is None:
            raise ValidationError({"agency": [_("Instansi tidak ada di MPP ini.")]})
    services.verify_complaint(
        user=user,
        complaint=complaint,
        category=payload.category or complaint.suggested_category or Category.OTHER,
        agency=agency,
        pace=payload.pace or "",
        note=payload.note,
    )
    return _answer(complaint.tracking_code, user)


def _simple(action):
    def endpoint(request: HttpRequest, tracking_code: TrackingCode, payload: ComplaintNoteIn):
        user, complaint, _role = _officer(request, tracking_code)
        action(user=user, complaint=complaint, note=payload.note)
        return _answer(complaint.tracking_code, user)

    return endpoint


for path_name, service, summary in [
    ("forward", services.forward_complaint, "Teruskan ke instansi (petugas pengaduan MPP)"),
    ("follow-up", services.start_follow_up, "Mulai tindak lanjut (petugas instansi)"),
    ("close", services.close_complaint, "Tutup laporan yang sudah dijawab (petugas pengaduan)"),
    ("refer", services.refer_complaint, "Bukan kewenangan: teruskan ke SP4N-LAPOR!"),
]:
    router.post(
        f"/complaints/{{tracking_code}}/{path_name}",
        response={200: OfficerComplaintOut, **BODY_ACTION_ERRORS},
        auth=authenticated,
        summary=summary,
        operation_id=f"complaint_{path_name.replace('-', '_')}",
    )(_simple(service))


@router.post(
    "/complaints/{tracking_code}/postpone",
    response={200: OfficerComplaintOut, **BODY_ACTION_ERRORS},
    auth=authenticated,
    summary="Minta keterangan tambahan dari pelapor (petugas pengaduan MPP)",
)
def postpone(request: HttpRequest, tracking_code: TrackingCode, payload: ComplaintReasonIn):
    user, complaint, _role = _officer(request, tracking_code)
    services.postpone_complaint(user=user, complaint=complaint, question=payload.reason)
    return _answer(complaint.tracking_code, user)


@router.post(
    "/complaints/{tracking_code}/answer",
    response={200: OfficerComplaintOut, **BODY_ACTION_ERRORS},
    auth=authenticated,
    summary="Jawaban instansi untuk pelapor (petugas instansi)",
)
def answer(request: HttpRequest, tracking_code: TrackingCode, payload: ComplaintAnswerIn):
    user, complaint, _role = _officer(request, tracking_code)
    services.answer_complaint(user=user, complaint=complaint, answer=payload.answer)
    return _answer(complaint.tracking_code, user)


@router.post(
    "/complaints/{tracking_code}/reject",
    response={200: OfficerComplaintOut, **BODY_ACTION_ERRORS},
    auth=authenticated,
    summary="Tolak laporan dengan alasan (petugas pengaduan MPP)",
)
def reject(request: HttpRequest, tracking_code: TrackingCode, payload: ComplaintReasonIn):
    user, complaint, _role = _officer(request, tracking_code)
    services.reject_complaint(user=user, complaint=complaint, reason=payload.reason)
    return _answer(complaint.tracking_code, user)


@router.post(
    "/complaints/{tracking_code}/merge",
    response={200: OfficerComplaintOut, **BODY_ACTION_ERRORS},
    auth=authenticated,
    summary="Gabungkan ke laporan lain tentang hal yang sama (petugas pengaduan MPP)",
)
def merge(request: HttpRequest, tracking_code: TrackingCode, payload: ComplaintMergeIn):
    user, complaint, _role = _officer(request, tracking_code)
    services.merge_complaint(user=user, complaint=complaint, into_code=payload.into)
    return _answer(complaint.tracking_code, user)


@router.post(
    "/complaints/{tracking_code}/reopen",
    response={200: OfficerComplaintOut, **BODY_ACTION_ERRORS},
    auth=authenticated,
    summary="Putuskan permintaan membuka kembali (petugas pengaduan MPP)",
)
def reopen(request: HttpRequest, tracking_code: TrackingCode, payload: ComplaintDecideIn):
    user, complaint, _role = _officer(request, tracking_code)
    services.decide_reopen(user=user, complaint=complaint, accept=payload.accept, note=payload.note)
    return _answer(complaint.tracking_code, user)
