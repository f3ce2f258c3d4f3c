"""The simulated day's modelling assumptions, stated once here.

- arrivals: per queue, a Poisson number of visitors sized to its counters (a load of
  75–95 % of what they can serve in the day's opening hours, drawn per day), spread
  over the day by an hourly profile with a morning peak, within the opening periods
  and half an hour before the first (people wait at the door);
- the service mix: a few services (KTP-el, KK, akta, SKCK, SIM, STNK, BPJS, PBB) draw
  many more visitors than the rest; ~10 % take the number online, ~9 % are priority
  (lansia, ibu hamil, disabilitas, ibu dengan balita);
- service times: lognormal (σ 0.45) around a mean per service (fixed per service
  across days, 5–20 minutes), times a factor per officer and day (0.85–1.2) and a
  mild hour-of-day factor (slower at the start, faster before closing); walking up
  to the counter 0.3–1.5 minutes;
- counters: open at the start of each opening period (up to 8 minutes late), pause
  at its end (lunch, Friday prayer) once their visitor is done, and after the last
  period serve whoever still holds a number, then close; a few close early in the
  afternoon (never the last one of a queue). After `CLOSING_GRACE` the numbers still
  waiting are cancelled and reported as left waiting;
- no-shows: ~5 % do not come when called: recalled, then marked no-show.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random

# Relative arrival rate by local hour (08–09 the peak).
HOURLY_PROFILE = {7: 1.2, 8: 2.0, 9: 1.8, 10: 1.4, 11: 1.0, 12: 0.7, 13: 0.9, 14: 0.7, 15: 0.4}


POPULAR = {  # demo service codes (reference catalog) → relative demand
    "A01": 8, "A02": 6, "A03": 5, "A04": 5, "A05": 6, "A07": 3, "A09": 3,
    "C01": 8, "C02": 6, "C03": 5, "C04": 6, "D01": 8, "D02": 4,
    "G01": 4, "G02": 5, "H01": 3, "L01": 5, "O02": 3,
}  # fmt: skip


HOUR_FACTOR = {7: 1.1, 8: 1.08, 9: 1.0, 10: 1.0, 11: 0.97, 12: 1.0, 13: 1.05, 14: 0.95}


LATE_FACTOR = 0.88  # from 15:00 on, officers speed up before closing


PRIORITY_SHARE = 0.09


NO_SHOW_SHARE = 0.05


ONLINE_SHARE = 0.10


EARLY_CLOSE_SHARE = 0.08


EARLY_MINUTES = 30  # arrivals start this long before the first opening


CLOSING_GRACE = dt.timedelta(minutes=90)  # after the last closing, waiting numbers end


SIGMA = 0.45


RECALL_GAP = 1.0  # minutes between a call and each recall, and before the no-show


def _unit(*parts: object) -> float:
    """A stable number in [0, 1) from the parts (the same on every run and machine)."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def true_mean_minutes(code: str) -> float:
    """The simulated service's real mean service time (unknown to the estimate)."""
    return round(5 + 15 * _unit("service-minutes", code) ** 1.5, 1)


def demand_weight(code: str) -> float:
    return POPULAR.get(code, 0.6 + 1.2 * _unit("demand", code))


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (normal approximation above 50, exact below)."""
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def arrival_time(
    rng: random.Random, windows: list[tuple[dt.datetime, dt.datetime]], zone: dt.tzinfo
) -> dt.datetime:
    """A time within the windows, with density following HOURLY_PROFILE (per minute)."""
    pieces: list[tuple[dt.datetime, float, float]] = []  # start, minutes, weight
    for start, end in windows:
        t = start
        while t < end:
            hour_end = (t.astimezone(zone) + dt.timedelta(hours=1)).replace(
                minute=0, second=0, microsecond=0
            )
            stop = min(end, hour_end)
            minutes = (stop - t).total_seconds() / 60
            weight = HOURLY_PROFILE.get(t.astimezone(zone).hour, 0.3) * minutes
            pieces.append((t, minutes, weight))
            t = stop
    start, minutes, _w = rng.choices(pieces, [p[2] for p in pieces])[0]
    return start + dt.timedelta(minutes=rng.uniform(0, minutes))
