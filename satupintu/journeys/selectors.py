"""Reads of life events: the list a citizen picks from, the plan for their answers (the
rules are in plan.py), and the export of an MPP's life events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.applications.models import Application
from satupintu.applications.models import Status as AppStatus
from satupintu.appointments.slots import Slot, setting_for, slots_between
from satupintu.catalog import conditions
from satupintu.catalog.models import CounterService, Service, ServiceVersion, TimeUnit
from satupintu.catalog.selectors import (
    attach_current,
    fee_label,
    processing_time_label,
    rupiah,
    services_in_force,
)
from satupintu.core.calendar import add_working_days
from satupintu.core.errors import DomainError
from satupintu.journeys import plan, transfer
from satupintu.journeys.models import JourneyDocument, JourneyStep, LifeEvent
from satupintu.queueing.waits.selectors import average_service_minutes, wait_for_new_ticket
from satupintu.tenancy.models import Booth, Mpp
from satupintu.tenancy.selectors import opening_status


def life_events_at(mpp: Mpp) -> QuerySet[LifeEvent]:
    """The MPP's active life events with their questions and steps (three queries)."""
    return (
        LifeEvent.objects.filter(mpp=mpp, is_active=True)
        .prefetch_related(
            "questions",
            Prefetch(
                "steps",
                JourneyStep.objects.select_related("service", "service__agency").order_by("order"),
            ),
        )
        .order_by("order", "name")
    )


def journey_menu(mpp: Mpp) -> list[LifeEvent]:
    """The life events a citizen picks from, each step's service with `.current` (its
    name in force); five queries for any number of life events."""
    events = list(life_events_at(mpp))
    services = {s.service_id: s.service for e in events for s in e.steps.all()}
    in_force = services_in_force(mpp).filter(pk__in=services)
    ids = in_force.values_list("pk", "current_version_id")  # type: ignore[misc]
    versions = ServiceVersion.objects.in_bulk([v for _pk, v in ids])
    for pk, version_id in ids:
        services[pk].current = versions[version_id]  # type: ignore[attr-defined]
    return events


def life_event_at(mpp: Mpp, key: str) -> LifeEvent:
    found = life_events_at(mpp).filter(key=key).first()
    if found is None:
        raise Http404(_("Peristiwa hidup tidak ditemukan di MPP ini."))
    return found


def clean_answers(life_event: LifeEvent, answers: Mapping[str, Any]) -> dict[str, str]:
    """{question key: chosen option} for every question of the life event; ValidationError
    {question key: message} for one unanswered, answered with an option not offered, or
    not a question of this life event."""
    questions = list(life_event.questions.all())
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for q in questions:
        given = answers.get(q.key)
        value = given.strip() if isinstance(given, str) else ""
        match = next((o for o in q.options if o.casefold() == value.casefold()), None)
        if match is None:
            errors[q.key] = [
                _("Pilih jawaban untuk “%(text)s”.") % {"text": q.text}
                if not value
                else _("“%(answer)s” bukan pilihan untuk “%(text)s”.")
                % {"answer": value[:100], "text": q.text}
            ]
        else:
            cleaned[q.key] = match
    for key in answers:
        if key not in {q.key for q in questions}:
            errors[str(key)[:60]] = [_("Bukan pertanyaan peristiwa hidup ini.")]
    if errors:
        raise ValidationError(errors, code="bad_answers")
    return cleaned


# --- the plan ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedRequirement:
    name: str
    form: str  # "asli dan fotokopi"
    is_optional: bool
    condition: str
    provided_by: int | None  # the plan's step number whose product it is; None: bring it


@dataclass(frozen=True)
class PlannedStep:
    number: int  # 1, 2, … in plan order
    visit: int  # 1 = today's visit
    key: str
    service: Service
    version: ServiceVersion
    booth: Booth | None
    counters: list[int]
    needs: list[int]  # numbers of the steps it comes after
    requirements: list[PlannedRequirement]
    fee_label: str
    fee_rupiah: int | None  # None when not a fixed amount
    processing_time: str
    same_day: bool
    wait_minutes: int | None  # a ticket taken now; None: not served today
    service_minutes: int


