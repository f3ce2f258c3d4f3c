"""Life-event journeys over JSON: the life events of an MPP with their questions, and the
plan for a citizen's answers. /api/v1/mpps/{slug}/journeys…"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import AuthenticationError

from satupintu.accounts.auth import OPTIONAL_AUTH, optional_caller
from satupintu.appointments.api import limit_booking
from satupintu.core.api import PUBLIC_ERRORS, WRITE_ERRORS, ErrorOut, MppSlug, Text
from satupintu.core.errors import error_body
from satupintu.core.links import citizen_link
from satupintu.journeys import selectors, services
from satupintu.journeys.consent import scope as consent_scope
from satupintu.journeys.consent import services as consent_services
from satupintu.journeys.consent.api import router as consent_router
from satupintu.queueing.access import check_kiosk
from satupintu.queueing.models import Channel
from satupintu.queueing.tickets.api import (
    ACTION_WRITE_ERRORS,
    TicketOut,
    TicketTakerIn,
    limit_online,
    ticket_out,
)
from satupintu.tenancy.selectors import mpp_by_slug

router = Router(tags=["Peristiwa hidup"])
router.add_router("", consent_router)  # /me/consents, /me/data-uses

JourneyKey = Annotated[
    str,
    Path(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        max_length=60,
        description="Kunci peristiwa hidup, mis. `kelahiran`.",
    ),
]
AnswerText = Annotated[str, Field(max_length=100, pattern=r"^[^\x00]*$")]


class LifeEventQuestionOut(Schema):
    key: str
    text: str
    options: list[str]


class StepSummaryOut(Schema):
    key: str
    service: str = Field(description="Kode layanan, mis. `A05`")
    name: str
    agency: str = Field(description="Kode instansi")
    optional: bool = Field(description="Hanya bila jawaban pertanyaan memilihnya")


class LifeEventOut(Schema):
    key: str
    name: str
    description: str
    questions: list[LifeEventQuestionOut]
    steps: list[StepSummaryOut]


class PlanIn(Schema):
    answers: dict[Annotated[str, Field(max_length=60)], AnswerText] = Field(
        default_factory=dict,
        description="{kunci pertanyaan: pilihan jawaban}, semua pertanyaan dijawab.",
        examples=[{"kia": "Ya", "jkn": "Tidak"}],
    )


class JourneyTicketIn(PlanIn, TicketTakerIn):
    consent: bool = Field(
        False,
        description=(
            "Warga menyetujui kalimat `consent.sentence` rencana ini (dokumen yang sudah "
            "diperiksa dipakai instansi langkah berikutnya; UU 27/2022 Pasal 20–25)."
        ),
    )


class JourneyBookingIn(PlanIn):
    day: dt.date = Field(description="Hari kunjungan (YYYY-MM-DD, zona MPP).")
    after: dt.datetime | None = Field(
        None, description="Paling cepat mulai pukul (dengan offset); kosong: sejak buka."
    )
    name: Text = Field(min_length=2, max_length=120)
    nik: Annotated[str, Field(pattern=r"^[0-9 .\-]{16,24}$", description="NIK 16 angka.")]
    phone: Annotated[str, Field(pattern=r"^\+?[0-9][0-9 ()-]{5,23}$", examples=["081234567890"])]
    email: Annotated[str, Field(max_length=254, pattern=r"^[^\x00\s]*$")] | None = None


class VisitStepOut(Schema):
    order: int = Field(description="Nomor langkah dalam rencana")
    service: str
    service_name: str
    start: dt.datetime
    end: dt.datetime
    code: str | None = Field(description="Kode janji temu langkah ini (setelah dipesan)")


class JourneyBookingOut(Schema):
    code: str = Field(description="Kode janji temu langkah pertama: untuk check-in kunjungan")
    url: str
    steps: list[VisitStepOut]


class VisitFullOut(ErrorOut):
    alternative: list[VisitStepOut] = Field(
        [], description="Kunjungan berikutnya yang masih cocok (slot tiap langkah), bila ada"
    )


class StepAgencyOut(Schema):
    code: str
    name: str


class StepBoothOut(Schema):
    name: str
    counters: list[int] = Field(description="Nomor loket yang melayani langkah ini")


class StepRequirementOut(Schema):
    name: str
    form: str = Field(description="Cara menyerahkan, mis. `asli dan fotokopi`")
    is_optional: bool
    condition: str = Field(description="Mis. “jika hilang”; kosong = berlaku")
    provided_by_step: int | None = Field(
        description="Nomor langkah yang menghasilkan dokumen ini; null = dibawa warga"
    )


class JourneyFeeOut(Schema):
    amount: int | None = Field(description="Rupiah; null bila tidak tetap")
    label: str


class PlannedStepOut(Schema):
    order: int = Field(description="Urutan dalam rencana, mulai 1")
    visit: int = Field(description="Kunjungan ke berapa; 1 = hari ini")
    key: str
    service: str = Field(description="Kode layanan")
    service_name: str
    agency: StepAgencyOut
    booth: StepBoothOut | None
    after_steps: list[int] = Field(description="Langkah yang produknya diperlukan lebih dulu")
    requirements: list[StepRequirementOut]
    fee: JourneyFeeOut
    processing_time: str
    product: str
    product_same_day: bool
    wait_minutes: int | None = Field(
        description="Perkiraan menunggu bila mengambil nomor sekarang; null = tidak hari ini"
    )
    service_minutes: int


class MergedRequirementOut(Schema):
    name: str
    steps: list[int] = Field(description="Langkah yang memerlukannya (dibawa sekali)")
    is_optional: bool
    condition: str


class ProvidedOut(Schema):
    name: str
    by_step: int
    for_steps: list[int]


class FeesOut(Schema):
    total: int = Field(description="Jumlah biaya tetap, rupiah")
    complete: bool = Field(description="false bila ada biaya yang bervariasi")
    label: str


class JourneyConsentOut(Schema):
    sentence: str = Field(description="Kalimat persetujuan yang ditampilkan kepada warga")
    documents: list[str]
    agencies: list[str]
    valid_until: dt.datetime


class PlanOut(Schema):
    life_event: str
    answers: dict[str, str]
    steps: list[PlannedStepOut]
    requirements: list[MergedRequirementOut] = Field(
        description="Yang dibawa, masing-masing sekali, dengan langkah yang memerlukannya"
    )
    provided: list[ProvidedOut] = Field(
        description="Dokumen yang dihasilkan langkah sebelumnya: tidak perlu dibawa"
    )
    fees: FeesOut
    visits: int
    expected_minutes: int | None = Field(
        description="Perkiraan waktu di MPP hari ini untuk langkah kunjungan pertama"
    )
    consent: JourneyConsentOut | None = Field(
        None, description="Bila langkah hari ini dari beberapa instansi: berbagi yang disetujui"
    )


@router.get(
    "/mpps/{slug}/journeys",
    response={200: list[LifeEventOut], **PUBLIC_ERRORS},
    summary="Peristiwa hidup di MPP dengan pertanyaannya",
)
def list_journeys(request: HttpRequest, slug: MppSlug):
    mpp = mpp_by_slug(slug)
    return [
        {
            "key": e.key,
            "name": e.name,
            "description": e.description,
            "questions": [
                {"key": q.key, "text": q.text, "options": q.options} for q in e.questions.all()
            ],
            "steps": [
                {
                    "key": s.key,
                    "service": s.service.code,
                    "name": _service_name(s.service),
                    "agency": s.service.agency.code,
                    "optional": bool(s.when_question),
                }
                for s in e.steps.all()
            ],
        }
        for e in selectors.journey_menu(mpp)
    ]


@router.post(
    "/mpps/{slug}/journeys/{key}/plan",
    response={200: PlanOut, **WRITE_ERRORS},
    summary="Rencana kunjungan untuk jawaban warga",
)
def plan_journey(request: HttpRequest, slug: MppSlug, key: JourneyKey, payload: PlanIn):
    plan = selectors.journey_plan(mpp_by_slug(slug), key, payload.answers)
    return plan_out(plan)


@router.post(
    "/mpps/{slug}/journeys/{key}/ticket",
    response={201: TicketOut, **ACTION_WRITE_ERRORS},
    summary="Satu nomor antrian untuk semua langkah hari ini",
    openapi_extra=OPTIONAL_AUTH,
)
def take_journey_ticket(
    request: HttpRequest, slug: MppSlug, key: JourneyKey, payload: JourneyTicketIn
):
    """The number of the plan's first step today; finishing each step at its counter queues
    the next at once (`transferred_to` of the finished step names it). The same rules as
    `POST /mpps/{slug}/tickets`: a kiosk's token, or online with a phone number."""
    mpp = mpp_by_slug(slug)
    caller = optional_caller(request)
    if payload.channel == Channel.KIOSK:
        if caller is None:
            raise AuthenticationError
        check_kiosk(caller, mpp)
    else:
        limit_online(request, payload.phone)
    ticket = consent_services.take_journey_ticket(
        mpp=mpp,
        key=key,
        answers=payload.answers,
        channel=payload.channel,
        consent=payload.consent,
        priority=payload.priority or "",
        phone=payload.phone or "",
        user=caller,
    )
    return Status(201, ticket_out(request, ticket))


