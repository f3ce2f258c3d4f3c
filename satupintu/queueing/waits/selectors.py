"""Reads of the wait: the people ahead of a ticket and the minutes until it is called.

The estimate's model and its statistics are in estimate.py; these are the reads the
ticket's view (tickets/selectors.py) and the phone's stream use.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from satupintu.catalog.models import Service
from satupintu.core.cached import cached_read
from satupintu.queueing.board import snapshot as board
from satupintu.queueing.cache import QUEUE_SETUP
from satupintu.queueing.models import CounterState, QueuePolicy, Status, Ticket
from satupintu.queueing.waits import estimate
from satupintu.tenancy.models import Counter, Mpp


def max_priority_streak(mpp_id: int) -> int:
    """K of the priority rule (2 until the MPP has a policy)."""
    return cached_read(QUEUE_SETUP, ("streak", mpp_id), lambda: _max_priority_streak(mpp_id))


def _max_priority_streak(mpp_id: int) -> int:
    policy = QueuePolicy.objects.filter(mpp_id=mpp_id).values("max_priority_streak").first()
    return policy["max_priority_streak"] if policy else 2


def _waiting_in_pool(ticket: Ticket) -> QuerySet[Ticket]:
    """Today's waiting tickets of the services the ticket's counters call (its pool). The
    pool is read first as a list: with it as a subquery the ORM took longer to build the
    count than the database to run it."""
    pool = estimate.pool_of(ticket.service_id)
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

    The counters pick across all the services they serve (counters/priority.py): appointments
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
    over the days before `today`, pulled towards the prior when data is thin (estimate.py)."""
    mpp = Mpp.objects.get(services__pk=service_id)
    return estimate.stats_for(mpp, today).service_mean(service_id)


def open_counters(service_id: int) -> int:
    """Counters that serve this service and are open now (counters.selectors.effective_mode)."""
    return (
        Counter.objects.filter(is_active=True, service_links__service_id=service_id)
        .exclude(state__mode=CounterState.Mode.PAUSED)
        .count()
    )


def estimate_wait(ticket: Ticket, ahead: int, *, now: dt.datetime | None = None) -> int | None:
    """Minutes until the ticket is called: 0 at the counter; None once it is over, or
    while no counter will call it today (none of its counters open, paused for a break
    or about to open). The model and its evaluation: estimate.py."""
    if ticket.status in board.AT_COUNTER:
        return 0
    if ticket.status != Status.WAITING:
        return None
    return estimate.estimate_minutes(ticket, ahead, now=now)


def ticket_pool_codes(ticket: Ticket) -> set[str]:
    """Codes of the services whose events can move this ticket's place (phone stream)."""
    codes = Service.objects.filter(pk__in=estimate.pool_of(ticket.service_id))
    return set(codes.values_list("code", flat=True))


def wait_for_new_ticket(service: Service, *, now: dt.datetime | None = None) -> int | None:
    """Minutes a regular ticket of this service taken now would wait to be called (the
    rule of `people_ahead` for a ticket issued after every waiting one, and the model of
    estimate.py); None when no counter will call it today. Two queries after the caches."""
    now = now or timezone.now()
    mpp = service.mpp
    day = timezone.localtime(now, mpp.tzinfo).date()
    waiting = Ticket.objects.filter(
        mpp_id=mpp.pk, day=day, status=Status.WAITING, service_id__in=estimate.pool_of(service.pk)
    ).aggregate(
        regular=Count("pk", filter=Q(priority="")), priority=Count("pk", filter=Q(priority__gt=""))
    )
    regular, streak = waiting["regular"], max_priority_streak(mpp.pk)
    ahead = regular + min(waiting["priority"], streak * (regular + 1))
    probe = Ticket(mpp=mpp, service=service, day=day, issued_at=now, status=Status.WAITING)
    return estimate.estimate_minutes(probe, ahead, now=now)