@dataclass(frozen=True)
class MergedRequirement:
    key: str
    name: str
    steps: list[int]
    is_optional: bool
    condition: str


@dataclass(frozen=True)
class ProvidedDocument:
    name: str
    by_step: int
    for_steps: list[int]


@dataclass(frozen=True)
class JourneyPlan:
    life_event: LifeEvent
    answers: dict[str, str]
    steps: list[PlannedStep]
    requirements: list[MergedRequirement]
    provided: list[ProvidedDocument]
    fee_total: int  # of the fixed fees
    fee_complete: bool  # every step's fee is a fixed amount
    visits: int
    expected_minutes: int | None  # today's steps, waits and service; None: not all today

    @property
    def fee_total_label(self) -> str:
        return _("Gratis") if self.fee_complete and not self.fee_total else rupiah(self.fee_total)

    @property
    def today(self) -> list[PlannedStep]:
        return [s for s in self.steps if s.visit == 1]


def _same_day(step: JourneyStep, version: ServiceVersion) -> bool:
    """Whether the product is in hand the day the step is done: minutes or hours, or one
    day ("selesai di hari yang sama"); working days are a later visit. The step may say
    otherwise (`product_same_day`)."""
    if step.product_same_day is not None:
        return step.product_same_day
    unit, value = version.processing_time_unit, version.processing_time_value
    if unit in (TimeUnit.MINUTES, TimeUnit.HOURS) or value is None:
        return True
    return unit == TimeUnit.DAYS and value <= 1


def _needs_of(step: JourneyStep, version: ServiceVersion) -> list[plan.Need]:
    """The requirements of the step's service that hold in this life event: those its
    `service_answers` do not rule out, labelled "jika …" while their question is open."""
    questions = list(version.questions.all())
    given = {
        q.text: answer
        for q in questions
        for answer in step.service_answers
        if answer.casefold() in {o.casefold() for o in q.option_list}
    }
    result = []
    for requirement in version.requirements.all():
        if conditions.ruled_out(requirement, questions, given):
            continue
        decided = requirement.applies_when and conditions.applies(requirement, given) and given
        condition = "" if decided or not requirement.applies_when else requirement.condition_label
        result.append(
            plan.Need(
                requirement.name,
                requirement.is_optional,
                str(condition),
                requirement.form_note,
            )
        )
    return result


def journey_plan(
    mpp: Mpp, key: str, answers: Mapping[str, Any], *, now: dt.datetime | None = None
) -> JourneyPlan:
    """The plan of one life event for these answers (plan.py), with each step's booth,
    counters, fee and the wait of a ticket taken now. ValidationError on bad answers."""
    now = now or timezone.now()
    life_event = life_event_at(mpp, key)
    cleaned = clean_answers(life_event, answers)
    steps = list(life_event.steps.all())
    in_force = {
        s.pk: s
        for s in attach_current(
            list(services_in_force(mpp).filter(pk__in=[s.service_id for s in steps])), full=True
        )
    }
    missing = [s for s in steps if s.service_id not in in_force]
    if missing:
        raise Http404(
            _("Layanan %(code)s dari peristiwa ini tidak berlaku lagi di MPP ini.")
            % {"code": missing[0].service.code}
        )
    rules = []
    for step in steps:
        version = in_force[step.service_id].current  # type: ignore[attr-defined]
        rules.append(
            plan.StepRule(
                key=step.key,
                order=step.order,
                needs=tuple(step.needs),
                when_question=step.when_question,
                when_answers=tuple(step.when_answers),
                produces=tuple(step.produces),
                same_day=_same_day(step, version),
                requirements=tuple(_needs_of(step, version)),
                requirement_documents=step.requirement_documents,
            )
        )
    documents = [
        plan.Document(d.key, d.name, tuple(d.aliases))
        for d in JourneyDocument.objects.filter(mpp=mpp)
    ]
    outline = plan.outline(rules, documents, cleaned)
    return _assemble(mpp, life_event, cleaned, steps, in_force, outline, now)


