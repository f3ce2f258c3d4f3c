"""The event bus: after commit only, ids that only grow, history for resume, async fan-out."""

import asyncio
import gc
import threading
import time

import pytest
from django.db import connection, transaction

from satupintu.core import events
from satupintu.core import hub as hub_module
from satupintu.core.events import InProcessBus, PostgresBus, publish
from satupintu.core.hub import Event, Hub
from satupintu.core.tests.concurrency import run_async

# --- publishing


@pytest.mark.django_db
def test_an_event_is_sent_only_when_its_transaction_commits(
    bus, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            publish("mpp:1", "call", {"n": 1})
        try:
            with transaction.atomic():
                publish("mpp:1", "call", {"n": 2})
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert [e.data for e in bus.hub.since("mpp:1", bus.hub.floor)[0]] == [{"n": 1}]


@pytest.mark.django_db
def test_a_bus_failure_does_not_fail_the_committed_change(
    settings, django_capture_on_commit_callbacks, caplog
):
    class Broken(InProcessBus):
        def send(self, channel, type_, data):
            raise ConnectionError("bus down")

    events._bus = Broken()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            publish("mpp:1", "call", {})
    finally:
        events.reset_bus()
    assert "bus down" in caplog.text


def test_an_unknown_bus_url_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        events.make_bus("kafka://somewhere")
    assert isinstance(events.make_bus("postgres"), PostgresBus)
    assert isinstance(events.make_bus("postgres://u@h/db"), PostgresBus)


# --- ids and history


def test_ids_grow_and_a_restarted_process_starts_above_the_old_ones():
    first = InProcessBus()
    ids = [first.send("c", "t", {}).id for _ in range(3)]
    assert ids == sorted(ids) and ids[0] > first.hub.floor
    time.sleep(0.001)
    restarted = InProcessBus()
    assert restarted.send("c", "t", {}).id > ids[-1]
    missed, _cursor = restarted.hub.since("c", ids[-1])
    assert missed is None  # an id from before the restart: the client needs a snapshot


def test_since_resumes_from_the_history_and_knows_when_it_cannot():
    hub = Hub(floor=100)
    for i in range(101, 106):
        hub.deliver(Event(i, "a" if i % 2 else "b", "t", {}))
    missed, cursor = hub.since("a", 101)
    assert [e.id for e in missed] == [103, 105] and cursor == 105
    assert hub.since("a", 105)[0] == []
    assert hub.since("a", 99)[0] is None  # before this hub's feed began
    assert hub.since("a", 500)[0] is None  # an id this hub never gave out


def test_a_full_history_refuses_to_resume_from_before_its_oldest_event(monkeypatch):
    monkeypatch.setattr(hub_module, "HISTORY", 3)
    hub = Hub()
    for i in range(1, 6):
        hub.deliver(Event(i, "a", "t", {}))
    assert hub.since("a", 1)[0] is None
    assert [e.id for e in hub.since("a", 2)[0]] == [3, 4, 5]


def test_channels_beyond_the_limit_are_forgotten_safely(monkeypatch):
    monkeypatch.setattr(hub_module, "CHANNELS_KEPT", 2)
    hub = Hub()
    for i, channel in enumerate(["ticket:1", "ticket:2", "ticket:3"], start=1):
        hub.deliver(Event(i, channel, "t", {}))
    assert hub.since("ticket:1", 0)[0] is None  # forgotten: resync
    assert [e.id for e in hub.since("ticket:3", 2)[0]] == [3]


def test_the_history_leaves_the_garbage_collectors_full_passes_alone():
    """Thousands of kept events once made each full pass 15–20 ms (docs/benchmarks.md)."""
    from satupintu.queueing.models import Status

    hub = Hub()
    for i in range(1, 301):
        data = {"status": Status.CALLED, "counter_number": 3, "at": "2026-11-24T08:00:00"}
        publish_data = {key: events._plain(value) for key, value in data.items()}
        hub.deliver(Event(i, f"ticket:{i % 100}", "call", publish_data))
    for _ in range(3):
        gc.collect()
    kept = [entry for history in hub._history.values() for entry in history]
    assert len(kept) == 300 and not any(gc.is_tracked(entry) for entry in kept)
    resumed = hub.since("ticket:1", 0)[0]
    assert [e.id for e in resumed] == [1, 101, 201]
    assert resumed[0].data == {"status": "called", "counter_number": 3, "at": "2026-11-24T08:00:00"}


# --- async fan-out


def test_many_subscribers_cost_one_hub_listener_and_get_events_in_order(bus):
    async def scenario():
        subs = [events.subscribe(["mpp:1"]) for _ in range(50)]
        assert len(bus.hub._listeners["mpp:1"]) == 1
        sender = threading.Thread(
            target=lambda: [bus.send("mpp:1", "t", {"i": i}) for i in range(20)]
        )
        sender.start()
        received = [[(await s.next(2)).data["i"] for _ in range(20)] for s in subs]
        sender.join()
        assert received == [list(range(20))] * 50
        for s in subs:
            s.close()
        assert "mpp:1" not in bus.hub._listeners

    run_async(scenario())


def test_next_returns_none_when_nothing_comes(bus):
    async def scenario():
        sub = events.subscribe(["quiet"])
        started = time.monotonic()
        assert await sub.next(0.05) is None
        assert time.monotonic() - started < 1
        sub.close()
        with pytest.raises(events.SubscriptionClosed):
            await sub.next(1)

    run_async(scenario())


def test_each_wait_ends_at_its_own_timeout_after_events_and_shorter_waits(bus):
    """A wait ends `timeout` s after it began, whatever the waits before it asked for."""

    async def scenario():
        sub = events.subscribe(["mpp:1"])
        loop = asyncio.get_running_loop()
        loop.call_later(0.05, bus.send, "mpp:1", "t", {"i": 1})
        assert (await sub.next(0.5)).data == {"i": 1}  # woken early by the event
        started = time.monotonic()
        assert await sub.next(0.3) is None  # not at the first wait's deadline
        assert 0.25 <= time.monotonic() - started < 1
        loop.call_later(0.05, bus.send, "mpp:1", "t", {"i": 2})
        assert (await sub.next(30)).data == {"i": 2}
        started = time.monotonic()
        assert await sub.next(0.05) is None  # shorter than the wait before it
        assert time.monotonic() - started < 0.5
        sub.close()

    run_async(scenario())


def test_a_subscriber_too_far_behind_is_cut_off(bus, monkeypatch):
    monkeypatch.setattr(events.Subscription, "MAX_PENDING", 5)

    async def scenario():
        slow = events.subscribe(["busy"])
        for i in range(6):
            bus.send("busy", "t", {"i": i})
        await asyncio.sleep(0.05)
        assert slow.closed
        assert [(await slow.next(1)).data["i"] for _ in range(5)] == list(range(5))
        with pytest.raises(events.SubscriptionClosed):
            await slow.next(1)

    run_async(scenario())


def test_a_reset_closes_every_subscription(bus):
    async def scenario():
        sub = events.subscribe(["mpp:1"])
        bus.hub.reset(floor=bus.hub.last_id + 10)
        await asyncio.sleep(0.05)
        with pytest.raises(events.SubscriptionClosed):
            await sub.next(1)

    run_async(scenario())


# --- PostgreSQL LISTEN/NOTIFY (the two-server test is in queueing/tests/test_cross_process.py)


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="LISTEN/NOTIFY needs PostgreSQL"
)


