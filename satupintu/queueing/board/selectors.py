"""Reads of the TV board: the MPP's queue today as one snapshot, the labels next to ids,
the running text. The queue's other reads are in the other sub-packages (tickets/,
counters/, kiosk/, waits/).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import OuterRef, Subquery

from satupintu.catalog.models import CounterService, Service, ServiceVersion
from satupintu.queueing.board import snapshot as board
from satupintu.queueing.counters.selectors import effective_mode
from satupintu.queueing.models import QueuePolicy, Status, Ticket, TicketEvent
from satupintu.queueing.tickets.selectors import local_day
from satupintu.tenancy.models import Counter, Mpp


def queue_snapshot(mpp: Mpp, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The board of one MPP today: waiting per queue and service, each counter's ticket,
    the last calls. Seven queries whatever the size of the MPP."""
    day = local_day(mpp, now)
    policy = QueuePolicy.objects.filter(mpp=mpp).values_list("running_text", flat=True).first()
    name = Subquery(
        ServiceVersion.objects.filter(service=OuterRef("pk"), effective_from__lte=day)
        .order_by("-number")
        .values("name")[:1]
    )
    services = (
        Service.objects.filter(mpp=mpp, is_active=True, uses_queue=True, queue_link__isnull=False)
        .annotate(current_name=name)
        .values("code", "current_name", "queue_link__queue__prefix")
        .order_by("code")
    )
    today = Ticket.objects.filter(mpp=mpp, day=day)
    waiting = today.filter(status=Status.WAITING).values(
        "pk", "number", "service__code", "priority", "issued_at", "transferred_from__number"
    )
    at_counters = {
        row["counter_id"]: row
        for row in today.filter(status__in=board.AT_COUNTER, counter__isnull=False).values(
            "counter_id", "pk", "number", "service__code", "status"
        )
    }
    counters = Counter.objects.filter(mpp=mpp).select_related("state").order_by("number")
    calls = (
        TicketEvent.objects.filter(mpp=mpp, action__in=board.CALLS, ticket__day=day)
        .order_by("-pk")
        .values(
            "pk", "action", "at", "ticket_id", "ticket__number", "ticket__service__code",
            "counter_id", "counter__number",
        )[: board.LAST_CALLS]
    )  # fmt: skip
    snapshot: dict[str, Any] = {
        "mpp": mpp.slug,
        "day": day.isoformat(),
        "running_text": policy or "",
        "queues": [
            {"prefix": q.prefix, "name": q.name, "waiting": 0, "priority_waiting": 0}
            for q in mpp.queues.order_by("prefix")
        ],
        "services": [
            {
                "code": s["code"],
                "name": s["current_name"] or "",
                "queue": s["queue_link__queue__prefix"],
                "waiting": 0,
            }
            for s in services
        ],
        "waiting": [
            {
                "ticket": w["pk"],
                "number": w["number"],
                "service": w["service__code"],
                "queue": board.prefix_of(w["number"]),
                "priority": bool(w["priority"]),
                "issued_at": board.iso(w["issued_at"]),
                "from_number": w["transferred_from__number"],
            }
            for w in waiting
        ],
        "counters": [
            {
                "id": c.pk,
                "number": c.number,
                "name": c.name,
                "is_active": c.is_active,
                "mode": _board_mode(c),
                "ticket": _at_counter(at_counters.get(c.pk)),
            }
            for c in counters
        ],
        "last_calls": [
            {
                "history": c["pk"],
                "ticket": c["ticket_id"],
                "number": c["ticket__number"],
                "service": c["ticket__service__code"],
                "counter": c["counter_id"],
                "counter_number": c["counter__number"],
                "at": board.iso(c["at"]),
                "action": c["action"],
            }
            for c in calls
        ],
    }
    board.sort_waiting(snapshot["waiting"])
    board.recount(snapshot)
    return snapshot


def _at_counter(row: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "ticket": row["pk"],
        "number": row["number"],
        "service": row["service__code"],
        "status": row["status"],
    }


def board_labels(mpp: Mpp) -> dict[str, dict[str, str]]:
    """What the display board writes next to ids: each counter's agency (short name),
    by counter id as text (JSON keys). Service names come with the snapshot."""
    rows = Counter.objects.filter(mpp=mpp).values_list("pk", "booth__agency__short_name")
    return {"agencies": {str(pk): name for pk, name in rows}}


def service_places(mpp: Mpp) -> dict[str, dict[str, Any]]:
    """Where each service is served, for the board's "next step" list: {service code:
    {"counters": [active counter numbers], "agency": short name}} (one query)."""
    rows = (
        CounterService.objects.filter(counter__mpp=mpp, counter__is_active=True)
        .values_list("service__code", "counter__number", "counter__booth__agency__short_name")
        .order_by("counter__number")
    )
    places: dict[str, dict[str, Any]] = {}
    for code, number, agency in rows:
        place = places.setdefault(code, {"counters": [], "agency": agency or ""})
        place["counters"].append(number)
    return places


def running_text(mpp: Mpp) -> str:
    """The text that runs along the bottom of the MPP's display boards ("" when none)."""
    text = QueuePolicy.objects.filter(mpp=mpp).values_list("running_text", flat=True).first()
    return text or ""


def _board_mode(counter: Counter) -> str:
    """open, paused or closed, as the board shows the counter (its state row is selected)."""
    return effective_mode(counter, getattr(counter, "state", None))
