"""Which document is this? KTP-el, KK, akta (civil registry certificate), surat pengantar
(a cover letter from the RT/RW or the village), or other; and which one a requirement
asks for.

A small, explainable classifier: each kind has the words its form prints (the headings and
labels of the Dukcapil blanks of Permendagri 109/2019 for KTP-el, KK and akta; the usual
heading of an RT/RW or village letter), weighted by how much they single it out, plus what
the layout says (a card is about 1.58 times as wide as high, ISO/IEC 7810 ID-1; a KK
carries a table of several NIKs). The kind with the highest score wins when the score is
high enough, otherwise "other". Its accuracy on the synthetic set is in docs/benchmarks.md.
"""

from __future__ import annotations

import re

KINDS = ("ktp", "kk", "akta", "pengantar", "other")

_WORDS: dict[str, tuple[tuple[str, float], ...]] = {
    "ktp": (
        (r"KARTU\s*TANDA\s*PENDUDUK", 4),
        (r"\bN[I1]K\b", 1.5),
        (r"BERLAKU\s*HINGGA", 3),
        (r"KEWARGANEGARAAN", 1.5),
        (r"GOL\.?\s*DARAH", 2),
        (r"TEMPAT\s*/?\s*TGL\s*LAHIR", 2.5),
        (r"STATUS\s*PERKAWINAN", 1),
        (r"KEL\s*/\s*DESA", 1.5),
    ),
    "kk": (
        (r"KARTU\s*KELUARGA", 5),
        (r"KEPALA\s*KELUARGA", 3),
        (r"HUBUNGAN\s*DALAM\s*KELUARGA", 3),
        (r"NAMA\s*LENGKAP", 1.5),
        (r"TANGGAL\s*LAHIR", 1),
        (r"KODE\s*POS", 1),
    ),
    "akta": (
        (r"\bAKTA\b|\bAKTE\b", 3),
        (r"KUTIPAN", 2),
        (r"KELAHIRAN|KEMATIAN|PERKAWINAN|PERCERAIAN", 1.5),
        (r"PENCATATAN\s*SIPIL", 1),
        (r"TELAH\s*LAHIR|TELAH\s*MENINGGAL", 3),
        (r"ANAK\s*KE", 2),
    ),
    "pengantar": (
        (r"SURAT\s*PENGANTAR", 5),
        (r"KETUA\s*R[TW]\b", 3),
        (r"\bR[TW]\s*\d", 1),
        (r"MENERANGKAN", 1.5),
        (r"KEPERLUAN", 2),
        (r"KEPALA\s*DESA|LURAH", 1),
    ),
}
_COMPILED = {
    kind: tuple((re.compile(pattern), weight) for pattern, weight in words)
    for kind, words in _WORDS.items()
}
THRESHOLD = 3.0


def scores(text: str, *, width: int = 0, height: int = 0, nik_count: int = 0) -> dict[str, float]:
    upper = text.upper()
    result = {
        kind: sum(weight for pattern, weight in words if pattern.search(upper))
        for kind, words in _COMPILED.items()
    }
    if width and height and 1.35 <= max(width, height) / min(width, height) <= 1.75:
        result["ktp"] += 0.5  # a card (a photo of one also has the table around it)
    if nik_count >= 2:
        result["kk"] += 2.0
    return result


def classify(text: str, *, width: int = 0, height: int = 0, nik_count: int = 0) -> str:
    """The kind of document a text (with its page size and how many NIKs it holds) is."""
    found = scores(text, width=width, height=height, nik_count=nik_count)
    kind, score = max(found.items(), key=lambda item: item[1])
    return kind if score >= THRESHOLD else "other"


_ASKS = (
    ("kk", re.compile(r"\bKK\b|KARTU\s+KELUARGA", re.I)),
    ("ktp", re.compile(r"\bE?-?KTP(-EL)?\b|KARTU\s+TANDA\s+PENDUDUK", re.I)),
    ("akta", re.compile(r"\bAKTA\b|\bAKTE\b", re.I)),
    ("pengantar", re.compile(r"PENGANTAR", re.I)),
)
_SOMEONE_ELSE = re.compile(
    r"\b(saksi|orang\s*tua|ayah|ibu|suami|istri|ahli\s*waris|kuasa|pelapor|anak|wali|"
    r"penjamin|pasangan|almarhum|yang\s+meninggal)\b",
    re.I,
)


def expected_kind(requirement_name: str) -> str:
    """The kind a requirement asks for, from its name ("" when it names none of them)."""
    for kind, pattern in _ASKS:
        if pattern.search(requirement_name or ""):
            return kind
    return ""


def names_the_applicant(requirement_name: str) -> bool:
    """Whether the requirement's KTP/KK is the applicant's own (not a witness's, a
    parent's, …): only then is it compared with what the applicant typed. A KK "orang tua"
    still lists the applicant when the parent applies; the caller decides for KK."""
    return _SOMEONE_ELSE.search(requirement_name or "") is None
