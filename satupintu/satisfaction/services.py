"""Writes of the satisfaction app: ratings, SKM responses, settings and follow-ups.

One per ticket is the database's promise (a one-to-one column; one per application is a
partial unique index): two submissions racing for the same ticket both reach the
INSERT, one commits and the other gets IntegrityError, which is answered as
`already_rated` / `already_answered` (409). The service's checks before it only give
the friendly message earlier.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.catalog.models import Service
from satupintu.core.errors import DomainError
from satupintu.queueing.models import Status, Ticket
from satupintu.satisfaction import ikm
from satupintu.satisfaction.models import (
    AgeGroup,
    Education,
    FollowUp,
    Occupation,
    Rating,
    RatingSource,
    Sex,
    Source,
    SurveyResponse,
    SurveySettings,
    Weight,
)
from satupintu.satisfaction.questionnaire import REASONS, UNSUR_BY_KEY
from satupintu.tenancy.models import Mpp

RATING_WINDOW = dt.timedelta(hours=24)  # a finished ticket can be rated this long
SURVEY_WINDOW = dt.timedelta(days=30)  # and its SKM questionnaire answered this long
MAX_REASONS = 5

PROFILE_CHOICES = {
    "sex": Sex,
    "age_group": AgeGroup,
    "education": Education,
    "occupation": Occupation,
}


def settings_for(mpp: Mpp) -> SurveySettings:
    found, _created = SurveySettings.objects.get_or_create(mpp=mpp)
    return found


@transaction.atomic
def update_settings(
    *,
    mpp: Mpp,
    weight: str,
    coaching_threshold: float | None = None,
    coaching_weeks: int | None = None,
) -> SurveySettings:
    if weight not in Weight.values:
        raise ValidationError({"weight": _("Bobot tidak dikenal.")})
    current = settings_for(mpp)
    current.weight = weight
    if coaching_threshold is not None:
        current.coaching_threshold = coaching_threshold
    if coaching_weeks is not None:
        current.coaching_weeks = coaching_weeks
    current.full_clean()
    current.save()
    return current


# --- the counter rating ----------------------------------------------------------------


def _check_finished(ticket: Ticket, now: dt.datetime, window: dt.timedelta) -> None:
    if ticket.status != Status.DONE or ticket.finished_at is None:
        raise DomainError(
            _("Penilaian dan survei baru dapat diisi setelah pelayanan nomor ini selesai."),
            code="ticket_not_finished",
        )
    if now - ticket.finished_at > window:
        raise DomainError(
            _("Batas waktu untuk menilai pelayanan nomor ini sudah lewat."),
            code="too_late",
        )


def _clean_reasons(reasons: list[str]) -> list[str]:
    unknown = [r for r in reasons if r not in REASONS]
    if unknown:
        raise ValidationError(
            {"reasons": _("Alasan tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    if len(reasons) > MAX_REASONS:
        raise ValidationError({"reasons": _("Pilih paling banyak lima alasan.")})
    return list(dict.fromkeys(reasons))


@transaction.atomic
def submit_rating(
    *,
    ticket: Ticket,
    score: int,
    reasons: list[str] | None = None,
    source: str = RatingSource.TABLET,
    now: dt.datetime | None = None,
) -> Rating:
    """Store the face rating of a finished ticket: 1 (tidak puas) … 4 (sangat puas).

    The counter, officer and service are the ticket's at the moment it was finished.
    """
    now = now or timezone.now()
    if not 1 <= score <= 4:
        raise ValidationError({"score": _("Nilai harus 1 sampai 4.")})
    clean = _clean_reasons(reasons or [])
    ticket = Ticket.objects.select_related("service").get(pk=ticket.pk)
    _check_finished(ticket, now, RATING_WINDOW)
    if Rating.objects.filter(ticket=ticket).exists():
        raise _already_rated()
    try:
        with transaction.atomic():
            return Rating.objects.create(
                mpp_id=ticket.mpp_id,
                ticket=ticket,
                service_id=ticket.service_id,
                counter_id=ticket.counter_id,
                officer_id=ticket.officer_id,
                score=score,
                reasons=clean,
                source=source,
                created_at=now,
            )
    except IntegrityError:
        raise _already_rated() from None


def _already_rated() -> DomainError:
    return DomainError(_("Nomor antrian ini sudah dinilai. Terima kasih."), code="already_rated")


# --- the SKM questionnaire -------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationRef:
    """What the survey needs to know of an application: its MPP, service and whether done."""

    mpp_id: int
    service_id: int
    completed_at: dt.datetime | None


def _find_application(mpp: Mpp, ref: str) -> ApplicationRef | None:
    """An application of the applications app by its public id (the unguessable id in the
    link of the application-completed message). Kept loose (no foreign key): a survey
    row outlives the application and this app does not depend on that app's tables."""
    from django.apps import apps

    try:
        application_model = apps.get_model("applications", "Application")
        key = uuid.UUID(ref)
    except (LookupError, ValueError):
        return None
    found = (
        application_model.objects.filter(public_id=key, mpp=mpp)
        .values("mpp_id", "service_id", "status", "closed_at")
        .first()
    )
    if found is None:
        return None
    completed = found["closed_at"] if found["status"] == "completed" else None
    return ApplicationRef(found["mpp_id"], found["service_id"], completed)


