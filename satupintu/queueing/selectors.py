"""Reads of the queue: one ticket as its holder sees it, people ahead, the wait, the board.

Nothing here writes: the queue policy is read with its defaults when the MPP
has none yet (`services.policy_for` would create the row).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.catalog.models import CounterService, Service, ServiceVersion
from satupintu.catalog.selectors import attach_current, services_in_force
from satupintu.core.errors import DomainError
from satupintu.queueing import board
from satupintu.queueing.counters.services import effective_mode
from satupintu.queueing.models import CounterState, QueuePolicy, Status, Ticket, TicketEvent
from satupintu.queueing.waits import estimate as waits
from satupintu.tenancy.models import Booth, Counter, Mpp

TRACK_PATH = "/antrian/{id}/"  # the live ticket page (QR code on the printed ticket)


def local_day(mpp: Mpp, now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now(), mpp.tzinfo).date()


def max_priority_streak(mpp_id: int) -> int:
    """K of the priority rule (2 until the MPP has a policy)."""
    policy = QueuePolicy.objects.filter(mpp_id=mpp_id).values("max_priority_streak").first()
    return policy["max_priority_streak"] if policy else 2


def services_served_at(counter: Counter) -> list[int]:
    """The ids of the services the counter calls for. A list rather than a subquery, so
    both databases walk the partial index ticket_waiting_service_idx per service."""
    served = CounterService.objects.filter(counter=counter).order_by()  # no joins to sort
    return list(served.values_list("service_id", flat=True))


def ticket_by_public_id(public_id: uuid.UUID | str, *, counter: bool = True) -> Ticket | None:
    """A ticket with its MPP, service and (unless the caller reads it itself) counter, or
    None: one query."""
    related = ("mpp", "service", "counter") if counter else ("mpp", "service")
    return Ticket.objects.select_related(*related).filter(public_id=public_id).first()


def public_ticket(public_id: uuid.UUID | str) -> Ticket:
    """A ticket by its unguessable public id (anyone holding it may read it), or 404."""
    ticket = ticket_by_public_id(public_id)
    if ticket is None:
        raise Http404(_("Nomor antrian tidak ditemukan."))
    return ticket


def service_for_ticket(mpp: Mpp, code: str) -> Service:
    """An active service of the MPP by code (a ticket names it in its body: 422 if unknown)."""
    service = _active_service(mpp.pk, code)
    if service is None:
        raise DomainError(
            _("Layanan %(code)s tidak ada di MPP ini.") % {"code": code},
            code="unknown_service",
            status=422,
        )
    return service


def _active_service(mpp_id: int, code: str) -> Service | None:
    # get(), not first(): (mpp, code) is unique, so no ORDER BY is needed
    try:
        return Service.objects.select_related("queue_link__queue").get(
            mpp_id=mpp_id, code=code, is_active=True
        )
    except Service.DoesNotExist:
        return None


def _waiting_in_pool(ticket: Ticket) -> QuerySet[Ticket]:
    """Today's waiting tickets of the services the ticket's counters call (its pool). The
    pool is read first as a list: with it as a subquery the ORM took longer to build the
    count than the database to run it."""
    pool = waits.pool_of(ticket.service_id)
    waiting = Ticket.objects.filter(mpp_id=ticket.mpp_id, day=ticket.day, status=Status.WAITING)
    return waiting.filter(service_id__in=pool)


def _counts_around(ticket: Ticket, now: dt.datetime) -> dict[str, int]:
    """The other waiting tickets of the pool that decide the ticket's place, in one query:
    those of its own kind (regular or priority) issued before it, all of the other kind,
    and the regular appointments already due (for a regular ticket: those issued after
    it, as the earlier ones are already among its own kind)."""
    others = _waiting_in_pool(ticket).exclude(pk=ticket.pk)
    earlier = Q(issued_at__lt=ticket.issued_at) | Q(issued_at=ticket.issued_at, pk__lt=ticket.pk)
    # priority > "" is priority != "" (never NULL) written as a range
    regular, priority = Q(priority=""), Q(priority__gt="")
    due = regular & Q(due_at__lte=now)
    own, other = (priority, regular) if ticket.priority else (regular, priority)
    return others.aggregate(
        own_before=Count("pk", filter=own & earlier),
        other_all=Count("pk", filter=other),
        due=Count("pk", filter=due if ticket.priority else due & ~earlier),
    )


def _due_before(ticket: Ticket) -> int:
    """A due appointment ticket: the due ones that go first (earlier slot, then issue)."""
    earlier = (
        Q(due_at__lt=ticket.due_at)
        | Q(due_at=ticket.due_at, issued_at__lt=ticket.issued_at)
        | Q(due_at=ticket.due_at, issued_at=ticket.issued_at, pk__lt=ticket.pk)
    )
    return _waiting_in_pool(ticket).filter(earlier).count()  # a NULL due_at matches none of these


def people_ahead(ticket: Ticket, *, now: dt.datetime | None = None) -> int:
    """Waiting tickets the counters of this ticket's service will call before it.

    The counters pick across all the services they serve (priority.py): appointments
    whose slot time has come first, then priority but at most K priority calls in a row
    while a regular ticket waits, otherwise by issue time. So a regular ticket has ahead
    of it the regular tickets issued before it, up to K priority tickets per regular
    call, and the later-issued appointments already due; a priority ticket has the
    earlier priority tickets, one regular call per K of those, and the due appointments;
    a due appointment ticket only the due appointments of earlier slots. Appointments
    that fall due later are not known yet.
    """
    if ticket.status != Status.WAITING:
        return 0
    now = now or timezone.now()
    if ticket.due_at is not None and ticket.due_at <= now:
        return _due_before(ticket)
    counts = _counts_around(ticket, now)
    streak, earlier = max_priority_streak(ticket.mpp_id), counts["own_before"]
    if ticket.priority:
        regular_calls = min(counts["other_all"] - counts["due"], earlier // streak)
        return counts["due"] + earlier + regular_calls
    return earlier + min(counts["other_all"], streak * (earlier + 1)) + counts["due"]


def average_service_minutes(service_id: int, *, today: dt.date) -> float:
    """Mean minutes a counter is taken by one ticket of this service (call to finish),
    over the days before `today`, pulled towards the prior when data is thin (waits.py)."""
    mpp = Mpp.objects.get(services__pk=service_id)
    return waits.stats_for(mpp, today).service_mean(service_id)


def open_counters(service_id: int) -> int:
    """Counters that serve this service and are open now (counters.services.effective_mode)."""
    return (
        Counter.objects.filter(is_active=True, service_links__service_id=service_id)
        .exclude(state__mode=CounterState.Mode.PAUSED)
        .count()
    )


def estimate_wait(ticket: Ticket, ahead: int, *, now: dt.datetime | None = None) -> int | None:
    """Minutes until the ticket is called: 0 at the counter; None once it is over, or
    while no counter will call it today (none of its counters open, paused for a break
    or about to open). The model and its evaluation: queueing/waits.py."""
    if ticket.status in board.AT_COUNTER:
        return 0
    if ticket.status != Status.WAITING:
        return None
    return waits.estimate_minutes(ticket, ahead, now=now)


def _service_name(service_id: int, day: dt.date) -> str:
    """The name in force that day."""
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
    codes = Service.objects.filter(pk__in=waits.pool_of(ticket.service_id))
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


# --- the kiosk: the agencies and services a visitor can take a number for


def kiosk_services(mpp: Mpp) -> QuerySet[Service]:
    """Active services of the MPP that sit in a queue and have a standard in force today."""
    return services_in_force(mpp, on=local_day(mpp)).filter(
        uses_queue=True, queue_link__isnull=False
    )


def kiosk_booths(mpp: Mpp) -> list[Booth]:
    """The booths (gerai) of the MPP with at least one such service, in display order;
    each has `service_count`. Two queries."""
    counts = dict(
        kiosk_services(mpp)
        .order_by()
        .values("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    booths = list(
        Booth.objects.filter(mpp=mpp, agency_id__in=counts)
        .select_related("agency")
        .order_by("display_order", "name")
    )
    for booth in booths:
        booth.service_count = counts[booth.agency_id]  # type: ignore[attr-defined]
    return booths


def kiosk_booth(mpp: Mpp, agency_code: str) -> tuple[Booth, list[Service]]:
    """One booth and its queued services, each with `.current` (requirements and fee
    variants loaded), or 404 when the agency has no queued service at this MPP."""
    booth = Booth.objects.select_related("agency").filter(mpp=mpp, agency__code=agency_code).first()
    services = list(kiosk_services(mpp).filter(agency__code=agency_code)) if booth else []
    if booth is None or not services:
        raise Http404(_("Instansi ini tidak melayani antrian di MPP ini."))
    return booth, attach_current(services, full=True)


def kiosk_service(mpp: Mpp, code: str) -> Service | None:
    """A service a kiosk may issue a number for, with `.current`, or None."""
    service = kiosk_services(mpp).filter(code=code).first()
    return attach_current([service])[0] if service else None


def priority_categories(mpp: Mpp) -> list[tuple[str, str]]:
    """The MPP's priority categories as (code, name), the defaults until it has a policy."""
    from satupintu.queueing.services import DEFAULT_PRIORITY_CATEGORIES

    stored = QueuePolicy.objects.filter(mpp=mpp).values_list("priority_categories", flat=True)
    rows = stored.first()
    return [(code, name) for code, name in (DEFAULT_PRIORITY_CATEGORIES if rows is None else rows)]


def board_labels(mpp: Mpp) -> dict[str, dict[str, str]]:
    """What the display board writes next to ids: each counter's agency (short name),
    by counter id as text (JSON keys). Service names come with the snapshot."""
    rows = Counter.objects.filter(mpp=mpp).values_list("pk", "booth__agency__short_name")
    return {"agencies": {str(pk): name for pk, name in rows}}


def running_text(mpp: Mpp) -> str:
    """The text that runs along the bottom of the MPP's display boards ("" when none)."""
    text = QueuePolicy.objects.filter(mpp=mpp).values_list("running_text", flat=True).first()
    return text or ""


def _board_mode(counter: Counter) -> str:
    """open, paused or closed, as the board shows the counter (its state row is selected)."""
    return effective_mode(counter, getattr(counter, "state", None))
