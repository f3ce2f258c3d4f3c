"""Reads of the catalog: the version in force, an MPP's catalog, change logs, where a
service is offered. "In force" is decided on the MPP's own calendar date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from satupintu.catalog.models import (
    Category,
    FeeKind,
    Service,
    ServiceVersion,
    TimeUnit,
)
from satupintu.tenancy.models import Booth, Mpp, OpeningHours
from satupintu.tenancy.selectors import OpeningStatus, booths_at, opening_status


def local_today(mpp: Mpp) -> dt.date:
    return timezone.localdate(timezone=mpp.tzinfo)


def _in_force_id(on: dt.date) -> Subquery:
    return Subquery(
        ServiceVersion.objects.filter(service=OuterRef("pk"), effective_from__lte=on)
        .order_by("-number")
        .values("pk")[:1]
    )


def services_in_force(mpp: Mpp, *, on: dt.date | None = None) -> QuerySet[Service]:
    """Active services of an MPP that have a version in force, each with `.current` set
    by `attach_current` (two queries for any number of services)."""
    on = on or local_today(mpp)
    return (
        Service.objects.filter(mpp=mpp, is_active=True)
        .annotate(current_version_id=_in_force_id(on))
        .filter(current_version_id__isnull=False)
        .select_related("agency", "category")
        .order_by("code")
    )


def attach_current(services: list[Service], *, full: bool = False) -> list[Service]:
    """Load the version in force of each service (annotated `current_version_id`)."""
    ids = [s.current_version_id for s in services]  # type: ignore[attr-defined]
    qs = ServiceVersion.objects.filter(pk__in=ids)
    if full:
        qs = qs.prefetch_related("requirements", "steps", "fee_variants", "questions")
    by_id = {v.pk: v for v in qs}
    for service in services:
        service.current = by_id[service.current_version_id]  # type: ignore[attr-defined]
    return services


def catalog_of(
    mpp: Mpp, *, agency: str | None = None, category: str | None = None
) -> list[Service]:
    qs = services_in_force(mpp)
    if agency:
        qs = qs.filter(agency__code=agency)
    if category:
        qs = qs.filter(category__slug=category)
    return attach_current(list(qs))


def service_at(mpp: Mpp, code: str) -> Service:
    """One service of the MPP with its version in force fully loaded, or 404."""
    service = services_in_force(mpp).filter(code=code).first()
    if service is None:
        raise Http404(_("Layanan tidak ditemukan di MPP ini."))
    return attach_current([service], full=True)[0]


def categories_in_use(mpp: Mpp) -> QuerySet[Category]:
    return Category.objects.filter(services__mpp=mpp, services__is_active=True).distinct()


def where_offered(standard_key: str) -> list[Service]:
    """The same service at every MPP that offers it, for the 'where can I do this' page."""
    services = []
    for service in (
        Service.objects.filter(standard_key=standard_key, is_active=True, mpp__is_active=True)
        .select_related("mpp", "agency")
        .order_by("mpp__name")
    ):
        current = version_in_force(service)
        if current is not None:
            service.current = current  # type: ignore[attr-defined]
            services.append(service)
    return services


def version_in_force(service: Service, *, on: dt.date | None = None) -> ServiceVersion | None:
    on = on or local_today(service.mpp)
    return (
        ServiceVersion.objects.filter(service=service, effective_from__lte=on)
        .order_by("-number")
        .first()
    )


def upcoming_version(service: Service, *, on: dt.date | None = None) -> ServiceVersion | None:
    """A published version that takes effect later (announced on the service page)."""
    on = on or local_today(service.mpp)
    return (
        ServiceVersion.objects.filter(service=service, effective_from__gt=on)
        .order_by("effective_from", "number")
        .first()
    )


# --- how people read fees and times -----------------------------------------
def rupiah(amount: int) -> str:
    """Rp1.250.000: Indonesian thousands separator, no decimals."""
    return "Rp" + f"{amount:,}".replace(",", ".")


def fee_label(version: ServiceVersion) -> str:
    kind, amount = version.fee_kind, version.fee_rupiah
    if kind == FeeKind.FIXED and amount == 0:
        return _("Gratis")
    if kind == FeeKind.FIXED and amount is not None:
        return rupiah(amount)
    if kind == FeeKind.FIXED_PLUS_VARIABLE and amount is not None:
        return _("%(amount)s ditambah bagian yang bervariasi") % {"amount": rupiah(amount)}
    if kind == FeeKind.PER_UNIT:
        return _("Dihitung per satuan")
    if kind == FeeKind.VARIABLE:
        return _("Bervariasi")
    return _("Tanyakan di gerai")


TIME_PHRASES = {
    TimeUnit.MINUTES: lambda n: ngettext("%(n)s menit", "%(n)s menit", n),
    TimeUnit.HOURS: lambda n: ngettext("%(n)s jam", "%(n)s jam", n),
    TimeUnit.DAYS: lambda n: ngettext("%(n)s hari", "%(n)s hari", n),
    TimeUnit.WORKING_DAYS: lambda n: ngettext("%(n)s hari kerja", "%(n)s hari kerja", n),
}


def processing_time_label(version: ServiceVersion) -> str:
    """'14 hari kerja' / '1 hour': Indonesian has no plural, English does."""
    n = version.processing_time_value
    if n is None:
        return _("Tidak ditentukan")
    return TIME_PHRASES[TimeUnit(version.processing_time_unit)](n) % {"n": n}


# --- change log ----------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    version: ServiceVersion
    messages: list[str]


# Lazy: read when a change log is written, in the visitor's language, not at import.
COMPARED = [
    ("name", gettext_lazy("Nama layanan")),
    ("fee", gettext_lazy("Biaya")),
    ("time", gettext_lazy("Jangka waktu")),
    ("product", gettext_lazy("Produk layanan")),
    ("requirements", gettext_lazy("Persyaratan")),
    ("steps", gettext_lazy("Prosedur")),
]


def _facets(version: ServiceVersion) -> dict[str, object]:
    return {
        "name": version.name,
        "fee": fee_label(version),
        "time": processing_time_label(version),
        "product": version.product,
        "requirements": [(r.name, r.applies_when) for r in version.requirements.all()],
        "steps": [s.description for s in version.steps.all()],
    }


def change_log(service: Service) -> list[Change]:
    """What changed in each version after the first, newest first, in plain words:
    'Biaya berubah dari Gratis menjadi Rp50.000 sejak 1 Januari 2027.'"""
    versions = list(
        service.versions.order_by("number").prefetch_related(
            Prefetch("requirements"), Prefetch("steps")
        )
    )
    changes = []
    for before, after in pairwise(versions):
        old, new = _facets(before), _facets(after)
        messages = []
        for key, label in COMPARED:
            if old[key] == new[key]:
                continue
            if isinstance(new[key], list):
                messages.append(_("%(what)s diperbarui") % {"what": label})
            else:
                messages.append(
                    _("%(what)s berubah dari %(old)s menjadi %(new)s")
                    % {"what": label, "old": old[key] or "-", "new": new[key] or "-"}
                )
        changes.append(Change(version=after, messages=messages or [_("Perbaikan redaksi")]))
    return list(reversed(changes))


# --- public pages: the catalog by agency or category, one standard, where it is offered
@dataclass(frozen=True)
class CatalogGroup:
    """One heading of the public catalog (an agency or a category) and its services."""

    slug: str
    title: str
    services: list[Service]
    booth: Booth | None = None


def catalog_by_agency(mpp: Mpp, *, agency: str | None = None) -> list[CatalogGroup]:
    """The catalog under one heading per agency, in the order the booths stand in the hall
    (four queries for any number of services)."""
    by_agency: dict[int, list[Service]] = {}
    for service in catalog_of(mpp, agency=agency):
        by_agency.setdefault(service.agency_id, []).append(service)
    groups = []
    for booth in booths_at(mpp):
        services = by_agency.pop(booth.agency_id, None)
        if services:
            groups.append(CatalogGroup(booth.agency.code, booth.agency.name, services, booth))
    # A service whose agency lost its booth is still published: list it last, not lose it.
    for services in sorted(by_agency.values(), key=lambda s: s[0].agency.name):
        agency_ = services[0].agency
        groups.append(CatalogGroup(agency_.code, agency_.name, services))
    return groups


def catalog_by_category(mpp: Mpp, *, category: str | None = None) -> list[CatalogGroup]:
    """The catalog under one heading per category, in the categories' own order."""
    by_category: dict[int, list[Service]] = {}
    for service in catalog_of(mpp, category=category):
        by_category.setdefault(service.category_id, []).append(service)
    ordered = sorted(by_category.values(), key=lambda s: (s[0].category.order, s[0].category.name))
    return [CatalogGroup(s[0].category.slug, s[0].category.name, s) for s in ordered]


