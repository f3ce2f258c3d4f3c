"""Catalog test data, created through the catalog's own services."""

from __future__ import annotations

import datetime as dt
import itertools

from satupintu.catalog.models import Category, Service
from satupintu.catalog.services import create_service, ensure_default_categories
from satupintu.catalog.standard import (
    FeeVariantData,
    RequirementData,
    StandardContent,
    StepData,
    VersionMeta,
)
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
        # codes have 2 or 3 digits (A01, A123); one process of a long run makes thousands
        code=overrides.pop("code", f"{booth.queue_prefix[0]}{n % 1000:02d}"),
        standard_key=overrides.pop("standard_key", f"layanan-{n}"),
        category=Category.objects.get(slug=category),
        content=content(**overrides),
        meta=FIRST,
    )


def full_content(**overrides) -> StandardContent:
    """Every component of PermenPANRB 15/2014 filled in, each with text a test can find."""
    values = {
        "name": "Penerbitan SIM A",
        "description": "Untuk pengemudi mobil penumpang.",
        "processing_time_value": 2,
        "processing_time_unit": "hours",
        "processing_time_note": "Setelah lulus ujian praktik",
        "fee_kind": "variable",
        "fee_rupiah": None,
        "fee_legal_basis": "PP 76/2020 tentang PNBP Polri",
        "product": "Kartu SIM A",
        "complaint_handling": "Lapor melalui SP4N-LAPOR!",
        "legal_basis": "UU 22/2009 tentang Lalu Lintas",
        "facilities": "Ruang ujian teori berbasis komputer",
        "staff_competence": "Penguji bersertifikat",
        "internal_supervision": "Diawasi Propam",
        "staff_count": "Empat petugas",
        "service_guarantee": "Maklumat pelayanan ditandatangani Kapolres",
        "safety_guarantee": "Lapangan ujian berpagar",
        "performance_evaluation": "Evaluasi triwulanan",
        "requirements": (
            RequirementData("KTP-el", form="original_and_copy", count=2),
            RequirementData("Surat keterangan sehat", form="original"),
            RequirementData("Sertifikat mengemudi", form="copy", is_optional=True),
        ),
        "steps": (
            StepData("Ujian teori", "Pemohon"),
            StepData("Ujian praktik", "Penguji"),
        ),
        "fee_variants": (
            FeeVariantData("SIM A baru", 120_000, "PP 76/2020 lampiran"),
            FeeVariantData("Perpanjangan SIM A", 80_000),
        ),
    }
    values.update(overrides)
    return StandardContent(**values)
