"""Reads of online applications: the applicant's and officer's view, the work list, the
public tracking view (history and next step only) and the applications a counter sees
when it calls a ticket."""

from __future__ import annotations

import datetime as dt
import hmac
import uuid
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.roles import can_manage_mpp
from satupintu.applications import sla
from satupintu.applications.models import (
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    ApplicationFile,
    Decision,
    Handover,
    NikReveal,
    Status,
)
from satupintu.applications.services import (
    applicable_requirements,
    current_files,
    normalise_tracking_number,
    requirement_key,
)
from satupintu.applications.workflow import ACTION_LABELS, APPLICANT, OFFICER, actions_from
from satupintu.catalog import conditions
from satupintu.catalog.models import Requirement
from satupintu.core.identifiers import mask_nik
from satupintu.tenancy.models import Mpp


@dataclass
class Slot:
    """One requirement of the service standard and the file uploaded for it, if any."""

    key: str
    name: str
    notes: str
    optional: bool
    uploadable: bool
    file_types: str
    file: ApplicationFile | None = None
    error: str = ""
    condition: str = ""  # "jika hilang"; "" when it always applies
    answers: list[str] = field(default_factory=list)
    held_name: str = ""  # a file kept from the last try of the apply form
    ruled_out: bool = False  # the condition answers given so far say it does not apply

    @property
    def applies_when(self) -> str:
        """The answers it applies for, as the catalog writes them (conditions.py)."""
        return "; ".join(self.answers)

    @property
    def rejected(self) -> bool:
        return self.file is not None and self.file.decision == Decision.REJECTED


def slots(application: Application) -> list[Slot]:
    """The requirements that apply to this application (by its condition answers)."""
    have = current_files(application)
    return [_slot(r, have.get(requirement_key(r))) for r in applicable_requirements(application)]


def _slot(r: Requirement, item: ApplicationFile | None = None) -> Slot:
    return Slot(
        key=requirement_key(r),
        name=r.name,
        notes=r.notes,
        optional=r.is_optional,
        uploadable=r.uploadable,
        file_types=r.file_types,
        file=item,
        condition=r.condition_label,
        answers=r.answers,
    )


def requirement_slots(version) -> list[Slot]:
    return [_slot(r) for r in version.requirements.all().order_by("order")]


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    label: str
    status: str
    status_label: str
    note: str


# Notes the public tracking page shows; others may name people (who picked the document up).
PUBLIC_NOTES = frozenset({"request_revision", "reject"})
# Rows the public tracking page leaves out: not steps of the application.
PRIVATE_ACTIONS = frozenset({"nik_revealed"})


def history(application: Application, *, public: bool = False) -> list[HistoryRow]:
    """The history as the applicant reads it: when, what happened, the note (on the public
    tracking page only the officer's revision and rejection notes, and no NIK reveals)."""
    tz = application.mpp.tzinfo
    events = ApplicationEvent.objects.filter(application=application)
    if public:
        events = events.exclude(action__in=PRIVATE_ACTIONS)
    return [
        HistoryRow(
            at=timezone.localtime(e.at, tz),
            label=str(ACTION_LABELS.get(e.action, e.action)),
            status=e.to_status,
            status_label=str(Status(e.to_status).label),
            note=e.note if not public or e.action in PUBLIC_NOTES else "",
        )
        for e in events.order_by("at", "pk")
    ]


def next_step(application: Application) -> str:
    """What the citizen must do now, in plain Indonesian ("" when nothing)."""
    status = application.status
    if status == Status.DRAFT:
        return _("Lengkapi berkas lalu ajukan permohonan.")
    if status == Status.NEEDS_REVISION:
        return _("Ganti berkas yang ditandai perlu diperbaiki, lalu kirim ulang.")
    if status == Status.VERIFIED and not application.service.fully_online:
        return _(
            "Datang ke MPP untuk langkah berikutnya: ambil nomor antrian atau buat janji temu, "
            "lalu sebutkan nomor permohonan di loket."
        )
    if status == Status.AWAITING_PAYMENT:
        return _(
            "Bayar retribusi dengan QRIS atau virtual account pada halaman tagihan. Setelah "
            "pembayaran diterima, permohonan langsung diproses."
        )
    if status == Status.READY:
        return _(
            "Dokumen sudah jadi: ambil di gerai dengan menyebutkan nomor permohonan ini; "
            "petugas mencocokkan data Anda."
        )
    if status in {Status.SUBMITTED, Status.VERIFYING, Status.VERIFIED, Status.PROCESSING}:
        return _("Tidak ada yang perlu Anda lakukan. Petugas sedang menangani permohonan Anda.")
    return ""