# How a survey finds the application it answers for (a seam for tests and other sources).
application_lookup: Callable[[Mpp, str], ApplicationRef | None] = _find_application


def clean_answers(answers: Mapping[str, object]) -> dict[str, int]:
    """The 9 unsur, each 1–4; a missing or wrong one is a field error in Indonesian."""
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for key in ikm.UNSUR:
        value = answers.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            name = UNSUR_BY_KEY[key].name
            errors[f"answers.{key}"] = _("Jawaban unsur %(name)s harus 1 sampai 4.") % {
                "name": name
            }
        else:
            clean[key] = value
    extra = set(answers) - set(ikm.UNSUR)
    if extra:
        errors["answers"] = _("Unsur tidak dikenal: %(keys)s.") % {"keys": ", ".join(sorted(extra))}
    if errors:
        raise ValidationError(errors)
    return clean


def clean_profile(profile: Mapping[str, object]) -> dict[str, str]:
    labels = {
        "sex": _("jenis kelamin"),
        "age_group": _("usia"),
        "education": _("pendidikan"),
        "occupation": _("pekerjaan"),
    }
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    for key, choices in PROFILE_CHOICES.items():
        value = profile.get(key)
        if value not in choices.values:
            errors[f"profile.{key}"] = _(
                "Pilihan %(field)s tidak dikenal; pilih salah satu: %(codes)s."
            ) % {
                "field": labels[key],
                "codes": ", ".join(choices.values),
            }
        else:
            clean[key] = str(value)
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def submit_survey(
    *,
    mpp: Mpp,
    service: Service | None,
    source: str,
    answers: Mapping[str, object],
    profile: Mapping[str, object],
    suggestion: str = "",
    ticket: Ticket | None = None,
    application: str | None = None,
    entered_by: User | None = None,
    answered_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> SurveyResponse:
    """Store one SKM questionnaire (PermenPANRB 14/2017): 9 unsur 1–4, profile, saran.

    Online sources (tablet, qr, link) answer for a finished ticket or a completed
    application of this MPP, once. Paper forms are typed in by a supervisor
    (`entered_by`, authorised by the caller) and may carry the date on the form.
    """
    now = now or timezone.now()
    if source not in Source.values:
        raise ValidationError({"source": _("Sumber survei tidak dikenal.")})
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    person: dict[str, str] = {}
    try:
        clean = clean_answers(answers)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        person = clean_profile(profile)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if service is not None and service.mpp_id != mpp.pk:
        raise ValidationError({"service": _("Layanan ini bukan layanan MPP ini.")})
    if source == Source.PAPER:
        if entered_by is None:
            raise DomainError(_("Kuesioner kertas dimasukkan oleh pengelola MPP."), status=403)
        if answered_at is not None and answered_at > now:
            raise ValidationError({"answered_at": _("Tanggal survei tidak boleh di masa depan.")})
    elif ticket is None and not application:
        raise ValidationError(
            {
                "ticket": _(
                    "Survei daring harus menyebut nomor antrian atau permohonan yang dinilai."
                )
            }
        )
    if ticket is not None:
        service = _check_ticket_for_survey(mpp, ticket, service, now)
    application_ref = None
    if application:
        service = _check_application(mpp, application, service, now)
        application_ref = application
    if service is None:
        raise ValidationError({"service": _("Sebutkan layanan yang dinilai.")})
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                mpp=mpp,
                service=service,
                source=source,
                ticket=ticket,
                application_ref=application_ref,
                suggestion=suggestion.strip()[:2000],
                entered_by=entered_by if source == Source.PAPER else None,
                answered_at=answered_at or now,
                **clean,
                **person,
            )
    except IntegrityError:
        raise DomainError(
            _("Survei untuk nomor antrian atau permohonan ini sudah diisi. Terima kasih."),
            code="already_answered",
        ) from None


