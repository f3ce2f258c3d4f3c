"""Catalog test data, created through the catalog's own services."""

from __future__ import annotations

import datetime as dt
import itertools

from satupintu.catalog.models import Category, Service
from satupintu.catalog.services import create_service, ensure_default_categories
from satupintu.catalog.standard import RequirementData, StandardContent, StepData, VersionMeta
from satupintu.tenancy.models import Booth
from satupintu.tenancy.tests.factories import BoothFactory

_codes = itertools.count(1)
FIRST = VersionMeta(reason="Standar awal", effective_from=dt.date(2024, 1, 1))


def content(**overrides) -> StandardContent:
    values = {
        "name": "Perekaman KTP-el",
        "fee_rupiah": 0,
        "processing_time_value": 1,
        "processing_time_unit": "hours",
        "product": "KTP-el",
        "requirements": (RequirementData("Kartu Keluarga", form="copy"),),
        "steps": (StepData("Ambil nomor antrian", "Pemohon"),),
    }
    values.update(overrides)
    return StandardContent(**values)


def make_service(
    booth: Booth | None = None, category: str = "kependudukan", **overrides
) -> Service:
    ensure_default_categories()
    booth = booth or BoothFactory()
    n = next(_codes)
    return create_service(
        mpp=booth.mpp,
        agency=booth.agency,
        code=overrides.pop("code", f"{booth.queue_prefix[0]}{n:02d}"),
        standard_key=overrides.pop("standard_key", f"layanan-{n}"),
        category=Category.objects.get(slug=category),
        content=content(**overrides),
        meta=FIRST,
    )
