"""Reads of consent and verified-once documents: what a visit's consent covers, what the
officer at the next step may see, and what the citizen sees of their consents and of
every use of their documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.journeys.consent.models import Consent, DataUse, DocumentCheck
from satupintu.journeys.models import JourneyDocument
from satupintu.queueing.models import Ticket
from satupintu.tenancy.models import Agency, Mpp

MAX_STEPS = 20  # a journey has a handful of steps; a longer chain is not walked further


def visit_of(ticket: Ticket) -> Ticket:
    """The visit a ticket belongs to: the first number of its chain of continuations (a
    journey's next steps and transfers are `transferred_from` the one before)."""
    current = ticket
    for _step in range(MAX_STEPS):
        if current.transferred_from_id is None:
            return current
        current = Ticket.objects.only("id", "transferred_from_id", "user_id", "mpp_id").get(
            pk=current.transferred_from_id
        )
    return current


def consents_for_visit(visit: Ticket) -> QuerySet[Consent]:
    """Every consent given for this visit, and those the visit's signed-in citizen gave at
    its MPP for no visit in particular (a consent given for another visit covers only that
    one: its sentence says "dalam kunjungan ini")."""
    match = Q(ticket=visit)
    if visit.user_id is not None:
        match |= Q(user_id=visit.user_id, ticket__isnull=True)
    return Consent.objects.filter(match, mpp_id=visit.mpp_id)


def in_force(consents: QuerySet[Consent], *, now: dt.datetime) -> QuerySet[Consent]:
    return consents.filter(withdrawn_at__isnull=True, given_at__lte=now, valid_until__gt=now)


def covering_consent(
    *, visit: Ticket, document_key: str, agency_id: int, now: dt.datetime
) -> Consent | None:
    """The consent in force that lets `agency_id` use this visit's `document_key`."""
    for consent in in_force(consents_for_visit(visit), now=now).filter(agencies=agency_id):
        if document_key in consent.documents:
            return consent
    return None


@dataclass(frozen=True)
class VerifiedDocument:
    """A document another agency checked in this visit, usable here under consent."""

    check: DocumentCheck
    consent: Consent
    used: DataUse | None  # this step's use, once the officer has used it


def verified_for(ticket: Ticket, *, now: dt.datetime | None = None) -> list[VerifiedDocument]:
    """What the officer serving `ticket` sees as "sudah diverifikasi oleh …": the checks of
    the visit made by another agency, while a consent in force covers that document for
    this ticket's agency. Nothing without consent."""
    now = now or timezone.now()
    visit = visit_of(ticket)
    agency_id = ticket.service.agency_id
    consents = list(
        in_force(consents_for_visit(visit), now=now).filter(agencies=agency_id).order_by("pk")
    )
    if not consents:
        return []
    checks = (
        DocumentCheck.objects.filter(visit=visit)
        .exclude(agency_id=agency_id)
        .select_related("agency")
        .order_by("checked_at")
    )
    uses = {u.document_check_id: u for u in DataUse.objects.filter(ticket=ticket)}
    result = []
    for check in checks:
        consent = next((c for c in consents if check.document_key in c.documents), None)
        if consent is not None:
            result.append(VerifiedDocument(check, consent, uses.get(check.pk)))
    return result


def checks_at(ticket: Ticket) -> list[DocumentCheck]:
    """The documents checked at this step (this ticket) by its officer."""
    return list(DocumentCheck.objects.filter(ticket=ticket).order_by("checked_at"))


def journey_documents(mpp: Mpp) -> list[JourneyDocument]:
    return list(JourneyDocument.objects.filter(mpp=mpp).order_by("name"))


def document_names(mpp_id: int, keys: list[str]) -> list[str]:
    names = dict(
        JourneyDocument.objects.filter(mpp_id=mpp_id, key__in=keys).values_list("key", "name")
    )
    return [names.get(k, k) for k in keys]


# --- the citizen's side


def my_consents(user: User) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(user=user)
        .select_related("mpp", "life_event")
        .prefetch_related("agencies")
        .order_by("-given_at")
    )


def my_data_uses(user: User) -> QuerySet[DataUse]:
    """Every use of the citizen's checked documents: by whom (officer, agency), which, when."""
    return (
        DataUse.objects.filter(consent__user=user)
        .select_related("document_check__agency", "agency", "officer", "consent__mpp")
        .order_by("-used_at")
    )


def access_my_consent(user: User, public_id: str) -> Consent:
    """The citizen's own consent; 404 for anyone else's (never says whose it is)."""
    from django.http import Http404

    consent = Consent.objects.filter(public_id=public_id, user=user).first()
    if consent is None:
        raise Http404(_("Persetujuan tidak ditemukan."))
    return consent


def consent_state(consent: Consent, *, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    if consent.withdrawn_at is not None:
        return "withdrawn"
    return "active" if consent.valid_until > now else "expired"


def agencies_at(mpp: Mpp, codes: list[str]) -> dict[str, Agency]:
    return {a.code: a for a in Agency.objects.filter(code__in=codes, booths__mpp=mpp).distinct()}
