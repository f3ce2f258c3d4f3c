"""SSE frames: one board event is serialised once for all its watchers, never shared wrongly."""

from satupintu.core import sse
from satupintu.core.sse import Message


def test_one_event_is_serialised_once_for_every_watcher(monkeypatch) -> None:
    dumps = []
    real = sse.json.dumps
    monkeypatch.setattr(sse.json, "dumps", lambda *a, **k: dumps.append(1) or real(*a, **k))
    data = {"number": "A-012", "counter_number": 3}
    frames = {Message(987_654_321, "call", data).encode() for _ in range(1000)}
    frame = b'id: 987654321\nevent: call\ndata: {"number":"A-012","counter_number":3}\n\n'
    assert frames == {frame}
    assert len(dumps) == 1


def test_same_id_with_other_data_is_not_mixed_up() -> None:
    """A phone's own view carries the board event's id but its own data."""
    mine = Message(123_456_789, "ticket", {"ahead": 4}).encode()
    theirs = Message(123_456_789, "ticket", {"ahead": 9}).encode()
    assert b'"ahead":4' in mine and b'"ahead":9' in theirs