@dataclass
class Deadline:
    due: dt.date | None
    days_left: int | None
    paused: bool
    overdue: bool

    @property
    def label(self) -> str:
        if self.due is None or self.days_left is None:
            return ""
        if self.paused:
            return _("Dijeda, menunggu perbaikan pemohon")
        if self.overdue:
            return _("Terlambat %(n)s hari kerja") % {"n": -(self.days_left or 0)}
        if self.days_left == 0:
            return _("Jatuh tempo hari ini")
        return _("Sisa %(n)s hari kerja") % {"n": self.days_left}


def deadline(application: Application, now: dt.datetime | None = None) -> Deadline:
    if application.due_date is None or application.status not in OPEN_STATUSES:
        return Deadline(application.due_date, None, False, False)
    left = sla.working_days_left(application.mpp, application.due_date, now or timezone.now())
    paused = application.status == Status.NEEDS_REVISION
    return Deadline(application.due_date, left, paused, left < 0 and not paused)


@dataclass
class ApplicationView:
    application: Application
    slots: list[Slot]
    history: list[HistoryRow]
    next_step: str
    deadline: Deadline
    actions: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[Slot]:
        return [s for s in self.slots if s.uploadable and not s.optional and s.file is None]

    @property
    def rejected(self) -> list[Slot]:
        return [s for s in self.slots if s.rejected]


def application_view(application: Application, user: User) -> ApplicationView:
    role = APPLICANT if application.user_id == user.pk else OFFICER
    return ApplicationView(
        application=application,
        slots=slots(application),
        history=history(application),
        next_step=next_step(application),
        deadline=deadline(application),
        actions=actions_from(application.status, role),
    )


# --- the officer's work list ------------------------------------------------------------


@dataclass
class WorkRow:
    application: Application
    deadline: Deadline


def worklist(
    user: User,
    mpp: Mpp,
    *,
    status: str = "",
    service_code: str = "",
    overdue: bool = False,
    limit: int = 200,
) -> list[WorkRow]:
    """Applications the user may officiate at `mpp`, oldest deadline first; drafts never."""
    qs: QuerySet[Application] = (
        Application.objects.filter(mpp=mpp)
        .exclude(status=Status.DRAFT)
        .select_related("mpp", "service", "service__agency", "version")
        .order_by("due_date", "submitted_at", "pk")
    )
    if not can_manage_mpp(user, mpp):
        # no agency, nothing to officiate (as filtering on None did)
        agency_id = user.agency_id
        qs = qs.none() if agency_id is None else qs.filter(service__agency_id=agency_id)
    if status:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=[*OPEN_STATUSES, Status.READY])
    if service_code:
        qs = qs.filter(service__code=service_code)
    if overdue:
        today = timezone.localdate(timezone=mpp.tzinfo)
        qs = qs.filter(
            due_date__lt=today,
            status__in=[Status.SUBMITTED, Status.VERIFYING, Status.VERIFIED, Status.PROCESSING],
        )
    now = timezone.now()
    return [WorkRow(a, deadline(a, now)) for a in qs[:limit]]


# --- public tracking --------------------------------------------------------------------


@dataclass
class Tracking:
    tracking_number: str
    service: str
    mpp: str
    status: str
    status_label: str
    next_step: str
    history: list[HistoryRow]
    due_date: dt.date | None
    handover_method: str
    courier: str
    receipt_number: str
    rejected_requirements: list[str]
    public_id: uuid.UUID | None = None  # for the live stream of the result
    paid: bool = False  # the application's bill was paid ("lunas")


