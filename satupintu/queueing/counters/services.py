"""Writes at a counter: its mode (open, paused for a break, closed), the lock on its state,
and the officer's work there: call the next ticket, recall, serve, finish, no-show,
restore, transfer, a walk-in number, a note.

`CounterState.mode` is what officers switch (console, staff room, API). The tenancy
flag `Counter.is_active` is kept in step (false exactly when closed) because the
estimate of the wait, the board snapshot and the tenancy counter API read it as
"this counter serves today"; a counter whose flag was switched off elsewhere (the
tenancy API, the admin) counts as closed. Each change is logged with its actor and
time in Django's admin log (the counter's history there) and published as a
`counter` event on the MPP channel.

Calls take the same lock on the state row, so a mode change and a call at one counter
never interleave, and the ticket is taken with `select_for_update(skip_locked=True)`
(PostgreSQL; SQLite's IMMEDIATE transactions serialise writers anyway), so two counters
never get the same ticket. The transitions go through tickets/services.py, which locks
the ticket row, checks the state machine and records and publishes the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.catalog.models import CounterService, Service
from satupintu.core.errors import DomainError
from satupintu.core.events import publish
from satupintu.queueing.board import snapshot as board
from satupintu.queueing.counters.priority import Pick, Waiting, choose_line, next_streak
from satupintu.queueing.counters.selectors import effective_mode, services_served_at
from satupintu.queueing.models import (
    Channel,
    CounterModeChange,
    CounterState,
    Outcome,
    Status,
    Ticket,
    TicketEvent,
)
from satupintu.queueing.tickets.selectors import local_day
from satupintu.queueing.tickets.services import (
    apply_transition,
    create_ticket,
    locked_ticket,
    policy_for,
)
from satupintu.queueing.waits.selectors import max_priority_streak
from satupintu.queueing.workflow import WORKFLOW
from satupintu.tenancy.models import Counter

Mode = CounterState.Mode


def check_open(counter: Counter, state: CounterState) -> None:
    """DomainError unless the counter may call now. `state` is locked by the caller and
    `counter.is_active` read after that lock, so a mode change is serialised with calls."""
    mode = effective_mode(counter, state)
    if mode == Mode.PAUSED:
        raise DomainError(
            _("Loket sedang istirahat. Buka loket dulu untuk memanggil."), code="counter_paused"
        )
    if mode == Mode.CLOSED:
        raise DomainError(
            _("Loket sedang tutup. Buka loket dulu untuk memanggil."), code="counter_closed"
        )


def counter_event_data(counter: Counter, mode: str, at: dt.datetime) -> dict:
    """What the MPP channel says about a mode change (no `ticket` key: not a ticket event)."""
    return {
        "counter": counter.pk,
        "counter_number": counter.number,
        "mode": mode,
        "is_active": mode != Mode.CLOSED,
        "at": board.iso(at),
    }


@transaction.atomic
def set_counter_mode(
    *, counter: Counter, mode: str, actor: User | None, now: dt.datetime | None = None
) -> str:
    """Open, pause or close a counter; returns the mode it is in afterwards.

    Setting the mode it already has changes nothing (two officers pressing the same
    button at once both succeed, one event). Closing is refused while a ticket is
    called or served at the counter: it would leave that visitor without a counter.
    """
    if mode not in Mode.values:
        raise DomainError(_("Status loket tidak dikenal."), code="bad_mode", status=422)
    now = now or timezone.now()
    state = locked_state(counter)  # the lock that also serialises this counter's calls
    counter = Counter.objects.select_related("mpp").get(pk=counter.pk)
    before = effective_mode(counter, state)
    if mode == Mode.CLOSED and state.current and state.current.status in board.AT_COUNTER:
        raise DomainError(
            _(
                "Loket belum dapat ditutup: nomor %(number)s masih %(status)s di loket ini. "
                "Selesaikan atau pindahkan dulu."
            )
            % {"number": state.current.number, "status": Status(state.current.status).label},
            code="counter_busy",
        )
    if before == mode:
        return mode
    state.mode = mode
    state.save(update_fields=["mode"])
    if counter.is_active != (mode != Mode.CLOSED):
        counter.is_active = mode != Mode.CLOSED
        counter.save(update_fields=["is_active"])
    CounterModeChange.objects.create(
        mpp_id=counter.mpp_id, counter=counter, at=now, before=before, mode=mode, actor=actor
    )
    publish(f"mpp:{counter.mpp_id}", "counter", counter_event_data(counter, mode, now))
    return mode


def open_counter(*, counter: Counter, actor: User | None) -> str:
    return set_counter_mode(counter=counter, mode=Mode.OPEN, actor=actor)


def pause_counter(*, counter: Counter, actor: User | None) -> str:
    return set_counter_mode(counter=counter, mode=Mode.PAUSED, actor=actor)


def close_counter(*, counter: Counter, actor: User | None) -> str:
    return set_counter_mode(counter=counter, mode=Mode.CLOSED, actor=actor)


def locked_state(counter: Counter) -> CounterState:
    """The counter's state row, locked for this transaction: the lock that serialises the
    counter's calls and mode changes."""
    # No select_related("current"): under PostgreSQL's READ COMMITTED a row locked after
    # waiting is re-read, but a joined row is not, so a ticket called by the transaction we
    # waited for would still look "waiting". The current ticket is read after the lock.
    locked = CounterState.objects.select_for_update().filter(counter=counter)
    state = locked.first()
    if state is not None:
        return state
    # a counter's first call: create the row, then lock it
    CounterState.objects.get_or_create(counter=counter, defaults={"mpp_id": counter.mpp_id})
    return locked.get()  # DoesNotExist only if the counter was deleted meanwhile


