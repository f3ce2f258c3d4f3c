"""Writes to the queue: issue, call, serve, finish, no-show, restore, transfer, cancel.

Each is one short transaction that ends with an event published after commit.
Concurrency (see also docs/adr/0005-real-time.md for the events):
- numbers: an upsert on (queue, day) increments the sequence and locks that row, so
  issuing is serialised per queue and gap-free on SQLite and PostgreSQL alike, and
  the per-phone and quota checks that follow it cannot race;
- calls: the counter's state row is locked, and the ticket is taken with
  SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL (SQLite's IMMEDIATE transactions
  serialise writers anyway), so two counters never get the same ticket;
- transitions lock the ticket row and check the state machine after the lock.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.catalog.models import CounterService, Service
from satupintu.core.errors import DomainError
from satupintu.core.events import publish
from satupintu.core.identifiers import normalize_phone
from satupintu.queueing import board
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
from satupintu.queueing.priority import Waiting, choose_line, next_streak
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


def local_day(mpp: Mpp, now: dt.datetime) -> dt.date:
    return timezone.localtime(now, mpp.tzinfo).date()


def _next_sequence(queue_id: int, day: dt.date) -> int:
    """Increment and return the queue's number for `day`, locking its row until commit."""
    table = DailySequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (queue_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (queue_id, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [queue_id, day],
        )
        return cursor.fetchone()[0]


def _record(ticket: Ticket, action: str, before: str, *, actor=None, note: str = "") -> None:
    """Write the history row and publish the transition (board channel and the ticket's own)."""
    history = TicketEvent.objects.create(
        ticket=ticket,
        mpp_id=ticket.mpp_id,
        at=timezone.now(),
        action=action,
        from_status=before,
        to_status=ticket.status,
        counter_id=ticket.counter_id,
        actor=actor,
        note=note,
    )
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
) -> Ticket:
    """Give a visitor the next number of the service's queue."""
    return _issue(
        mpp=mpp, service=service, channel=channel, priority=priority, phone=phone, now=now
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
) -> Ticket:
    """issue_ticket, and a transfer's continuation (which may keep its original place)."""
    now = now or timezone.now()
    if service.mpp_id != mpp.pk or not service.is_active or not service.uses_queue:
        raise DomainError(_("Layanan ini tidak menggunakan antrian di MPP ini."), code="no_queue")
    link = QueueService.objects.select_related("queue").filter(service=service).first()
    if link is None:
        raise DomainError(_("Layanan ini belum dimasukkan ke antrian."), code="no_queue")
    policy = policy_for(mpp)
    if priority and priority not in policy.category_codes():
        raise DomainError(_("Kategori prioritas tidak dikenal."), code="bad_priority", status=422)
    phone = normalize_phone(phone) if phone else ""
    if channel == Channel.ONLINE and not phone:
        raise DomainError(
            _("Antrian daring memerlukan nomor ponsel."), code="phone_required", status=422
        )
    day = local_day(mpp, now)
    seq = _next_sequence(link.queue_id, day)  # serialises this queue from here on
    if channel == Channel.ONLINE:
        _check_online(mpp, service, phone, day, now, policy)
    ticket = Ticket.objects.create(
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
    )
    _record(ticket, "issue", "")
    return ticket


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


def _state(counter: Counter) -> CounterState:
    """The counter's state row, locked for this transaction."""
    CounterState.objects.get_or_create(counter=counter, defaults={"mpp_id": counter.mpp_id})
    return (
        CounterState.objects.select_for_update(of=("self",))
        .select_related("current")
        .get(counter=counter)
    )


def _waiting_for(counter: Counter, day: dt.date) -> QuerySet[Ticket]:
    services = CounterService.objects.filter(counter=counter).values("service_id")
    return Ticket.objects.filter(
        mpp_id=counter.mpp_id, day=day, status=Status.WAITING, service_id__in=services
    ).order_by("issued_at", "pk")