def _assemble(
    mpp: Mpp,
    life_event: LifeEvent,
    answers: dict[str, str],
    steps: list[JourneyStep],
    in_force: dict[int, Service],
    outline: plan.Outline,
    now: dt.datetime,
) -> JourneyPlan:
    by_key = {s.key: s for s in steps}
    number = {rule.key: n for n, rule in enumerate(outline.steps, 1)}
    services = [in_force[by_key[r.key].service_id] for r in outline.steps]
    booths = {b.agency_id: b for b in Booth.objects.filter(mpp=mpp)}
    counters: dict[int, list[int]] = {}
    links = CounterService.objects.filter(service__in=services, counter__is_active=True)
    for service_id, counter_number in links.values_list("service_id", "counter__number"):
        counters.setdefault(service_id, []).append(counter_number)
    today = timezone.localtime(now, mpp.tzinfo).date()
    closed_for = _minutes_until_open(mpp, now)
    planned = []
    for rule, service in zip(outline.steps, services, strict=True):
        version: ServiceVersion = service.current  # type: ignore[attr-defined]
        requirements = [
            PlannedRequirement(
                name=need.name,
                form=need.form,
                is_optional=need.is_optional,
                condition=need.condition,
                provided_by=number.get(outline.given.get((rule.key, need.name), "")),
            )
            for need in rule.requirements
        ]
        visit = outline.visits[rule.key]
        planned.append(
            PlannedStep(
                number=number[rule.key],
                visit=visit,
                key=rule.key,
                service=service,
                version=version,
                booth=booths.get(service.agency_id),
                counters=sorted(counters.get(service.pk, [])),
                needs=sorted(number[n] for n in rule.needs if n in number),
                requirements=requirements,
                fee_label=fee_label(version),
                fee_rupiah=version.fee_rupiah if version.fee_kind == "fixed" else None,
                processing_time=processing_time_label(version),
                same_day=rule.same_day,
                wait_minutes=_wait(service, now, closed_for) if visit == 1 else None,
                service_minutes=round(average_service_minutes(service.pk, today=today)),
            )
        )
    return JourneyPlan(
        life_event=life_event,
        answers=answers,
        steps=planned,
        requirements=[
            MergedRequirement(
                m.key, m.name, [number[s] for s in m.steps], m.is_optional, m.condition
            )
            for m in outline.requirements
        ],
        provided=[
            ProvidedDocument(p.name, number[p.by_step], [number[s] for s in p.for_steps])
            for p in outline.provided
        ],
        fee_total=sum(s.fee_rupiah or 0 for s in planned),
        fee_complete=all(s.fee_rupiah is not None for s in planned),
        visits=max((s.visit for s in planned), default=1),
        expected_minutes=expected_minutes([s for s in planned if s.visit == 1]),
    )