# --- calls: which ticket a counter takes next -----------------------------------------


def _waiting_at(services: list[int], day: dt.date) -> QuerySet[Ticket]:
    """Today's waiting tickets of these services (the partial index ticket_waiting_service_idx)."""
    return Ticket.objects.filter(day=day, service_id__in=services, status=Status.WAITING)


# The lines a counter calls from (priority.py): which waiting tickets, in which order.
# priority > "" is priority != "" written as an index range.
_LINES: dict[str, tuple[Callable[[dt.datetime], Q], tuple[str, ...]]] = {
    "appointment": (lambda now: Q(due_at__lte=now), ("due_at", "issued_at", "id")),
    "priority": (lambda now: Q(priority__gt=""), ("issued_at", "id")),
    "regular": (lambda now: Q(priority=""), ("issued_at", "id")),
}


def _look_before_calling(
    counter: Counter, state: CounterState, services: list[int], day: dt.date, now: dt.datetime
) -> Waiting:
    """Whether the counter may call (open, nobody at it) and which lines have someone
    waiting, in one query. Read after `state` is locked, so a mode change or another call
    at this counter is seen."""
    waiting = _waiting_at(services, day)
    # the ticket the (locked) state row names, if it is still at the counter
    busy = Ticket.objects.filter(pk=OuterRef("state__current"), status__in=board.AT_COUNTER)
    look = (
        Counter.objects.filter(pk=counter.pk)
        .annotate(
            busy_number=Subquery(busy.order_by().values("number")[:1]),
            **{line: Exists(waiting.filter(where(now))) for line, (where, _o) in _LINES.items()},
        )
        .values("is_active", "busy_number", *_LINES)
        .get()
    )
    counter.is_active = look["is_active"]
    check_open(counter, state)
    if look["busy_number"] is not None:
        raise DomainError(
            _("Selesaikan dulu nomor %(number)s yang sedang dilayani di loket ini.")
            % {"number": look["busy_number"]},
            code="counter_busy",
        )
    return Waiting(
        appointment=look["appointment"], priority=look["priority"], regular=look["regular"]
    )


