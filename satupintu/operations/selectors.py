"""Reads for the measures (operations/measures.py): an MPP's period, whole or cut.

`period_measures(mpp, start, end, by=…)` reads the period in a fixed number of queries
whatever the number of tickets (tests/test_measures_queries.py pins it; the IKM adds a
few per group of the service, agency, day and month cuts), then computes in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Min, OuterRef, Q, Subquery
from django.utils import timezone

from satupintu.accounts.models import User
from satupintu.applications.models import Application
from satupintu.applications.models import Status as AppStatus
from satupintu.applications.sla import local_date
from satupintu.catalog.models import CounterService, Service, ServiceVersion
from satupintu.operations import measures as m
from satupintu.operations import measures_floor as floor
from satupintu.queueing.models import CounterModeChange, QueuePolicy, Ticket, TicketEvent
from satupintu.satisfaction.models import Rating
from satupintu.satisfaction.selectors import ikm_for_period
from satupintu.tenancy.models import Agency, Counter, Mpp, OpeningHours

CUTS = ("service", "agency", "counter", "officer", "hour", "day", "month")
DEFAULT_TARGET_WAIT_MINUTES = 15
# How far before the period a counter's last mode change is looked for: a counter is
# opened every working day, and older stretches are clipped to opening hours anyway.
HISTORY_BEFORE = dt.timedelta(days=7)
DECIDED = (AppStatus.READY, AppStatus.COMPLETED, AppStatus.REJECTED)

# Where a ticket measure is placed when cut by hour, day or month (measures.py: anchor).
ANCHORS = {
    "arrivals": "joined",
    "waiting_time": "joined",
    "wait_over_target": "joined",
    "no_show_rate": "joined",
    "transferred_share": "joined",
    "channel_share": "joined",
    "walk_to_counter_time": "last_call",
    "service_time": "started",
    "handling_time": "last_call",
    "demand": "joined",
    "average_rating": "started",
    "served": "finished",
}


def target_wait_minutes(mpp: Mpp) -> int:
    """The MPP's target wait (QueuePolicy.target_wait_minutes; 15 without a policy)."""
    value = QueuePolicy.objects.filter(mpp=mpp).values_list("target_wait_minutes", flat=True)
    return value.first() or DEFAULT_TARGET_WAIT_MINUTES


