"""Writes to the queue: issue, call, serve, finish, no-show, restore, transfer, cancel.

Each is one short transaction that ends with an event published after commit.
Concurrency (see also docs/adr/0005-real-time.md for the events):
- numbers: `update_or_create` on (queue, day) adds one to the sequence with an F()
  expression, which locks that row until commit, so issuing is serialised per queue and
  gap-free on SQLite and PostgreSQL alike, and the per-phone and quota checks that
  follow it cannot race;
- calls: the counter's state row is locked, and the ticket is taken with
  `select_for_update(skip_locked=True)` (PostgreSQL; SQLite's IMMEDIATE transactions
  serialise writers anyway), so two counters never get the same ticket;
- transitions lock the ticket row and check the state machine after the lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.db import transaction
from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.catalog.models import CounterService, Service
from satupintu.core.errors import DomainError
from satupintu.core.events import publish
from satupintu.core.identifiers import normalize_phone
from satupintu.queueing import board
from satupintu.queueing.counters.priority import Pick, Waiting, choose_line, next_streak
from satupintu.queueing.counters.services import check_open, locked_state
from satupintu.queueing.models import (
    Channel,
    CounterState,
    DailySequence,
    Outcome,
    QueuePolicy,
    QueueService,
    Status,
    Ticket,
    TicketEvent,
)
from satupintu.queueing.selectors import local_day, max_priority_streak, services_served_at
from satupintu.queueing.workflow import target_status
from satupintu.tenancy.models import Counter, Mpp
from satupintu.tenancy.selectors import opening_status

DEFAULT_PRIORITY_CATEGORIES = [
    ["lansia", "Lanjut usia"],
    ["ibu_hamil", "Ibu hamil"],
    ["disabilitas", "Penyandang disabilitas"],
    ["ibu_balita", "Ibu dengan balita"],
]
ACTIVE = (Status.WAITING, Status.CALLED, Status.SERVING)


def policy_for(mpp: Mpp) -> QueuePolicy:
    policy, _created = QueuePolicy.objects.get_or_create(
        mpp=mpp, defaults={"priority_categories": DEFAULT_PRIORITY_CATEGORIES}
    )
    return policy


def _next_sequence(queue_id: int, day: dt.date) -> int:
    """Increment and return the queue's number for `day`, locking its row until commit.

    The UPDATE adds one in the database (F), so a concurrent issuer waits on the row lock
    and then counts on from the committed number; Django reads the new value back with
    RETURNING. The day's first number is created; two kiosks creating it at once meet on
    daily_sequence_unique, and get_or_create's loser reads the winner's row and counts on.
    """
    sequence, _created = DailySequence.objects.update_or_create(
        queue_id=queue_id, day=day, defaults={"last": F("last") + 1}, create_defaults={"last": 1}
    )
    return sequence.last


def _record(
    ticket: Ticket,
    action: str,
    before: str,
    *,
    actor=None,
    note: str = "",
    now: dt.datetime | None = None,
    updates: Sequence[tuple[Model, Sequence[str]]] = (),
) -> None:
    """Save the `updates` (object, fields) of the transition, write its history row, and
    publish it (board channel and the ticket's own)."""
    history = TicketEvent(
        ticket=ticket,
        mpp_id=ticket.mpp_id,
        at=now or timezone.now(),
        action=action,
        from_status=before,
        to_status=ticket.status,
        counter_id=ticket.counter_id,
        actor=actor,
        note=note,
    )
    for obj, fields in updates:
        obj.save(update_fields=fields)
    history.save(force_insert=True)
    data = board.event_data(ticket, history, ticket.service.code)
    publish(f"mpp:{ticket.mpp_id}", action, data)
    publish(
        f"ticket:{ticket.public_id}",
        action,
        {"status": ticket.status, "counter_number": data["counter_number"], "at": data["at"]},
    )


@transaction.atomic
def issue_ticket(
    *,
    mpp: Mpp,
    service: Service,
    channel: str,
    priority: str = "",
    phone: str = "",
    now: dt.datetime | None = None,
    due_at: dt.datetime | None = None,
) -> Ticket:
    """Give a visitor the next number of the service's queue (`due_at`: an appointment's
    slot start, from which the ticket is called ahead of walk-ins)."""
    return _issue(
        mpp=mpp,
        service=service,
        channel=channel,
        priority=priority,
        phone=phone,
        now=now,
        due_at=due_at,
    )


def _issue(
    *,
    mpp: Mpp,
    service: Service,
    channel: str,
    priority: str = "",
    phone: str = "",
    now: dt.datetime | None = None,
    issued_at: dt.datetime | None = None,
    transferred_from: Ticket | None = None,
    due_at: dt.datetime | None = None,
) -> Ticket:
    """issue_ticket, and a transfer's continuation (which may keep its original place)."""
    now = now or timezone.now()
    if service.mpp_id != mpp.pk or not service.is_active or not service.uses_queue:
        raise DomainError(_("Layanan ini tidak menggunakan antrian di MPP ini."), code="no_queue")
    link = _queue_link(service)
    if link is None:
        raise DomainError(_("Layanan ini belum dimasukkan ke antrian."), code="no_queue")
    if priority and priority not in policy_for(mpp).category_codes():
        raise DomainError(_("Kategori prioritas tidak dikenal."), code="bad_priority", status=422)
    phone = normalize_phone(phone) if phone else ""
    if channel == Channel.ONLINE and not phone:
        raise DomainError(
            _("Antrian daring memerlukan nomor ponsel."), code="phone_required", status=422
        )
    day = local_day(mpp, now)
    seq = _next_sequence(link.queue_id, day)  # serialises this queue from here on
    if channel == Channel.ONLINE:
        _check_online(mpp, service, phone, day, now, policy_for(mpp))
    ticket = Ticket(
        mpp=mpp,
        queue=link.queue,
        service=service,
        day=day,
        seq=seq,
        number=f"{link.queue.prefix}-{seq:03d}",
        channel=channel,
        priority=priority,
        phone=phone,
        issued_at=issued_at or now,
        transferred_from=transferred_from,
        due_at=due_at,
    )
    ticket.save(force_insert=True)
    _record(ticket, "issue", "", now=now)
    return ticket


def _queue_link(service: Service) -> QueueService | None:
    """The service's queue link, reusing a `select_related("queue_link__queue")` load."""
    try:
        return service.queue_link
    except QueueService.DoesNotExist:
        return None


def _check_online(
    mpp: Mpp, service: Service, phone: str, day: dt.date, now: dt.datetime, policy: QueuePolicy
) -> None:
    if not opening_status(mpp, now).is_open:
        raise DomainError(_("Antrian daring hanya dapat diambil saat MPP buka."), code="mpp_closed")
    today = Ticket.objects.filter(service=service, day=day)
    if today.filter(phone=phone, status__in=ACTIVE).exists():
        raise DomainError(
            _("Nomor ponsel ini sudah memiliki antrian aktif untuk layanan ini."),
            code="already_queued",
        )
    if today.filter(channel=Channel.ONLINE).count() >= policy.online_daily_quota:
        raise DomainError(_("Kuota antrian daring hari ini sudah habis."), code="quota_full")


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
    before = ticket.status
    ticket.status = target_status("call", before)
    ticket.counter, ticket.officer, ticket.called_at = counter, officer, now
    picked: Pick = "priority" if ticket.priority else "regular"
    if line == "appointment":
        picked = "appointment"
    state.priority_streak = next_streak(picked, state.priority_streak)
    state.current = ticket
    updates: list[tuple[Model, list[str]]] = [
        (ticket, ["status", "counter", "officer", "called_at"]),
        (state, ["priority_streak", "current"]),
    ]
    _record(ticket, "call", before, actor=officer, now=now, updates=updates)
    return ticket


def _locked(ticket: Ticket) -> Ticket:
    """The ticket's row read again under lock (its own row only: `of=("self",)`), with its
    MPP, service and counter."""
    related = Ticket.objects.select_related("mpp", "service", "counter")
    return related.select_for_update(of=("self",)).get(pk=ticket.pk)


def _move(
    ticket: Ticket,
    action: str,
    *,
    actor: User | None,
    note: str = "",
    now: dt.datetime | None = None,
    **fields,
) -> Ticket:
    """Apply `action` to a ticket the caller has `_locked`, set `fields`, record it."""
    before = ticket.status
    ticket.status = target_status(action, before)
    for name, value in fields.items():
        setattr(ticket, name, value)
    updates = [(ticket, ["status", *fields])]
    _record(ticket, action, before, actor=actor, note=note, now=now, updates=updates)
    return ticket


@transaction.atomic
def recall(*, ticket: Ticket, actor: User | None, now: dt.datetime | None = None) -> Ticket:
    locked = _locked(ticket)
    return _move(locked, "recall", actor=actor, now=now, recalls=locked.recalls + 1)


@transaction.atomic
def start_serving(*, ticket: Ticket, actor: User | None, now: dt.datetime | None = None) -> Ticket:
    now = now or timezone.now()
    return _move(_locked(ticket), "start", actor=actor, now=now, started_at=now)


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
    return _move(
        _locked(ticket),
        "finish",
        actor=actor,
        note=reason,
        now=now,
        outcome=outcome,
        outcome_reason=reason,
        finished_at=now,
    )


@transaction.atomic
def mark_no_show(*, ticket: Ticket, actor: User | None, now: dt.datetime | None = None) -> Ticket:
    policy = policy_for(ticket.mpp)
    locked = _locked(ticket)
    if locked.status == Status.CALLED and locked.recalls < policy.recalls_before_no_show:
        raise DomainError(
            _("Panggil ulang %(n)s kali sebelum menyatakan tidak hadir.")
            % {"n": policy.recalls_before_no_show},
            code="recall_first",
        )
    now = now or timezone.now()
    return _move(locked, "no_show", actor=actor, now=now, finished_at=now)


@transaction.atomic
def restore(*, ticket: Ticket, actor: User | None, now: dt.datetime | None = None) -> Ticket:
    """Put a no-show back in line when the person turns up within the window."""
    now = now or timezone.now()
    locked = _locked(ticket)
    window = dt.timedelta(minutes=policy_for(locked.mpp).restore_window_minutes)
    if locked.status == Status.NO_SHOW and locked.finished_at and now - locked.finished_at > window:
        raise DomainError(
            _("Batas waktu memulihkan nomor ini sudah lewat."), code="restore_expired"
        )
    return _move(locked, "restore", actor=actor, now=now, counter=None, finished_at=None, recalls=0)


@transaction.atomic
def cancel(
    *, ticket: Ticket, actor: User | None, note: str = "", now: dt.datetime | None = None
) -> Ticket:
    now = now or timezone.now()
    return _move(_locked(ticket), "cancel", actor=actor, note=note, now=now, finished_at=now)


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
    moved = _move(_locked(ticket), "transfer", actor=actor, note=note, finished_at=timezone.now())
    return _issue(
        mpp=moved.mpp,
        service=to_service,
        channel=Channel.TRANSFER,
        priority=moved.priority,
        issued_at=moved.issued_at if keep_place else None,
        transferred_from=moved,
    )


RUNNING_TEXT_MAX = 300


@transaction.atomic
def set_running_text(*, mpp: Mpp, text: str, actor: User | None) -> QueuePolicy:
    """Set the text that runs along the bottom of the MPP's display boards; open boards
    show it at once (a `notice` event). One line: runs of white space become one space."""
    text = " ".join(text.split())
    if len(text) > RUNNING_TEXT_MAX:
        raise DomainError(
            _("Teks berjalan paling panjang %(max)s karakter.") % {"max": RUNNING_TEXT_MAX},
            code="running_text_too_long",
            status=422,
        )
    policy = policy_for(mpp)
    policy.running_text = text
    policy.save(update_fields=["running_text"])
    publish(f"mpp:{mpp.pk}", "notice", {"running_text": text})
    return policy


# --- the console's other writes: a walk-in number, a note on a ticket ------------------


@transaction.atomic
def issue_walk_in(
    *, counter: Counter, service: Service, actor: User | None, priority: str = ""
) -> Ticket:
    """A number an officer makes at the counter for a visitor who came straight to it."""
    if not CounterService.objects.filter(counter=counter, service=service).exists():
        raise DomainError(
            _("Layanan ini tidak dilayani di loket ini."), code="not_at_counter", status=422
        )
    ticket = _issue(mpp=counter.mpp, service=service, channel=Channel.WALK_IN, priority=priority)
    TicketEvent.objects.filter(ticket=ticket, action="issue").update(actor=actor, counter=counter)
    return ticket


@transaction.atomic
def set_ticket_note(*, ticket: Ticket, actor: User | None, note: str) -> Ticket:
    """The officer's short note on a ticket (kept in its history too); no status change."""
    locked = _locked(ticket)
    locked.note = note.strip()[:300]
    locked.save(update_fields=["note"])
    TicketEvent.objects.create(
        ticket=locked,
        mpp_id=locked.mpp_id,
        at=timezone.now(),
        action="note",
        from_status=locked.status,
        to_status=locked.status,
        counter_id=locked.counter_id,
        actor=actor,
        note=locked.note,
    )
    return locked
