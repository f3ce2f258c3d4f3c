"""The Redis Streams event bus (core/redis_bus.py) against a real redis-server."""

from __future__ import annotations

import threading
import time

import pytest

from satupintu.core import events
from satupintu.core.hub import RESET
from satupintu.core.redis_bus import RedisStreamBus


@pytest.fixture
def buses(redis_url, redis_client):
    made: list[RedisStreamBus] = []

    def make(maxlen: int = 1_000) -> RedisStreamBus:
        bus = RedisStreamBus(redis_url, maxlen=maxlen)
        made.append(bus)
        return bus

    yield make
    for bus in made:
        bus.close()


def wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_the_settings_url_picks_the_redis_bus(redis_url):
    assert isinstance(events.make_bus(redis_url), RedisStreamBus)


def test_events_from_many_threads_reach_another_node_in_id_order(buses):
    receiver, sender = buses(), buses()
    receiver.start()
    got: list[events.Event] = []
    receiver.hub.subscribe("mpp:1", got.append)

    def send_some() -> None:
        for n in range(25):
            sender.send("mpp:1", "issue", {"n": n})

    threads = [threading.Thread(target=send_some) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_for(lambda: len(got) == 100)
    ids = [e.id for e in got]
    assert ids == sorted(ids) and len(set(ids)) == 100
    assert ids[-1] - ids[0] == 99  # gap-free: one counter for the whole cluster


def test_a_node_started_later_has_the_window_for_resume(buses):
    sender = buses()
    sent = [sender.send("mpp:1", "call", {"n": n}) for n in range(5)]
    late = buses()
    late.start()
    replay, _cursor = late.hub.since("mpp:1", sent[1].id)
    assert replay is not None
    assert [e.data["n"] for e in replay] == [2, 3, 4]
    # Before the window's start: a snapshot, never a silent gap.
    assert late.hub.since("mpp:1", sent[0].id - 1)[0] is not None
    assert late.hub.since("mpp:1", sent[0].id - 2)[0] is None


def test_a_node_back_after_the_window_moved_on_restarts_its_streams(buses, redis_client):
    node, sender = buses(), buses()
    sender.send("mpp:1", "call", {"n": 0})
    seen = node._catch_up(node._client, None)  # what its listener does on start
    signals: list[events.Event] = []
    node.hub.subscribe("mpp:1", signals.append)
    # The node is away (no listener) while the stream is trimmed past what it saw.
    newer = sender.send("mpp:1", "call", {"n": 1})
    redis_client.xtrim(RedisStreamBus.STREAM, minid=f"{newer.id}-0")
    newest = sender.send("mpp:1", "call", {"n": 2})
    assert node._catch_up(node._client, seen) == seen + 2  # nothing trimmed that it missed
    assert [e.type for e in signals] == ["call", "call"]
    assert node.hub.since("mpp:1", seen)[0] is not None

    redis_client.xtrim(RedisStreamBus.STREAM, maxlen=0)
    sender.send("mpp:1", "call", {"n": 3})
    redis_client.xtrim(RedisStreamBus.STREAM, maxlen=0)
    last = sender.send("mpp:1", "call", {"n": 4})
    assert node._catch_up(node._client, newest.id) == last.id
    assert signals[2].type == RESET and signals[3].data == {"n": 4}
    assert node.hub.since("mpp:1", newest.id)[0] is None  # a snapshot, not a silent gap
    assert node.hub.since("mpp:1", last.id - 1)[0] is not None


def test_the_stream_keeps_about_maxlen_events(buses, redis_client):
    sender = buses(maxlen=100)
    for n in range(1_000):
        sender.send("mpp:1", "issue", {"n": n})
    assert 100 <= redis_client.xlen(RedisStreamBus.STREAM) < 300  # MAXLEN ~ trims by node


def test_a_redis_that_is_away_fails_the_send_not_the_request(caplog):
    bus = RedisStreamBus("redis://127.0.0.1:1/0")
    assert bus.send("mpp:1", "issue", {}) is None
    assert "not sent" in caplog.text
