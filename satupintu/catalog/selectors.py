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

from satupintu.catalog.models import (
    Category,
    FeeKind,
    Service,
    ServiceVersion,
    TimeUnit,
)
from satupintu.tenancy.models import Mpp


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
        qs = qs.prefetch_related("requirements", "steps", "fee_variants")
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


def processing_time_label(version: ServiceVersion) -> str:
    if version.processing_time_value is None:
        return _("Tidak ditentukan")
    unit = TimeUnit(version.processing_time_unit).label
    return f"{version.processing_time_value} {unit}"


# --- change log ----------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    version: ServiceVersion
    messages: list[str]


COMPARED = [
    ("name", _("Nama layanan")),
    ("fee", _("Biaya")),
    ("time", _("Jangka waktu")),
    ("product", _("Produk layanan")),
    ("requirements", _("Persyaratan")),
    ("steps", _("Prosedur")),
]


def _facets(version: ServiceVersion) -> dict[str, object]:
    return {
        "name": version.name,
        "fee": fee_label(version),
        "time": processing_time_label(version),
        "product": version.product,
        "requirements": [r.name for r in version.requirements.all()],
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
