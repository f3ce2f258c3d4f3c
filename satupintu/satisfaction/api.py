"""Satisfaction over JSON: the counter rating, the SKM questionnaire and the published IKM.

Who may rate a ticket (`POST /tickets/{id}/rating`): the rating tablet of the counter
that served it (its device token or session), or the ticket's holder through the
ticket's unguessable public id, anonymous or signed in as a citizen. Staff never rate
their own service (satisfaction.access.rating_source). Surveys: `paper` needs a
supervisor of the MPP; the other sources answer for a finished ticket or a completed
application, named by its public id, once.
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt
import uuid
from typing import Annotated, Any, Literal, cast

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import ConfigDict

from satupintu.accounts.auth import OPTIONAL_AUTH, acting_user, authenticated, optional_caller
from satupintu.core.api import ERRORS, PUBLIC_ERRORS, WRITE_ERRORS, ErrorOut, MppSlug, Text
from satupintu.core.links import citizen_link
from satupintu.queueing.tickets.selectors import public_ticket
from satupintu.satisfaction import selectors, services
from satupintu.satisfaction.access import check_paper_surveys, check_tablet_screen, rating_source
from satupintu.satisfaction.models import Source
from satupintu.tenancy.selectors import mpp_by_slug

router = Router(tags=["Kepuasan masyarakat"])

TicketId = Annotated[uuid.UUID, Path(description="Id publik nomor antrian (UUID).")]
WRITE = {**WRITE_ERRORS, 409: ErrorOut}
MAX_RANGE_DAYS = 5 * 366


def _score(description: str) -> Any:
    return Field(description=description, json_schema_extra={"minimum": 1, "maximum": 4})


class RatingIn(Schema):
    score: int = _score("1 tidak puas, 2 kurang puas, 3 puas, 4 sangat puas.")
    reasons: list[str] = Field(
        [],
        max_length=5,
        description="Kode alasan: cepat, ramah, jelas, membantu, rapi; lambat, tidak_ramah, "
        "tidak_jelas, berbelit, menunggu_lama.",
    )


RatingSourceCode = Literal["tablet", "ticket"]


def _rating_source(value: str) -> RatingSourceCode:
    """A stored `Rating.source` as the schema's Literal (RatingOut validates it)."""
    return cast(RatingSourceCode, value)


class RatingOut(Schema):
    ticket: uuid.UUID
    score: int
    reasons: list[str]
    source: RatingSourceCode
    created_at: dt.datetime
    survey_url: str = Field(description="Halaman kuesioner SKM untuk nomor antrian ini.")


@router.post(
    "/tickets/{ticket_id}/rating",
    response={201: RatingOut, **WRITE},
    summary="Nilai pelayanan loket (tablet loket atau pemegang nomor)",
    openapi_extra=OPTIONAL_AUTH,
)
def rate_ticket(request: HttpRequest, ticket_id: TicketId, payload: RatingIn):
    ticket = public_ticket(ticket_id)
    source = rating_source(optional_caller(request), ticket)
    rating = services.submit_rating(
        ticket=ticket, score=payload.score, reasons=payload.reasons, source=source
    )
    return Status(
        201,
        RatingOut(
            ticket=ticket.public_id,
            score=rating.score,
            reasons=rating.reasons,
            source=_rating_source(rating.source),
            created_at=rating.created_at,
            survey_url=citizen_link(f"/skm/{ticket.public_id}/", request),
        ),
    )


class PromptOut(Schema):
    ticket: uuid.UUID
    number: str
    service: str
    service_name: str
    finished_at: dt.datetime


@router.get(
    "/counters/{counter_id}/rating-prompt",
    response={200: PromptOut, 204: None, **ERRORS},
    auth=authenticated,
    summary="Nomor yang baru selesai di loket dan belum dinilai (tablet loket; 204: tidak ada)",
)
def rating_prompt(request: HttpRequest, counter_id: int):
    user = acting_user(request)
    counter = selectors.counter_of(counter_id)
    if counter is None:
        raise Http404(_("Loket tidak ditemukan."))
    check_tablet_screen(user, counter)
    prompt = selectors.pending_prompt(counter)
    if prompt is None:
        return Status(204, None)
    return prompt


# --- the SKM questionnaire


class AnswersIn(Schema):
    persyaratan: int = _score("U1 Persyaratan.")
    prosedur: int = _score("U2 Sistem, mekanisme, dan prosedur.")
    waktu: int = _score("U3 Waktu penyelesaian.")
    biaya: int = _score("U4 Biaya/tarif (4 = gratis).")
    produk: int = _score("U5 Produk spesifikasi jenis pelayanan.")
    kompetensi: int = _score("U6 Kompetensi pelaksana.")
    perilaku: int = _score("U7 Perilaku pelaksana.")
    pengaduan: int = _score("U8 Penanganan pengaduan, saran dan masukan.")
    sarana: int = _score("U9 Sarana dan prasarana.")


def _choice(codes: list[str], description: str) -> Any:
    return Field(description=description, json_schema_extra={"enum": [*codes]})


class ProfileIn(Schema):
    sex: str = _choice(["L", "P"], "L laki-laki, P perempuan.")
    age_group: str = _choice(["le25", "26-35", "36-45", "46-55", "ge56"], "Kelompok usia.")
    education: str = _choice(["sd", "smp", "sma", "d1-d3", "d4-s1", "s2"], "Pendidikan terakhir.")
    occupation: str = _choice(
        ["pns", "tni", "polri", "swasta", "wirausaha", "pelajar", "lainnya"], "Pekerjaan."
    )


