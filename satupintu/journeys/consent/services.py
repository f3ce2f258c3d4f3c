"""Writes of verified once, with consent (models.py cites UU 27/2022): giving and
withdrawing consent, an officer recording a checked document (by eye or against a
register), and another agency's officer using it instead of a new copy, logged.

A use and a withdrawal lock the same consent row, so a use either happens before the
withdrawal (and is logged) or is refused after it; never after, never half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.roles import is_citizen
from satupintu.core.errors import DomainError
from satupintu.journeys.consent import scope as consent_scope
from satupintu.journeys.consent import selectors
from satupintu.journeys.consent.models import Consent, ConsentChannel, DataUse, DocumentCheck
from satupintu.journeys.models import JourneyDocument, LifeEvent
from satupintu.journeys.registers.base import BusinessAnswer, PersonAnswer, PersonQuery
from satupintu.journeys.registers.registry import business_register, population_register
from satupintu.journeys.selectors import JourneyPlan
from satupintu.queueing.models import Ticket
from satupintu.tenancy.models import Agency, Mpp

MAX_DAYS = 30  # a consent lasts at most this long: the visit, or its later visits
PERSON_DOCUMENT = "ktp-el"
BUSINESS_DOCUMENT = "nib"


class NoConsent(DomainError):
    status = 403
    code = "no_consent"


@transaction.atomic
def give_consent(
    *,
    mpp: Mpp,
    user: User | None,
    documents: Sequence[str],
    agencies: Sequence[str],
    valid_until: dt.datetime,
    purpose: str,
    channel: str,
    ticket: Ticket | None = None,
    life_event: LifeEvent | None = None,
    now: dt.datetime | None = None,
) -> Consent:
    """Record the citizen's consent, with the sentence that says what it allows (stored as
    the proof, Pasal 24). Every problem is named field by field; nothing is written then."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    known = {
        d.key: d.name for d in JourneyDocument.objects.filter(mpp=mpp, key__in=list(documents))
    }
    unknown = [k for k in documents if k not in known]
    if not documents:
        errors["documents"] = [_("Pilih minimal satu dokumen.")]
    elif unknown:
        errors["documents"] = [
            _("Dokumen tidak dikenal di MPP ini: %(keys)s.") % {"keys": ", ".join(unknown)}
        ]
    found = selectors.agencies_at(mpp, list(agencies))
    missing = [c for c in agencies if c not in found]
    if not agencies:
        errors["agencies"] = [_("Pilih minimal satu instansi.")]
    elif missing:
        errors["agencies"] = [
            _("Instansi tidak ada di MPP ini: %(codes)s.") % {"codes": ", ".join(missing)}
        ]
    if timezone.is_naive(valid_until):  # a clock time without a zone: the MPP's own
        valid_until = timezone.make_aware(valid_until, mpp.tzinfo)
    if not 2000 <= valid_until.year <= 2999:
        errors["valid_until"] = [_("Batas waktu persetujuan tidak valid.")]
    elif valid_until <= now:
        errors["valid_until"] = [_("Batas waktu persetujuan harus setelah saat ini.")]
    elif valid_until > now + dt.timedelta(days=MAX_DAYS):
        errors["valid_until"] = [
            _("Persetujuan berlaku paling lama %(days)s hari.") % {"days": MAX_DAYS}
        ]
    purpose = " ".join(purpose.split())[:300]
    if not purpose:
        errors["purpose"] = [_("Tuliskan tujuan pemakaian data.")]
    if user is None and ticket is None:
        errors["ticket"] = [_("Persetujuan perlu akun warga atau nomor antrian kunjungan.")]
    if errors:
        raise ValidationError(errors)
    chosen = [found[c] for c in dict.fromkeys(agencies)]
    keys = list(dict.fromkeys(documents))
    consent = Consent.objects.create(
        mpp=mpp,
        user=user,
        ticket=selectors.visit_of(ticket) if ticket is not None else None,
        life_event=life_event,
        purpose=purpose,
        documents=keys,
        wording=consent_scope.sentence(
            documents=[known[k] for k in keys],
            agencies=[a.short_name or a.name for a in chosen],
            purpose=purpose,
            valid_until=valid_until,
            mpp=mpp,
        ),
        channel=channel,
        given_at=now,
        valid_until=valid_until,
    )
    consent.agencies.set(chosen)
    return consent


def give_journey_consent(
    *,
    plan: JourneyPlan,
    ticket: Ticket,
    user: User | None,
    channel: str = ConsentChannel.WEB,
    now: dt.datetime | None = None,
) -> Consent | None:
    """The consent the journey's sentence asked for (scope.journey_scope), for this visit."""
    scope = consent_scope.journey_scope(plan, now=now)
    if scope is None:
        return None
    return give_consent(
        mpp=plan.life_event.mpp,
        user=user if user is not None and user.is_authenticated else None,
        documents=scope.document_keys,
        agencies=[a.code for a in scope.agencies],
        valid_until=scope.valid_until,
        purpose=scope.purpose,
        channel=channel,
        ticket=ticket,
        life_event=plan.life_event,
        now=now,
    )


