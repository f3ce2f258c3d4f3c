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

import functools
import time
from collections.abc import Callable, Hashable
from typing import Any

from django.conf import settings
from django.db.models import Model

MAX_ENTRIES = 20_000  # per function; a full memo starts again rather than grow without bound

_ALL: list[Memoized] = []
MISSING = object()  # what `peek` returns when nothing fresh is kept


class Memoized[**P, R]:
    """`function(*args)` kept for `seconds` (None: settings.READ_MEMO_SECONDS)."""

    def __init__(self, function: Callable[P, R], seconds: float | None) -> None:
        self.function, self.seconds = function, seconds
        self.entries: dict[Hashable, tuple[float, Any]] = {}
        functools.update_wrapper(self, function)
        _ALL.append(self)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        lifetime = settings.READ_MEMO_SECONDS if self.seconds is None else self.seconds
        now = time.monotonic()
        hit = self.entries.get(args)
        if hit is not None and hit[0] > now:
            return _handed_out(hit[1])
        value = self.function(*args, **kwargs)
        if lifetime > 0:
            if len(self.entries) >= MAX_ENTRIES:
                self.entries.clear()
            self.entries[args] = (now + lifetime, value)
            return _handed_out(value)
        return value

    def peek(self, *args: Hashable) -> Any:
        """The kept value if still fresh, else MISSING, without calling the function: lets
        async code skip the thread hop to the database when the answer is at hand."""
        hit = self.entries.get(args)
        if hit is not None and hit[0] > time.monotonic():
            return _handed_out(hit[1])
        return MISSING

    def forget(self, *args: Hashable) -> None:
        """Drop the entry for these arguments (a writer that must be seen at once)."""
        self.entries.pop(args, None)


def memoize[**P, R](seconds: float | None = None) -> Callable[[Callable[P, R]], Memoized[P, R]]:
    """Decorator: keep a function's results per positional arguments (hashable) for `seconds`."""

    def decorate(function: Callable[P, R]) -> Memoized[P, R]:
        return Memoized(function, seconds)

    return decorate


def _handed_out[T](value: T) -> T:
    return shallow_copy(value) if isinstance(value, Model) else value


def shallow_copy[M: Model](instance: M) -> M:
    """What `copy.copy` gives (Django's __getstate__: own attributes, own state, own
    cache of loaded relations) in a quarter of the time; this runs several times per
    request. The cached relations themselves are shared, as with copy.copy."""
    clone = object.__new__(type(instance))
    clone.__dict__.update(instance.__dict__)
    state = object.__new__(type(instance._state))
    state.__dict__.update(instance._state.__dict__)
    state.fields_cache = dict(instance._state.fields_cache)
    clone._state = state
    return clone


def forget_all() -> None:
    """Empty every memo of this process (tests; after bulk changes such as an import)."""
    for memoized in _ALL:
        memoized.entries.clear()