def _head_of(line: str, services: list[int], day: dt.date, now: dt.datetime) -> Ticket | None:
    """The first waiting ticket of a line, locked, passing over tickets another counter is
    taking (SKIP LOCKED, PostgreSQL; SQLite has one writer at a time). `of=("self",)`
    locks the ticket only, not its service row that every counter's query joins."""
    where, order = _LINES[line]
    heads = _waiting_at(services, day).filter(where(now)).order_by(*order)
    locked = heads.select_related("service").select_for_update(skip_locked=True, of=("self",))
    return locked.first()


@transaction.atomic
def call_next(
    *, counter: Counter, officer: User | None, now: dt.datetime | None = None
) -> Ticket | None:
    """Call the next ticket for this counter, or None when nobody waits."""
    now = now or timezone.now()
    state = locked_state(counter)
    services, day = services_served_at(counter), local_day(counter.mpp, now)
    heads = _look_before_calling(counter, state, services, day, now)
    streak_limit = max_priority_streak(counter.mpp_id)
    first = choose_line(heads, streak=state.priority_streak, max_streak=streak_limit)
    order = [first, "regular" if first == "priority" else "priority"] if first else []
    if first == "appointment":
        order = ["appointment", "priority", "regular"]
    for line in order:
        ticket = _head_of(line, services, day, now)
        if ticket is not None:
            break
    else:
        return None
    picked: Pick = "priority" if ticket.priority else "regular"
    if line == "appointment":
        picked = "appointment"
    state.priority_streak = next_streak(picked, state.priority_streak)
    state.current = ticket
    WORKFLOW.apply(
        ticket,
        "call",
        actor=officer,
        now=now,
        fields={"counter": counter, "officer": officer, "called_at": now},
        also=[(state, ["priority_streak", "current"])],
    )
    return ticket


# --- the officer's transitions of the ticket at the counter ------------------------


@transaction.atomic
def recall(*, ticket: Ticket, actor: User | None, now: dt.datetime | None = None) -> Ticket:
    locked = locked_ticket(ticket)
    return apply_transition(locked, "recall", actor=actor, now=now, recalls=locked.recalls + 1)


@transaction.atomic
def start_serving(*, ticket: Ticket, actor: User | None, now: dt.datetime | None = None) -> Ticket:
    now = now or timezone.now()
    return apply_transition(locked_ticket(ticket), "start", actor=actor, now=now, started_at=now)


