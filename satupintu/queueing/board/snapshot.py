"""The queue board's state of one MPP day: its pieces, the events, and how an event moves it.

The snapshot (`selectors.queue_snapshot`) and the events published by
`services` are built from the same entry functions below, so a screen that
applies the events to a snapshot (`apply_event`: the board's stream does, before it
draws the screen, and so may an API client) holds exactly what a fresh snapshot
would show. Applying an event twice changes nothing: a stream may deliver an event
whose change the snapshot already contains (it was committed while the snapshot was
read).

Times are UTC ISO strings with microseconds, so they sort as text. The public
board carries no ticket's public id (that is the holder's key to its page):
tickets are named by their database id and number.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from satupintu.queueing.models import Status, Ticket, TicketEvent

LAST_CALLS = 10  # calls (and recalls) the board keeps, newest first
AT_COUNTER = (Status.CALLED, Status.SERVING)
CALLS = ("call", "recall")


def iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def prefix_of(number: str) -> str:
    return number.rsplit("-", 1)[0]


def event_data(ticket: Ticket, history: TicketEvent, service_code: str) -> dict[str, Any]:
    """What the MPP channel says about one transition (`history` is its history row)."""
    counter = ticket.counter
    return {
        "ticket": ticket.pk,
        "number": ticket.number,
        "service": service_code,
        "queue": prefix_of(ticket.number),
        "priority": bool(ticket.priority),
        "status": ticket.status,
        "from": history.from_status,
        "counter": counter.pk if counter else None,
        "counter_number": counter.number if counter else None,
        "issued_at": iso(ticket.issued_at),
        "at": iso(history.at),
        "history": history.pk,
        # a waiting continuation (a journey's next step, a transfer): the number it came
        # from, so the board says where that number goes next (issued with it: no query)
        "from_number": _from_number(ticket),
    }


def _from_number(ticket: Ticket) -> str | None:
    if not ticket.transferred_from_id or ticket.status != Status.WAITING:
        return None
    previous = ticket.transferred_from
    return previous.number if previous is not None else None


def waiting_entry(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("ticket", "number", "service", "queue", "priority", "issued_at")
    return {**{key: data[key] for key in keys}, "from_number": data.get("from_number")}


def at_counter_entry(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in ("ticket", "number", "service", "status")}


def call_entry(data: dict[str, Any], action: str) -> dict[str, Any]:
    keys = ("history", "ticket", "number", "service", "counter", "counter_number", "at")
    return {**{key: data[key] for key in keys}, "action": action}


def recount(snapshot: dict[str, Any]) -> None:
    """Waiting counts per service and per queue, from the waiting list."""
    per_service: dict[str, int] = {}
    per_queue: dict[str, list[int]] = {}
    for entry in snapshot["waiting"]:
        per_service[entry["service"]] = per_service.get(entry["service"], 0) + 1
        counts = per_queue.setdefault(entry["queue"], [0, 0])
        counts[0] += 1
        counts[1] += entry["priority"]
    for service in snapshot["services"]:
        service["waiting"] = per_service.get(service["code"], 0)
    for queue in snapshot["queues"]:
        queue["waiting"], queue["priority_waiting"] = per_queue.get(queue["prefix"], [0, 0])


def sort_waiting(waiting: list[dict[str, Any]]) -> None:
    """Call order without priority: oldest issue time first (as `call_next` orders)."""
    waiting.sort(key=lambda entry: (entry["issued_at"], entry["ticket"]))


def apply_event(snapshot: dict[str, Any], type_: str, data: dict[str, Any]) -> dict[str, Any]:
    """The snapshot after one MPP-channel event (a new dict; idempotent)."""
    state = copy.deepcopy(snapshot)
    if type_ == "notice":  # the supervisor changed the running text
        state["running_text"] = data["running_text"]
        return state
    if type_ == "counter":  # a counter opened, paused or closed
        for counter in state["counters"]:
            if counter["id"] == data["counter"]:
                counter["mode"], counter["is_active"] = data["mode"], data["is_active"]
        return state
    if "ticket" not in data:  # not a ticket event: nothing on the board changes
        return state
    ticket = data["ticket"]
    state["waiting"] = [w for w in state["waiting"] if w["ticket"] != ticket]
    if data["status"] == Status.WAITING:
        state["waiting"].append(waiting_entry(data))
        sort_waiting(state["waiting"])
    for counter in state["counters"]:
        if counter["ticket"] is not None and counter["ticket"]["ticket"] == ticket:
            counter["ticket"] = None
        if data["status"] in AT_COUNTER and counter["id"] == data["counter"]:
            counter["ticket"] = at_counter_entry(data)
    calls = state["last_calls"]
    if type_ in CALLS and all(c["history"] != data["history"] for c in calls):
        calls.append(call_entry(data, type_))
        calls.sort(key=lambda c: c["history"], reverse=True)
        del calls[LAST_CALLS:]
    recount(state)
    return state