@transaction.atomic
def call_next(
    *, counter: Counter, officer: User | None, now: dt.datetime | None = None
) -> Ticket | None:
    """Call the next ticket for this counter, or None when nobody waits."""
    now = now or timezone.now()
    if not counter.is_active:
        raise DomainError(_("Loket ini sedang tutup."), code="counter_closed")
    state = _state(counter)
    if state.current is not None and state.current.status in (Status.CALLED, Status.SERVING):
        raise DomainError(
            _("Selesaikan dulu nomor %(number)s yang sedang dilayani di loket ini.")
            % {"number": state.current.number},
            code="counter_busy",
        )
    waiting = _waiting_for(counter, local_day(counter.mpp, now))
    lines = {"priority": waiting.exclude(priority=""), "regular": waiting.filter(priority="")}
    heads = Waiting(priority=lines["priority"].exists(), regular=lines["regular"].exists())
    policy = policy_for(counter.mpp)
    first = choose_line(heads, streak=state.priority_streak, max_streak=policy.max_priority_streak)
    order = [first, "regular" if first == "priority" else "priority"] if first else []
    for line in order:
        candidates = lines[line].select_related("service")
        ticket = candidates.select_for_update(skip_locked=True, of=("self",)).first()
        if ticket is not None:
            break
    else:
        return None
    before = ticket.status
    ticket.status = target_status("call", before)
    ticket.counter, ticket.officer, ticket.called_at = counter, officer, now
    ticket.save(update_fields=["status", "counter", "officer", "called_at"])
    state.priority_streak = next_streak(
        "priority" if ticket.priority else "regular", state.priority_streak
    )
    state.current = ticket
    state.save(update_fields=["priority_streak", "current"])
    _record(ticket, "call", before, actor=officer)
    return ticket


def _locked(ticket: Ticket) -> Ticket:
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("counter", "mpp", "service")
        .get(pk=ticket.pk)
    )


def _move(ticket: Ticket, action: str, *, actor: User | None, note: str = "", **fields) -> Ticket:
    ticket = _locked(ticket)
    before = ticket.status
    ticket.status = target_status(action, before)
    for name, value in fields.items():
        setattr(ticket, name, value)
    ticket.save(update_fields=["status", *fields])
    _record(ticket, action, before, actor=actor, note=note)
    return ticket


@transaction.atomic
def recall(*, ticket: Ticket, actor: User | None) -> Ticket:
    locked = _locked(ticket)
    return _move(locked, "recall", actor=actor, recalls=locked.recalls + 1)


@transaction.atomic
def start_serving(*, ticket: Ticket, actor: User | None) -> Ticket:
    return _move(ticket, "start", actor=actor, started_at=timezone.now())


@transaction.atomic
def finish(
    *, ticket: Ticket, actor: User | None, outcome: str = Outcome.COMPLETED, reason: str = ""
) -> Ticket:
    if outcome == Outcome.REJECTED and not reason.strip():
        raise DomainError(_("Sebutkan alasan penolakan."), code="reason_required", status=422)
    return _move(
        ticket,
        "finish",
        actor=actor,
        note=reason,
        outcome=outcome,
        outcome_reason=reason,
        finished_at=timezone.now(),
    )


@transaction.atomic
def mark_no_show(*, ticket: Ticket, actor: User | None) -> Ticket:
    policy = policy_for(ticket.mpp)
    locked = _locked(ticket)
    if locked.status == Status.CALLED and locked.recalls < policy.recalls_before_no_show:
        raise DomainError(
            _("Panggil ulang %(n)s kali sebelum menyatakan tidak hadir.")
            % {"n": policy.recalls_before_no_show},
            code="recall_first",
        )
    return _move(locked, "no_show", actor=actor, finished_at=timezone.now())


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
    return _move(locked, "restore", actor=actor, counter=None, finished_at=None, recalls=0)


@transaction.atomic
def cancel(*, ticket: Ticket, actor: User | None, note: str = "") -> Ticket:
    return _move(ticket, "cancel", actor=actor, note=note, finished_at=timezone.now())


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
    moved = _move(ticket, "transfer", actor=actor, note=note, finished_at=timezone.now())
    return _issue(
        mpp=moved.mpp,
        service=to_service,
        channel=Channel.TRANSFER,
        priority=moved.priority,
        issued_at=moved.issued_at if keep_place else None,
        transferred_from=moved,
    )
