"""The words of the SKM questionnaire and of the counter rating, translated.

The 9 questions and their 4 answer labels follow the sample questionnaire in the
Lampiran of PermenPANRB 14/2017 (answer a = 1 … d = 4).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Unsur:
    key: str
    code: str  # U1 … U9
    name: Promise
    question: Promise
    labels: tuple[Promise, Promise, Promise, Promise]  # nilai persepsi 1, 2, 3, 4


UNSUR_TEXT: tuple[Unsur, ...] = (
    Unsur(
        "persyaratan",
        "U1",
        _("Persyaratan"),
        _(
            "Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan "
            "jenis pelayanannya?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Unsur(
        "prosedur",
        "U2",
        _("Sistem, mekanisme, dan prosedur"),
        _("Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    Unsur(
        "waktu",
        "U3",
        _("Waktu penyelesaian"),
        _("Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    Unsur(
        "biaya",
        "U4",
        _("Biaya/tarif"),
        _("Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    Unsur(
        "produk",
        "U5",
        _("Produk spesifikasi jenis pelayanan"),
        _(
            "Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang "
            "tercantum dalam standar pelayanan dengan hasil yang diberikan?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Unsur(
        "kompetensi",
        "U6",
        _("Kompetensi pelaksana"),
        _("Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    Unsur(
        "perilaku",
        "U7",
        _("Perilaku pelaksana"),
        _(
            "Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait "
            "kesopanan dan keramahan?"
        ),
        (
            _("Tidak sopan dan ramah"),
            _("Kurang sopan dan ramah"),
            _("Sopan dan ramah"),
            _("Sangat sopan dan ramah"),
        ),
    ),
    Unsur(
        "pengaduan",
        "U8",
        _("Penanganan pengaduan, saran dan masukan"),
        _("Bagaimana pendapat Anda tentang penanganan pengaduan pengguna layanan?"),
        (
            _("Tidak ada"),
            _("Ada tetapi tidak berfungsi"),
            _("Berfungsi kurang maksimal"),
            _("Dikelola dengan baik"),
        ),
    ),
    Unsur(
        "sarana",
        "U9",
        _("Sarana dan prasarana"),
        _("Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?"),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
)
UNSUR_BY_KEY = {u.key: u for u in UNSUR_TEXT}

# The counter rating: 4 faces, and reasons a citizen can tap.
FACES: tuple[tuple[int, Promise], ...] = (
    (1, _("Tidak puas")),
    (2, _("Kurang puas")),
    (3, _("Puas")),
    (4, _("Sangat puas")),
)
POSITIVE_REASONS: dict[str, Promise] = {
    "cepat": _("Cepat"),
    "ramah": _("Ramah"),
    "jelas": _("Penjelasan jelas"),
    "membantu": _("Membantu"),
    "rapi": _("Tertib dan rapi"),
}
NEGATIVE_REASONS: dict[str, Promise] = {
    "lambat": _("Lambat"),
    "tidak_ramah": _("Tidak ramah"),
    "tidak_jelas": _("Penjelasan kurang jelas"),
    "berbelit": _("Berbelit-belit"),
    "menunggu_lama": _("Menunggu terlalu lama"),
}
REASONS: dict[str, Promise] = {**POSITIVE_REASONS, **NEGATIVE_REASONS}


def reasons_for(score: int) -> dict[str, Promise]:
    """The chips a face offers: praise for 3–4, complaints for 1–2."""
    return POSITIVE_REASONS if score >= 3 else NEGATIVE_REASONS