@transaction.atomic
def finish(
    *,
    ticket: Ticket,
    actor: User | None,
    outcome: str = Outcome.COMPLETED,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Ticket:
    if outcome == Outcome.REJECTED and not reason.strip():
        raise DomainError(_("Sebutkan alasan penolakan."), code="reason_required", status=422)
    now = now or timezone.now()
    finished = apply_transition(
        locked_ticket(ticket),
        "finish",
        actor=actor,
        note=reason,
        now=now,
        outcome=outcome,
        outcome_reason=reason,
        finished_at=now,
    )
    if finished.route and outcome == Outcome.COMPLETED:
        continue_route(finished, now=now)
    return finished


def fair_place(ticket: Ticket, *, now: dt.datetime) -> dt.datetime:
    """Where a journey's next step queues (the MPP's `continuation_credit_minutes`, C): as
    if the citizen had joined that queue C minutes ago, but not before they joined the
    journey's previous step. A walk-in who has waited longer than C stays ahead, so a
    stream of journeys never starves the walk-ins: a ticket issued at t is overtaken only
    by continuations created before t + C. C = 0 joins the back; a large C keeps the place
    as a transfer with `keep_place` does."""
    credit = dt.timedelta(minutes=policy_for(ticket.mpp).continuation_credit_minutes)
    return max(ticket.issued_at, now - credit)


def continue_route(ticket: Ticket, *, now: dt.datetime) -> Ticket | None:
    """Queue a finished journey ticket for its route's next service at once, at its fair
    place, as the continuation of this one (like a transfer's); None when that service no
    longer takes numbers here (the citizen asks at the information desk)."""
    next_id, *rest = ticket.route
    service = Service.objects.select_related("queue_link__queue").filter(pk=next_id).first()
    if service is None or not service.is_active or not service.uses_queue:
        return None
    try:
        return create_ticket(
            mpp=ticket.mpp,
            service=service,
            channel=Channel.TRANSFER,
            priority=ticket.priority,
            phone=ticket.phone,
            now=now,
            issued_at=fair_place(ticket, now=now),
            transferred_from=ticket,
            user=ticket.user if ticket.user_id else None,
            route=rest,
        )
    except DomainError:  # the next service left its queue meanwhile
        return None


@transaction.atomic
def mark_no_show(*, ticket: Ticket, actor: User | None, now: dt.datetime | None = None) -> Ticket:
    policy = policy_for(ticket.mpp)
    locked = locked_ticket(ticket)
    if locked.status == Status.CALLED and locked.recalls < policy.recalls_before_no_show:
        raise DomainError(
            _("Panggil ulang %(n)s kali sebelum menyatakan tidak hadir.")
            % {"n": policy.recalls_before_no_show},
            code="recall_first",
        )
    now = now or timezone.now()
    return apply_transition(locked, "no_show", actor=actor, now=now, finished_at=now)


@transaction.atomic
def restore(*, ticket: Ticket, actor: User | None, now: dt.datetime | None = None) -> Ticket:
    """Put a no-show back in line when the person turns up within the window."""
    now = now or timezone.now()
    locked = locked_ticket(ticket)
    window = dt.timedelta(minutes=policy_for(locked.mpp).restore_window_minutes)
    if locked.status == Status.NO_SHOW and locked.finished_at and now - locked.finished_at > window:
        raise DomainError(
            _("Batas waktu memulihkan nomor ini sudah lewat."), code="restore_expired"
        )
    return apply_transition(
        locked, "restore", actor=actor, now=now, counter=None, finished_at=None, recalls=0
    )


@transaction.atomic
def transfer(
    *,
    ticket: Ticket,
    to_service: Service,
    actor: User | None,
    keep_place: bool = True,
    note: str = "",
) -> Ticket:
    """End this ticket as transferred and queue its continuation for `to_service`.

    With `keep_place` the continuation keeps the original issue time, so it is called
    as if it had queued there from the start; otherwise it joins at the back.
    """
    moved = apply_transition(
        locked_ticket(ticket), "transfer", actor=actor, note=note, finished_at=timezone.now()
    )
    return create_ticket(
        mpp=moved.mpp,
        service=to_service,
        channel=Channel.TRANSFER,
        priority=moved.priority,
        issued_at=moved.issued_at if keep_place else None,
        transferred_from=moved,
        user=moved.user if moved.user_id else None,  # still the same citizen's
    )


@transaction.atomic
def issue_walk_in(
    *, counter: Counter, service: Service, actor: User | None, priority: str = ""
) -> Ticket:
    """A number an officer makes at the counter for a visitor who came straight to it."""
    if not CounterService.objects.filter(counter=counter, service=service).exists():
        raise DomainError(
            _("Layanan ini tidak dilayani di loket ini."), code="not_at_counter", status=422
        )
    ticket = create_ticket(
        mpp=counter.mpp, service=service, channel=Channel.WALK_IN, priority=priority
    )
    TicketEvent.objects.filter(ticket=ticket, action="issue").update(actor=actor, counter=counter)
    return ticket


@transaction.atomic
def set_ticket_note(*, ticket: Ticket, actor: User | None, note: str) -> Ticket:
    """The officer's short note on a ticket (kept in its history too); no status change."""
    locked = locked_ticket(ticket)
    locked.note = note.strip()[:300]
    WORKFLOW.record(
        locked,
        "note",
        locked.status,
        actor=actor,
        note=locked.note,
        updates=[(locked, ["note"])],
        quiet=True,
    )
    return locked
