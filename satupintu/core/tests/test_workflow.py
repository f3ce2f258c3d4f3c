"""The workflow helper every status machine uses: table, refusal, history row, events.

Exercised on a small table of its own over a queue ticket and its history model, so
what is proven here is the helper, not the queue's rules (queueing/tests has those).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from satupintu.core.workflow import IllegalTransition, Move, Workflow
from satupintu.queueing.models import Ticket, TicketEvent
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets import services as ticket_services

pytestmark = pytest.mark.django_db


class Refused(IllegalTransition):
    pass


MOVES = {
    "call": Move(frozenset({"waiting"}), "called", "officer"),
    "cancel": Move(frozenset({"waiting", "called"}), "cancelled", "officer"),
    "leave": Move(frozenset({"waiting"}), "cancelled", "visitor"),
}


def workflow(**options) -> Workflow:
    return Workflow(
        moves=MOVES,
        error=Refused,
        refusal="%(status)s tidak dapat %(action)s",
        status_labels={"waiting": "menunggu", "called": "dipanggil"},
        action_labels={"call": "dipanggil"},
        history=TicketEvent,
        subject="ticket",
        **options,
    )


def told(ticket: Ticket, row: TicketEvent) -> list[tuple[str, dict]]:
    return [(f"test:{ticket.pk}", {"status": ticket.status, "history": row.pk})]


@pytest.fixture
def ticket() -> Ticket:
    q = make_queue()
    return ticket_services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk")


def test_a_move_from_a_listed_status_leads_to_its_target():
    assert workflow().target_status("call", "waiting") == "called"
    assert workflow().target_status("cancel", "called") == "cancelled"


def test_a_move_from_any_other_status_is_the_apps_refusal():
    with pytest.raises(Refused) as refused:
        workflow().target_status("call", "called")
    assert refused.value.status == 409
    assert refused.value.code == "illegal_transition"
    assert refused.value.message == "dipanggil tidak dapat dipanggil"


def test_the_wrong_role_is_refused_before_the_status_is_looked_at():
    flow = workflow(role_refusals={"visitor": "hanya pengunjung"})
    with pytest.raises(PermissionDenied, match="hanya pengunjung"):
        flow.target_status("leave", "called", "officer")
    assert flow.target_status("leave", "waiting", "visitor") == "cancelled"


def test_the_actions_a_role_may_take_from_a_status():
    assert workflow().actions_from("waiting", "officer") == ["call", "cancel"]
    assert workflow().actions_from("waiting", "visitor") == ["leave"]
    assert workflow().actions_from("cancelled", "officer") == []


def test_apply_saves_the_status_and_fields_and_writes_one_history_row(ticket, personas):
    row = workflow().apply(
        ticket, "call", actor=personas.officer_xa, note="loket 1", fields={"recalls": 2}
    )
    ticket.refresh_from_db()
    assert (ticket.status, ticket.recalls) == ("called", 2)
    assert (row.action, row.from_status, row.to_status) == ("call", "waiting", "called")
    assert (row.actor, row.note, row.mpp_id) == (personas.officer_xa, "loket 1", ticket.mpp_id)
    assert list(ticket.history.values_list("action", flat=True)) == ["issue", "call"]


def test_a_refused_move_changes_and_records_nothing(ticket):
    workflow().apply(ticket, "call", fields={"recalls": 2})
    with pytest.raises(Refused):
        workflow().apply(ticket, "call", fields={"recalls": 3})
    assert (ticket.status, ticket.recalls) == ("called", 2)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.recalls) == ("called", 2)
    assert ticket.history.count() == 2


def test_apply_without_save_leaves_saving_to_the_caller(ticket):
    workflow().apply(ticket, "cancel", save=False)
    assert ticket.status == "cancelled"
    assert Ticket.objects.get(pk=ticket.pk).status == "waiting"
    assert ticket.history.last().to_status == "cancelled"


def test_an_anonymous_actor_is_recorded_as_nobody_and_a_long_note_is_cut(ticket):
    row = workflow().apply(ticket, "cancel", actor=AnonymousUser(), note="x" * 400)
    row.refresh_from_db()
    assert row.actor is None
    assert len(row.note) == TicketEvent._meta.get_field("note").max_length


def test_the_events_go_out_only_when_the_transaction_commits(
    ticket, bus, django_capture_on_commit_callbacks
):
    flow, cursor = workflow(events=told), bus.hub.last_id
    with django_capture_on_commit_callbacks(execute=False) as pending:
        row = flow.apply(ticket, "call")
    assert bus.hub.since(f"test:{ticket.pk}", cursor)[0] == []
    for callback in pending:
        callback()
    events, _cursor = bus.hub.since(f"test:{ticket.pk}", cursor)
    assert [(e.type, e.data) for e in events] == [("call", {"status": "called", "history": row.pk})]


def test_a_quiet_record_publishes_nothing(ticket, bus, django_capture_on_commit_callbacks):
    cursor = bus.hub.last_id
    with django_capture_on_commit_callbacks(execute=True):
        workflow(events=told).record(ticket, "note", ticket.status, note="catatan", quiet=True)
    assert bus.hub.since(f"test:{ticket.pk}", cursor)[0] == []
    assert ticket.history.last().note == "catatan"
