"""The floor view's live stream (`/staf/lantai/events`, docs/adr/0005-real-time.md).

A `core.redraw` stream: the server draws the page's live parts again and sends each part
that changed as an HTML fragment, which htmx's SSE extension swaps in. The floor is
redrawn on every event of the MPP's channel (every ticket's move and every counter's mode
change), at most every FLOOR_THROTTLE seconds when events come together, and every
FLOOR_REFRESH seconds when nothing happens, so the longest wait and the idle counters move
on by themselves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from satupintu.core.redraw import Drawing, RedrawSource, open_redraw

FLOOR_THROTTLE = 0.5  # seconds: events that come together redraw the floor once
FLOOR_REFRESH = 30.0  # seconds: the waits move on when nothing happens
IGNORED = frozenset({"notice"})  # the board's running text changes nothing on the floor

__all__ = ["Drawing", "open_floor"]


async def open_floor(mpp_id: int, draw: Callable[[], Awaitable[Drawing]]) -> RedrawSource | None:
    """The live floor of an MPP (allowed by the caller), or None when `draw` refuses."""
    return await open_redraw(
        [f"mpp:{mpp_id}"],
        draw,
        refresh=FLOOR_REFRESH,
        throttle=FLOOR_THROTTLE,
        ignored=IGNORED,
    )