@router.post(
    "/mpps/{slug}/journeys/{key}/booking",
    response={201: JourneyBookingOut, 409: VisitFullOut, **WRITE_ERRORS},
    summary="Pesan rencana sebagai satu kunjungan (slot berurutan, semua atau tidak sama sekali)",
    openapi_extra=OPTIONAL_AUTH,
)
def book_journey(request: HttpRequest, slug: MppSlug, key: JourneyKey, payload: JourneyBookingIn):
    """The first visit of the plan booked as appointments, one per step, each starting once
    the step before is expected to be done; all or nothing. 409 with `alternative`, the next
    visit that fits, when a slot is gone. The same limits as `POST /mpps/{slug}/bookings`;
    check-in with any of the codes makes one ticket that follows the steps."""
    mpp = mpp_by_slug(slug)
    limit_booking(request, payload.nik, payload.phone)
    try:
        booked = services.book_journey(
            mpp=mpp,
            key=key,
            answers=payload.answers,
            day=payload.day,
            after=payload.after,
            name=payload.name,
            nik=payload.nik,
            phone=payload.phone,
            email=payload.email or "",
            user=optional_caller(request),
        )
    except services.VisitFull as full:
        body = {
            **error_body(409, full.message, full.code),
            "alternative": [visit_step_out(v) for v in full.alternative],
        }
        return Status(409, body)
    url = reverse("appointments:booking", args=[booked[0][1].code])
    return Status(
        201,
        {
            "code": booked[0][1].code,
            "url": citizen_link(url, request),
            "steps": [visit_step_out(v, b.code) for v, b in booked],
        },
    )


