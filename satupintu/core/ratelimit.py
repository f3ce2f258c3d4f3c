"""Fixed-window rate limits on any key (a phone number, an address), kept in Django's cache.

django-ninja's throttles limit per caller and operation; some rules limit per
thing in the request body instead (online tickets per phone number), and those
use `check_rate`. Off when settings.RATE_LIMITS_ENABLED is false (tests, gates).
"""

from __future__ import annotations

import itertools
import time

from django.conf import settings
from django.core.cache import cache
from ninja.errors import Throttled

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'6/h' -> (6, 3600); a number before the unit multiplies it: '3/15m' -> (3, 900)."""
    count, _slash, period = rate.partition("/")
    digits = "".join(itertools.takewhile(str.isdigit, period.strip()))
    unit = period.strip()[len(digits)]
    return int(count), int(digits or 1) * PERIODS[unit]


def check_rate(scope: str, key: str, rate: str) -> None:
    """Count one hit of `key`; raise Throttled (429 with Retry-After) past `rate`."""
    if not settings.RATE_LIMITS_ENABLED:
        return
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    cache_key = f"rate:{scope}:{key}:{window}"
    if cache.add(cache_key, 1, timeout=period):
        hits = 1
    else:
        try:
            hits = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=period)
            hits = 1
    if hits > limit:
        raise Throttled(wait=int(period - now % period) + 1)