def _minutes_until_open(mpp: Mpp, now: dt.datetime) -> int:
    """Minutes until the MPP opens when it is closed now (the waits count from then: a
    plan made the evening before is for the door's opening, not for the night)."""
    status = opening_status(mpp, now)
    if status.is_open or status.next_opening is None:
        return 0
    return max(0, int((status.next_opening - now).total_seconds() // 60))


def _wait(service: Service, now: dt.datetime, closed_for: int) -> int | None:
    wait = wait_for_new_ticket(service, now=now)
    return None if wait is None else max(0, wait - closed_for)


def expected_minutes(today: list[PlannedStep]) -> int | None:
    """Door to done of today's steps, from the queues' current estimates: step i is called
    once the citizen is through step i-1 and, at the earliest, when a ticket taken now
    would be called (the next step keeps the place the journey started with,
    `satupintu.journeys` item 3); then it takes the service's mean time. None while a step
    has no counter calling today."""
    done = 0
    for step in today:
        if step.wait_minutes is None:
            return None
        done = max(done, step.wait_minutes) + step.service_minutes
    return done


# --- export ----------------------------------------------------------------------------


def step_record(step: JourneyStep, service_code: str | None = None) -> dict[str, Any]:
    """One step as the export writes it (only the fields that say something)."""
    record: dict[str, Any] = {"key": step.key, "service": service_code or step.service.code}
    if step.needs:
        record["needs"] = list(step.needs)
    if step.when_question:
        record["when"] = {"question": step.when_question, "answers": list(step.when_answers)}
    for name in ("produces", "service_answers"):
        if getattr(step, name):
            record[name] = list(getattr(step, name))
    if step.requirement_documents:
        record["requirement_documents"] = dict(step.requirement_documents)
    if step.product_same_day is not None:
        record["product_same_day"] = step.product_same_day
    return record


def life_event_record(life_event: LifeEvent) -> dict[str, Any]:
    return {
        "key": life_event.key,
        "name": life_event.name,
        "description": life_event.description,
        "questions": [
            {"key": q.key, "text": q.text, "options": list(q.options)}
            for q in life_event.questions.all()
        ],
        "steps": [step_record(s) for s in life_event.steps.all()],
    }


def document_record(document: JourneyDocument) -> dict[str, Any]:
    return {"key": document.key, "name": document.name, "aliases": list(document.aliases)}


def exported_journeys(mpp: Mpp) -> dict[str, Any]:
    """The MPP's journey documents and active life events as one JSON-ready document
    (transfer.py's format; four queries)."""
    return transfer.as_document(
        mpp.slug,
        [document_record(d) for d in JourneyDocument.objects.filter(mpp=mpp).order_by("key")],
        [life_event_record(e) for e in life_events_at(mpp)],
    )


# --- booking a plan as one visit ---------------------------------------------------------


@dataclass(frozen=True)
class VisitSlot:
    step: PlannedStep
    slot: Slot


def bookable_steps(plan_: JourneyPlan) -> list[PlannedStep]:
    """Today's steps of the plan, each bookable by appointment; DomainError (422) naming
    the first that is not (the citizen takes one journey number at the kiosk instead)."""
    steps = [s for s in plan_.today if s.service.uses_queue]
    if not steps:
        raise DomainError(
            _("Tidak ada langkah peristiwa ini yang dilayani di loket pada kunjungan pertama."),
            code="no_queue",
            status=422,
        )
    for step in steps:
        if setting_for(step.service) is None:
            raise DomainError(
                _(
                    "Langkah %(n)s (%(service)s) tidak dapat dipesan dengan janji temu. "
                    "Ambil satu nomor antrian untuk semua langkah di kios atau dari ponsel."
                )
                % {"n": step.number, "service": step.version.name},
                code="not_bookable",
                status=422,
            )
    return steps


def consecutive_slots(
    steps: list[PlannedStep],
    free: Mapping[int, list[Slot]],
    *,
    after: dt.datetime | None = None,
) -> list[VisitSlot] | None:
    """The earliest free slots, one per step in plan order, where each step's slot starts
    once the step before is expected to be done (its slot's start plus the service's mean
    time, the same minutes the plan counts), the first at or after `after`; None when the
    day has no such run. `free`: each step's service's free slots of one day, by time."""
    for first in free[steps[0].service.pk]:
        if after is not None and first.start < after:
            continue
        chain = [VisitSlot(steps[0], first)]
        for step in steps[1:]:
            before = chain[-1]
            ready = before.slot.start + dt.timedelta(minutes=before.step.service_minutes)
            found = next((s for s in free[step.service.pk] if s.start >= ready), None)
            if found is None:
                break
            chain.append(VisitSlot(step, found))
        else:
            return chain
    return None


def visit_slots(
    mpp: Mpp,
    steps: list[PlannedStep],
    day: dt.date,
    *,
    after: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> list[VisitSlot] | None:
    """The first run of consecutive free slots for `steps` on `day` (consecutive_slots)."""
    free: dict[int, list[Slot]] = {}
    for step in steps:
        setting = setting_for(step.service)
        found = slots_between(mpp, setting, day, day, now=now) if setting else []
        free[step.service.pk] = [s for s in found if s.is_free]
    return consecutive_slots(steps, free, after=after)


def next_visit(
    mpp: Mpp,
    steps: list[PlannedStep],
    after: dt.datetime,
    *,
    now: dt.datetime | None = None,
    days: int = 31,
) -> list[VisitSlot] | None:
    """The first visit that fits at or after `after`, that day or one of the `days` days
    after it (the alternative offered when a step's slot is gone)."""
    day = timezone.localtime(after, mpp.tzinfo).date()
    for offset in range(days + 1):
        chain = visit_slots(
            mpp,
            steps,
            day + dt.timedelta(days=offset),
            after=after if not offset else None,
            now=now,
        )
        if chain is not None:
            return chain
    return None


@dataclass(frozen=True)
class LaterVisit:
    """A step planned as a visit of its own ("kunjungan berikutnya"): the earliest day it
    can be done, and how far the product it waits for has come."""

    step: PlannedStep
    waits_for: PlannedStep  # the step whose product takes days
    earliest: dt.date
    application: Application | None  # the citizen's application of `waits_for`, if any
    ready: bool  # that product is issued: the step can be done now


def product_ready_on(mpp: Mpp, step: PlannedStep, day: dt.date) -> dt.date:
    """The day the product of a step done on `day` is due: its standard's processing time
    in working days (core.calendar: weekends, national holidays, cuti bersama and the
    MPP's closures skipped) or calendar days (PermenPAN-RB 15/2014, komponen standar
    pelayanan "jangka waktu pelayanan")."""
    unit, value = step.version.processing_time_unit, step.version.processing_time_value or 0
    if unit == TimeUnit.WORKING_DAYS:
        return add_working_days(mpp, day, value)
    if unit == TimeUnit.DAYS:
        return day + dt.timedelta(days=value)
    return day


def later_visits(
    mpp: Mpp, plan_: JourneyPlan, *, first_day: dt.date, nik: str = ""
) -> list[LaterVisit]:
    """The plan's steps after the first visit, each with the earliest day it can be done
    (the products it waits for are due: product_ready_on, from `first_day`) and, when the
    citizen's NIK is known, the state of their application for that product: an issued
    product (ready or completed) makes the step doable now; its due date, when set,
    replaces the standard's estimate. One query per waited-for product."""
    by_number = {s.number: s for s in plan_.steps}
    result = []
    for step in plan_.steps:
        if step.visit == 1:
            continue
        waits = [by_number[n] for n in step.needs if not by_number[n].same_day] or [
            by_number[n] for n in step.needs
        ]
        waits_for = max(waits, key=lambda s: product_ready_on(mpp, s, first_day))
        earliest = product_ready_on(mpp, waits_for, first_day)
        application = None
        if nik:
            application = (
                Application.objects.filter(mpp=mpp, service=waits_for.service, applicant_nik=nik)
                .exclude(status__in=[AppStatus.DRAFT, AppStatus.WITHDRAWN, AppStatus.REJECTED])
                .order_by("-created_at")
                .first()
            )
        ready = application is not None and application.status in (
            AppStatus.READY,
            AppStatus.COMPLETED,
        )
        if application is not None and application.due_date and not ready:
            earliest = max(earliest, application.due_date)
        result.append(LaterVisit(step, waits_for, earliest, application, ready))
    return result