def track(raw_number: str, phone_last4: str) -> Tracking | None:
    """The public view of an application: None unless the number and the last four digits
    of the applicant's phone both match (the caller answers the same 404 either way)."""
    number = normalise_tracking_number(raw_number)
    digits = "".join(ch for ch in str(phone_last4) if ch.isdigit())
    if not number or len(digits) != 4:
        return None
    application = (
        Application.objects.select_related("mpp", "service", "version")
        .exclude(status=Status.DRAFT)
        .filter(tracking_number=number)
        .first()
    )
    expected = application.phone_last4 if application else "0000"
    if not hmac.compare_digest(expected, digits) or application is None:
        return None
    return tracking_of(application)


def tracking_of(application: Application) -> Tracking:
    rejected = [s.name for s in slots(application) if s.rejected]
    return Tracking(
        tracking_number=application.tracking_number,
        service=application.version.name,
        mpp=application.mpp.name,
        status=application.status,
        status_label=str(Status(application.status).label),
        next_step=next_step(application),
        history=history(application, public=True),
        due_date=application.due_date,
        handover_method=application.handover_method,
        courier=application.courier if application.handover_method == Handover.DELIVERY else "",
        receipt_number=application.receipt_number,
        rejected_requirements=rejected if application.status == Status.NEEDS_REVISION else [],
        public_id=application.public_id,
        paid=application.events.filter(action="confirm_payment").exists(),
    )


def tracking_by_public_id(public_id: uuid.UUID) -> Tracking | None:
    """The tracking result again, for its live stream (the id came with the result)."""
    application = (
        Application.objects.select_related("mpp", "service", "version")
        .exclude(status=Status.DRAFT)
        .filter(public_id=public_id)
        .first()
    )
    return tracking_of(application) if application else None


def my_applications(user: User) -> QuerySet[Application]:
    return (
        Application.objects.filter(user=user)
        .select_related("mpp", "service", "version")
        .order_by("-created_at")
    )


# --- hybrid: the counter that calls a ticket sees the caller's applications --------------


def applications_for_ticket(ticket) -> list[Application]:
    """Verified or ready applications of the ticket's agency whose applicant gave the same
    phone number as the ticket (the citizen came for the on-site step or to collect)."""
    if not ticket.phone:
        return []
    return list(
        Application.objects.filter(
            mpp_id=ticket.mpp_id,
            service__agency_id=ticket.service.agency_id,
            applicant_phone=ticket.phone,
            status__in=[Status.VERIFIED, Status.PROCESSING, Status.READY],
        )
        .select_related("service", "version")
        .order_by("-submitted_at")[:5]
    )


# --- what the pages show (prepared here so templates hold no logic) ---------------------


def answers_from_post(fields: list[dict], post) -> dict:
    """The citizen's answers from the apply form: `field_<key>`, addresses in two inputs."""
    answers: dict = {}
    for spec in fields:
        name = f"field_{spec['key']}"
        if spec["type"] == "address":
            street = post.get(f"{name}_street", "").strip()
            region = post.get(f"{name}_region", "").strip()
            answers[spec["key"]] = (
                {"street": street, "region_code": region} if street or region else ""
            )
        else:
            answers[spec["key"]] = post.get(name, "").strip()
    return answers


def form_rows(fields: list[dict], answers: dict, errors: dict[str, str]) -> list[dict]:
    rows = []
    for spec in fields:
        value = answers.get(spec["key"], "")
        rows.append(
            {
                **spec,
                "name": f"field_{spec['key']}",
                "value": value if not isinstance(value, dict) else "",
                "street": value.get("street", "") if isinstance(value, dict) else "",
                "region": value.get("region_code", "") if isinstance(value, dict) else "",
                "error": errors.get(f"fields_{spec['key']}", ""),
            }
        )
    return rows


def slot_rows(
    version,
    errors: dict[str, str],
    with_files: list[Slot] | None = None,
    held: dict | None = None,
    chosen: dict[str, str] | None = None,
) -> list[Slot]:
    """The apply form's requirement rows: each with its error, the file kept from the
    last try, and whether the condition answers `chosen` so far rule it out."""
    rows = with_files if with_files is not None else requirement_slots(version)
    questions = list(version.questions.all()) if chosen else []
    for slot in rows:
        slot.error = errors.get(f"files_{slot.key}", "")
        kept = (held or {}).get(slot.key)
        slot.held_name = kept.original_name if kept is not None else ""
        slot.ruled_out = conditions.ruled_out(slot, questions, chosen or {})
    return rows


