"""The conditions hidden in the reference catalog's requirement names, made explicit.

The reference (data/mpp-banyumas.json) writes a conditional requirement as a name with a
remark: "KTP-el lama (jika rusak atau perubahan data)", "Surat kuasa (jika dikuasakan)",
"Paspor lama (untuk penggantian)". The demo turns each into a condition question of the
service and a requirement that applies only under some answers (catalog/conditions.py),
and "(jika ada)" into a requirement that is not mandatory. `REMARK` finds such remarks,
so a test can prove that every one of them is handled here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from satupintu.catalog.standard import QuestionData

REMARK = re.compile(r"\((?:jika|bila|untuk)\b[^)]*\)|\bbila dilaporkan\b", re.I)


@dataclass(frozen=True)
class Conditional:
    name: str  # the requirement's name without the remark
    applies_when: str = ""  # answers of the service's question; "" = always
    notes: str = ""
    optional: bool = False


REUSED_PASSPORT = (
    QuestionData("Apakah ini permohonan paspor pertama?", "Permohonan baru; Penggantian"),
    {"Paspor lama (untuk penggantian)": Conditional("Paspor lama", "Penggantian")},
)

# code → (the question, {reference requirement: what it becomes})
QUESTIONS: dict[str, tuple[QuestionData, dict[str, Conditional]]] = {
    "A02": (
        QuestionData("Apa alasan penggantian KTP-el?", "Rusak; Hilang; Perubahan data"),
        {
            "KTP-el lama (jika rusak atau perubahan data)": Conditional(
                "KTP-el lama", "Rusak; Perubahan data"
            ),
            "Surat keterangan kehilangan (jika hilang; kebijakan daerah dapat berbeda)": (
                Conditional(
                    "Surat keterangan kehilangan",
                    "Hilang",
                    notes="Kebijakan daerah dapat berbeda; tanyakan di gerai bila ragu.",
                )
            ),
            "Dokumen dasar perubahan data (jika perubahan elemen data)": Conditional(
                "Dokumen dasar perubahan data", "Perubahan data"
            ),
        },
    ),
    "A03": (
        QuestionData(
            "Untuk apa KK baru dibuat?", "Membentuk keluarga baru; Pisah KK; Pindah datang"
        ),
        {
            "KK lama (jika pisah KK)": Conditional("KK lama", "Pisah KK"),
            "Surat keterangan pindah (jika pindah datang)": Conditional(
                "Surat keterangan pindah", "Pindah datang"
            ),
        },
    ),
    "A05": (
        QuestionData(
            "Kapan kelahiran dilaporkan?",
            "Paling lambat 60 hari sejak kelahiran; Lebih dari 60 hari sejak kelahiran",
        ),
        {
            "Keputusan Kepala Dinas bila dilaporkan lebih dari 60 hari sejak kelahiran": (
                Conditional("Keputusan Kepala Dinas", "Lebih dari 60 hari sejak kelahiran")
            ),
        },
    ),
    "A07": (
        QuestionData(
            "Berapa usia anak?",
            "Usia anak di bawah 5 tahun; Usia anak 5 sampai kurang dari 17 tahun",
        ),
        {
            "Pas foto berwarna anak (untuk usia 5 sampai kurang dari 17 tahun)": Conditional(
                "Pas foto berwarna anak", "Usia anak 5 sampai kurang dari 17 tahun"
            ),
        },
    ),
    "B01": (
        QuestionData("Siapa pelaku usahanya?", "Perorangan; Badan usaha"),
        {
            "NPWP badan, akta pendirian, dan SK Kemenkumham (untuk badan usaha)": Conditional(
                "NPWP badan, akta pendirian, dan SK Kemenkumham", "Badan usaha"
            ),
        },
    ),
    "E01": REUSED_PASSPORT,
    "E02": REUSED_PASSPORT,
    "E03": REUSED_PASSPORT,
    "E04": REUSED_PASSPORT,
    "E05": REUSED_PASSPORT,
    "P01": (
        QuestionData("Siapa yang mengurus?", "Pemilik sendiri; Dikuasakan"),
        {"Surat kuasa (jika dikuasakan)": Conditional("Surat kuasa", "Dikuasakan")},
    ),
}

# Remarks that make a requirement optional rather than conditional.
OPTIONAL: dict[str, Conditional] = {
    "KTP-el yang meninggal (jika ada)": Conditional("KTP-el yang meninggal", optional=True),
    "Sertifikat keterampilan (jika ada)": Conditional("Sertifikat keterampilan", optional=True),
    "NPWP (jika disyaratkan produk)": Conditional(
        "NPWP", notes="Bila disyaratkan produk tabungan.", optional=True
    ),
}

# Reference wording corrected for the citizen.
WORDING: dict[str, str] = {
    "Penduduk WNI berusia 17 tahun, sudah kawin atau pernah kawin": (
        "Penduduk WNI berusia 17 tahun atau sudah kawin atau pernah kawin"
    ),
}


def question_of(code: str) -> tuple[QuestionData, ...]:
    entry = QUESTIONS.get(code)
    return (entry[0],) if entry else ()


def conditional(code: str, name: str) -> Conditional | None:
    """What a reference requirement becomes, or None when it has no remark to resolve."""
    entry = QUESTIONS.get(code)
    if entry and name in entry[1]:
        return entry[1][name]
    return OPTIONAL.get(name)
