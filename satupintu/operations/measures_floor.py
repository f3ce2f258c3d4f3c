"""The counters' time on the floor: open, open while people waited, idle while they waited.

Read from two histories, in Python over the period's rows:
- a counter's modes from its history, which `set_counter_mode` appends to (queueing's
  CounterModeChange: one row per change, with its time and the officer, or none for the
  system's changes such as the day simulator's); an open stretch runs from a change
  to "open" until the next change (looked for from a week before the period:
  selectors.HISTORY_BEFORE), and is clipped to the MPP's opening hours of that weekday
  (a counter left open overnight does not count the night), to the period and to now;
- the tickets' history (TicketEvent): a ticket waits from its issue (or restore) to
  its call; it is at a counter from a call there to its finish, no-show, transfer or
  cancellation.
The results are `Segment`s, which the selectors sum per counter, agency, officer,
hour, day or month (split at local hour boundaries).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

Interval = tuple[dt.datetime, dt.datetime]

OPEN, WAITED, IDLE = "open", "waited", "idle"
KINDS = (OPEN, WAITED, IDLE)


@dataclass(frozen=True, slots=True)
class Segment:
    counter_id: int
    officer_id: int | None  # who opened the counter
    kind: str  # OPEN, WAITED (open while someone waited) or IDLE (and nobody at it)
    start: dt.datetime
    end: dt.datetime


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint intervals covering the same time."""
    merged: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """The time in both (each sorted and disjoint)."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """The time in `a` and not in `b` (each sorted and disjoint)."""
    out: list[Interval] = []
    j = 0
    for start, end in a:
        cursor = start
        while j < len(b) and b[j][1] <= cursor:
            j += 1
        k = j
        while k < len(b) and b[k][0] < end:
            if b[k][0] > cursor:
                out.append((cursor, b[k][0]))
            cursor = max(cursor, b[k][1])
            k += 1
        if cursor < end:
            out.append((cursor, end))
    return out


def open_stretches(
    changes: Iterable[tuple[int, dt.datetime, int | None, str]], until: dt.datetime
) -> list[tuple[int, int | None, dt.datetime, dt.datetime]]:
    """(counter_id, officer_id, start, end) of each stretch a counter was open; one still
    open runs to `until`."""
    stretches = []
    opened: dict[int, tuple[dt.datetime, int | None]] = {}
    for counter_id, at, officer_id, after in sorted(changes, key=lambda c: (c[1], c[0])):
        if counter_id in opened:
            start, by = opened.pop(counter_id)
            stretches.append((counter_id, by, start, at))
        if after == "open":
            opened[counter_id] = (at, officer_id)
    for counter_id, (start, by) in opened.items():
        stretches.append((counter_id, by, start, until))
    return [s for s in stretches if s[3] > s[2]]


def opening_windows(
    start: dt.date,
    end: dt.date,
    hours: dict[int, list[tuple[dt.time, dt.time | None]]],
    tz: zoneinfo.ZoneInfo,
) -> list[Interval]:
    """The MPP's opening hours on each local day start…end (a weekday without opening
    hours: the whole day)."""
    windows = []
    day = start
    while day <= end:
        for opens, closes in hours.get(day.weekday()) or [(dt.time(0), None)]:
            begin = dt.datetime.combine(day, opens, tz)
            finish = (
                dt.datetime.combine(day, closes, tz)
                if closes is not None
                else dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tz)
            )
            windows.append((begin, finish))
        day += dt.timedelta(days=1)
    return merge(windows)


@dataclass
class TicketTimes:
    """From one ticket's history: when it waited, and when it was at which counter."""

    waiting: list[Interval]
    at_counter: list[tuple[int, dt.datetime, dt.datetime]]


def ticket_times(
    events: Sequence[tuple[str, dt.datetime, int | None]], until: dt.datetime
) -> TicketTimes:
    """(action, at, counter_id) of one ticket, in order → its waiting and counter time."""
    waiting: list[Interval] = []
    at_counter: list[tuple[int, dt.datetime, dt.datetime]] = []
    waits_since: dt.datetime | None = None
    called: tuple[int, dt.datetime] | None = None
    for action, at, counter_id in events:
        if action in ("issue", "restore"):
            waits_since = at
        elif action in ("call", "cancel") and waits_since is not None:
            waiting.append((waits_since, at))
            waits_since = None
        if action == "call" and counter_id is not None:
            called = (counter_id, at)
        elif action in ("finish", "no_show", "transfer", "cancel") and called is not None:
            at_counter.append((called[0], called[1], at))
            called = None
    if waits_since is not None:
        waiting.append((waits_since, until))
    if called is not None:
        at_counter.append((called[0], called[1], until))
    return TicketTimes(waiting, at_counter)


def floor_segments(
    *,
    stretches: list[tuple[int, int | None, dt.datetime, dt.datetime]],
    windows: list[Interval],
    waiting_by_service: dict[int, list[Interval]],
    busy_by_counter: dict[int, list[Interval]],
    services_of_counter: dict[int, list[int]],
) -> list[Segment]:
    """Open, waited-for and idle segments of every counter, within the opening windows."""
    segments: list[Segment] = []
    waited_cache: dict[tuple[int, ...], list[Interval]] = {}
    busy_cache: dict[int, list[Interval]] = {}  # a counter has a stretch a day: merge once
    for counter_id, officer_id, start, end in stretches:
        open_time = intersect([(start, end)], windows)
        key = tuple(sorted(services_of_counter.get(counter_id, [])))
        if key not in waited_cache:
            waited_cache[key] = merge(i for s in key for i in waiting_by_service.get(s, []))
        waited = intersect(open_time, waited_cache[key])
        if counter_id not in busy_cache:
            busy_cache[counter_id] = merge(busy_by_counter.get(counter_id, []))
        idle = subtract(waited, busy_cache[counter_id])
        for kind, parts in ((OPEN, open_time), (WAITED, waited), (IDLE, idle)):
            segments.extend(Segment(counter_id, officer_id, kind, a, b) for a, b in parts)
    return segments


def split_hours(segment: Segment, tz: zoneinfo.ZoneInfo) -> Iterator[tuple[dt.datetime, float]]:
    """(local start of the hour, seconds) of the segment in each local hour it covers."""
    start = segment.start.astimezone(tz)
    end = segment.end.astimezone(tz)
    while start < end:
        hour = start.replace(minute=0, second=0, microsecond=0)
        boundary = min(end, (hour + dt.timedelta(hours=1)).astimezone(tz))
        yield hour, (boundary - start).total_seconds()
        start = boundary
