"""The board's screen, drawn by the server: the first page and each event's fragments.

`Screen.context` turns a board snapshot (snapshot.py) into what the TV shows; the page
and the fragment stream render the same template partials from it, so a board moved by
events looks exactly like one loaded afresh. Each event names the parts of the screen it
may change (`PARTS`); its SSE message carries them rendered, each an element with its id,
which the page swaps in. A call's message also carries what the board says: the latest
call's card holds the sentence (`data-say`, speech.announcement_text) and the address of
the server's voice for it (`data-voice`), and the same for its shorter phrasings, said in a
burst (`data-say-brief`, `data-say-short`, …, speech.PHRASINGS); the card and the counter's
tile are marked fresh. The rules of what the board shows and says are written here once, in Python;
static/queueing/board.js only swaps, chimes and speaks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from satupintu.queueing.board import speech
from satupintu.queueing.board.snapshot import CALLS

TEMPLATE = "queueing/board/board.html"
PREVIOUS_CALLS = 4  # calls listed under the latest one
# A board that comes back from a cut or a restart to a call it has not shown announces
# it, when it is at most this old: the citizen called meanwhile may still be waiting.
MISSED_CALL_SECONDS = 120
# The parts of the screen (element ids, template partials) each message redraws.
CALL_PARTS = ("call-card", "previous-calls", "counter-grid", "onward", "waiting-grid")
ALL_PARTS = (*CALL_PARTS, "board-ticker")  # the "board" message, on (re)connect
PARTS = {"issue": ("waiting-grid",), "counter": ("counter-grid",), "notice": ("board-ticker",)}
ONWARD_ISSUE_PARTS = ("onward", "waiting-grid")  # a number going on to its next step
TICKET_PARTS = ("counter-grid", "onward", "waiting-grid")  # any other ticket transition
ONWARD = 3  # numbers going on to their next step that the board lists, newest first


def columns(counters: int) -> int:
    """Columns of the counter grid: as few as fit, so each tile is as large as it can be."""
    return next((cols for most, cols in ((8, 4), (18, 6), (28, 7)) if counters <= most), 8)


def shown_state(counter: dict[str, Any]) -> str:
    """What a counter's tile shows: closed, paused, called, serving or idle."""
    if not counter["is_active"] or counter.get("mode") == "closed":
        return "closed"
    if counter.get("mode") == "paused":
        return "paused"
    return counter["ticket"]["status"] if counter["ticket"] else "idle"


def sentence(number: str, counter_number: int, phrasing: str = "full") -> str:
    """What the board says for a call ("" for a number it cannot read: a chime only)."""
    try:
        return speech.announcement_text(number, counter_number, phrasing)
    except speech.InvalidCall:
        return ""


@dataclass(frozen=True)
class Screen:
    """One MPP's board as drawn for its displays, in the language they asked for."""

    slug: str
    agencies: dict[str, str]  # counter id (as text) → agency short name (board_labels)
    language: str
    # service code → {"counters": [numbers], "agency": short name} (selectors.service_places)
    places: dict[str, dict[str, Any]] = field(default_factory=dict)

    def onward(self, snapshot: dict[str, Any]) -> list[dict[str, Any]]:
        """The numbers going on to another queue (a journey's next step, a transfer), newest
        first: the number the citizen holds, the new one, and where it is served ("A-012 →
        AK-004 · Loket 7, 8 · Dukcapil"); gone from the list once called."""
        moved = [w for w in snapshot["waiting"] if w.get("from_number")]
        moved.sort(key=lambda w: w["ticket"], reverse=True)
        names = {s["code"]: s["name"] for s in snapshot["services"]}
        return [
            {
                "from_number": w["from_number"],
                "number": w["number"],
                "service": names.get(w["service"], ""),
                "counters": self.places.get(w["service"], {}).get("counters", []),
                "agency": self.places.get(w["service"], {}).get("agency", ""),
            }
            for w in moved[:ONWARD]
        ]

    def _call(self, call: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
        voice = reverse("queueing:board_voice", kwargs={"slug": self.slug})
        query = urlencode({"nomor": call["number"], "loket": call["counter_number"]})
        number, counter = call["number"], call["counter_number"]
        return {
            "number": number,
            "counter_number": counter,
            "service": names.get(call["service"], ""),
            "agency": self.agencies.get(str(call["counter"]), ""),
            "say": sentence(number, counter),
            "voice": f"{voice}?{query}",
            "shorter": [  # the shorter phrasings, for a board with calls waiting to be said
                {
                    "name": name,
                    "say": sentence(number, counter, name),
                    "voice": f"{voice}?{query}&{urlencode({'ragam': name})}",
                }
                for name in speech.PHRASINGS
                if name != "full"
            ],
            "history": call["history"],
            "recent": _is_recent(call["at"]),
        }

    def context(self, snapshot: dict[str, Any], *, fresh: int | None = None) -> dict[str, Any]:
        """The template's `board`; `fresh` is the counter of a call just made (it flashes)."""
        names = {s["code"]: s["name"] for s in snapshot["services"]}
        calls = [self._call(c, names) for c in snapshot["last_calls"]]
        counters = [
            {**c, "agency": self.agencies.get(str(c["id"]), ""), "shown": shown_state(c)}
            for c in snapshot["counters"]
        ]
        return {
            "latest": calls[0] if calls else None,
            "previous": calls[1 : 1 + PREVIOUS_CALLS],
            "counters": counters,
            "columns": columns(len(counters)),
            "queues": snapshot["queues"],
            "onward": self.onward(snapshot),
            "running_text": snapshot["running_text"],
            "fresh": fresh,
        }

    def render(
        self,
        snapshot: dict[str, Any],
        parts: tuple[str, ...] = ALL_PARTS,
        *,
        fresh: int | None = None,
    ) -> str:
        """These parts of the screen, rendered one after the other."""
        context = {"board": self.context(snapshot, fresh=fresh)}
        with translation.override(self.language):
            return "".join(render_to_string(f"{TEMPLATE}#{part}", context) for part in parts)


def message_of(type_: str, before: dict[str, Any], data: dict[str, Any]) -> tuple[str, tuple]:
    """(SSE event name, parts to redraw) for an MPP-channel event: "call" for a call or recall
    the board has not shown yet (it is announced), else "update"."""
    if type_ in CALLS and all(c["history"] != data.get("history") for c in before["last_calls"]):
        return "call", CALL_PARTS
    if type_ == "issue" and data.get("from_number"):
        return "update", ONWARD_ISSUE_PARTS
    return "update", PARTS.get(type_, TICKET_PARTS)


def _is_recent(at: str) -> bool:
    """Whether a call made at `at` (ISO time) may still be announced to a board that missed
    it (MISSED_CALL_SECONDS)."""
    age = timezone.now() - dt.datetime.fromisoformat(at)
    return age.total_seconds() <= MISSED_CALL_SECONDS
