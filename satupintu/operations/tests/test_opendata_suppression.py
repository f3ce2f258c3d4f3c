"""The suppression rule of the open data on small tables written by hand (no database)."""

from __future__ import annotations

from satupintu.operations.opendata_suppression import suppress

COUNTS = ("n", "a", "b", "c")
DERIVED = {"mean": ("n",), "rate": ("a", "n")}


def table(*rows: tuple[int, int, int, int], mean: float = 7.5) -> list[dict]:
    return [dict(zip(COUNTS, row, strict=True), mean=mean, rate=0.5) for row in rows]


def row_sums(count: int):
    """Each row's n is a + b + c."""
    return [((i, "n"), [(i, "a"), (i, "b"), (i, "c")]) for i in range(count)]


def test_counts_from_one_to_four_are_hidden_and_zero_stays():
    out = suppress(table((20, 0, 4, 16)), counts=COUNTS, sums=[], derived={})
    assert out[0]["b"] is None and out[0]["suppressed"] == ["b"]
    assert out[0]["a"] == 0 and out[0]["n"] == 20 and out[0]["c"] == 16


def test_a_sum_with_one_hidden_cell_hides_the_next_smallest_non_zero_part():
    # n = a + b + c: 3 alone would be 20 − 0 − 17; so 17 goes too, and the zero stays
    out = suppress(table((20, 0, 3, 17)), counts=COUNTS, sums=row_sums(1), derived={})
    assert out[0]["suppressed"] == ["b", "c"]
    assert out[0]["a"] == 0 and out[0]["n"] == 20


def test_two_hidden_cells_in_a_sum_need_nothing_more():
    out = suppress(table((30, 2, 3, 25)), counts=COUNTS, sums=row_sums(1), derived={})
    assert out[0]["suppressed"] == ["a", "b"]


def test_hiding_spreads_along_sums_until_none_has_a_single_hidden_cell():
    # row 0 is the total of rows 1 and 2, column by column; row 2 has b = 3
    rows = table((40, 10, 12, 18), (20, 5, 9, 6), (20, 5, 3, 12))
    sums = row_sums(3) + [((0, col), [(1, col), (2, col)]) for col in COUNTS]
    out = suppress(rows, counts=COUNTS, sums=sums, derived={})
    hidden = {(i, col) for i, row in enumerate(out) for col in row["suppressed"]}
    assert (2, "b") in hidden
    for total, parts in sums:  # no sum gives a hidden cell back
        assert sum(1 for cell in [total, *parts] if cell in hidden) != 1
    assert out[0]["n"] == 40  # the MPP's total stays


def test_a_mean_or_rate_on_a_hidden_count_is_hidden_too():
    out = suppress(table((3, 0, 0, 3)), counts=COUNTS, sums=[], derived=DERIVED)
    assert out[0]["mean"] is None and out[0]["rate"] is None
    assert out[0]["suppressed"] == ["n", "c", "mean", "rate"]
    shown = suppress(table((30, 10, 10, 10)), counts=COUNTS, sums=[], derived=DERIVED)
    assert shown[0]["mean"] == 7.5 and shown[0]["suppressed"] == []