def _bounds(mpp: Mpp, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = mpp.tzinfo
    return (
        dt.datetime.combine(start, dt.time(0), tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tz),
    )


def visits(mpp: Mpp, start: dt.date, end: dt.date) -> tuple[list[m.Visit], dict[int, list]]:
    """The period's tickets as `Visit`s, and each ticket's history (action, at, counter)
    for the floor time: three queries. Reading datetimes is most of the cost, so each is
    read once: the issue time from the history, the start and finish from the ticket."""
    tickets = Ticket.objects.filter(mpp=mpp, day__range=(start, end)).order_by()
    rows = tickets.values_list(
        "pk",
        "service_id",
        "service__agency_id",
        "counter_id",
        "officer_id",
        "channel",
        "status",
        "day",
        "started_at",
        "finished_at",
    )
    history: dict[int, list] = defaultdict(list)
    events = (
        TicketEvent.objects.filter(mpp=mpp, ticket__day__range=(start, end))
        .exclude(action__in=("note", "start"))  # the start is the ticket's own started_at
        .order_by("ticket_id", "at", "pk")
        .values_list("ticket_id", "action", "at", "counter_id")
    )
    for ticket_id, action, at, counter_id in events.iterator(chunk_size=5000):
        history[ticket_id].append((action, at, counter_id))
    ratings = dict(
        Rating.objects.filter(mpp=mpp, ticket__day__range=(start, end)).values_list(
            "ticket_id", "score"
        )
    )
    result = []
    for pk, service, agency, counter, officer, channel, status, day, st, fin in rows:
        own = history.get(pk, [])
        joined = next((at for action, at, _c in own if action == "issue"), None)
        if joined is None:  # every ticket's history starts with its issue
            continue
        calls = [at for action, at, _c in own if action in ("call", "recall")]
        result.append(
            m.Visit(
                ticket_id=pk,
                service_id=service,
                agency_id=agency,
                counter_id=counter,
                officer_id=officer,
                channel=channel,
                status=status,
                day=day,
                joined=joined,
                last_call=max(calls) if calls else None,
                started=st,
                finished=fin,
                rating=ratings.get(pk),
            )
        )
    return result, history


def counter_open_stretches(
    mpp: Mpp, start: dt.date, end: dt.date
) -> list[tuple[int, int | None, dt.datetime, dt.datetime]]:
    """(counter, officer who opened it, from, to) of each stretch an MPP's counter was
    open by its mode history (queueing's CounterModeChange; measures_floor.py), cut to
    local days start…end and to now, not yet to opening hours: one query."""
    begin, finish = _bounds(mpp, start, end)
    until = min(finish, timezone.now())
    changes = CounterModeChange.objects.filter(
        mpp=mpp, at__lt=finish, at__gte=begin - HISTORY_BEFORE
    ).values_list("counter_id", "at", "actor_id", "mode")
    return [
        (counter, officer, max(a, begin), min(b, until))
        for counter, officer, a, b in floor.open_stretches(changes, until)
        if b > begin and a < until
    ]


def opening_windows(mpp: Mpp, start: dt.date, end: dt.date) -> list[floor.Interval]:
    """The MPP's opening hours on each local day start…end (measures_floor.py): one query."""
    hours: dict[int, list[tuple[dt.time, dt.time | None]]] = defaultdict(list)
    for weekday, opens, closes in OpeningHours.objects.filter(mpp=mpp).values_list(
        "weekday", "opens_at", "closes_at"
    ):
        hours[weekday].append((opens, closes))
    return floor.opening_windows(start, end, hours, mpp.tzinfo)


def services_of_counters(mpp: Mpp) -> dict[int, list[int]]:
    """The services each of the MPP's counters serves (now: their history is not kept):
    one query."""
    services_of: dict[int, list[int]] = defaultdict(list)
    for counter_id, service_id in CounterService.objects.filter(mpp=mpp).values_list(
        "counter_id", "service_id"
    ):
        services_of[counter_id].append(service_id)
    return services_of


def floor_segments(
    mpp: Mpp, start: dt.date, end: dt.date, history: dict[int, list], visits: Sequence[m.Visit]
) -> list[floor.Segment]:
    """The counters' open, waited-for and idle time in the period: four queries."""
    until = min(_bounds(mpp, start, end)[1], timezone.now())
    stretches = counter_open_stretches(mpp, start, end)
    services_of = services_of_counters(mpp)
    service_of = {v.ticket_id: v.service_id for v in visits}
    waiting: dict[int, list] = defaultdict(list)
    busy: dict[int, list] = defaultdict(list)
    for ticket_id, events in history.items():
        times = floor.ticket_times(events, until)
        waiting[service_of[ticket_id]].extend(times.waiting)
        for counter_id, a, b in times.at_counter:
            busy[counter_id].append((a, b))
    return floor.floor_segments(
        stretches=stretches,
        windows=opening_windows(mpp, start, end),
        waiting_by_service=waiting,
        busy_by_counter=busy,
        services_of_counter=services_of,
    )


def deadlines(mpp: Mpp, start: dt.date, end: dt.date) -> list[m.Deadline]:
    """Applications whose deadline falls in the period, with the day each was decided."""
    rows = (
        Application.objects.filter(mpp=mpp, due_date__range=(start, end))
        .exclude(status__in=(AppStatus.DRAFT, AppStatus.WITHDRAWN))
        .annotate(decided=Min("events__at", filter=Q(events__to_status__in=DECIDED)))
        .values_list("service_id", "service__agency_id", "due_date", "decided", "status")
        .order_by()
    )
    return [
        m.Deadline(
            service_id=service,
            agency_id=agency,
            due=due,
            decided_on=local_date(mpp, decided) if decided else None,
            paused=status == AppStatus.NEEDS_REVISION,
        )
        for service, agency, due, decided, status in rows
        if due is not None  # the filter on it says so; the type does not
    ]


# --- cuts ------------------------------------------------------------------------------


def _local(mpp: Mpp, moment: dt.datetime | None, by: str) -> Any:
    if moment is None:
        return None
    local = timezone.localtime(moment, mpp.tzinfo)
    if by == "hour":
        return local.hour
    if by == "day":
        return local.date()
    return local.strftime("%Y-%m")


def _ticket_key(mpp: Mpp, by: str | None, anchor: str) -> Callable[[m.Visit], Any]:
    if by is None:
        return lambda v: None
    if by in ("hour", "day", "month"):
        return lambda v: _local(mpp, getattr(v, anchor), by)
    return lambda v: getattr(v, f"{by}_id")


def _group(items: Sequence, key: Callable) -> dict[Any, list]:
    groups: dict[Any, list] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups


def _floor_seconds(
    mpp: Mpp, segments: Sequence[floor.Segment], by: str | None, agency_of: dict[int, int]
) -> dict[str, dict[Any, float]]:
    """Seconds of each kind of floor time per group (no groups by service)."""
    sums: dict[str, dict[Any, float]] = {kind: defaultdict(float) for kind in floor.KINDS}
    for segment in segments:
        if by in ("hour", "day", "month"):
            for hour, seconds in floor.split_hours(segment, mpp.tzinfo):
                key = _local(mpp, hour, by)
                sums[segment.kind][key] += seconds
            continue
        key = {
            None: None,
            "counter": segment.counter_id,
            "agency": agency_of.get(segment.counter_id),
            "officer": segment.officer_id,
        }[by]
        sums[segment.kind][key] += (segment.end - segment.start).total_seconds()
    return sums


@dataclass(frozen=True)
class Facts:
    """What the measures of one period are computed from, read once for all its cuts."""

    mpp: Mpp
    start: dt.date
    end: dt.date
    visits: list[m.Visit]
    segments: list[floor.Segment]
    deadlines: list[m.Deadline]
    target: int
    counter_agency: dict[int, int]
    today: dt.date


def period_facts(mpp: Mpp, start: dt.date, end: dt.date) -> Facts:
    """The period's facts, in a fixed number of queries."""
    all_visits, history = visits(mpp, start, end)
    return Facts(
        mpp=mpp,
        start=start,
        end=end,
        visits=all_visits,
        segments=floor_segments(mpp, start, end, history, all_visits),
        deadlines=deadlines(mpp, start, end),
        target=target_wait_minutes(mpp),
        counter_agency=dict(Counter.objects.filter(mpp=mpp).values_list("pk", "booth__agency_id")),
        today=timezone.localtime(timezone.now(), mpp.tzinfo).date(),
    )


def period_measures(mpp: Mpp, start: dt.date, end: dt.date, by: str | None = None) -> dict:
    """Every measure over local days start…end: `total`, and per group of `by` (one of
    CUTS) `groups`, each {key, label, measures}, ordered by key."""
    facts = period_facts(mpp, start, end)
    result: dict[str, Any] = {
        "target_wait_minutes": facts.target,
        "total": _measures(facts, None)[None],
        "groups": [],
    }
    if by is not None:
        cells = _measures(facts, by)
        labels = labels_of(mpp, by, list(cells))
        result["groups"] = [
            {"key": key, "label": labels.get(key, str(key)), "measures": cells[key]}
            for key in sorted(cells)
        ]
    return result


def _measures(facts: Facts, by: str | None, *, with_ikm: bool = True) -> dict[Any, dict]:
    """The measures of each group of `by` (None: one group, the whole period); without
    the IKM (None) when `with_ikm` is false (it costs a few queries per group)."""
    mpp, apps, target, today = facts.mpp, facts.deadlines, facts.target, facts.today
    anchored = {
        anchor: _group(facts.visits, _ticket_key(mpp, by, anchor))
        for anchor in set(ANCHORS.values())
    }
    seconds = (
        _floor_seconds(mpp, facts.segments, by, facts.counter_agency) if by != "service" else None
    )
    keys: set[Any] = set()
    for groups in anchored.values():
        keys.update(groups)
    if seconds is not None:
        for per_key in seconds.values():
            keys.update(per_key)
    app_key = {"service": "service_id", "agency": "agency_id"}.get(by or "")
    app_groups: dict[Any, list] = {}
    if by is None:
        app_groups = {None: apps}
    elif app_key is not None:
        app_groups = _group(apps, lambda d: getattr(d, app_key))
    elif by in ("day", "month"):
        app_groups = _group(apps, lambda d: d.due if by == "day" else d.due.strftime("%Y-%m"))
    keys.update(app_groups)
    if by is None:
        keys = {None}
    else:
        keys.discard(None)  # tickets never called belong to no counter, no officer, no hour
    ikm_values = _ikm(mpp, facts.start, facts.end, by, keys) if with_ikm else {}
    cells = {}
    for key in keys:

        def of(measure: str, key: Any = key) -> list[m.Visit]:
            return anchored[ANCHORS[measure]].get(key, [])

        per_person = by not in ("counter", "officer")
        open_s = seconds[floor.OPEN].get(key) if seconds is not None else None
        cells[key] = {
            "arrivals": m.arrivals(of("arrivals")) if per_person else None,
            "waiting_time": m.waiting_time(of("waiting_time")),
            "walk_to_counter_time": m.walk_to_counter_time(of("walk_to_counter_time")),
            "service_time": m.service_time(of("service_time")),
            "handling_time": m.handling_time(of("handling_time")),
            "demand": m.demand(of("demand")) if per_person else None,
            "no_show_rate": m.no_show_rate(of("no_show_rate")),
            "transferred_share": m.transferred_share(of("transferred_share")),
            "served_per_officer_hour": m.served_per_officer_hour(
                m.served(of("served")), open_s if seconds is not None else None
            )
            if by != "service"
            else None,
            "counter_idle_share": m.counter_idle_share(
                seconds[floor.WAITED].get(key), seconds[floor.IDLE].get(key)
            )
            if seconds is not None
            else None,
            "wait_over_target": m.wait_over_target(of("wait_over_target"), target),
            "channel_share": m.channel_share(of("channel_share")) if per_person else None,
            "sla_kept": m.sla_kept(app_groups.get(key, []), today)
            if by in (None, "service", "agency", "day", "month")
            else None,
            "ikm": ikm_values.get(key),
            "average_rating": m.average_rating(of("average_rating")),
        }
    return cells


def _ikm(mpp: Mpp, start: dt.date, end: dt.date, by: str | None, keys: set) -> dict[Any, dict]:
    """IKM per group from satisfaction (never recomputed): the total, per agency, service,
    day or month; a few queries per group."""
    if by not in (None, "service", "agency", "day", "month"):
        return {}
    out = {}
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=keys)} if by == "agency" else {}
    codes = (
        dict(Service.objects.filter(pk__in=keys).values_list("pk", "code"))
        if by == "service"
        else {}
    )
    for key in keys:
        first, last, agency, service = start, end, None, None
        if by == "day":
            first = last = key
        elif by == "month":
            year, month = map(int, key.split("-"))
            first = max(start, dt.date(year, month, 1))
            last = min(
                end,
                (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1)
                - dt.timedelta(days=1),
            )
        elif by == "agency":
            agency = agencies.get(key)
        elif by == "service":
            service = codes.get(key)
        result = ikm_for_period(mpp, first, last, agency, service).result
        out[key] = m.ikm(result.respondents, float(result.ikm) if result.ikm is not None else None)
    return out


