"""Check the rows of a file against the MPP and decide, per row, what an import does.

A row is new (a service code the MPP does not have), changed, or unchanged. It is
unchanged when its settings are the service's and its standard equals the version in
force or the newest published version (a change already scheduled): publishing it
again would only add a copy, and re-importing an export must change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from satupintu.catalog.models import Category, Service, ServiceVersion
from satupintu.catalog.selectors import local_today
from satupintu.catalog.standard import (
    ServiceSettings,
    StandardContent,
    content_of,
    normalised,
    settings_of,
)
from satupintu.catalog.transfer.errors import RowError
from satupintu.catalog.transfer.validate import Record
from satupintu.tenancy.models import Agency, Booth, Mpp


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Step:
    """What the import does with one row."""

    action: Action
    record: Record
    settings: ServiceSettings
    agency: Agency
    category: Category
    service: Service | None = None  # the existing service (update, unchanged)
    content: StandardContent | None = None  # to publish; None keeps the standard
    standard_key: str = ""


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class _Known:
    """What the MPP already has, loaded once for the whole file."""

    agencies: dict[str, Agency]
    present: set[int]  # agency ids with a booth at the MPP
    categories: dict[str, Category]
    services: dict[str, Service]
    keys: dict[str, str]  # standard_key → code of the MPP's service
    standards: dict[int, list[StandardContent]]  # service id → in force and newest


def _load(mpp: Mpp, records: list[Record]) -> _Known:
    services = {s.code: s for s in Service.objects.filter(mpp=mpp).select_related("category")}
    today = local_today(mpp)
    standards: dict[int, list[StandardContent]] = {}
    versions = (
        ServiceVersion.objects.filter(service__mpp=mpp)
        .prefetch_related("requirements", "steps", "fee_variants", "questions")
        .order_by("service_id", "-number")
    )
    by_service: dict[int, list[ServiceVersion]] = {}
    for version in versions:
        by_service.setdefault(version.service_id, []).append(version)
    for service_id, newest_first in by_service.items():
        in_force = next((v for v in newest_first if v.effective_from <= today), None)
        wanted = [newest_first[0]] + ([in_force] if in_force is not None else [])
        standards[service_id] = [normalised(content_of(v)) for v in wanted]
    codes = {r.agency_code for r in records}
    return _Known(
        agencies={a.code: a for a in Agency.objects.filter(code__in=codes)},
        present=set(Booth.objects.filter(mpp=mpp).values_list("agency_id", flat=True)),
        categories={c.slug: c for c in Category.objects.all()},
        services=services,
        keys={s.standard_key: s.code for s in services.values()},
        standards=standards,
    )


def _category(known: _Known, raw: str) -> Category | None:
    """A category by its slug or its name, in any case."""
    token = raw.strip().lower()
    for category in known.categories.values():
        if token in (category.slug, category.name.lower()):
            return category
    return None


def plan_import(mpp: Mpp, records: list[Record], name_of: dict[str, str]) -> Plan:
    """Check every record against the MPP; the plan has steps only when nothing is wrong."""
    known = _load(mpp, records)
    plan = Plan()
    first_row_of_key: dict[str, int] = {}
    codes_seen: set[str] = set()

    def error(record: Record, key: str, message: str) -> None:
        plan.errors.append(RowError(record.number, name_of.get(key, key), message))

    for record in records:
        before = len(plan.errors)
        agency = known.agencies.get(record.agency_code)
        if record.agency_code and agency is None:
            error(
                record,
                "agency_code",
                _("Instansi dengan kode %(code)s tidak dikenal.") % {"code": record.agency_code},
            )
        elif agency is not None and agency.pk not in known.present:
            error(
                record,
                "agency_code",
                _("Instansi %(code)s tidak memiliki gerai di MPP ini.")
                % {"code": record.agency_code},
            )
        category = _category(known, record.category) if record.category else None
        if record.category and category is None:
            error(
                record,
                "category",
                _("Kategori “%(value)s” tidak dikenal; pilih salah satu: %(choices)s.")
                % {"value": record.category, "choices": ", ".join(known.categories)},
            )
        if not record.code or record.code in codes_seen:
            continue  # a missing or repeated code is already reported; nothing to compare
        codes_seen.add(record.code)
        existing = known.services.get(record.code)
        key = _check_key(known, record, existing, agency, error)
        if key:
            if key in first_row_of_key and first_row_of_key[key] != record.number:
                if record.standard_key or existing is not None:
                    message = _(
                        "Kunci nasional “%(key)s” sudah dipakai di baris %(row)s berkas ini."
                    )
                else:
                    message = _(
                        "Nama ini menghasilkan kunci nasional “%(key)s” yang sudah dipakai di "
                        "baris %(row)s berkas ini; isi kolom kunci nasional."
                    )
                error(record, "standard_key", message % {"key": key, "row": first_row_of_key[key]})
            first_row_of_key.setdefault(key, record.number)
        if len(plan.errors) > before or record.content is None:
            continue
        if agency is None or category is None:
            continue
        settings = ServiceSettings(category=category.slug, **record.flags)
        plan.steps.append(_step(known, record, settings, agency, category, existing, key))
    if plan.errors:
        plan.steps = []
    return plan


def _check_key(
    known: _Known, record: Record, existing: Service | None, agency: Agency | None, error: Any
) -> str:
    """The national key the row's service will have; reports what cannot be."""
    if existing is None:
        key = record.standard_key or slugify(record.name)[:80]
        owner = known.keys.get(key)
        if key and owner is not None and owner != record.code:
            error(
                record,
                "standard_key",
                _("Kunci nasional “%(key)s” sudah dipakai layanan %(code)s di MPP ini.")
                % {"key": key, "code": owner},
            )
        return key
    if agency is not None and existing.agency_id != agency.pk:
        error(
            record,
            "agency_code",
            _(
                "Layanan %(code)s sudah ada dan milik instansi lain; instansi layanan "
                "tidak dapat dipindah lewat impor."
            )
            % {"code": record.code},
        )
    if record.standard_key and record.standard_key != existing.standard_key:
        error(
            record,
            "standard_key",
            _(
                "Layanan %(code)s memakai kunci nasional “%(key)s”; kunci ini tidak "
                "dapat diubah lewat impor."
            )
            % {"code": record.code, "key": existing.standard_key},
        )
    return existing.standard_key


def _step(
    known: _Known,
    record: Record,
    settings: ServiceSettings,
    agency: Agency,
    category: Category,
    existing: Service | None,
    key: str,
) -> Step:
    step = Step(Action.CREATE, record, settings, agency, category, standard_key=key)
    if existing is None:
        return replace(step, content=record.content)
    same_standard = record.content in known.standards.get(existing.pk, [])
    if same_standard and settings_of(existing) == settings:
        return replace(step, action=Action.UNCHANGED, service=existing)
    content = None if same_standard else record.content
    return replace(step, action=Action.UPDATE, service=existing, content=content)
