"""The arithmetic of the Indeks Kepuasan Masyarakat, exactly as PermenPANRB 14/2017 sets it.

Peraturan Menteri PANRB Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei Kepuasan
Masyarakat Unit Penyelenggara Pelayanan Publik, Lampiran, "Pengolahan Data":

- every respondent answers the 9 unsur with a nilai persepsi 1–4;
- NRR per unsur (nilai rata-rata) = total nilai persepsi per unsur / total unsur yang terisi
  (here: the respondents, every answer is required);
- bobot nilai rata-rata tertimbang = jumlah bobot / jumlah unsur = 1 / 9 (printed as 0,11;
  many units use 0,111);
- NRR tertimbang per unsur = NRR × bobot; IKM (nilai indeks) = Σ NRR tertimbang;
- IKM unit pelayanan (nilai interval konversi) = IKM × 25;
- mutu and kinerja from the table "Nilai Persepsi, Interval IKM, Interval Konversi IKM,
  Mutu Pelayanan dan Kinerja Unit Pelayanan":

  | NP | NI (interval IKM) | NIK (konversi) | mutu | kinerja      |
  |----|-------------------|----------------|------|--------------|
  | 1  | 1,00 – 2,5996     | 25,00 – 64,99  | D    | Tidak baik   |
  | 2  | 2,60 – 3,064      | 65,00 – 76,60  | C    | Kurang baik  |
  | 3  | 3,0644 – 3,532    | 76,61 – 88,30  | B    | Baik         |
  | 4  | 3,5324 – 4,00     | 88,31 – 100,00 | A    | Sangat baik  |

The NI column has gaps (2,5996…2,60); the NIK column, rounded to 2 decimals as it is
published, has none and agrees with NI at every printed bound (3,0644 × 25 = 76,61), so
the mutu is read from the converted value rounded half-up to 2 decimals.

The minimum sample size is the Krejcie–Morgan table the Lampiran prints (population →
sample); a population between two rows takes the next higher row.

Pure functions on numbers: no database, no Django.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

UNSUR: tuple[str, ...] = (
    "persyaratan",  # U1 Persyaratan
    "prosedur",  # U2 Sistem, mekanisme, dan prosedur
    "waktu",  # U3 Waktu penyelesaian
    "biaya",  # U4 Biaya/tarif
    "produk",  # U5 Produk spesifikasi jenis pelayanan
    "kompetensi",  # U6 Kompetensi pelaksana
    "perilaku",  # U7 Perilaku pelaksana
    "pengaduan",  # U8 Penanganan pengaduan, saran dan masukan
    "sarana",  # U9 Sarana dan prasarana
)
"""The 9 unsur of Lampiran PermenPANRB 14/2017, in its order (U1 … U9)."""

WEIGHT_EXACT = "exact"
WEIGHT_ROUNDED = "0.111"
WEIGHTS: dict[str, Fraction] = {
    WEIGHT_EXACT: Fraction(1, 9),  # jumlah bobot / jumlah unsur = 1/9
    WEIGHT_ROUNDED: Fraction(111, 1000),  # the rounded weight many units print
}
CONVERSION = 25  # "IKM Unit pelayanan × 25"

MIN_SCORE, MAX_SCORE = 1, 4

# (lowest converted value, mutu, kinerja): the Lampiran's interval table, NIK column.
INTERVALS: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)
# The same table, NI column, for display in reports: (mutu, from, to, converted from, to).
INTERVAL_TABLE: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("1", "1,00", "2,5996", "25,00", "64,99", "D"),
    ("2", "2,60", "3,064", "65,00", "76,60", "C"),
    ("3", "3,0644", "3,532", "76,61", "88,30", "B"),
    ("4", "3,5324", "4,00", "88,31", "100,00", "A"),
)

# Krejcie & Morgan (1970), as printed in the Lampiran: population N → sample S.
KREJCIE_MORGAN: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40),
    (50, 44), (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70),
    (90, 73), (95, 76), (100, 80), (110, 86), (120, 92), (130, 97), (140, 103),
    (150, 108), (160, 113), (170, 118), (180, 123), (190, 127), (200, 132), (210, 136),
    (220, 140), (230, 144), (240, 148), (250, 152), (260, 155), (270, 159), (280, 162),
    (290, 165), (300, 169), (320, 175), (340, 181), (360, 186), (380, 191), (400, 196),
    (420, 201), (440, 205), (460, 210), (480, 214), (500, 217), (550, 226), (600, 234),
    (650, 242), (700, 248), (750, 254), (800, 260), (850, 265), (900, 269), (950, 274),
    (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306),
    (1600, 310), (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327),
    (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346), (4000, 351),
    (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368),
    (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (1000000, 384),
)  # fmt: skip
_POPULATIONS = [n for n, _s in KREJCIE_MORGAN]


def round_half_up(value: Fraction | Decimal | float, places: int) -> Decimal:
    """Round as a person does on paper (0,005 → 0,01), not banker's rounding."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    quantum = Decimal(1).scaleb(-places)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def weight_of(name: str) -> Fraction:
    """The bobot per unsur: `exact` = 1/9 (the default), `0.111` = the rounded variant."""
    try:
        return WEIGHTS[name]
    except KeyError:
        raise ValueError(f"unknown weight {name!r}; use one of {sorted(WEIGHTS)}") from None