def labels_of(mpp: Mpp, by: str, keys: list) -> dict[Any, str]:
    """How each group is named: a service's code, an agency's short name, a counter's
    number, an officer's name, an hour 'HH.00–HH.00'."""
    if by == "service":
        return {
            pk: code for pk, code in Service.objects.filter(pk__in=keys).values_list("pk", "code")
        }
    if by == "agency":
        return {a.pk: str(a) for a in Agency.objects.filter(pk__in=keys)}
    if by == "counter":
        return {c.pk: str(c) for c in Counter.objects.filter(pk__in=keys)}
    if by == "officer":
        return {
            pk: name or email or ""
            for pk, name, email in User.objects.filter(pk__in=keys).values_list(
                "pk", "full_name", "email"
            )
        }
    if by == "hour":
        return {h: f"{h:02d}.00–{(h + 1) % 24:02d}.00" for h in keys}
    return {k: str(k) for k in keys}


def service_names(service_ids: set[int], date: dt.date) -> dict[int, tuple[str, str]]:
    """id -> (code, name in force on `date`), in one query."""
    name = Subquery(
        ServiceVersion.objects.filter(service=OuterRef("pk"), effective_from__lte=date)
        .order_by("-number")
        .values("name")[:1]
    )
    rows = Service.objects.filter(pk__in=service_ids).annotate(current_name=name)
    return {
        s["pk"]: (s["code"], s["current_name"] or "")
        for s in rows.values("pk", "code", "current_name")
    }