def booth_of_agency(mpp: Mpp, agency_code: str) -> Booth:
    """The booth of an agency at this MPP (with its counters), or 404 when it has none."""
    booth = booths_at(mpp).filter(agency__code=agency_code).first()
    if booth is None:
        raise Http404(_("Instansi ini tidak hadir di MPP ini."))
    return booth


def category_by_slug(slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise Http404(_("Kategori layanan tidak ditemukan."))
    return category


@dataclass(frozen=True)
class ServiceStandard:
    """Everything the public page of one service shows, read in a fixed number of queries."""

    service: Service
    version: ServiceVersion  # in force, with requirements, steps and fee variants loaded
    booth: Booth | None
    changes: list[Change]  # versions in force so far, newest first (the first has none)
    upcoming: ServiceVersion | None
    upcoming_changes: list[str]
    other_mpps: int  # how many other MPPs publish the same service


def service_standard(mpp: Mpp, code: str) -> ServiceStandard:
    service = service_at(mpp, code)
    today = local_today(mpp)
    log = change_log(service)
    upcoming = upcoming_version(service, on=today)
    return ServiceStandard(
        service=service,
        version=service.current,  # type: ignore[attr-defined]
        booth=booths_at(mpp).filter(agency_id=service.agency_id).first(),
        changes=[c for c in log if c.version.effective_from <= today],
        upcoming=upcoming,
        upcoming_changes=next((c.messages for c in log if c.version == upcoming), []),
        other_mpps=Service.objects.filter(
            standard_key=service.standard_key, is_active=True, mpp__is_active=True
        )
        .exclude(mpp=mpp)
        .count(),
    )


@dataclass(frozen=True)
class Offer:
    """The same service at one MPP, with its version in force and whether it is open now."""

    service: Service  # with .mpp, .agency and .current
    status: OpeningStatus


def offers_of(standard_key: str) -> list[Offer]:
    """Every MPP that publishes this service now, by MPP name, in four queries.

    Like `where_offered`, but each MPP's version in force is picked in Python from one
    query (each MPP has its own calendar date) and the opening hours are prefetched, so
    the page does not grow a query per MPP.
    """
    services = list(
        Service.objects.filter(standard_key=standard_key, is_active=True, mpp__is_active=True)
        .select_related("mpp", "agency")
        .prefetch_related(
            Prefetch("mpp__opening_hours", queryset=OpeningHours.objects.order_by("opens_at")),
            "mpp__closures",
        )
        .order_by("mpp__name")
    )
    versions: dict[int, list[ServiceVersion]] = {}
    for version in ServiceVersion.objects.filter(service__in=services).order_by("-number"):
        versions.setdefault(version.service_id, []).append(version)
    offers = []
    for service in services:
        today = local_today(service.mpp)
        current = next((v for v in versions.get(service.pk, []) if v.effective_from <= today), None)
        if current is not None:
            service.current = current  # type: ignore[attr-defined]
            offers.append(Offer(service, opening_status(service.mpp)))
    return offers


# --- staff catalog: every service of an MPP, published, scheduled or not yet in force
def _latest_id() -> Subquery:
    return Subquery(
        ServiceVersion.objects.filter(service=OuterRef("pk")).order_by("-number").values("pk")[:1]
    )


def staff_catalog(mpp: Mpp, *, agency_id: int | None = None) -> list[Service]:
    """Every service of the MPP (or of one agency there), by code, each with `.current`
    (the version in force, None before its first takes effect) and `.latest` (the newest,
    possibly scheduled), in two queries whatever the number of services."""
    qs = (
        Service.objects.filter(mpp=mpp)
        .select_related("agency", "category")
        .annotate(current_version_id=_in_force_id(local_today(mpp)), latest_version_id=_latest_id())
        .order_by("code")
    )
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    rows = list(qs)
    wanted = {s.current_version_id for s in rows} | {s.latest_version_id for s in rows}
    versions = ServiceVersion.objects.in_bulk([pk for pk in wanted if pk is not None])
    services: list[Service] = []
    for service in rows:
        service.current = versions.get(service.current_version_id)  # type: ignore[attr-defined]
        service.latest = versions.get(service.latest_version_id)  # type: ignore[attr-defined]
        services.append(service)
    return services


@dataclass(frozen=True)
class StaffView:
    """One service as staff see it: the version in force, the newest one (what an edit
    starts from) and every version ever published, newest first."""

    service: Service
    current: ServiceVersion | None
    latest: ServiceVersion
    versions: list[ServiceVersion]


def staff_service(service: Service) -> StaffView:
    versions = list(
        service.versions.select_related("author")
        .prefetch_related("requirements", "steps", "fee_variants", "questions")
        .order_by("-number")
    )
    today = local_today(service.mpp)
    current = next((v for v in versions if v.effective_from <= today), None)
    return StaffView(service=service, current=current, latest=versions[0], versions=versions)
