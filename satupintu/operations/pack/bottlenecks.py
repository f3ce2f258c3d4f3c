"""Bottlenecks: the hours in which more visitors came for a service than its open
counters could serve.

For a service S and a local clock hour H (start included, end excluded) within the
MPP's opening hours:

- arrivals = the `arrivals` measure of S's tickets that joined the line in H (kiosk,
  online, appointment check-in, walk-in; a transfer's continuation is not an arrival);
- open counter-minutes = the minutes in H that the counters serving S were open (the
  counters' `open` floor time of the measures, measures_floor.py: opened by an officer,
  paused and closed time excluded, clipped to opening hours); a counter that serves
  several services counts its full open time for each of them, so the capacity is what
  the counters could do if they served S alone, and a bottleneck found is one even in
  that best case;
- capacity = open counter-minutes / S's mean service minutes over the month (the
  `service_time` measure's mean: start → finish of its served tickets);
- a bottleneck is an hour with arrivals > capacity. Its excess is arrivals − capacity.

A service with no served ticket in the month has no service time and is left out; an
hour with no counter of S open and visitors coming has capacity 0 (a bottleneck). When
the month has no open time recorded at all (data from before the counters' mode
history was kept), nothing can be said: None.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from satupintu.operations import measures as m
from satupintu.operations import measures_floor as floor
from satupintu.operations import selectors as ops


@dataclass(frozen=True)
class Bottleneck:
    service_id: int
    service_code: str
    hour: dt.datetime  # local start of the hour
    arrivals: int
    open_counter_minutes: float
    service_minutes: float  # the service's mean over the month
    capacity: float

    @property
    def excess(self) -> float:
        return self.arrivals - self.capacity


def find_bottlenecks(
    *,
    visits: Sequence[m.Visit],
    segments: Sequence[floor.Segment],
    services_of_counter: dict[int, list[int]],
    windows: Sequence[floor.Interval],
    codes: dict[int, str],
    tz: zoneinfo.ZoneInfo,
) -> list[Bottleneck]:
    """The bottleneck hours (module docstring), worst excess first."""
    by_service: dict[int, list[m.Visit]] = defaultdict(list)
    for visit in visits:
        by_service[visit.service_id].append(visit)
    mean_minutes = {service: m.service_time(group)["mean"] for service, group in by_service.items()}
    came: dict[tuple[int, dt.datetime], list[m.Visit]] = defaultdict(list)
    for visit in visits:
        local = visit.joined.astimezone(tz).replace(minute=0, second=0, microsecond=0)
        came[(visit.service_id, local)].append(visit)
    open_minutes: dict[tuple[int, dt.datetime], float] = defaultdict(float)
    for segment in segments:
        if segment.kind != floor.OPEN:
            continue
        for hour, seconds in floor.split_hours(segment, tz):
            for service in services_of_counter.get(segment.counter_id, ()):
                open_minutes[(service, hour)] += seconds / 60
    found = []
    for (service, hour), group in came.items():
        minutes = mean_minutes.get(service)
        if not minutes or service not in codes or not _in_windows(hour, windows):
            continue
        arrivals = m.arrivals(group)["n"]
        capacity = open_minutes.get((service, hour), 0.0) / minutes
        if arrivals > capacity:
            found.append(
                Bottleneck(
                    service_id=service,
                    service_code=codes[service],
                    hour=hour,
                    arrivals=arrivals,
                    open_counter_minutes=round(open_minutes.get((service, hour), 0.0), 1),
                    service_minutes=minutes,
                    capacity=round(capacity, 1),
                )
            )
    return sorted(found, key=lambda b: (-b.excess, b.hour, b.service_code))


def _in_windows(hour: dt.datetime, windows: Sequence[floor.Interval]) -> bool:
    end = hour + dt.timedelta(hours=1)
    return any(a < end and hour < b for a, b in windows)


def bottlenecks(facts: ops.Facts, codes: dict[int, str]) -> list[Bottleneck] | None:
    """The month's bottlenecks from its facts (two queries: the counters' services and
    the opening hours); None when no counter's open time is recorded."""
    if not any(s.kind == floor.OPEN for s in facts.segments):
        return None
    tz = facts.mpp.tzinfo
    return find_bottlenecks(
        visits=facts.visits,
        segments=facts.segments,
        services_of_counter=ops.services_of_counters(facts.mpp),
        windows=ops.opening_windows(facts.mpp, facts.start, facts.end),
        codes=codes,
        tz=tz,
    )


@dataclass(frozen=True)
class ServiceBottlenecks:
    """A service's bottleneck hours summed: how many, the visitors who came in them, the
    capacity, and the local hour of day they fell in most often."""

    service_code: str
    hours: int
    arrivals: int
    capacity: float
    usual_hour: int


def per_service(found: Sequence[Bottleneck]) -> list[ServiceBottlenecks]:
    """The bottlenecks summed per service, most hours first."""
    groups: dict[str, list[Bottleneck]] = defaultdict(list)
    for b in found:
        groups[b.service_code].append(b)
    rows = []
    for code, items in groups.items():
        tally: dict[int, int] = defaultdict(int)
        for b in items:
            tally[b.hour.hour] += 1
        rows.append(
            ServiceBottlenecks(
                service_code=code,
                hours=len(items),
                arrivals=sum(b.arrivals for b in items),
                capacity=round(sum(b.capacity for b in items), 1),
                usual_hour=max(sorted(tally), key=lambda h: tally[h]),
            )
        )
    return sorted(rows, key=lambda r: (-r.hours, r.service_code))
