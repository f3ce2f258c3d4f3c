"""Writes to the numbers: issue (with the day's sequence), cancel, and the one way every
transition of a ticket is saved, recorded and published (counters/services.py makes the
calls and the rest of the officer's transitions through it).

Each write is one short transaction that ends with an event published after commit.
Concurrency (see also docs/adr/0005-real-time.md for the events):
- numbers: `update_or_create` on (queue, day) adds one to the sequence with an F()
  expression, which locks that row until commit, so issuing is serialised per queue and
  gap-free on SQLite and PostgreSQL alike, and the per-phone and quota checks that
  follow it cannot race;
- transitions lock the ticket row and check the state machine (workflow.py) after the lock.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.accounts.roles import is_citizen
from satupintu.catalog.models import Service
from satupintu.core.errors import DomainError
from satupintu.core.identifiers import normalize_phone
from satupintu.notifications.services import notify
from satupintu.queueing.models import (
    Channel,
    DailySequence,
    QueuePolicy,
    QueueService,
    Ticket,
)
from satupintu.queueing.tickets.selectors import ACTIVE, local_day, service_name
from satupintu.queueing.workflow import WORKFLOW
from satupintu.tenancy.models import Mpp
from satupintu.tenancy.selectors import opening_status

DEFAULT_PRIORITY_CATEGORIES = [
    ["lansia", "Lanjut usia"],
    ["ibu_hamil", "Ibu hamil"],
    ["disabilitas", "Penyandang disabilitas"],
    ["ibu_balita", "Ibu dengan balita"],
]


def policy_for(mpp: Mpp) -> QueuePolicy:
    policy, _created = QueuePolicy.objects.get_or_create(
        mpp=mpp, defaults={"priority_categories": DEFAULT_PRIORITY_CATEGORIES}
    )
    return policy


def _next_sequence(mpp_id: int, queue_id: int, day: dt.date) -> int:
    """Increment and return the queue's number for `day`, locking its row until commit.

    The UPDATE adds one in the database (F), so a concurrent issuer waits on the row lock
    and then counts on from the committed number; Django reads the new value back with
    RETURNING. The day's first number is created; two kiosks creating it at once meet on
    daily_sequence_unique, and get_or_create's loser reads the winner's row and counts on.
    """
    sequence, _created = DailySequence.objects.update_or_create(
        mpp_id=mpp_id,
        queue_id=queue_id,
        day=day,
        defaults={"last": F("last") + 1},
        create_defaults={"last": 1},
    )
    return sequence.last


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
    user: User | None = None,
    route: list[int] | None = None,
) -> Ticket:
    """Give a visitor the next number of the service's queue (`due_at`: an appointment's
    slot start, from which the ticket is called ahead of walk-ins). A signed-in citizen
    taking it (`user`) has it in their account at once ("Beranda saya")."""
    return create_ticket(
        mpp=mpp,
        service=service,
        channel=channel,
        priority=priority,
        phone=phone,
        now=now,
        due_at=due_at,
        user=user,
        route=route,
    )


def create_ticket(
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
    user: User | None = None,
    route: list[int] | None = None,
) -> Ticket:
    """issue_ticket inside the caller's transaction: also a transfer's or a journey's
    continuation (which may keep some of its place) and a walk-in number
    (counters/services.py). `route`: a journey's services after this one."""
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
    seq = _next_sequence(mpp.pk, link.queue_id, day)  # serialises this queue from here on
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
        user=user if is_citizen(user) else None,
        route=list(route or []),
    )
    ticket.save(force_insert=True)
    WORKFLOW.record(ticket, "issue", "", now=now)
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


@transaction.atomic
def send_ticket_link(*, ticket: Ticket, url: str) -> None:
    """Send the ticket's page (`url`) to the phone that took it, for a holder who lost it:
    only that phone receives it, so knowing a number does not open someone's ticket."""
    values = {
        "number": ticket.number,
        "service": service_name(ticket.service_id, ticket.day),
        "mpp": ticket.mpp.name,
        "url": url,
    }
    body = _(
        "Nomor antrian Anda %(number)s untuk %(service)s di %(mpp)s hari ini. "
        "Pantau giliran Anda di: %(url)s"
    )
    notify(
        mpp=ticket.mpp,
        kind="queue.ticket_link",
        subject=_("Nomor antrian %(number)s") % values,
        body=body % values,
        phone=ticket.phone,
        reference=f"ticket:{ticket.pk}",
    )


def locked_ticket(ticket: Ticket) -> Ticket:
    """The ticket's row read again under lock (its own row only: `of=("self",)`), with its
    MPP, service and counter."""
    related = Ticket.objects.select_related("mpp", "service", "counter")
    return related.select_for_update(of=("self",)).get(pk=ticket.pk)


def apply_transition(
    ticket: Ticket,
    action: str,
    *,
    actor: User | None,
    note: str = "",
    now: dt.datetime | None = None,
    **fields,
) -> Ticket:
    """Apply `action` to a ticket the caller has `locked_ticket`, set `fields`, record it
    (core/workflow.py: history row, then the board's and the ticket's events on commit)."""
    WORKFLOW.apply(ticket, action, actor=actor, note=note, now=now, fields=fields)
    return ticket


@transaction.atomic
def cancel(
    *, ticket: Ticket, actor: User | None, note: str = "", now: dt.datetime | None = None
) -> Ticket:
    now = now or timezone.now()
    return apply_transition(
        locked_ticket(ticket), "cancel", actor=actor, note=note, now=now, finished_at=now
    )


@transaction.atomic
def attach_to_citizen(*, user: User, phone: str) -> int:
    """The citizen's once `phone` is their verified number (a code sign-in): the live tickets
    that number took without an account in the last day. Only to a citizen account; returns
    how many were attached."""
    if user.role != Role.CITIZEN or user.phone != phone:
        return 0
    since = timezone.now() - dt.timedelta(days=1)
    open_tickets = Ticket.objects.filter(
        phone=phone, user__isnull=True, status__in=ACTIVE, issued_at__gte=since
    )
    return open_tickets.update(user=user)
