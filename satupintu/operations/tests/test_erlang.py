"""Erlang C (operations/erlang.py) against a published table and textbook closed forms."""

import math
from fractions import Fraction

import pytest

from satupintu.operations.erlang import counters_needed, outlook, p_wait


def test_the_published_worked_example():
    # Call Centre Helper's worked example (issue 22): 100 arrivals per 30 minutes,
    # 180 s handling, 14 servers, a 20 s target.
    seen = outlook(arrivals_per_hour=200, service_minutes=3, counters=14, target_minutes=20 / 60)
    assert round(seen.p_wait, 4) == 0.1741
    assert round(seen.service_level, 4) == 0.8884
    assert round(seen.mean_wait_minutes * 60, 2) == 7.84
    assert seen.occupancy == pytest.approx(10 / 14)


def test_fourteen_is_the_fewest_servers_for_eighty_percent_in_twenty_seconds():
    thirteen = outlook(arrivals_per_hour=200, service_minutes=3, counters=13, target_minutes=1 / 3)
    assert thirteen.service_level < 0.8
    assert counters_needed(200, 3, 0.8, 1 / 3) == 14


def _erlang_c_exact(servers: int, load: Fraction) -> Fraction:
    """The textbook closed form with exact fractions: a^c/c! · c/(c−a) over the sum."""
    top = load**servers / math.factorial(servers) * Fraction(servers) / (servers - load)
    below = sum(load**k / math.factorial(k) for k in range(servers))
    return top / (below + top)


@pytest.mark.parametrize(
    ("servers", "load"), [(1, "0.5"), (2, "1.5"), (5, "4.2"), (14, "10"), (30, "27.5")]
)
def test_the_recursion_equals_the_closed_form(servers, load):
    assert p_wait(servers, float(load)) == pytest.approx(
        float(_erlang_c_exact(servers, Fraction(load))), rel=1e-12
    )


def test_one_counter_is_the_m_m_1_queue():
    # M/M/1: P(wait) = ρ, mean wait = ρ / (μ − λ); 30 an hour, 1 minute each: ρ = 0.5
    one = outlook(arrivals_per_hour=30, service_minutes=1, counters=1, target_minutes=2)
    assert one.p_wait == pytest.approx(0.5)
    assert one.mean_wait_minutes == pytest.approx(1.0)
    assert one.service_level == pytest.approx(1 - 0.5 * math.exp(-0.5 * 2))


def test_two_counters_match_the_m_m_2_closed_form():
    # M/M/2: P(wait) = 2ρ² / (1 + ρ)
    rho = 0.75
    two = outlook(arrivals_per_hour=90, service_minutes=1, counters=2, target_minutes=0)
    assert two.p_wait == pytest.approx(2 * rho**2 / (1 + rho))
    assert two.service_level == pytest.approx(1 - two.p_wait)  # a 0-minute target


def test_hundreds_of_counters_compute_without_overflow():
    big = outlook(arrivals_per_hour=18_000, service_minutes=1, counters=310, target_minutes=0.5)
    assert 0 < big.p_wait < 1 and 0 < big.service_level < 1
    assert big.occupancy == pytest.approx(300 / 310)
    assert 300 < counters_needed(18_000, 1, 0.9, 0.1) < 330


def test_no_arrivals_need_no_counters_and_nobody_waits():
    idle = outlook(arrivals_per_hour=0, service_minutes=10, counters=1, target_minutes=15)
    assert (idle.p_wait, idle.service_level, idle.mean_wait_minutes, idle.occupancy) == (
        0.0,
        1.0,
        0.0,
        0.0,
    )
    assert counters_needed(0, 10, 0.8, 15) == 0


@pytest.mark.parametrize("arrivals", [60, 75])  # load exactly at and above the counters
def test_an_unstable_system_is_answered_not_crashed(arrivals):
    over = outlook(arrivals_per_hour=arrivals, service_minutes=2, counters=2, target_minutes=15)
    assert (over.p_wait, over.service_level, over.mean_wait_minutes) == (1.0, 0.0, None)
    assert not over.stable
    assert over.occupancy >= 1


def test_counters_needed_grows_with_the_load_and_the_target():
    assert counters_needed(12, 10, 0.8, 15) == 3  # 2 Erlang: 2 counters are unstable
    assert counters_needed(24, 10, 0.8, 15) > counters_needed(12, 10, 0.8, 15)
    assert counters_needed(24, 10, 0.95, 5) >= counters_needed(24, 10, 0.8, 15)


def test_a_target_no_count_can_meet_is_refused():
    with pytest.raises(ValueError):
        counters_needed(100_000, 60, 0.8, 15)  # 100,000 Erlang: more than MAX_COUNTERS
    with pytest.raises(ValueError):
        counters_needed(10, 10, 0, 15)
    with pytest.raises(ValueError):
        outlook(arrivals_per_hour=-1, service_minutes=10, counters=1, target_minutes=15)
