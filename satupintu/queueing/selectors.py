"""Reads of the queue: one ticket as its holder sees it, people ahead, the wait, the board.

Nothing here writes: the queue policy is read with its defaults when the MPP
has none yet (`services.policy_for` would create the row).
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.catalog.models import CounterService, Service, ServiceVersion
from satupintu.core.errors import DomainError
from satupintu.queueing import board
from satupintu.queueing.models import QueuePolicy, Status, Ticket, TicketEvent
from satupintu.tenancy.models import Counter, Mpp

PRIOR_MINUTES = 10.0  # service time assumed for a service nobody has been served at yet
PRIOR_WEIGHT = 3  # the prior counts as this many observations
RECENT_SERVICES = 20  # finished tickets the average looks at
RECENT_DAYS = 14
TRACK_PATH = "/antrian/{id}/"  # the live ticket page (QR code on the printed ticket)


def local_day(mpp: Mpp, now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now(), mpp.tzinfo).date()


def max_priority_streak(mpp_id: int) -> int:
    policy = QueuePolicy.objects.filter(mpp_id=mpp_id).values("max_priority_streak").first()
    return policy["max_priority_streak"] if policy else 2


def public_ticket(public_id: uuid.UUID | str) -> Ticket:
    """A ticket by its unguessable public id (anyone holding it may read it), or 404."""
    ticket = (
        Ticket.objects.select_related("mpp", "service", "counter")
        .filter(public_id=public_id)
        .first()
    )
    if ticket is None:
        raise Http404(_("Nomor antrian tidak ditemukan."))
    return ticket


def service_for_ticket(mpp: Mpp, code: str) -> Service:
    """An active service of the MPP by code (a ticket names it in its body: 422 if unknown)."""
    service = Service.objects.filter(mpp=mpp, code=code, is_active=True).first()
    if service is None:
        raise DomainError(
            _("Layanan %(code)s tidak ada di MPP ini.") % {"code": code},
            code="unknown_service",
            status=422,
        )
    return service


def _pool(service_id: int) -> QuerySet:
    """Services whose tickets compete for the counters of `service_id` (itself included)."""
    counters = CounterService.objects.filter(service_id=service_id).values("counter_id")
    return CounterService.objects.filter(counter_id__in=counters).values("service_id")


def people_ahead(ticket: Ticket) -> int:
    """Waiting tickets the counters of this ticket's service will call before it.

    The counters pick across all the services they serve, priority first but at
    most K priority calls in a row while a regular ticket waits (priority.py), and
    otherwise by issue time. So a regular ticket has ahead of it the regular tickets
    issued before it plus up to K priority tickets per regular call; a priority
    ticket has the earlier priority tickets plus one regular call per K of those.
    """
    if ticket.status != Status.WAITING:
        return 0
    services = Q(service_id=ticket.service_id) | Q(service_id__in=_pool(ticket.service_id))
    waiting = Ticket.objects.filter(
        services, mpp_id=ticket.mpp_id, day=ticket.day, status=Status.WAITING
    ).exclude(pk=ticket.pk)
    before = Q(issued_at__lt=ticket.issued_at) | Q(issued_at=ticket.issued_at, pk__lt=ticket.pk)
    regular = Q(priority="")
    counts = waiting.aggregate(
        regular_before=Count("pk", filter=regular & before),
        priority_before=Count("pk", filter=~regular & before),
        regular_all=Count("pk", filter=regular),
        priority_all=Count("pk", filter=~regular),
    )
    streak = max_priority_streak(ticket.mpp_id)
    if ticket.priority:
        earlier = counts["priority_before"]
        return earlier + min(counts["regular_all"], earlier // streak)
    earlier = counts["regular_before"]
    return earlier + min(counts["priority_all"], streak * (earlier + 1))


def average_service_minutes(service_id: int, *, today: dt.date) -> float:
    """Recent mean service time of a service, pulled towards the prior when data is thin."""
    rows = (
        Ticket.objects.filter(
            service_id=service_id,
            day__gte=today - dt.timedelta(days=RECENT_DAYS),
            status=Status.DONE,
            started_at__isnull=False,
            finished_at__isnull=False,
        )
        .order_by("-finished_at")
        .values_list("started_at", "finished_at")[:RECENT_SERVICES]
    )
    minutes = [
        (finished - started).total_seconds() / 60
        for started, finished in rows
        if started is not None and finished is not None
    ]
    return (PRIOR_MINUTES * PRIOR_WEIGHT + sum(minutes)) / (PRIOR_WEIGHT + len(minutes))


def open_counters(service_id: int) -> int:
    """Counters that serve this service and are open (active)."""
    return Counter.objects.filter(is_active=True, service_links__service_id=service_id).count()


def estimate_wait(ticket: Ticket, ahead: int) -> int | None:
    """Minutes until the ticket is called: None once it is over, 0 when it is its turn.

    A first, simple estimate: people ahead × recent average service time ÷ open
    counters of the service. The statistical model (per hour of day, evaluated
    against the simulator) replaces the body of this function only.
    """
    if ticket.status in board.AT_COUNTER:
        return 0
    if ticket.status != Status.WAITING:
        return None
    if ahead == 0:
        return 0
    average = average_service_minutes(ticket.service_id, today=ticket.day)
    return math.ceil(ahead * average / max(1, open_counters(ticket.service_id)))


def _service_name(service_id: int, day: dt.date) -> str:
    version = (
        ServiceVersion.objects.filter(service_id=service_id, effective_from__lte=day)
        .order_by("-number")
        .values_list("name", flat=True)
        .first()
    )
    return version or ""


def ticket_view(ticket: Ticket) -> dict[str, Any]:
    """The ticket as its holder sees it (live page, API), JSON-ready."""
    ahead = people_ahead(ticket)
    at_counter = ticket.status in board.AT_COUNTER and ticket.counter is not None
    continuation = (
        Ticket.objects.filter(transferred_from=ticket).values_list("public_id", flat=True).first()
        if ticket.status == Status.TRANSFERRED
        else None
    )
    return {
        "id": str(ticket.public_id),
        "number": ticket.number,
        "service": ticket.service.code,
        "service_name": _service_name(ticket.service_id, ticket.day),
        "status": ticket.status,
        "ahead": ahead,
        "eta_minutes": estimate_wait(ticket, ahead),
        "counter": ticket.counter.number if at_counter and ticket.counter else None,
        "recalls": ticket.recalls,
        "track_url": TRACK_PATH.format(id=ticket.public_id),
        "issued_at": board.iso(ticket.issued_at),
        "called_at": board.iso(ticket.called_at) if ticket.called_at else None,
        "transferred_to": str(continuation) if continuation else None,
    }


def ticket_pool_codes(ticket: Ticket) -> set[str]:
    """Codes of the services whose events can move this ticket's place (phone stream)."""
    codes = Service.objects.filter(Q(pk=ticket.service_id) | Q(pk__in=_pool(ticket.service_id)))
    return set(codes.values_list("code", flat=True))


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
        "pk", "number", "service__code", "priority", "issued_at"
    )
    at_counters = {
        row["counter_id"]: row
        for row in today.filter(status__in=board.AT_COUNTER, counter__isnull=False).values(
            "counter_id", "pk", "number", "service__code", "status"
        )
    }
    counters = Counter.objects.filter(mpp=mpp).order_by("number")
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
            }
            for w in waiting
        ],
        "counters": [
            {
                "id": c.pk,
                "number": c.number,
                "name": c.name,
                "is_active": c.is_active,
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
