"""Who is called next at a counter: the priority rule, in one place.

Priority groups (lansia, ibu hamil, disabilitas, ibu dengan balita — UU 25/2009
Pasal 29 on pelayanan khusus for vulnerable groups) go before regular visitors,
but a counter never calls more than K priority tickets in a row while a regular
ticket waits, so nobody starves. Within a group the oldest ticket goes first.

Appointments (janji temu): a checked-in booking's ticket is due at its slot time;
from then on it is called before both lines, earliest slot first. It neither
extends nor ends the priority run: the slot was reserved, not queued for. Before
its time it waits in the regular line like any other ticket.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Pick = Literal["appointment", "priority", "regular"] | None


@dataclass(frozen=True)
class Waiting:
    """The heads of the two lines a counter may call from."""

    priority: bool  # a priority ticket waits
    regular: bool  # a regular ticket waits
    appointment: bool = False  # an appointment ticket whose slot time has come waits


def choose_line(waiting: Waiting, *, streak: int, max_streak: int) -> Pick:
    """Which line to call from, given how many priority calls this counter made in a row."""
    if waiting.appointment:
        return "appointment"
    if waiting.priority and (not waiting.regular or streak < max_streak):
        return "priority"
    if waiting.regular:
        return "regular"
    return None


def next_streak(picked: Pick, streak: int) -> int:
    """A priority call extends the run; a regular call ends it; a due appointment leaves it."""
    if picked == "appointment":
        return streak
    return streak + 1 if picked == "priority" else 0
