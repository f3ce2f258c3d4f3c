"""Turn an entry of the reference catalog (data/mpp-banyumas.json) into a service standard.

The reference lists names, requirements, fees with their legal basis, processing
times and products. The remaining components of PermenPANRB 15/2014 (procedure,
complaint handling, management components) are not in it; the demo fills them with
the text an MPP typically publishes, marked as demo text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.text import slugify

from satupintu.catalog.models import DocumentForm, FeeKind, Service, TimeUnit
from satupintu.catalog.selectors import local_today
from satupintu.catalog.services import publish_version
from satupintu.catalog.standard import (
    RequirementData,
    StandardContent,
    StepData,
    VersionMeta,
    content_of,
    normalised,
)
from satupintu.demo import conditions

FIRST_PUBLISHED = VersionMeta(
    reason="Standar pelayanan awal dari katalog rujukan MPP Banyumas",
    effective_from=dt.date(2024, 1, 1),
)
TIME_UNITS = {
    "menit": TimeUnit.MINUTES,
    "jam": TimeUnit.HOURS,
    "hari": TimeUnit.DAYS,
    "hari_kerja": TimeUnit.WORKING_DAYS,
}
FEE_KINDS = {k.value: k for k in FeeKind}
CATEGORY_OF_AGENCY = {
    "DINDUKCAPIL": "kependudukan",
    "DPMPTSP": "perizinan-usaha",
    "POLRESTA": "kepolisian",
    "SAMSAT": "kendaraan-bermotor",
    "IMIGRASI": "keimigrasian",
    "DJP": "perpajakan",
    "BPJSKES": "jaminan-sosial",
    "BPJSTK": "jaminan-sosial",
    "PDAM": "utilitas",
    "DLH": "lingkungan-hidup",
    "DINKES": "kesehatan",
    "BAPENDA": "perpajakan",
    "DINNAKER": "ketenagakerjaan",
    "PLN": "utilitas",
    "BANK": "perbankan",
    "BPN": "pertanahan",
}
# Agencies whose services the demo offers by appointment or as online applications.
APPOINTMENT_AGENCIES = frozenset({"IMIGRASI", "POLRESTA", "BPN"})
ONLINE_AGENCIES = frozenset({"DINDUKCAPIL", "DPMPTSP", "DINKES", "DLH"})
# Requirements naming a document are brought as original plus a copy; the others
# (conditions, biometrics, registrations) are not documents at all.
_DOCUMENT = re.compile(
    r"\b(KTP|KK|kartu|akta|akte|surat|paspor|ijazah|buku|sertifikat|SPPT|NPWP|foto|STNK|BPKB|SIM|"
    r"formulir|bukti|izin|NIB|dokumen|rekening|salinan|SK)\b",
    re.I,
)
# ...unless the requirement is an act or a condition that merely names one ("Perekaman
# biometrik (foto, …)", "Membayar tarif paspor", "Sudah memiliki KTP-el", "NIK/NPWP").
_NOT_A_DOCUMENT = re.compile(
    r"^(perekaman|membayar|pendaftaran|sudah|memiliki|hadir|datang|nomor|NIK)\b", re.I
)
DEMO_STEPS = (
    StepData("Ambil nomor antrian di kios atau melalui ponsel", "Pemohon"),
    StepData("Serahkan persyaratan di loket saat nomor dipanggil", "Pemohon"),
    StepData("Periksa kelengkapan dan keabsahan persyaratan", "Petugas loket"),
    StepData("Proses permohonan sesuai standar pelayanan", "Petugas instansi"),
    StepData("Serahkan produk layanan atau bukti permohonan", "Petugas loket"),
)
DEMO_MANAGEMENT: dict[str, Any] = {
    "complaint_handling": (
        "Pengaduan, saran dan masukan disampaikan melalui SP4N-LAPOR! (lapor.go.id), kotak "
        "saran dan meja informasi MPP, atau langsung kepada pengelola MPP. Ditanggapi paling "
        "lambat 5 hari kerja."
    ),
    "facilities": "Ruang tunggu ber-AC, kios antrian, layar antrian, loket, ruang laktasi, "
    "akses kursi roda, toilet disabilitas.",
    "staff_competence": "Memahami peraturan layanan, mampu mengoperasikan aplikasi layanan, "
    "ramah dan komunikatif.",
    "internal_supervision": "Supervisi oleh atasan langsung dan pengelola MPP; audit berkala "
    "oleh inspektorat.",
    "staff_count": "Sesuai jumlah loket gerai instansi",
    "service_guarantee": "Pelayanan sesuai standar, tanpa pungutan di luar tarif resmi.",
    "safety_guarantee": "Data pribadi pemohon dijaga kerahasiaannya; gedung dilengkapi APAR, "
    "jalur evakuasi dan CCTV.",
    "performance_evaluation": "Survei Kepuasan Masyarakat setiap semester dan evaluasi "
    "kinerja petugas setiap bulan.",
}


# The service's own legal basis (dasar hukum), beside the fee's: the acts an MPP's
# standard of that agency typically cites (demo text).
PUBLIC_SERVICE_LAW = "UU 25/2009 tentang Pelayanan Publik; Perpres 89/2021 tentang MPP"
LEGAL_BASIS = {
    "DINDUKCAPIL": "UU 23/2006 jo. UU 24/2013 tentang Administrasi Kependudukan; "
    "Perpres 96/2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk dan "
    "Pencatatan Sipil",
    "DPMPTSP": "UU 6/2023 tentang Cipta Kerja; PP 5/2021 tentang Penyelenggaraan Perizinan "
    "Berusaha Berbasis Risiko",
    "IMIGRASI": "UU 6/2011 tentang Keimigrasian",
    "POLRESTA": "UU 2/2002 tentang Kepolisian Negara Republik Indonesia; "
    "UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan",
    "SAMSAT": "UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan",
    "BPJSKES": "UU 24/2011 tentang Badan Penyelenggara Jaminan Sosial",
    "BPJSTK": "UU 24/2011 tentang Badan Penyelenggara Jaminan Sosial",
}


def requirement(name: str, code: str = "") -> RequirementData:
    name = conditions.WORDING.get(name, name)
    resolved = conditions.conditional(code, name)
    shown = resolved.name if resolved else name
    is_document = bool(_DOCUMENT.search(shown)) and not _NOT_A_DOCUMENT.match(shown)
    if not is_document:
        form = DocumentForm.NONE
    elif shown.lower().startswith("fotokopi"):
        form = DocumentForm.COPY
    elif shown.lower().startswith(("pas foto", "foto")):
        form = DocumentForm.ORIGINAL  # a photograph is handed in, not photocopied
    else:
        form = DocumentForm.ORIGINAL_AND_COPY
    return RequirementData(
        name=shown,
        notes=resolved.notes if resolved else "",
        form=form,
        is_optional=bool(resolved and resolved.optional),
        uploadable=is_document,
        file_types="pdf,jpg,png" if is_document else "",
        applies_when=resolved.applies_when if resolved else "",
    )


def standard_key(name: str) -> str:
    return slugify(name)[:80]


def content_from_reference(ref: dict) -> StandardContent:
    time = ref.get("processing_time") or {}
    description = ref.get("note") or ""
    return StandardContent(
        name=ref["name"],
        description=description,
        processing_time_value=time.get("value"),
        processing_time_unit=TIME_UNITS.get(time.get("unit") or "", ""),
        processing_time_note=time.get("text") or "",
        fee_kind=FEE_KINDS.get(ref.get("fee_type") or "", FeeKind.UNKNOWN),
        fee_rupiah=ref.get("fee_rupiah"),
        fee_legal_basis=ref.get("fee_legal_basis") or "",
        product=ref.get("product") or "",
        legal_basis="; ".join(
            part
            for part in (LEGAL_BASIS.get(ref.get("agency", ""), ""), PUBLIC_SERVICE_LAW)
            if part
        ),
        requirements=tuple(requirement(r, ref["code"]) for r in ref.get("requirements") or []),
        questions=conditions.question_of(ref["code"]),
        steps=DEMO_STEPS,
        **DEMO_MANAGEMENT,
    )


CATALOG_UPDATE = "Katalog demo diperbarui: persyaratan bersyarat dan perbaikan redaksi"


def refresh_demo_standard(service: Service, ref: dict) -> None:
    """A demo database seeded before the demo catalog changed gets the new text as a new
    version; a service a person has edited since (a version with an author) is left as
    it is, and an unchanged one publishes nothing (the seed stays idempotent)."""
    latest = (
        service.versions.order_by("-number")
        .prefetch_related("requirements", "steps", "fee_variants", "questions")
        .first()
    )
    if latest is None or latest.author_id is not None:
        return
    content = content_from_reference(ref)
    if normalised(content) == normalised(content_of(latest)):
        return
    today = local_today(service.mpp)
    publish_version(
        service=service,
        content=content,
        meta=VersionMeta(reason=CATALOG_UPDATE, effective_from=max(today, latest.effective_from)),
    )
