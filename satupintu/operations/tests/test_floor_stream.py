"""The floor's stream: drawn afresh on the MPP's events, only the parts that changed sent."""

from __future__ import annotations

import asyncio

from satupintu.core import events
from satupintu.operations import floor_stream


def test_an_event_redraws_the_floor_and_only_changed_parts_are_sent(bus, monkeypatch):
    monkeypatch.setattr(floor_stream, "FLOOR_THROTTLE", 0.0)
    drawings = iter(
        [
            {"live": "<div>2 menunggu</div>", "alerts": "<p>Tidak ada peringatan.</p>"},
            {"live": "<div>1 menunggu</div>", "alerts": "<p>Tidak ada peringatan.</p>"},
        ]
    )

    async def draw():
        return next(drawings)

    async def scenario():
        source = await floor_stream.open_floor(7, draw)
        first = [await source.next(0.1), await source.next(0.1)]
        assert [m.type for m in first] == ["live", "alerts"]
        events.bus().send("mpp:7", "notice", {"running_text": "x"})  # the board's text only
        assert await source.next(0.1) is None
        events.bus().send("mpp:8", "call", {"counter": 1})  # another MPP
        assert await source.next(0.1) is None
        events.bus().send("mpp:7", "call", {"counter": 1, "service": "A01"})
        message = await source.next(1.0)
        assert (message.type, message.data) == ("live", "<div>1 menunggu</div>")
        assert await source.next(0.1) is None  # the alerts did not change: not sent again
        source.close()

    asyncio.run(scenario())


def test_a_viewer_no_longer_allowed_gets_no_stream(bus):
    async def refuse():
        return None

    async def scenario():
        return await floor_stream.open_floor(7, refuse)

    assert asyncio.run(scenario()) is None
