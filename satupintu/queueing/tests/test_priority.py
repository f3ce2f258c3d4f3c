"""The priority rule (UU 25/2009 Pasal 29): priority first, but never more than K in a row."""

import pytest

from satupintu.queueing.counters.priority import Waiting, choose_line, next_streak

BOTH, ONLY_PRIORITY, ONLY_REGULAR, NOBODY = (
    Waiting(True, True),
    Waiting(True, False),
    Waiting(False, True),
    Waiting(False, False),
)


@pytest.mark.parametrize(
    ("waiting", "streak", "expected"),
    [
        (BOTH, 0, "priority"),
        (BOTH, 1, "priority"),
        (BOTH, 2, "regular"),  # K = 2 priority calls in a row: a regular visitor's turn
        (ONLY_PRIORITY, 5, "priority"),  # nobody else waits: no reason to hold them back
        (ONLY_REGULAR, 0, "regular"),
        (NOBODY, 0, None),
    ],
)
def test_choose_line(waiting, streak, expected):
    assert choose_line(waiting, streak=streak, max_streak=2) == expected


def test_a_regular_call_resets_the_streak():
    assert next_streak("priority", 1) == 2
    assert next_streak("regular", 2) == 0
    assert next_streak(None, 2) == 0


def test_with_k_equal_one_calls_alternate():
    streak, calls = 0, []
    for _ in range(6):
        line = choose_line(BOTH, streak=streak, max_streak=1)
        calls.append(line)
        streak = next_streak(line, streak)
    assert calls == ["priority", "regular"] * 3
