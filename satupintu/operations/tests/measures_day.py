"""A hand-made day at MPP X (Monday 2 November 2026, WIB), the answers written in the tests.

Counter 1 (agency A, service A, officer A) opens 08.00, pauses 12.00–13.00, closes 15.00;
counter 2 (agency B, service B, officer B) opens 09.00, closes 16.00.

    T1 A kiosk        issued 08.00, called 08.05, started 08.06, done 08.16      rated 4
    T2 A online       issued 08.10, called 08.20, recalled 08.22 and 08.24,
                      started 08.25, done 08.40                                 rated 2
    T3 A kiosk        issued 08.15, called 08.40, recalled 08.41, 08.42, no-show 08.43
    T4 A appointment  checked in 08.30, called 08.45, started 08.46, done 08.56 (waits 15)
    T5 A kiosk        issued 08.35, called 09.00, started 09.00, transferred 09.05 to B
    T6 B transfer     (continuation of T5, keeps 08.35 as its place) called 09.10 at
                      counter 2, started 09.12, done 09.30
    T7 A walk-in      made at 10.00.00 exactly, called 10.02, started 10.03, done 11.00.00
    T8 A kiosk        issued 12.10 (counter 1 paused), called 13.05, started 13.06, done 13.20
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from satupintu.accounts.models import User
from satupintu.accounts.tests.factories import Personas
from satupintu.catalog.models import Service
from satupintu.queueing.models import Channel, CounterModeChange, Ticket, TicketEvent
from satupintu.queueing.tests.factories import queue_personas
from satupintu.queueing.workflow import TRANSITIONS
from satupintu.satisfaction.models import Rating
from satupintu.tenancy.models import Counter

DAY = dt.date(2026, 11, 2)
TZ = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(hhmm: str, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), TZ)


def make_ticket(
    service: Service,
    channel: str,
    steps: list[tuple[str, str]],
    *,
    counter: Counter | None = None,
    officer: User | None = None,
    issued: str | None = None,
    transferred_from: Ticket | None = None,
    day: dt.date = DAY,
) -> Ticket:
    """A ticket with its history, written as it would have been: `steps` are (action,
    'HH:MM[:SS]'), the first one its issue."""
    queue = service.queue_link.queue
    seq = Ticket.objects.filter(queue=queue, day=day).count() + 1
    status = ""
    fields: dict = {}
    rows = []
    for action, when in steps:
        moment = at(when, day)
        before = status
        status = "waiting" if action == "issue" else TRANSITIONS[action].target
        if action == "call":
            fields.update(called_at=moment, counter=counter, officer=officer)
        elif action == "start":
            fields["started_at"] = moment
        elif action in ("finish", "no_show", "transfer", "cancel"):
            fields["finished_at"] = moment
        elif action == "recall":
            fields["recalls"] = fields.get("recalls", 0) + 1
        rows.append((action, moment, before, status, fields.get("counter")))
    ticket = Ticket.objects.create(
        mpp=service.mpp,
        queue=queue,
        service=service,
        day=day,
        seq=seq,
        number=f"{queue.prefix}-{seq:03d}",
        channel=channel,
        status=status,
        issued_at=at(issued, day) if issued else rows[0][1],
        transferred_from=transferred_from,
        **fields,
    )
    TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket=ticket,
            mpp=service.mpp,
            at=moment,
            action=action,
            from_status=before,
            to_status=after,
            counter=where if action != "issue" else None,
            actor=officer if action != "issue" else None,
        )
        for action, moment, before, after, where in rows
    )
    return ticket


def log_mode(
    counter: Counter, officer: User | None, before: str, after: str, when: dt.datetime
) -> None:
    """A mode change in the counter's history, as set_counter_mode appends it, at `when`."""
    CounterModeChange.objects.create(
        mpp_id=counter.mpp_id, counter=counter, at=when, before=before, mode=after, actor=officer
    )


@dataclass
class Day:
    p: Personas
    service_a: Service
    service_b: Service
    tickets: dict[str, Ticket]


def build_day(p: Personas) -> Day:
    qp = queue_personas(p)
    a, b = qp.service_xa, qp.service_xb
    c1, c2, o1, o2 = p.counter_xa, p.counter_xb, p.officer_xa, p.officer_xb
    log_mode(c1, o1, "closed", "open", at("08:00"))
    log_mode(c2, o2, "closed", "open", at("09:00"))
    log_mode(c1, o1, "open", "paused", at("12:00"))
    log_mode(c1, o1, "paused", "open", at("13:00"))
    log_mode(c1, o1, "open", "closed", at("15:00"))
    log_mode(c2, o2, "open", "closed", at("16:00"))
    at1 = {"counter": c1, "officer": o1}
    t: dict[str, Ticket] = {}
    t["T1"] = make_ticket(
        a,
        Channel.KIOSK,
        [("issue", "08:00"), ("call", "08:05"), ("start", "08:06"), ("finish", "08:16")],
        **at1,
    )
    t["T2"] = make_ticket(
        a,
        Channel.ONLINE,
        [
            ("issue", "08:10"),
            ("call", "08:20"),
            ("recall", "08:22"),
            ("recall", "08:24"),
            ("start", "08:25"),
            ("finish", "08:40"),
        ],
        **at1,
    )
    t["T3"] = make_ticket(
        a,
        Channel.KIOSK,
        [
            ("issue", "08:15"),
            ("call", "08:40"),
            ("recall", "08:41"),
            ("recall", "08:42"),
            ("no_show", "08:43"),
        ],
        **at1,
    )
    t["T4"] = make_ticket(
        a,
        Channel.APPOINTMENT,
        [("issue", "08:30"), ("call", "08:45"), ("start", "08:46"), ("finish", "08:56")],
        **at1,
    )
    t["T5"] = make_ticket(
        a,
        Channel.KIOSK,
        [("issue", "08:35"), ("call", "09:00"), ("start", "09:00"), ("transfer", "09:05")],
        **at1,
    )
    t["T6"] = make_ticket(
        b,
        Channel.TRANSFER,
        [("issue", "09:05"), ("call", "09:10"), ("start", "09:12"), ("finish", "09:30")],
        counter=c2,
        officer=o2,
        issued="08:35",
        transferred_from=t["T5"],
    )
    t["T7"] = make_ticket(
        a,
        Channel.WALK_IN,
        [("issue", "10:00:00"), ("call", "10:02"), ("start", "10:03"), ("finish", "11:00:00")],
        **at1,
    )
    t["T8"] = make_ticket(
        a,
        Channel.KIOSK,
        [("issue", "12:10"), ("call", "13:05"), ("start", "13:06"), ("finish", "13:20")],
        **at1,
    )
    for name, score in (("T1", 4), ("T2", 2)):
        ticket = t[name]
        Rating.objects.create(
            mpp=ticket.mpp,
            ticket=ticket,
            service=ticket.service,
            counter=ticket.counter,
            officer=ticket.officer,
            score=score,
            source="tablet",
            created_at=ticket.finished_at,
        )
    return Day(p=p, service_a=a, service_b=b, tickets=t)
