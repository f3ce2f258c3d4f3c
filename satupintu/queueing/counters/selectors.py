"""Reads of a counter: its mode, the services it calls for, its console
(/staf/loket/<id>/konsol/), what closing it would leave behind, and the staff room's
counters."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from satupintu.catalog.models import CounterService, Service, ServiceVersion
from satupintu.queueing.board import snapshot as board
from satupintu.queueing.counters.priority import Waiting, choose_line, next_streak
from satupintu.queueing.models import (
    Channel,
    CounterModeChange,
    CounterState,
    QueuePolicy,
    Status,
    Ticket,
    TicketEvent,
)
from satupintu.queueing.tickets.selectors import local_day
from satupintu.queueing.tickets.services import DEFAULT_PRIORITY_CATEGORIES
from satupintu.tenancy.models import Counter, Mpp

Mode = CounterState.Mode


def effective_mode(counter: Counter, state: CounterState | None) -> str:
    """The counter's mode as officers and screens see it (no state row yet: open)."""
    if not counter.is_active:
        return Mode.CLOSED
    if state is not None and state.mode == Mode.PAUSED:
        return Mode.PAUSED
    return Mode.OPEN


def services_served_at(counter: Counter) -> list[int]:
    """The ids of the services the counter calls for. A list rather than a subquery, so
    both databases walk the partial index ticket_waiting_service_idx per service."""
    served = CounterService.objects.filter(counter=counter).order_by()  # no joins to sort
    return list(served.values_list("service_id", flat=True))


def _service_names(mpp: Mpp, day: dt.date) -> dict[int, tuple[str, str]]:
    """id -> (code, current name) of every queued service of the MPP, in one query."""
    name = Subquery(
        ServiceVersion.objects.filter(service=OuterRef("pk"), effective_from__lte=day)
        .order_by("-number")
        .values("name")[:1]
    )
    rows = Service.objects.filter(mpp=mpp, uses_queue=True).annotate(current_name=name)
    return {
        s["pk"]: (s["code"], s["current_name"] or "")
        for s in rows.values("pk", "code", "current_name")
    }


def calling_order(tickets: list[Ticket], *, streak: int, max_streak: int) -> list[Ticket]:
    """Waiting tickets in the order this counter would call them (priority.py's rule)."""
    lines: dict[str, list[Ticket]] = {"priority": [], "regular": []}
    for ticket in sorted(tickets, key=lambda t: (t.issued_at, t.pk)):
        lines["priority" if ticket.priority else "regular"].append(ticket)
    order: list[Ticket] = []
    while lines["priority"] or lines["regular"]:
        heads = Waiting(priority=bool(lines["priority"]), regular=bool(lines["regular"]))
        line = choose_line(heads, streak=streak, max_streak=max_streak) or "regular"
        order.append(lines[line].pop(0))
        streak = next_streak(line, streak)
    return order


