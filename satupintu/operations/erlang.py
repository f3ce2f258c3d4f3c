"""Erlang C: how long visitors wait for a number of counters, and how many counters a
target needs.

The model is M/M/c (Erlang 1917; any queueing text, e.g. Gross, Shortle, Thompson and
Harris, *Fundamentals of Queueing Theory*, 4th ed., Wiley 2008, §2.3): visitors arrive
as a Poisson stream at rate λ, each holds a counter for an exponentially distributed
time with mean 1/μ, c identical counters serve one first-come line, nobody leaves. With
the offered load a = λ/μ (in Erlang) and a < c:

- P(wait) = C(c, a) = c·B / (c − a·(1 − B)), B = Erlang B(c, a);
- service level P(wait ≤ t) = 1 − C·e^(−(cμ − λ)·t);
- mean wait (ASA) = C / (cμ − λ);
- occupancy = λ / (cμ).

B comes from the recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), which stays in
[0, 1] at every step, so hundreds of counters and loads of hundreds of Erlang compute
without the overflow of a^c / c!. The published check (Call Centre Helper, "Erlang C
Formula – Made Simple with an Easy Worked Example"; the same figures in most workforce
management texts): 100 arrivals in 30 minutes, 180 s handling, 14 servers, a 20 s
target → P(wait) 0.1741, service level 0.8884, mean wait 7.84 s (tests/test_erlang.py).

An unstable system (λ ≥ cμ: more work arrives than the counters can do) has no steady
state: the line grows all day. It is answered as such — P(wait) 1, service level 0,
mean wait None (unbounded) — never with an error.

Plain `math`: the formula is a few lines, and the maintained packages that offer it
(pyworkforce) bring numpy, pandas and OR-Tools with them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_COUNTERS = 1000  # counters_needed stops looking here (no MPP hall holds more)


@dataclass(frozen=True)
class Outlook:
    """What c counters give for an arrival rate and service time (minutes throughout)."""

    p_wait: float
    service_level: float  # share called within the target
    mean_wait_minutes: float | None  # None: unbounded (the system is unstable)
    occupancy: float  # λ / (cμ); above 1 when unstable

    @property
    def stable(self) -> bool:
        return self.mean_wait_minutes is not None


def erlang_b(servers: int, load: float) -> float:
    """Erlang B: the blocking probability of `servers` servers offered `load` Erlang."""
    if servers < 0 or load < 0:
        raise ValueError("servers and load must not be negative")
    b = 1.0
    for k in range(1, servers + 1):
        b = load * b / (k + load * b)
    return b


def p_wait(servers: int, load: float) -> float:
    """Erlang C: the probability an arrival waits at all (1 when load ≥ servers)."""
    if servers < 1:
        raise ValueError("at least one server")
    if load <= 0:
        return 0.0
    if load >= servers:
        return 1.0
    b = erlang_b(servers, load)
    return servers * b / (servers - load * (1 - b))


def outlook(
    *,
    arrivals_per_hour: float,
    service_minutes: float,
    counters: int,
    target_minutes: float,
) -> Outlook:
    """P(wait), the share called within `target_minutes`, the mean wait and the
    occupancy of `counters` counters (M/M/c, see the module's docstring)."""
    if arrivals_per_hour < 0 or service_minutes <= 0 or counters < 1 or target_minutes < 0:
        raise ValueError("arrivals ≥ 0, service minutes > 0, counters ≥ 1, target ≥ 0")
    rate = arrivals_per_hour / 60  # λ per minute
    load = rate * service_minutes  # a = λ/μ, Erlang
    occupancy = load / counters
    if load >= counters:
        return Outlook(p_wait=1.0, service_level=0.0, mean_wait_minutes=None, occupancy=occupancy)
    waits = p_wait(counters, load)
    spare = (counters - load) / service_minutes  # cμ − λ, per minute
    return Outlook(
        p_wait=waits,
        service_level=1 - waits * math.exp(-spare * target_minutes),
        mean_wait_minutes=waits / spare,
        occupancy=occupancy,
    )


def counters_needed(
    arrivals_per_hour: float,
    service_minutes: float,
    target_share: float,
    target_minutes: float,
) -> int:
    """The smallest number of counters whose service level meets the target: at least
    `target_share` of visitors called within `target_minutes`. No arrivals need none.

    Raises ValueError for a share outside (0, 1] or a need above MAX_COUNTERS.
    """
    if not 0 < target_share <= 1:
        raise ValueError("target share must be in (0, 1]")
    if arrivals_per_hour <= 0:
        return 0
    load = arrivals_per_hour / 60 * service_minutes
    counters = max(1, math.floor(load) + 1)  # the fewest that are stable
    while counters <= MAX_COUNTERS:
        level = outlook(
            arrivals_per_hour=arrivals_per_hour,
            service_minutes=service_minutes,
            counters=counters,
            target_minutes=target_minutes,
        ).service_level
        if level >= target_share:
            return counters
        counters += 1
    raise ValueError("the target needs more counters than any hall holds")