@transaction.atomic
def withdraw_consent(*, consent: Consent, now: dt.datetime | None = None) -> Consent:
    """Withdraw at once (Pasal 9, Pasal 40 ayat 1): no use after this; the log stays.
    Withdrawing twice keeps the first time."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = now or timezone.now()
        consent.save(update_fields=["withdrawn_at"])
    return consent


def _agency_of(ticket: Ticket) -> Agency:
    return ticket.service.agency


@transaction.atomic
def record_check(
    *,
    officer: User,
    ticket: Ticket,
    document_key: str,
    register: str = "",
    reference: str = "",
    register_answer: dict | None = None,
    now: dt.datetime | None = None,
) -> DocumentCheck:
    """The officer serving `ticket` has checked this document of the citizen (by eye, or
    against a register). Checking it again at the same step updates the record."""
    document = JourneyDocument.objects.filter(mpp_id=ticket.mpp_id, key=document_key).first()
    if document is None:
        raise ValidationError({"document": [_("Dokumen tidak dikenal di MPP ini.")]})
    values = {
        "mpp_id": ticket.mpp_id,
        "visit": selectors.visit_of(ticket),
        "document_name": document.name,
        "agency": _agency_of(ticket),
        "officer": officer,
        "checked_at": now or timezone.now(),
        "register": register,
        "reference": reference,
        "register_answer": register_answer or {},
    }
    check, _created = DocumentCheck.objects.update_or_create(
        ticket=ticket, document_key=document.key, defaults=values
    )
    return check


def check_identity(
    *, officer: User, ticket: Ticket, query: PersonQuery, now: dt.datetime | None = None
) -> tuple[PersonAnswer, DocumentCheck | None]:
    """Ask the population register, field by field; the KTP-el counts as checked only when
    every field asked matches. Only the answers are kept, with the NIK's last 4 digits."""
    answer = population_register().verify(query)
    if not answer.all_match:
        return answer, None
    check = record_check(
        officer=officer,
        ticket=ticket,
        document_key=PERSON_DOCUMENT,
        register="dukcapil",
        reference="•" * 12 + query.nik[-4:],
        register_answer={"fields": answer.fields},
        now=now,
    )
    return answer, check


def check_business(
    *, officer: User, ticket: Ticket, nib: str, now: dt.datetime | None = None
) -> tuple[BusinessAnswer, DocumentCheck | None]:
    """Ask the business register whether the NIB is valid; a valid one is recorded with its
    holder and KBLI activities, for the next steps (bank, BPJS, tax) to use."""
    answer = business_register().check_nib(nib)
    if not answer.valid:
        return answer, None
    check = record_check(
        officer=officer,
        ticket=ticket,
        document_key=BUSINESS_DOCUMENT,
        register="oss",
        reference=nib,
        register_answer={
            "holder": answer.holder,
            "activities": [[a.kbli, a.title] for a in answer.activities],
        },
        now=now,
    )
    return answer, check


@transaction.atomic
def use_verified_document(
    *, officer: User, ticket: Ticket, check: DocumentCheck, now: dt.datetime | None = None
) -> DataUse:
    """The officer serving `ticket` uses a document another agency checked in this visit,
    instead of asking a new copy. Refused without a consent in force covering that document
    for this agency; logged with officer and time; using it twice at one step logs once."""
    now = now or timezone.now()
    visit = selectors.visit_of(ticket)
    agency = _agency_of(ticket)
    if check.visit_id != visit.pk:
        raise NoConsent(_("Dokumen ini tidak diperiksa dalam kunjungan ini."))
    # Lock the visit's consents first: a withdrawal waits for this use, or this use sees it.
    list(selectors.consents_for_visit(visit).select_for_update().order_by("pk"))
    consent = selectors.covering_consent(
        visit=visit, document_key=check.document_key, agency_id=agency.pk, now=now
    )
    if consent is None:
        raise NoConsent(
            _(
                "Warga belum memberi persetujuan (atau sudah menariknya) agar %(agency)s "
                "memakai %(document)s yang sudah diperiksa. Minta dokumennya seperti biasa."
            )
            % {"agency": agency.short_name or agency.name, "document": check.document_name}
        )
    existing = DataUse.objects.filter(document_check=check, ticket=ticket).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return DataUse.objects.create(
                mpp_id=ticket.mpp_id,
                consent=consent,
                document_check=check,
                ticket=ticket,
                agency=agency,
                officer=officer,
                used_at=now,
            )
    except IntegrityError:  # the same step used it at the same moment: one log line
        return DataUse.objects.get(document_check=check, ticket=ticket)


@transaction.atomic
def take_journey_ticket(
    *,
    mpp: Mpp,
    key: str,
    answers: dict,
    channel: str,
    consent: bool,
    priority: str = "",
    phone: str = "",
    user: User | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """One journey number (journeys.services.take_journey_ticket) and, when the citizen
    ticked the consent sentence shown with the plan, that consent for this visit; both or
    neither."""
    from satupintu.journeys import selectors as journey_selectors
    from satupintu.journeys import services as journey_services

    ticket = journey_services.take_journey_ticket(
        mpp=mpp,
        key=key,
        answers=answers,
        channel=channel,
        priority=priority,
        phone=phone,
        user=user,
        now=now,
    )
    if consent:
        plan = journey_selectors.journey_plan(mpp, key, answers, now=now)
        citizen = user if user is not None and is_citizen(user) else None
        via = ConsentChannel.KIOSK if channel == "kiosk" else ConsentChannel.WEB
        give_journey_consent(plan=plan, ticket=ticket, user=citizen, channel=via, now=now)
    return ticket