def nrr(total: int, respondents: int) -> Fraction:
    """NRR of one unsur = total nilai persepsi of that unsur / number of respondents."""
    if respondents <= 0:
        raise ValueError("NRR needs at least one respondent")
    if not respondents * MIN_SCORE <= total <= respondents * MAX_SCORE:
        raise ValueError("total is outside what 1–4 answers can add up to")
    return Fraction(total, respondents)


def nrr_per_unsur(answers: Iterable[Mapping[str, int]]) -> tuple[dict[str, Fraction], int]:
    """NRR of each unsur over respondents' answers ({unsur: 1–4} each); and how many."""
    totals = dict.fromkeys(UNSUR, 0)
    count = 0
    for answer in answers:
        for key in UNSUR:
            score = answer[key]
            if not MIN_SCORE <= score <= MAX_SCORE:
                raise ValueError(f"{key}: nilai persepsi must be 1–4, not {score}")
            totals[key] += score
        count += 1
    if count == 0:
        return {}, 0
    return {key: nrr(totals[key], count) for key in UNSUR}, count


def index_value(nrrs: Mapping[str, Fraction], weight: Fraction) -> Fraction:
    """IKM (nilai indeks) = Σ (NRR per unsur × bobot), over the 9 unsur."""
    missing = set(UNSUR) - set(nrrs)
    if missing:
        raise ValueError(f"NRR missing for {sorted(missing)}")
    return sum((nrrs[key] * weight for key in UNSUR), Fraction(0))


def converted(index: Fraction) -> Decimal:
    """IKM unit pelayanan = IKM × 25, rounded half-up to 2 decimals as it is published."""
    return round_half_up(index * CONVERSION, 2)


def mutu_of(converted_value: Decimal) -> tuple[str, str]:
    """(mutu, kinerja) of a converted IKM (25–100), from the Lampiran's interval table."""
    value = round_half_up(Decimal(converted_value), 2)
    for lowest, mutu, kinerja in INTERVALS:
        if value >= lowest:
            return mutu, kinerja
    return "D", "Tidak Baik"


def mutu_of_index(index: Fraction | Decimal) -> tuple[str, str]:
    """(mutu, kinerja) of an unconverted IKM (1–4): via its converted value."""
    return mutu_of(round_half_up(Fraction(index) * CONVERSION, 2))


def min_sample(population: int) -> int:
    """Minimum respondents for `population` served (Krejcie–Morgan table of the Lampiran).

    Between two rows the next higher row applies; never more than the population itself
    (a population under 10 is surveyed whole); above 1,000,000 the sample stays 384.
    """
    if population <= 0:
        return 0
    i = bisect.bisect_left(_POPULATIONS, population)
    sample = KREJCIE_MORGAN[min(i, len(KREJCIE_MORGAN) - 1)][1]
    return min(sample, population)


@dataclass(frozen=True)
class IkmResult:
    """One IKM computation and everything a report must state about it."""

    respondents: int
    weight_name: str
    weight: Fraction
    nrr: dict[str, Fraction]
    index: Fraction | None  # nilai indeks, 1–4 (None without respondents)
    ikm: Decimal | None  # IKM unit pelayanan, 25–100, 2 decimals
    mutu: str | None
    kinerja: str | None

    @property
    def weighted(self) -> dict[str, Fraction]:
        """NRR tertimbang per unsur."""
        return {key: value * self.weight for key, value in self.nrr.items()}


def compute(answers: Iterable[Mapping[str, int]], *, weight_name: str = WEIGHT_EXACT) -> IkmResult:
    """IKM of a set of questionnaires, the whole Lampiran procedure in one call."""
    weight = weight_of(weight_name)
    nrrs, count = nrr_per_unsur(answers)
    return from_nrr(nrrs, count, weight_name=weight_name, weight=weight)


def from_totals(
    totals: Mapping[str, int], respondents: int, *, weight_name: str = WEIGHT_EXACT
) -> IkmResult:
    """IKM from the total nilai persepsi per unsur (what a database SUM gives)."""
    weight = weight_of(weight_name)
    if respondents == 0:
        return from_nrr({}, 0, weight_name=weight_name, weight=weight)
    nrrs = {key: nrr(int(totals[key]), respondents) for key in UNSUR}
    return from_nrr(nrrs, respondents, weight_name=weight_name, weight=weight)


def from_nrr(
    nrrs: Mapping[str, Fraction], respondents: int, *, weight_name: str, weight: Fraction
) -> IkmResult:
    if respondents == 0:
        return IkmResult(0, weight_name, weight, {}, None, None, None, None)
    index = index_value(nrrs, weight)
    value = converted(index)
    mutu, kinerja = mutu_of(value)
    return IkmResult(respondents, weight_name, weight, dict(nrrs), index, value, mutu, kinerja)


def mean(values: Sequence[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None