def _minutes(since: dt.datetime | None, until: dt.datetime) -> int:
    return max(0, int((until - since).total_seconds() // 60)) if since else 0


def counter_console(counter: Counter, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything the counter console shows, read in a fixed number of queries."""
    now = now or timezone.now()
    mpp = counter.mpp
    day = local_day(mpp, now)
    policy = QueuePolicy.objects.filter(mpp=mpp).first() or QueuePolicy(
        mpp=mpp, priority_categories=DEFAULT_PRIORITY_CATEGORIES
    )
    categories = dict(policy.priority_categories)
    names = _service_names(mpp, day)
    state = CounterState.objects.filter(counter=counter).select_related("current").first()
    mode = effective_mode(counter, state)
    served_here = services_served_at(counter)
    today = Ticket.objects.filter(mpp=mpp, day=day)
    waiting = list(today.filter(status=Status.WAITING, service_id__in=served_here))
    ordered = calling_order(
        waiting,
        streak=state.priority_streak if state else 0,
        max_streak=policy.max_priority_streak,
    )

    def row(ticket: Ticket) -> dict[str, Any]:
        code, name = names.get(ticket.service_id, ("", ""))
        return {
            "ticket": ticket,
            "id": str(ticket.public_id),
            "service_code": code,
            "service_name": name,
            "priority": categories.get(ticket.priority, ticket.priority),
            "channel": Channel(ticket.channel).label,
            "waited": _minutes(ticket.issued_at, ticket.called_at or now),
        }

    current = state.current if state and state.current else None
    if current is not None and current.status not in board.AT_COUNTER:
        current = None
    current_view = None
    if current is not None:
        called = current.status == Status.CALLED
        current_view = {
            **row(current),
            "status": current.status,
            "status_label": Status(current.status).label,
            "called": called,
            "serving": current.status == Status.SERVING,
            "recalls": current.recalls,
            "recalls_needed": policy.recalls_before_no_show,
            "can_no_show": called and current.recalls >= policy.recalls_before_no_show,
            "serving_minutes": _minutes(current.started_at, now),
        }
    window = dt.timedelta(minutes=policy.restore_window_minutes)
    no_shows = today.filter(
        status=Status.NO_SHOW, counter=counter, finished_at__gte=now - window
    ).order_by("-finished_at")
    done = list(
        today.filter(counter=counter, status=Status.DONE, started_at__isnull=False).values_list(
            "started_at", "finished_at"
        )
    )
    durations = [(f - s).total_seconds() / 60 for s, f in done if s and f]
    per_service: dict[int, int] = {}
    for ticket in waiting:
        per_service[ticket.service_id] = per_service.get(ticket.service_id, 0) + 1
    services_here = sorted(
        (names[pk] for pk in served_here if pk in names), key=lambda code_name: code_name[0]
    )
    code_to_id = {code: pk for pk, (code, _name) in names.items()}
    per_service_rows = [
        {"code": code, "name": name, "waiting": per_service.get(code_to_id[code], 0)}
        for code, name in services_here
    ]
    only_here = set(_only_at(counter, served_here)) if per_service else set()
    return {
        "counter": counter,
        "mode": mode,
        "mode_label": CounterState.Mode(mode).label,
        "last_change": _last_mode_change(counter),
        "current": current_view,
        "can_call": mode == CounterState.Mode.OPEN and current is None,
        "waiting": [{**row(t), "position": i} for i, t in enumerate(ordered, start=1)],
        "waiting_priority": sum(1 for t in waiting if t.priority),
        "per_service": per_service_rows,
        # who nobody calls while this counter is closed (its "Tutup loket?" says so)
        "stranded": [
            service
            for service, (code, _name) in zip(per_service_rows, services_here, strict=True)
            if service["waiting"] and code_to_id[code] in only_here
        ],
        "stranded_total": sum(per_service.get(pk, 0) for pk in only_here),
        "no_shows": [
            {
                **row(t),
                "left": max(1, math.ceil((t.finished_at + window - now).total_seconds() / 60)),
            }
            for t in no_shows
            if t.finished_at
        ],
        "served_today": len(done),
        "average_minutes": round(sum(durations) / len(durations), 1) if durations else None,
        "policy": policy,
        "categories": list(policy.priority_categories),
        "service_codes": [code for code, _name in services_here],
        "services_here": services_here,
    }


def _only_at(counter: Counter, served_here: list[int]) -> list[int]:
    """Those of the counter's services that no other open (or paused) counter serves."""
    elsewhere = set(
        CounterService.objects.filter(service_id__in=served_here, counter__is_active=True)
        .exclude(counter=counter)
        .values_list("service_id", flat=True)
    )
    return [pk for pk in served_here if pk not in elsewhere]


def closing_effects(counter: Counter, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """What closing the counter would leave behind, for the confirmation an officer answers
    first: the ticket still at it (closing is refused then) and, per service that no other
    open counter serves, how many people wait for it (nobody calls them until it reopens)."""
    mpp = counter.mpp
    day = local_day(mpp, now or timezone.now())
    state = CounterState.objects.filter(counter=counter).select_related("current").first()
    current = state.current if state and state.current else None
    if current is not None and current.status not in board.AT_COUNTER:
        current = None
    served_here = services_served_at(counter)
    waiting = (
        Ticket.objects.filter(
            mpp=mpp, day=day, status=Status.WAITING, service_id__in=_only_at(counter, served_here)
        )
        .values("service_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    names = _service_names(mpp, day)
    stranded = sorted(
        (
            {"code": code, "name": name, "waiting": row["n"]}
            for row in waiting
            for code, name in [names.get(row["service_id"], ("", ""))]
        ),
        key=lambda service: service["code"],
    )
    return {
        "current": None
        if current is None
        else {"number": current.number, "status": Status(current.status).label},
        "stranded": stranded,
        "stranded_total": sum(service["waiting"] for service in stranded),
    }


def _last_mode_change(counter: Counter) -> dict[str, Any] | None:
    """The counter's newest mode change: when, and by whom (None: the system)."""
    change = (
        CounterModeChange.objects.filter(counter=counter)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    if change is None:
        return None
    person = change.actor
    return {"at": change.at, "actor": (person.full_name or person.email) if person else None}


def worked_by_a_person(counter: Counter, *, since: dt.datetime) -> bool:
    """Whether a person worked at the counter since `since`: moved or noted a ticket there
    or made a walk-in number there (a history row with an actor), or opened, paused or
    closed it. The system's own moves (the live demo day's) have no actor."""
    at_counter = TicketEvent.objects.filter(counter=counter, at__gte=since, actor__isnull=False)
    modes = CounterModeChange.objects.filter(counter=counter, at__gte=since, actor__isnull=False)
    return at_counter.exists() or modes.exists()


def transfer_targets(mpp: Mpp, *, day: dt.date) -> list[dict[str, Any]]:
    """Services a ticket can be moved to, with the counters that serve each."""
    names = _service_names(mpp, day)
    links = (
        CounterService.objects.filter(service_id__in=list(names))
        .order_by("counter__number")
        .values_list("service_id", "counter__number")
    )
    counters: dict[int, list[int]] = {}
    for service_id, number in links:
        counters.setdefault(service_id, []).append(number)
    active = set(
        Service.objects.filter(mpp=mpp, is_active=True, queue_link__isnull=False).values_list(
            "pk", flat=True
        )
    )
    return [
        {"code": code, "name": name, "counters": counters.get(pk, [])}
        for pk, (code, name) in sorted(names.items(), key=lambda item: item[1][0])
        if pk in active
    ]


def with_modes(counters: Iterable[Counter]) -> list[Counter]:
    """The counters, each with `.mode` and `.mode_label` set (staff room), in two queries."""
    rows = list(counters)
    states = {s.counter_id: s for s in CounterState.objects.filter(counter__in=rows)}
    for counter in rows:
        mode = effective_mode(counter, states.get(counter.pk))
        counter.mode = mode  # type: ignore[attr-defined]
        counter.mode_label = CounterState.Mode(mode).label  # type: ignore[attr-defined]
    return rows
