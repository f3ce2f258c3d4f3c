"""Reads of the kiosk: the agencies and services a visitor can take a number for (the phone's
online ticket offers the same services), the search among them, and the MPP's priority
categories."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.appointments.models import SlotSetting
from satupintu.catalog.models import Service
from satupintu.catalog.search.query import search_services
from satupintu.catalog.selectors import attach_current, services_in_force
from satupintu.journeys.models import LifeEvent
from satupintu.queueing.models import QueuePolicy
from satupintu.queueing.tickets.selectors import local_day
from satupintu.queueing.tickets.services import DEFAULT_PRIORITY_CATEGORIES
from satupintu.tenancy.models import Booth, Mpp


def kiosk_services(mpp: Mpp) -> QuerySet[Service]:
    """Active services of the MPP that sit in a queue and have a standard in force today."""
    return services_in_force(mpp, on=local_day(mpp)).filter(
        uses_queue=True, queue_link__isnull=False
    )


def takes_phone_tickets(mpp: Mpp, code: str | None = None) -> bool:
    """Whether a phone can take a number at this MPP (`/mpp/<slug>/ambil-antrian/`): its
    daily online quota is not zero and it queues a service today (`code`: that service).
    A closed MPP still offers it: the form says when numbers can be taken. One query."""
    services = kiosk_services(mpp).exclude(mpp__queue_policy__online_daily_quota=0)
    return (services.filter(code=code) if code else services).exists()


def kiosk_booths(mpp: Mpp) -> list[Booth]:
    """The booths (gerai) of the MPP with at least one such service, in display order;
    each has `service_count`. Two queries."""
    counts = dict(
        kiosk_services(mpp)
        .order_by()
        .values("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    booths = list(
        Booth.objects.filter(mpp=mpp, agency_id__in=counts)
        .select_related("agency")
        .order_by("display_order", "name")
    )
    for booth in booths:
        booth.service_count = counts[booth.agency_id]  # type: ignore[attr-defined]
    return booths


def kiosk_booth(mpp: Mpp, agency_code: str) -> tuple[Booth, list[Service]]:
    """One booth and its queued services, each with `.current`, or 404 when the agency
    has no queued service at this MPP."""
    booth = Booth.objects.select_related("agency").filter(mpp=mpp, agency__code=agency_code).first()
    services = list(kiosk_services(mpp).filter(agency__code=agency_code)) if booth else []
    if booth is None or not services:
        raise Http404(_("Instansi ini tidak melayani antrian di MPP ini."))
    return booth, attach_current(services)


def kiosk_service(mpp: Mpp, code: str) -> Service | None:
    """A service a kiosk may issue a number for, with `.current` (its requirements
    loaded: the visitor reads them before taking the number) and `.agency`, or None."""
    service = kiosk_services(mpp).select_related("agency").filter(code=code).first()
    return attach_current([service], full=True)[0] if service else None


def kiosk_search(mpp: Mpp, query: str) -> list[Service]:
    """The services a kiosk may issue a number for that match a visitor's words, best
    first: the catalog's search ("paspor", "ktp hilang", "akte lahir"), with its synonyms
    and spelling correction, limited to what this kiosk offers today. Each has `.current`
    and `.agency`."""
    hits = search_services(query, mpp=mpp)
    if not hits:
        return []
    offered = set(
        kiosk_services(mpp)
        .filter(pk__in=[hit.service.pk for hit in hits])
        .values_list("pk", flat=True)
    )
    return [hit.service for hit in hits if hit.service.pk in offered]


def priority_categories(mpp: Mpp) -> list[tuple[str, str]]:
    """The MPP's priority categories as (code, name), the defaults until it has a policy."""
    stored = QueuePolicy.objects.filter(mpp=mpp).values_list("priority_categories", flat=True)
    rows = stored.first()
    return [(code, name) for code, name in (DEFAULT_PRIORITY_CATEGORIES if rows is None else rows)]


def start_shortcuts(mpp: Mpp) -> dict[str, bool]:
    """Which shortcuts the start screen offers, in one query: "Saya punya janji temu" where
    a service is booked by appointment, "Urus per peristiwa hidup" where the MPP has life
    events (journeys)."""
    row = (
        Mpp.objects.filter(pk=mpp.pk)
        .annotate(
            has_appointments=Exists(SlotSetting.objects.filter(mpp=OuterRef("pk"), is_active=True)),
            has_life_events=Exists(LifeEvent.objects.filter(mpp=OuterRef("pk"), is_active=True)),
        )
        .values("has_appointments", "has_life_events")
        .first()
    )
    if row is None:
        return {"has_appointments": False, "has_life_events": False}
    return {"has_appointments": row["has_appointments"], "has_life_events": row["has_life_events"]}
