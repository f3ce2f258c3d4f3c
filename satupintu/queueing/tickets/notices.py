"""What a signed-in citizen hears of their ticket (notifications.notify_citizen), on the
channel they chose: "A-012 dipanggil ke Loket 4" when it is called, and once "giliran
hampir tiba" when settings.QUEUE_NEAR_AHEAD people or fewer are ahead of it.

The ticket's workflow runs `ticket_moved` after each committed move (queueing/workflow.py),
which only enqueues `tell_ticket_news`: the reads below run in the task worker (with the
default immediate backend: right after the commit, in the same request), never inside the
counter's transaction. A recall is not a new "called" event: the citizen was told of the
call and the board repeats it aloud; a ticket called again after being restored is.
Tickets without an account hear nothing here (a phone-only ticket asked for no messages).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from satupintu.core.links import citizen_link
from satupintu.notifications.models import CitizenKind
from satupintu.notifications.selectors import event_keys_queued
from satupintu.notifications.services import notify_citizen
from satupintu.queueing.models import Status, Ticket, TicketEvent
from satupintu.queueing.tickets.selectors import TRACK_PATH, service_name
from satupintu.queueing.waits.estimate import pool_of
from satupintu.queueing.waits.selectors import people_ahead

# Moves after which people waiting in the same lines have fewer ahead of them: a call takes
# one from the front; a cancel takes one from somewhere. (A finish or a no-show moves a
# ticket that had already left the line; a restore or a transfer adds one.)
MOVES_FORWARD = frozenset({"call", "cancel"})


def ticket_moved(ticket: Ticket, row: TicketEvent) -> None:
    """After a committed move: hand the citizens' news of it to the task worker."""
    if row.action in MOVES_FORWARD:
        tell_ticket_news.enqueue(ticket.pk, row.action, row.pk)


@task
def tell_ticket_news(ticket_id: int, action: str, event_id: int) -> int:
    """Queue the messages a committed move means; returns how many were queued."""
    ticket = Ticket.objects.select_related("mpp", "counter").filter(pk=ticket_id).first()
    if ticket is None:
        return 0
    queued = 0
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        if action == "call" and ticket.user_id is not None:
            queued += len(_tell_called(ticket, event_id))
        if action in MOVES_FORWARD:
            queued += _tell_near(ticket)
    return queued


def _link(ticket: Ticket) -> str:
    return citizen_link(TRACK_PATH.format(id=ticket.public_id))


def _tell_called(ticket: Ticket, event_id: int) -> list:
    counter = ticket.counter
    values = {
        "number": ticket.number,
        "counter": counter.number if counter else "",
        "service": service_name(ticket.service_id, ticket.day),
        "mpp": ticket.mpp.name,
    }
    return notify_citizen(
        kind=CitizenKind.QUEUE_CALLED,
        event_key=f"ticket:{ticket.pk}:called:{event_id}",
        title=_("%(number)s dipanggil ke Loket %(counter)s") % values,
        body=_("Silakan menuju Loket %(counter)s sekarang (%(service)s, %(mpp)s).") % values,
        url=_link(ticket),
        user=ticket.user,
        mpp=ticket.mpp,
        reference=f"ticket:{ticket.pk}",
        message_kind="queue.called",
    )


def _front(moved: Ticket, near: int) -> list[Ticket]:
    """The waiting tickets of the moved ticket's lines that can have `near` or fewer ahead:
    at most the first near+1 of each line (regular, priority, due appointments), as anyone
    later has more than `near` of their own line before them (waits/selectors.people_ahead).
    Three small queries however long the line."""
    waiting = Ticket.objects.filter(
        mpp_id=moved.mpp_id,
        day=moved.day,
        status=Status.WAITING,
        service_id__in=pool_of(moved.service_id),
    ).select_related("mpp", "user")
    now = timezone.now()
    lines = (
        waiting.filter(priority="").order_by("issued_at", "pk"),
        waiting.filter(priority__gt="").order_by("issued_at", "pk"),
        waiting.filter(due_at__lte=now).order_by("due_at", "issued_at", "pk"),
    )
    found: dict[int, Ticket] = {}
    for line in lines:
        for ticket in line[: near + 1]:
            found.setdefault(ticket.pk, ticket)
    return [t for t in found.values() if t.user_id is not None]


def _tell_near(moved: Ticket) -> int:
    """Tell each signed-in citizen waiting in the moved ticket's lines whose people ahead
    fell to QUEUE_NEAR_AHEAD or fewer, once per ticket."""
    near = settings.QUEUE_NEAR_AHEAD
    waiting = _front(moved, near)
    candidates = {f"ticket:{t.pk}:near": t for t in waiting}
    told = event_keys_queued(list(candidates))
    queued = 0
    for key, ticket in candidates.items():
        if key in told:
            continue
        ahead = people_ahead(ticket)
        if ahead > near:
            continue
        values = {"number": ticket.number, "ahead": ahead, "mpp": ticket.mpp.name}
        if ahead:
            body = _(
                "Nomor %(number)s: tinggal %(ahead)s orang lagi sebelum Anda di %(mpp)s. "
                "Bersiaplah di dekat loket."
            )
        else:
            body = _("Nomor %(number)s: Anda berikutnya di %(mpp)s. Bersiaplah di dekat loket.")
        queued += len(
            notify_citizen(
                kind=CitizenKind.QUEUE_NEAR,
                event_key=key,
                title=_("Giliran %(number)s hampir tiba") % values,
                body=body % values,
                url=_link(ticket),
                user=ticket.user,
                mpp=ticket.mpp,
                reference=f"ticket:{ticket.pk}",
                message_kind="queue.near",
            )
        )
    return queued