@dataclass(frozen=True)
class QuestionRow:
    """A condition question on the apply form: radio buttons named `name`."""

    name: str
    text: str
    options: list[str]
    value: str
    error: str


def conditions_from_post(version, post) -> dict[str, str]:
    """{question: chosen option} from the apply form's radio buttons `cond_q<n>`."""
    return {
        q.text: post.get(f"cond_q{n}", "").strip() for n, q in enumerate(version.questions.all(), 1)
    }


def question_rows(version, chosen: dict[str, str], errors: dict[str, str]) -> list[QuestionRow]:
    return [
        QuestionRow(
            name=f"cond_q{n}",
            text=q.text,
            options=q.option_list,
            value=chosen.get(q.text, ""),
            error=errors.get(f"conditions_q{n}", ""),
        )
        for n, q in enumerate(version.questions.all(), 1)
    ]


def condition_rows(application: Application) -> list[tuple[str, str]]:
    """(question, the applicant's answer) for the officer, in the standard's order."""
    given = application.conditions or {}
    return [(q.text, given.get(q.text, "—")) for q in application.version.questions.all()]


def answer_rows(
    fields: list[dict], application: Application, revealed: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """(label, answer as text) for the officer, in the form's order; NIK answers masked
    unless the officer has just had them revealed (`revealed`, by key)."""
    rows = []
    for spec in fields:
        value = application.fields.get(spec["key"], "")
        if isinstance(value, dict):
            value = f"{value.get('street', '')} ({value.get('region_code', '')})"
        elif spec["type"] == "nik" and value:
            value = (revealed or {}).get(spec["key"]) or mask_nik(str(value))
        rows.append((spec["label"], str(value) if value != "" else "—"))
    return rows


def nik_field_keys(fields: list[dict]) -> list[str]:
    """The keys of a form's NIK questions (masked like the applicant's NIK)."""
    return [spec["key"] for spec in fields if spec.get("type") == "nik"]


def masked_answers(fields: list[dict], answers: dict) -> dict:
    """The form's answers as the API hands them out: NIK answers masked."""
    keys = set(nik_field_keys(fields))
    return {
        key: mask_nik(str(value)) if key in keys and value else value
        for key, value in answers.items()
    }


@dataclass(frozen=True)
class RevealRow:
    at: dt.datetime
    officer: str
    agency: str
    tracking_number: str
    public_id: str
    ip_address: str
    channel: str


def nik_reveals(mpp: Mpp, *, limit: int = 50) -> list[RevealRow]:
    """The latest full-NIK reveals at an MPP, newest first (for its supervisors); one
    query."""
    rows = (
        NikReveal.objects.filter(mpp=mpp)
        .select_related("officer", "officer__agency", "application")
        .order_by("-at", "-pk")[:limit]
    )
    return [
        RevealRow(
            at=timezone.localtime(r.at, mpp.tzinfo),
            officer=str(r.officer),
            agency=str(r.officer.agency or ""),
            tracking_number=r.application.tracking_number,
            public_id=str(r.application.public_id),
            ip_address=r.ip_address or "—",
            channel=r.get_channel_display(),
        )
        for r in rows
    ]


def online_services_for(user: User, mpp: Mpp) -> list:
    """Services that take online applications, as the work list's filter offers them."""
    from satupintu.catalog.selectors import attach_current, services_in_force

    qs = services_in_force(mpp).filter(online_application=True)
    if not can_manage_mpp(user, mpp):
        qs = qs.filter(agency_id=user.agency_id) if user.agency_id is not None else qs.none()
    return attach_current(list(qs))


def sample_for_gates(user: User | None, mpp: Mpp) -> Application:
    """A demo application the quality gates open as `user`: their own (citizen), one of
    their agency (officer), any of the MPP (supervisor, visitor: who then gets a 404)."""
    qs = Application.objects.filter(mpp=mpp).order_by("pk")
    if user is not None and user.role == "citizen":
        qs = Application.objects.filter(user=user).order_by("pk") or qs
    elif user is not None and user.agency_id:
        qs = qs.filter(service__agency_id=user.agency_id) or qs
    sample = qs.first()
    if sample is None:
        raise LookupError(f"MPP {mpp.slug} has no application: was seed_demo() run?")
    return sample
