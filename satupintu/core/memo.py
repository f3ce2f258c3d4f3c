"""A process-local memo for slowly changing reads on hot paths.

Every issued ticket and every API call reads the same few rows: the MPP by slug,
the service by code, the caller's token, the queue policy, the wait statistics.
Rebuilding those ORM queries costs more than running them (docs/benchmarks.md),
and Django's cache pickles values (locmem) or crosses the network (Redis), so these
reads are kept here for a few seconds, in this process only.

The price is staleness: a change reaches other processes (and other threads of
this one, unless the writer calls `forget`) within `READ_MEMO_SECONDS` (10 s by
default). Only memoize reads where that is harmless, and call `forget` from the
service that changes them when it must take effect at once (a revoked token).
A model instance is handed out as a shallow copy, so what one request attaches to
it (prefetched rows, attributes) never leaks into another; other values are shared
between threads: treat them as read-only.
"""

from __future__ import annotations

import copy
import functools
import time
from collections.abc import Callable, Hashable
from typing import Any, cast

from django.conf import settings
from django.db.models import Model

MAX_ENTRIES = 20_000  # per function; a full memo starts again rather than grow without bound

_ALL: list[dict] = []


def memoize[F: Callable[..., Any]](seconds: float | None = None) -> Callable[[F], F]:
    """Keep `function(*args)` for `seconds` (default settings.READ_MEMO_SECONDS).

    Arguments must be hashable; `function.forget(*args)` drops one entry."""

    def decorate(function: F) -> F:
        entries: dict[Hashable, tuple[float, Any]] = {}
        _ALL.append(entries)

        @functools.wraps(function)
        def memoized(*args: Hashable) -> Any:
            lifetime = settings.READ_MEMO_SECONDS if seconds is None else seconds
            now = time.monotonic()
            hit = entries.get(args)
            if hit is not None and hit[0] > now:
                return _handed_out(hit[1])
            value = function(*args)
            if lifetime > 0:
                if len(entries) >= MAX_ENTRIES:
                    entries.clear()
                entries[args] = (now + lifetime, value)
                return _handed_out(value)
            return value

        memoized.forget = lambda *args: entries.pop(args, None)  # type: ignore[attr-defined]
        return cast(F, memoized)

    return decorate


def _handed_out(value: Any) -> Any:
    return copy.copy(value) if isinstance(value, Model) else value


def forget_all() -> None:
    """Empty every memo of this process (tests; after bulk changes such as an import)."""
    for entries in _ALL:
        entries.clear()
