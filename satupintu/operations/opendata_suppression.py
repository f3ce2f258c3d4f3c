"""Small counts hidden from the open data (docs/open-data.md, "Penyamaran"): pure functions
over a table of rows, with no database.

Primary: every count from 1 to THRESHOLD − 1 is hidden (a zero names no one and stays).
Secondary: the table has sums (an MPP's total row is the sum of its service rows; a row's
arrivals are the sum of its channels). A sum with exactly one hidden cell would give that
cell back by subtraction, so the smallest other shown part of the sum (a non-zero one
first) is hidden too; this repeats until no sum has exactly one hidden cell, since each
new hidden cell may leave another sum with one. Derived: a time, mean or rate built on a
hidden count is hidden as well (a rate and its denominator give back the numerator).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

THRESHOLD = 5

Cell = tuple[int, str]  # (row index, column)


def is_small(value: Any, threshold: int = THRESHOLD) -> bool:
    """A count that could point at a few people: 1 … threshold − 1."""
    return isinstance(value, int) and 0 < value < threshold


def primary(rows: Sequence[Mapping[str, Any]], counts: Sequence[str], threshold: int) -> set[Cell]:
    return {
        (index, column)
        for index, row in enumerate(rows)
        for column in counts
        if is_small(row.get(column), threshold)
    }


def _next_smallest(rows: Sequence[Mapping[str, Any]], parts: Sequence[Cell], hidden: set[Cell]):
    shown = [cell for cell in parts if cell not in hidden]
    if not shown:
        return None

    def size(cell: Cell) -> tuple[bool, int]:
        value = rows[cell[0]].get(cell[1]) or 0
        return (value == 0, value)  # a non-zero cell first: hiding a zero protects little

    return min(shown, key=size)


def secondary(
    rows: Sequence[Mapping[str, Any]],
    sums: Sequence[tuple[Cell, Sequence[Cell]]],
    hidden: set[Cell],
) -> set[Cell]:
    """`hidden` grown until no sum (total, parts) has exactly one hidden cell."""
    hidden = set(hidden)
    changed = True
    while changed:
        changed = False
        for total, parts in sums:
            cells = [total, *parts]
            if sum(1 for cell in cells if cell in hidden) != 1:
                continue
            extra = _next_smallest(rows, [p for p in parts if p not in hidden], hidden)
            if extra is None:  # the only shown part is the total itself
                extra = total if total not in hidden else None
            if extra is not None:
                hidden.add(extra)
                changed = True
    return hidden


def suppress(
    rows: list[dict[str, Any]],
    *,
    counts: Sequence[str],
    sums: Sequence[tuple[Cell, Sequence[Cell]]],
    derived: Mapping[str, Sequence[str]],
    threshold: int = THRESHOLD,
) -> list[dict[str, Any]]:
    """The rows with hidden cells set to None and each row's hidden columns listed in
    `suppressed` (in column order). `derived` maps a column to the counts it is built on."""
    hidden = secondary(rows, sums, primary(rows, counts, threshold))
    order = {column: position for position, column in enumerate([*counts, *derived])}
    by_row: dict[int, set[str]] = {}
    for index, column in hidden:
        by_row.setdefault(index, set()).add(column)
    out = []
    for index, row in enumerate(rows):
        gone = set(by_row.get(index, ()))
        gone |= {
            column
            for column, bases in derived.items()
            if any(base in gone for base in bases) and row.get(column) is not None
        }
        out.append(
            {
                **{k: (None if k in gone else v) for k, v in row.items()},
                "suppressed": sorted(gone, key=order.__getitem__),
            }
        )
    return out
