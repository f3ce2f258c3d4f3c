"""Writes of life events: one journey ticket for a plan's steps today, and importing a
journeys document (transfer.py) into an MPP.

An import checks the whole document first and writes nothing when anything is wrong; then,
in one transaction, it adds or updates the journey documents, creates the life events the
MPP does not have, rewrites the questions and steps of those that differ, and leaves
unchanged ones and those not in the file alone (an import never deletes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.appointments.models import Booking
from satupintu.appointments.services import Leg, SlotFull, book_visit
from satupintu.catalog.models import Service
from satupintu.core.errors import DomainError
from satupintu.journeys import selectors, transfer
from satupintu.journeys.models import JourneyDocument, JourneyQuestion, JourneyStep, LifeEvent
from satupintu.queueing.models import Ticket
from satupintu.queueing.tickets.services import issue_ticket
from satupintu.tenancy.models import Mpp


@dataclass
class ImportReport:
    problems: list[transfer.Problem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    documents_written: int = 0
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


@transaction.atomic
def import_journeys(*, mpp: Mpp, data: bytes, dry_run: bool = False) -> ImportReport:
    """Import a journeys document into `mpp` (module docstring); the report lists every
    problem as (where, message), or what was created, changed and left as it was."""
    report = ImportReport()
    document, report.problems = transfer.loads(data)
    if document is None:
        return report
    services = {s.code: s for s in Service.objects.filter(mpp=mpp, is_active=True)}
    known = set(JourneyDocument.objects.filter(mpp=mpp).values_list("key", flat=True))
    parsed, report.problems = transfer.parse(
        document, service_codes=set(services), known_documents=known
    )
    if report.problems:
        return report
    existing = {
        e.key: e
        for e in LifeEvent.objects.filter(mpp=mpp).prefetch_related("questions", "steps__service")
    }
    for record in parsed.documents:
        _, written = _write_document(mpp, record, dry_run)
        report.documents_written += written
    for event in parsed.life_events:
        current = existing.get(event.key)
        wanted = _as_record(event)
        if current is None:
            report.created.append(event.key)
        elif selectors.life_event_record(current) == wanted and (
            current.order,
            current.is_active,
        ) == (event.order, True):
            report.unchanged.append(event.key)
            continue
        else:
            report.changed.append(event.key)
        if not dry_run:
            _write_life_event(mpp, current, event, services)
    report.saved = not dry_run
    return report


def _as_record(event: transfer.LifeEventRecord) -> dict:
    """The record the export would write for this parsed life event (to compare)."""
    return {
        "key": event.key,
        "name": event.name,
        "description": event.description,
        "questions": [
            {"key": q.key, "text": q.text, "options": q.options} for q in event.questions
        ],
        "steps": [selectors.step_record(_step(s), s.service_code) for s in event.steps],
    }


def _step(record: transfer.StepRecord, **fields) -> JourneyStep:
    return JourneyStep(
        key=record.key,
        order=record.order,
        needs=record.needs,
        when_question=record.when_question,
        when_answers=record.when_answers,
        produces=record.produces,
        service_answers=record.service_answers,
        requirement_documents=record.requirement_documents,
        product_same_day=record.product_same_day,
        **fields,
    )


def _write_document(
    mpp: Mpp, record: transfer.DocumentRecord, dry_run: bool
) -> tuple[JourneyDocument | None, int]:
    current = JourneyDocument.objects.filter(mpp=mpp, key=record.key).first()
    values = {"name": record.name, "aliases": record.aliases}
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        return current, 0
    if dry_run:
        return current, 1
    document, _created = JourneyDocument.objects.update_or_create(
        mpp=mpp, key=record.key, defaults=values
    )
    return document, 1


def _write_life_event(
    mpp: Mpp,
    current: LifeEvent | None,
    record: transfer.LifeEventRecord,
    services: dict[str, Service],
) -> LifeEvent:
    values = {
        "name": record.name,
        "description": record.description,
        "order": record.order,
        "is_active": True,
    }
    if current is None:
        event = LifeEvent.objects.create(mpp=mpp, key=record.key, **values)
    else:
        event = current
        for name, value in values.items():
            setattr(event, name, value)
        event.save(update_fields=list(values))
        event.questions.all().delete()
        event.steps.all().delete()
    JourneyQuestion.objects.bulk_create(
        JourneyQuestion(
            life_event=event, mpp=mpp, key=q.key, order=q.order, text=q.text, options=q.options
        )
        for q in record.questions
    )
    JourneyStep.objects.bulk_create(
        _step(s, life_event=event, mpp=mpp, service=services[s.service_code]) for s in record.steps
    )
    return event


@transaction.atomic
def take_journey_ticket(
    *,
    mpp: Mpp,
    key: str,
    answers: Mapping[str, Any],
    channel: str,
    priority: str = "",
    phone: str = "",
    user: User | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """One ticket for the whole of today's plan: the number of its first step, carrying the
    services of the next steps (`Ticket.route`), so finishing a step at its counter queues
    the citizen for the next at once (queueing/counters/services.continue_route)."""
    plan = selectors.journey_plan(mpp, key, answers, now=now)
    today = [s for s in plan.today if s.service.uses_queue]
    if not today:
        raise DomainError(
            _("Tidak ada langkah peristiwa ini yang dilayani dengan nomor antrian hari ini."),
            code="no_queue",
        )
    first, *rest = today
    return issue_ticket(
        mpp=mpp,
        service=first.service,
        channel=channel,
        priority=priority,
        phone=phone,
        now=now,
        user=user,
        route=[step.service.pk for step in rest],
    )


class VisitFull(DomainError):
    """No run of consecutive free slots for the plan at the time asked (or one was taken
    meanwhile): nothing is booked; `alternative` is the next visit that fits, if any."""

    status = 409
    code = "visit_full"

    def __init__(self, message: str, alternative: list[selectors.VisitSlot] | None) -> None:
        super().__init__(message)
        self.alternative = alternative or []


def book_journey(
    *,
    mpp: Mpp,
    key: str,
    answers: Mapping[str, Any],
    day: dt.date,
    name: str,
    nik: str,
    phone: str,
    email: str = "",
    after: dt.datetime | None = None,
    user: User | None = None,
    now: dt.datetime | None = None,
) -> list[tuple[selectors.VisitSlot, Booking]]:
    """Book the plan's first visit as one, all or nothing: on `day` (from `after`, if
    given), the earliest slots where each step starts once the step before is expected
    to be done (selectors.consecutive_slots), booked together through the appointments
    services (appointments.services.book_visit: each place a conditional UPDATE, so never
    overbooked). VisitFull, with the next visit that fits, when the day has no such run
    or a slot went to someone else meanwhile. At check-in the bookings become one ticket
    that follows the citizen through the steps (appointments/checkin.py)."""
    now = now or timezone.now()
    plan = selectors.journey_plan(mpp, key, answers, now=now)
    steps = selectors.bookable_steps(plan)
    start = after or dt.datetime.combine(day, dt.time.min, tzinfo=mpp.tzinfo)
    chain = selectors.visit_slots(mpp, steps, day, after=after, now=now)
    if chain is None:
        raise VisitFull(
            _("Tidak ada jadwal berurutan untuk semua langkah pada waktu itu."),
            selectors.next_visit(mpp, steps, start, now=now),
        )
    legs = [Leg(service=v.step.service, start=v.slot.start) for v in chain]
    try:
        bookings = book_visit(
            mpp=mpp, legs=legs, name=name, nik=nik, phone=phone, email=email, user=user, now=now
        )
    except SlotFull:
        raise VisitFull(
            _(
                "Salah satu jadwal baru saja dipesan orang lain; tidak ada yang dipesan. "
                "Pilih kunjungan berikutnya yang masih cocok."
            ),
            selectors.next_visit(mpp, steps, chain[0].slot.start, now=now),
        ) from None
    return list(zip(chain, bookings, strict=True))
