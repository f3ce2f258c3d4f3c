"""Snapshot + events = fresh snapshot: the board never needs to reload to be right."""

import datetime as dt

import pytest

from satupintu.catalog.services import assign_service_to_counter
from satupintu.queueing.board.selectors import queue_snapshot
from satupintu.queueing.board.snapshot import apply_event
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.tests.factories import make_queue, queue_at
from satupintu.queueing.tickets import services

pytestmark = pytest.mark.django_db


def a_busy_morning(q, other):
    """Every kind of transition, at two counters and two queues, priorities included."""
    issue = lambda service=q.service, p="": services.issue_ticket(  # noqa: E731
        mpp=q.mpp, service=service, channel="kiosk", priority=p
    )
    counter_a, counter_b = q.counters
    _regular, elderly, later = issue(), issue(p="lansia"), issue()
    issue(service=other)
    first = counter_services.call_next(counter=counter_a, officer=None)  # the elderly visitor
    assert first == elderly
    counter_services.recall(ticket=first, actor=None)
    counter_services.start_serving(ticket=first, actor=None)
    counter_services.finish(ticket=first, actor=None)
    second = counter_services.call_next(counter=counter_b, officer=None)
    for _ in range(2):
        counter_services.recall(ticket=second, actor=None)
    counter_services.mark_no_show(ticket=second, actor=None)
    counter_services.restore(ticket=second, actor=None)
    third = counter_services.call_next(counter=counter_a, officer=None)
    counter_services.start_serving(ticket=third, actor=None)
    counter_services.transfer(ticket=third, to_service=other, actor=None, keep_place=True)
    assert third != later
    services.cancel(ticket=later, actor=None)
    counter_services.call_next(counter=counter_b, officer=None)


def test_a_snapshot_plus_its_events_equals_a_fresh_snapshot(
    bus, django_capture_on_commit_callbacks
):
    q = make_queue(counters=2)
    other = queue_at(q.counters[0], "B")
    services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk")  # before the snapshot
    first = queue_snapshot(q.mpp)
    cursor = bus.hub.last_id
    with django_capture_on_commit_callbacks(execute=True):
        a_busy_morning(q, other)
    missed, _cursor = bus.hub.since(f"mpp:{q.mpp.pk}", cursor)
    assert missed and {e.type for e in missed} >= {
        "issue", "call", "recall", "start", "finish", "no_show", "restore", "transfer", "cancel",
    }  # fmt: skip
    state = first
    for event in missed:
        state = apply_event(state, event.type, event.data)
    fresh = queue_snapshot(q.mpp)
    assert state == fresh
    assert fresh["last_calls"] and fresh["waiting"]  # the comparison compared something


def test_an_event_already_in_the_snapshot_changes_nothing(bus, django_capture_on_commit_callbacks):
    """A stream may deliver an event committed while its snapshot was read."""
    q = make_queue(counters=2)
    other = queue_at(q.counters[0], "B")
    cursor = bus.hub.last_id
    with django_capture_on_commit_callbacks(execute=True):
        a_busy_morning(q, other)
    fresh = queue_snapshot(q.mpp)
    missed, _cursor = bus.hub.since(f"mpp:{q.mpp.pk}", cursor)
    state = fresh
    for event in missed[-5:]:  # the last transitions again, in order
        state = apply_event(state, event.type, event.data)
    assert state == fresh


def test_the_snapshot_is_for_the_mpps_local_day(bus):
    q = make_queue()
    evening = dt.datetime(2026, 11, 23, 16, 30, tzinfo=dt.UTC)  # 23.30 WIB
    services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk", now=evening)
    assert len(queue_snapshot(q.mpp, now=evening)["waiting"]) == 1
    assert queue_snapshot(q.mpp, now=evening + dt.timedelta(hours=1))["waiting"] == []


def test_services_sharing_a_counter_are_counted_apart(bus):
    q = make_queue()
    other = queue_at(q.counters[0], "B")
    assign_service_to_counter(counter=q.counters[0], service=other)
    for service in (q.service, other, other):
        services.issue_ticket(mpp=q.mpp, service=service, channel="kiosk")
    snapshot = queue_snapshot(q.mpp)
    assert {s["code"]: s["waiting"] for s in snapshot["services"]} == {
        q.service.code: 1,
        other.code: 2,
    }
