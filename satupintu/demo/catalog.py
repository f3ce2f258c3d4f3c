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

from satupintu.catalog.models import DocumentForm, FeeKind, TimeUnit
from satupintu.catalog.standard import RequirementData, StandardContent, StepData, VersionMeta

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


def requirement(name: str) -> RequirementData:
    is_document = bool(_DOCUMENT.search(name)) and not _NOT_A_DOCUMENT.match(name)
    return RequirementData(
        name=name,
        form=DocumentForm.ORIGINAL_AND_COPY if is_document else DocumentForm.NONE,
        uploadable=is_document,
        file_types="pdf,jpg,png" if is_document else "",
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
        legal_basis=ref.get("fee_legal_basis") or "",
        requirements=tuple(requirement(r) for r in ref.get("requirements") or []),
        steps=DEMO_STEPS,
        **DEMO_MANAGEMENT,
    )
