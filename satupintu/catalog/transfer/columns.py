"""The file format of a catalog: its columns, the words allowed in them, and the one-line
mini-format of requirements, condition questions, steps and fee variants (docs/catalog-import.md).

Spreadsheets (CSV, XLSX) use the Indonesian column names below and the Indonesian words
(`hari_kerja`, `fotokopi`, `ya`); JSON uses the model's field names and values
(`working_days`, `copy`, true). Each reader accepts both, so a mixed file still loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from satupintu.catalog.models import DocumentForm, FeeKind, TimeUnit


@dataclass(frozen=True)
class Column:
    name: str  # header in CSV and XLSX
    key: str  # key in JSON; also the field name in StandardContent or ServiceSettings
    kind: str  # text, int, bool, choice, requirements, steps, fee_variants, ...
    example: str  # shown in the XLSX "Petunjuk" sheet and the docs


COLUMNS: tuple[Column, ...] = (
    Column("kode", "code", "code", "A01"),
    Column("kunci_nasional", "standard_key", "slug", "ktp-el-baru"),
    Column("kode_instansi", "agency_code", "agency", "DINDUKCAPIL"),
    Column("kategori", "category", "category", "kependudukan"),
    Column("nama", "name", "text", "Perekaman KTP-el baru"),
    Column("keterangan", "description", "text", ""),
    Column("nama_lain", "keywords", "text", "bikin KTP, e-KTP"),
    Column("antrian", "uses_queue", "bool", "ya"),
    Column("janji_temu", "uses_appointment", "bool", "tidak"),
    Column("permohonan_daring", "online_application", "bool", "tidak"),
    Column("sepenuhnya_daring", "fully_online", "bool", "tidak"),
    Column("persyaratan", "requirements", "requirements", "Kartu Keluarga | fotokopi | 1 | wajib"),
    Column(
        "pertanyaan_syarat",
        "questions",
        "questions",
        "Apa alasan penggantian KTP-el? | Rusak; Hilang; Perubahan data",
    ),
    Column("prosedur", "steps", "steps", "Ambil nomor antrian | Pemohon"),
    Column("jangka_waktu", "processing_time_value", "int", "14"),
    Column("satuan_waktu", "processing_time_unit", "time_unit", "hari_kerja"),
    Column("keterangan_waktu", "processing_time_note", "text", ""),
    Column("jenis_biaya", "fee_kind", "fee_kind", "tetap"),
    Column("biaya_rupiah", "fee_rupiah", "int", "0"),
    Column("dasar_hukum_biaya", "fee_legal_basis", "text", "UU 24/2013 Pasal 79A"),
    Column("varian_biaya", "fee_variants", "fee_variants", "SIM A baru | 120000 | PP 76/2020"),
    Column("produk", "product", "text", "KTP-el"),
    Column("penanganan_pengaduan", "complaint_handling", "text", ""),
    Column("dasar_hukum", "legal_basis", "text", ""),
    Column("sarana_prasarana", "facilities", "text", ""),
    Column("kompetensi_pelaksana", "staff_competence", "text", ""),
    Column("pengawasan_internal", "internal_supervision", "text", ""),
    Column("jumlah_pelaksana", "staff_count", "text", ""),
    Column("jaminan_pelayanan", "service_guarantee", "text", ""),
    Column("jaminan_keamanan", "safety_guarantee", "text", ""),
    Column("evaluasi_kinerja", "performance_evaluation", "text", ""),
)
BY_KEY = {c.key: c for c in COLUMNS}
# JSON carries the version it was exported from, for the reader's information only.
IGNORED_KEYS = frozenset({"version"})
SETTINGS_FLAGS = ("uses_queue", "uses_appointment", "online_application", "fully_online")
FLAG_DEFAULTS = {"uses_queue": True}


def header_key(header: str) -> str | None:
    """The column key of a spreadsheet header (Indonesian name or JSON key, any case)."""
    token = norm(header)
    for column in COLUMNS:
        if token in (column.name, column.key):
            return column.key
    return None


# --- words -------------------------------------------------------------------
def norm(word: str) -> str:
    return re.sub(r"[\s\-]+", "_", word.strip().lower())


TIME_UNITS: dict[str, str] = {
    "menit": TimeUnit.MINUTES,
    "jam": TimeUnit.HOURS,
    "hari": TimeUnit.DAYS,
    "hari_kerja": TimeUnit.WORKING_DAYS,
}
FEE_KINDS: dict[str, str] = {
    "tetap": FeeKind.FIXED,
    "tetap_plus_variabel": FeeKind.FIXED_PLUS_VARIABLE,
    "bervariasi": FeeKind.VARIABLE,
    "per_satuan": FeeKind.PER_UNIT,
    "tanyakan": FeeKind.UNKNOWN,
}
DOCUMENT_FORMS: dict[str, str] = {
    "asli": DocumentForm.ORIGINAL,
    "fotokopi": DocumentForm.COPY,
    "asli_dan_fotokopi": DocumentForm.ORIGINAL_AND_COPY,
    "ditunjukkan": DocumentForm.SHOWN,
    "digital": DocumentForm.DIGITAL,
    "bukan_dokumen": DocumentForm.NONE,
}
YES = frozenset({"ya", "y", "yes", "true", "1", "benar"})
NO = frozenset({"tidak", "tdk", "no", "false", "0", "salah"})
REQUIRED_WORD = "wajib"
OPTIONAL_WORDS = frozenset({"tidak_wajib", "opsional", "pilihan"})


def word_of(vocabulary: dict[str, str], value: str) -> str:
    """The spreadsheet word for a stored value ("working_days" → "hari_kerja")."""
    return next((word for word, stored in vocabulary.items() if stored == value), value)


def lookup(vocabulary: dict[str, str], raw: str) -> str | None:
    """The stored value for a word or a stored value itself; None when unknown."""
    token = norm(raw)
    if token in vocabulary:
        return vocabulary[token]
    return token if token in vocabulary.values() else None


def choices_text(vocabulary: dict[str, str]) -> str:
    return ", ".join(vocabulary)


# --- one item per line: "Kartu Keluarga | fotokopi | 1 | wajib" ---------------------
_ESCAPES = {"|": "|", "\\": "\\", "n": "\n"}


def escape(text: str) -> str:
    """A value safe inside a line: backslash, bar and line break are escaped."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")


