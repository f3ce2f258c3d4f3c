"""The ticket state machine: which action moves a ticket from which states to which.

    waiting → called → serving → done
                 ↘ no_show (after the recalls) → waiting (restored within the window)
    waiting | called → cancelled;  called | serving → transferred (+ a continuation)

Every write of tickets/services.py and counters/services.py moves a ticket through
`WORKFLOW` (core/workflow.py), so a refused move has one clear error and every accepted
one writes a history row and tells the board and the ticket's own page after commit (and,
through tickets/notices.py, a signed-in citizen whose ticket is called or near its turn).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from satupintu.core import workflow
from satupintu.core.workflow import Move
from satupintu.queueing.board import snapshot as board
from satupintu.queueing.models import Status, Ticket, TicketEvent
from satupintu.queueing.tickets.notices import ticket_moved

TRANSITIONS: dict[str, Move] = {
    "call": Move(frozenset({Status.WAITING}), Status.CALLED),
    "recall": Move(frozenset({Status.CALLED}), Status.CALLED),
    "start": Move(frozenset({Status.CALLED}), Status.SERVING),
    "finish": Move(frozenset({Status.SERVING}), Status.DONE),
    "no_show": Move(frozenset({Status.CALLED}), Status.NO_SHOW),
    "restore": Move(frozenset({Status.NO_SHOW}), Status.WAITING),
    "cancel": Move(frozenset({Status.WAITING, Status.CALLED}), Status.CANCELLED),
    "transfer": Move(frozenset({Status.CALLED, Status.SERVING}), Status.TRANSFERRED),
}

ACTION_LABELS = {
    "call": _("dipanggil"),
    "recall": _("dipanggil ulang"),
    "start": _("mulai dilayani"),
    "finish": _("diselesaikan"),
    "no_show": _("dinyatakan tidak hadir"),
    "restore": _("dipulihkan"),
    "cancel": _("dibatalkan"),
    "transfer": _("dipindahkan"),
}


class IllegalTransition(workflow.IllegalTransition):
    default_message = _("Tindakan ini tidak dapat dilakukan pada status nomor antrian sekarang.")


def _events(ticket: Ticket, row: TicketEvent) -> list[tuple[str, dict[str, Any]]]:
    """The board hears every move of the MPP's tickets; the ticket's own page its status."""
    data = board.event_data(ticket, row, ticket.service.code)
    mine = {"status": ticket.status, "counter_number": data["counter_number"], "at": data["at"]}
    return [(f"mpp:{ticket.mpp_id}", data), (f"ticket:{ticket.public_id}", mine)]


WORKFLOW = workflow.Workflow(
    moves=TRANSITIONS,
    error=IllegalTransition,
    refusal=_("Nomor antrian berstatus “%(status)s” tidak dapat %(action)s."),
    status_labels=dict(Status.choices),
    action_labels=ACTION_LABELS,
    history=TicketEvent,
    subject="ticket",
    history_fields=lambda ticket: {"counter_id": ticket.counter_id},
    events=_events,
    after_commit=ticket_moved,
)
target_status = WORKFLOW.target_status