def _check_ticket_for_survey(
    mpp: Mpp, ticket: Ticket, service: Service | None, now: dt.datetime
) -> Service:
    ticket = Ticket.objects.select_related("service").get(pk=ticket.pk)
    if ticket.mpp_id != mpp.pk:
        raise ValidationError({"ticket": _("Nomor antrian ini bukan dari MPP ini.")})
    _check_finished(ticket, now, SURVEY_WINDOW)
    if service is not None and service.pk != ticket.service_id:
        raise ValidationError(
            {"service": _("Layanan tidak sama dengan layanan pada nomor antrian.")}
        )
    if SurveyResponse.objects.filter(ticket=ticket).exists():
        raise DomainError(
            _("Survei untuk nomor antrian ini sudah diisi. Terima kasih."),
            code="already_answered",
        )
    return ticket.service


def _check_application(
    mpp: Mpp, application: str, service: Service | None, now: dt.datetime
) -> Service:
    found = application_lookup(mpp, application)
    if found is None or found.mpp_id != mpp.pk:
        raise ValidationError({"application": _("Permohonan tidak ditemukan di MPP ini.")})
    if found.completed_at is None:
        raise DomainError(
            _("Survei dapat diisi setelah permohonan selesai."), code="application_not_completed"
        )
    if service is not None and service.pk != found.service_id:
        raise ValidationError({"service": _("Layanan tidak sama dengan layanan permohonan.")})
    return Service.objects.get(pk=found.service_id)


# --- follow-up actions ------------------------------------------------------------------


@transaction.atomic
def save_follow_up(
    *,
    mpp: Mpp,
    author: User,
    title: str,
    description: str = "",
    unsur: str = "",
    state: str = FollowUp.State.PLANNED,
    due_on: dt.date | None = None,
    is_published: bool = True,
    follow_up: FollowUp | None = None,
) -> FollowUp:
    """Create or update a follow-up action the manager publishes with the IKM."""
    if unsur and unsur not in ikm.UNSUR:
        raise ValidationError({"unsur": _("Unsur tidak dikenal.")})
    item = follow_up or FollowUp(mpp=mpp, author=author)
    if item.mpp_id != mpp.pk:
        raise DomainError(status=404)
    item.title, item.description, item.unsur = title.strip(), description.strip(), unsur
    item.state, item.due_on, item.is_published = state, due_on, is_published
    item.full_clean(exclude=["author"])
    item.save()
    return item


@transaction.atomic
def delete_follow_up(*, mpp: Mpp, follow_up: FollowUp) -> None:
    if follow_up.mpp_id != mpp.pk:
        raise DomainError(status=404)
    follow_up.delete()
