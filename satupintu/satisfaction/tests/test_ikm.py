"""The IKM arithmetic of PermenPANRB 14/2017 (Lampiran), on hand-checked numbers."""

from decimal import Decimal
from fractions import Fraction

import pytest

from satupintu.satisfaction import ikm

# A worked example computed by hand, as the Lampiran's procedure is done on paper:
# 10 respondents, the total nilai persepsi of each unsur.
TOTALS = {
    "persyaratan": 32,
    "prosedur": 31,
    "waktu": 29,
    "biaya": 38,
    "produk": 33,
    "kompetensi": 34,
    "perilaku": 36,
    "pengaduan": 30,
    "sarana": 31,
}


def test_worked_example_with_the_exact_weight():
    result = ikm.from_totals(TOTALS, 10)
    assert result.nrr["persyaratan"] == Fraction(32, 10)
    assert result.nrr["biaya"] == Fraction("3.8")
    # Σ NRR = 29,4; × 1/9 = 3,2667; × 25 = 81,67 → B, Baik
    assert ikm.round_half_up(result.index, 4) == Decimal("3.2667")
    assert result.ikm == Decimal("81.67")
    assert (result.mutu, result.kinerja) == ("B", "Baik")
    assert result.weight_name == "exact"
    assert ikm.round_half_up(result.weighted["biaya"], 4) == Decimal("0.4222")


def test_worked_example_with_the_rounded_weight():
    result = ikm.from_totals(TOTALS, 10, weight_name=ikm.WEIGHT_ROUNDED)
    # Σ NRR 29,4 × 0,111 = 3,2634; × 25 = 81,585 → 81,59 (half up)
    assert result.index == Fraction("3.2634")
    assert result.ikm == Decimal("81.59")
    assert result.weight == Fraction("0.111")


def test_the_weight_can_change_the_mutu_at_a_boundary():
    totals = dict.fromkeys(ikm.UNSUR, 8831)  # every NRR = 3,5324, the lower bound of A
    exact = ikm.from_totals(totals, 2500)
    rounded = ikm.from_totals(totals, 2500, weight_name=ikm.WEIGHT_ROUNDED)
    assert (exact.ikm, exact.mutu) == (Decimal("88.31"), "A")
    assert (rounded.ikm, rounded.mutu) == (Decimal("88.22"), "B")


def test_individual_questionnaires_add_up_like_totals():
    answers = [dict.fromkeys(ikm.UNSUR, 4), dict.fromkeys(ikm.UNSUR, 3)]
    answers[1]["waktu"] = 1
    result = ikm.compute(answers)
    assert result.respondents == 2
    assert result.nrr["waktu"] == Fraction(5, 2)
    # Σ NRR = 8 × 3,5 + 2,5 = 30,5 → /9 × 25 = 84,72
    assert result.ikm == Decimal("84.72")


def test_all_ones_and_all_fours_are_the_ends_of_the_scale():
    assert ikm.compute([dict.fromkeys(ikm.UNSUR, 1)]).ikm == Decimal("25.00")
    top = ikm.compute([dict.fromkeys(ikm.UNSUR, 4)])
    assert (top.ikm, top.mutu, top.kinerja) == (Decimal("100.00"), "A", "Sangat Baik")


def test_no_respondents_gives_no_index():
    result = ikm.compute([])
    assert (result.respondents, result.ikm, result.mutu) == (0, None, None)


@pytest.mark.parametrize(
    ("value", "mutu", "kinerja"),
    [
        ("25.00", "D", "Tidak Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("76.61", "B", "Baik"),
        ("88.30", "B", "Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("100.00", "A", "Sangat Baik"),
        ("64.994", "D", "Tidak Baik"),  # rounds to 64,99
        ("64.995", "C", "Kurang Baik"),  # rounds to 65,00
    ],
)
def test_converted_interval_boundaries(value, mutu, kinerja):
    assert ikm.mutu_of(Decimal(value)) == (mutu, kinerja)


@pytest.mark.parametrize(
    ("index", "mutu"),
    [
        ("1.00", "D"),
        ("2.5996", "D"),
        ("2.60", "C"),
        ("3.064", "C"),
        ("3.0644", "B"),
        ("3.532", "B"),
        ("3.5324", "A"),
        ("4.00", "A"),
    ],
)
def test_index_interval_boundaries_as_printed(index, mutu):
    assert ikm.mutu_of_index(Decimal(index))[0] == mutu


def test_answers_outside_one_to_four_are_refused():
    bad = dict.fromkeys(ikm.UNSUR, 3)
    bad["sarana"] = 5
    with pytest.raises(ValueError, match="sarana"):
        ikm.compute([bad])
    with pytest.raises(ValueError):
        ikm.nrr(41, 10)


def test_unknown_weight_is_refused():
    with pytest.raises(ValueError):
        ikm.weight_of("0.11")


@pytest.mark.parametrize(
    ("population", "sample"),
    [
        (0, 0),
        (7, 7),  # a population under the first row is surveyed whole
        (10, 10),
        (15, 14),
        (11, 11),  # next higher row says 14, but never more than the population
        (16, 16),  # next row (20) says 19: all 16 then
        (41, 40),  # next row (45) says 40
        (100, 80),
        (101, 86),
        (1000, 278),
        (1001, 285),
        (75000, 382),
        (75001, 384),
        (1000000, 384),
        (5000000, 384),
    ],
)
def test_minimum_sample_from_the_krejcie_morgan_table(population, sample):
    assert ikm.min_sample(population) == sample


def test_the_table_follows_the_krejcie_morgan_formula():
    """Guards against a typo in the table: every row is the formula's value (±1)."""
    for n, s in ikm.KREJCIE_MORGAN:
        exact = 3.841 * n * 0.25 / (0.05**2 * (n - 1) + 3.841 * 0.25)
        assert abs(s - exact) <= 1, n
    assert [n for n, _ in ikm.KREJCIE_MORGAN] == sorted(n for n, _ in ikm.KREJCIE_MORGAN)