def _wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.01)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_bus_delivers_in_id_order_from_many_threads():
    bus = PostgresBus("postgres")
    try:
        bus.start()
        floor = bus.hub.floor
        got: list[Event] = []
        bus.hub.subscribe("c", got.append)

        def sender(n):
            for i in range(10):
                bus.send("c", "t", {"sender": n, "i": i})
            from django.db import connections

            connections.close_all()

        threads = [threading.Thread(target=sender, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        _wait_for(lambda: len(got) == 40)
        ids = [e.id for e in got]
        assert ids == sorted(ids) and len(set(ids)) == 40 and ids[0] > floor
        assert bus.hub.since("c", ids[19])[0] == got[20:]
    finally:
        bus.close()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_bus_resets_the_hub_after_losing_its_connection():
    bus = PostgresBus("postgres")
    try:
        bus.start()
        seen: list[Event] = []
        bus.hub.subscribe("c", seen.append)
        bus.send("c", "t", {})
        _wait_for(lambda: len(seen) == 1)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = %s",
                [PostgresBus.APPLICATION_NAME],
            )
        _wait_for(lambda: any(e.type == events.RESET for e in seen), timeout=15)
        assert bus.hub.since("c", seen[0].id - 1)[0] is None  # history gone: resync
        bus.send("c", "t", {"after": True})
        _wait_for(lambda: seen[-1].data == {"after": True})
    finally:
        bus.close()