def split_line(line: str) -> list[str]:
    """The parts of one line between unescaped bars, trimmed."""
    parts: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(line):
        char = line[i]
        if char == "\\" and i + 1 < len(line):
            following = line[i + 1]
            current.append(_ESCAPES.get(following, "\\" + following))
            i += 2
            continue
        if char == "|":
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        i += 1
    parts.append("".join(current).strip())
    return parts


def lines_of(cell: str) -> list[tuple[int, str]]:
    """Non-blank lines of a cell with their 1-based item number."""
    items = [line for line in cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return list(enumerate((line for line in items if line.strip()), start=1))


def requirement_line(r: Any) -> str:
    parts = [
        escape(r.name),
        word_of(DOCUMENT_FORMS, r.form),
        str(r.count),
        "tidak wajib" if r.is_optional else REQUIRED_WORD,
    ]
    if r.uploadable:
        parts.append(f"unggah: {r.file_types}" if r.file_types else "unggah")
    elif r.file_types:
        parts.append(f"jenis: {r.file_types}")
    if r.notes:
        parts.append("catatan: " + escape(r.notes))
    if r.applies_when:
        parts.append("jika: " + escape(r.applies_when))
    return " | ".join(parts)


def question_line(q: Any) -> str:
    return f"{escape(q.text)} | {escape(q.options)}"


def step_line(s: Any) -> str:
    return escape(s.description) + (" | " + escape(s.actor) if s.actor else "")


def fee_variant_line(f: Any) -> str:
    line = f"{escape(f.name)} | {f.amount_rupiah}"
    return line + (" | " + escape(f.legal_basis) if f.legal_basis else "")