def visit_step_out(visit: selectors.VisitSlot, code: str | None = None) -> dict:
    return {
        "order": visit.step.number,
        "service": visit.step.service.code,
        "service_name": visit.step.version.name,
        "start": visit.slot.start,
        "end": visit.slot.end,
        "code": code,
    }


def _service_name(service) -> str:
    current = getattr(service, "current", None)  # None: no version in force any more
    return current.name if current else service.code


def plan_out(plan: selectors.JourneyPlan) -> dict:
    return {
        "life_event": plan.life_event.key,
        "answers": plan.answers,
        "steps": [
            {
                "order": s.number,
                "visit": s.visit,
                "key": s.key,
                "service": s.service.code,
                "service_name": s.version.name,
                "agency": {"code": s.service.agency.code, "name": s.service.agency.name},
                "booth": {"name": s.booth.name, "counters": s.counters} if s.booth else None,
                "after_steps": s.needs,
                "requirements": [
                    {
                        "name": r.name,
                        "form": r.form,
                        "is_optional": r.is_optional,
                        "condition": r.condition,
                        "provided_by_step": r.provided_by,
                    }
                    for r in s.requirements
                ],
                "fee": {"amount": s.fee_rupiah, "label": s.fee_label},
                "processing_time": s.processing_time,
                "product": s.version.product,
                "product_same_day": s.same_day,
                "wait_minutes": s.wait_minutes,
                "service_minutes": s.service_minutes,
            }
            for s in plan.steps
        ],
        "requirements": [
            {
                "name": r.name,
                "steps": r.steps,
                "is_optional": r.is_optional,
                "condition": r.condition,
            }
            for r in plan.requirements
        ],
        "provided": [
            {"name": p.name, "by_step": p.by_step, "for_steps": p.for_steps} for p in plan.provided
        ],
        "fees": {
            "total": plan.fee_total,
            "complete": plan.fee_complete,
            "label": plan.fee_total_label,
        },
        "visits": plan.visits,
        "expected_minutes": plan.expected_minutes,
        "consent": consent_out(plan),
    }


def consent_out(plan: selectors.JourneyPlan) -> dict | None:
    """What the journey's consent would cover, and the sentence to show before `consent`."""
    scope = consent_scope.journey_scope(plan)
    if scope is None:
        return None
    return {
        "sentence": consent_scope.scope_sentence(scope, plan.life_event.mpp),
        "documents": scope.document_keys,
        "agencies": [a.code for a in scope.agencies],
        "valid_until": scope.valid_until,
    }