class SurveyIn(Schema):
    service: str | None = Field(
        None,
        max_length=10,
        pattern=r"^[A-Z]{1,3}\d{2,3}$",
        description="Kode layanan; boleh kosong bila `ticket` atau `application` disebut.",
    )
    source: Literal["tablet", "qr", "link", "paper"]
    ticket: uuid.UUID | None = Field(None, description="Id publik nomor antrian yang selesai.")
    application: uuid.UUID | None = Field(None, description="Id publik permohonan yang selesai.")
    answers: AnswersIn
    profile: ProfileIn
    suggestion: Text = Field("", max_length=2000, description="Saran dan masukan.")
    date: dt.date | None = Field(None, description="Tanggal pada kuesioner kertas (paper).")


class SurveyOut(Schema):
    id: int
    service: str
    source: str
    answered_at: dt.datetime


@router.post(
    "/mpps/{slug}/surveys",
    response={201: SurveyOut, **WRITE},
    summary="Kirim kuesioner SKM (PermenPANRB 14/2017)",
    openapi_extra=OPTIONAL_AUTH,
)
def submit_survey(request: HttpRequest, slug: MppSlug, payload: SurveyIn):
    mpp = mpp_by_slug(slug)
    caller = optional_caller(request)
    service = None
    if payload.service:
        service = selectors.service_of(mpp, payload.service)
        if service is None:
            raise ValidationError(
                {"service": _("Layanan %(code)s tidak ada di MPP ini.") % {"code": payload.service}}
            )
    ticket = None
    if payload.ticket is not None:
        ticket = public_ticket(payload.ticket)
    entered_by, answered_at = None, None
    if payload.source == Source.PAPER:
        entered_by = check_paper_surveys(caller, mpp)
        if payload.date is not None:
            answered_at = dt.datetime.combine(payload.date, dt.time(12), mpp.tzinfo)
    elif (
        payload.source == Source.TABLET
        and ticket is not None
        and rating_source(caller, ticket) != "tablet"
    ):
        raise ValidationError(
            {"source": _("Sumber tablet hanya untuk tablet loket yang melayani nomor ini.")}
        )
    response = services.submit_survey(
        mpp=mpp,
        service=service,
        source=payload.source,
        answers=payload.answers.dict(),
        profile=payload.profile.dict(),
        suggestion=payload.suggestion,
        ticket=ticket,
        application=str(payload.application) if payload.application else None,
        entered_by=entered_by,
        answered_at=answered_at,
    )
    return Status(
        201,
        SurveyOut(
            id=response.pk,
            service=response.service.code,
            source=response.source,
            answered_at=response.answered_at,
        ),
    )


# --- the published IKM


class IkmQuery(Schema):
    from_: dt.date | None = Field(None, alias="from", description="Tanggal awal (awal tahun).")
    to: dt.date | None = Field(None, description="Tanggal akhir (hari ini).")
    agency: str | None = Field(None, max_length=40, pattern=r"^[A-Z0-9][A-Z0-9-]*$")
    service: str | None = Field(None, max_length=10, pattern=r"^[A-Z]{1,3}\d{2,3}$")


class IkmOut(Schema):
    mpp: str
    from_: dt.date = Field(alias="from")
    to: dt.date
    agency: str | None
    service: str | None
    ikm: float | None = Field(
        description="IKM unit pelayanan (×25), 2 desimal; null tanpa responden."
    )
    index: float | None = Field(description="Nilai indeks sebelum konversi (1–4), 4 desimal.")
    mutu: Literal["A", "B", "C", "D"] | None
    kinerja: str | None = Field(description="Sangat Baik, Baik, Kurang Baik, Tidak Baik.")
    respondents: int
    unsur: dict[str, float] = Field(description="NRR per unsur, 3 desimal.")
    weight: Literal["exact", "0.111"] = Field(description="Bobot yang dipakai: 1/9 atau 0,111.")
    weight_value: float
    population: int = Field(description="Pengunjung yang selesai dilayani dalam periode.")
    min_sample: int = Field(description="Sampel minimum (tabel Krejcie–Morgan).")
    sample_sufficient: bool
    by_source: dict[str, int]

    model_config = ConfigDict(populate_by_name=True)


@router.get(
    "/mpps/{slug}/ikm",
    response={200: IkmOut, **PUBLIC_ERRORS},
    summary="Indeks Kepuasan Masyarakat MPP, instansi atau layanan dalam satu periode",
    by_alias=True,
)
def get_ikm(request: HttpRequest, slug: MppSlug, query: Query[IkmQuery]):
    mpp = mpp_by_slug(slug)
    end = query.to or selectors.today(mpp)
    start = query.from_ or dt.date(end.year, 1, 1)
    if start > end:
        raise ValidationError({"from": _("Tanggal awal harus sebelum tanggal akhir.")})
    if (end - start).days > MAX_RANGE_DAYS:
        raise ValidationError({"from": _("Periode paling panjang lima tahun.")})
    agency = None
    if query.agency:
        agency = selectors.agency_of(mpp, query.agency)
        if agency is None:
            raise ValidationError({"agency": _("Instansi tidak ada di MPP ini.")})
    if query.service and selectors.service_of(mpp, query.service) is None:
        raise ValidationError({"service": _("Layanan tidak ada di MPP ini.")})
    result = selectors.ikm_for_period(mpp, start, end, agency, query.service)
    return result.as_json()
