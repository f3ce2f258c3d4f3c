"""A hand-made floor at MPP X, Monday 2 November 2026 at 10.00 WIB, the answers written in
the tests (tests/test_floor.py). The MPP is open all day (queue_personas).

Agency A, service A (people waiting since 09.40):
    loket 1  open, serving: A3 (issued 09.30) called 09.58
    loket 3  open, idle: its last ticket A4 finished there 09.50; opened by its officer 08.00
    A1 kiosk issued 09.40, waiting (20 minutes: past the 15-minute target)
    A2 online issued 09.45.00, waiting (exactly 15 minutes: within the target)
    A6 kiosk issued 09.00, called 09.10 at loket 1, no-show 09.15, restored 09.52: waiting
       (60 minutes by the measures' rule: from its issue; in line again since 09.52)
    TA kiosk issued 09.50, called 09.51 at loket 1, started 09.52, transferred 09.57 to B
Agency B, service B:
    loket 2  open (no state row), idle, never busy today
    loket 4  paused;  loket 5  closed (both serve B)
    B1 transfer: the continuation of TA, keeping 09.50 as its place, made 09.57: waiting
       3 minutes (from the transfer, not from 09.50)
Appointments of service A: 10.00 booked, 10.30 checked in, 10.59.59 booked (due); 09.59
    booked (late), 10.15 cancelled, 11.00 booked (next hour): not due.
Applications of service B: due today processing, due Tuesday 3 Nov verifying (at risk);
    due Wednesday, overdue (30 Oct), paused for revision, ready: not at risk.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from satupintu.accounts.tests.factories import Personas
from satupintu.applications.models import Application
from satupintu.applications.models import Status as AppStatus
from satupintu.appointments.models import Booking, BookingStatus
from satupintu.catalog.models import Service
from satupintu.catalog.services import assign_service_to_counter
from satupintu.operations.tests.measures_day import DAY, at, log_mode, make_ticket
from satupintu.queueing.models import Channel, CounterState, Ticket
from satupintu.queueing.tests.factories import queue_personas
from satupintu.tenancy.models import Counter
from satupintu.tenancy.tests.factories import CounterFactory

NOW = at("10:00")
_numbers = itertools.count(1)


@dataclass
class Scene:
    p: Personas
    service_a: Service
    service_b: Service
    counters: dict[int, Counter]
    tickets: dict[str, Ticket]


def book(service: Service, hhmm: str, status: str = BookingStatus.BOOKED) -> Booking:
    n = next(_numbers)
    start = at(hhmm)
    return Booking.objects.create(
        mpp=service.mpp,
        service=service,
        code=f"JT{n:06d}",
        start=start,
        end=start + dt.timedelta(minutes=15),
        day=start.date(),
        name=f"Warga {n}",
        nik=f"3302{n:012d}",
        phone="081234567890",
        status=status,
        created_at=start - dt.timedelta(days=1),
    )


def apply(service: Service, user, due: dt.date, status: str) -> Application:
    n = next(_numbers)
    return Application.objects.create(
        mpp=service.mpp,
        service=service,
        version=service.versions.first(),
        user=user,
        tracking_number=f"UJI{n:08d}",
        status=status,
        applicant_name=f"Pemohon {n}",
        applicant_nik=f"3302{n:012d}",
        applicant_phone="081234567890",
        submitted_at=at("08:00", due - dt.timedelta(days=3)),
        due_date=due,
    )


def build_scene(p: Personas) -> Scene:
    qp = queue_personas(p)
    a, b = qp.service_xa, qp.service_xb
    c1, c2 = p.counter_xa, p.counter_xb
    c3 = CounterFactory(booth=c1.booth, number=3)
    c4 = CounterFactory(booth=c2.booth, number=4)
    c5 = CounterFactory(booth=c2.booth, number=5, is_active=False)
    assign_service_to_counter(counter=c3, service=a)
    for counter in (c4, c5):
        assign_service_to_counter(counter=counter, service=b)
    CounterState.objects.create(counter=c4, mpp=c4.mpp, mode=CounterState.Mode.PAUSED)
    CounterState.objects.create(counter=c5, mpp=c5.mpp, mode=CounterState.Mode.CLOSED)
    log_mode(c3, p.officer_xa, "closed", "open", at("08:00"))
    at1 = {"counter": c1, "officer": p.officer_xa}
    t: dict[str, Ticket] = {}
    t["TA"] = make_ticket(
        a,
        Channel.KIOSK,
        [("issue", "09:50"), ("call", "09:51"), ("start", "09:52"), ("transfer", "09:57")],
        **at1,
    )
    t["B1"] = make_ticket(
        b, Channel.TRANSFER, [("issue", "09:57")], issued="09:50", transferred_from=t["TA"]
    )
    t["A6"] = make_ticket(
        a,
        Channel.KIOSK,
        [("issue", "09:00"), ("call", "09:10"), ("no_show", "09:15"), ("restore", "09:52")],
        **at1,
    )
    t["A4"] = make_ticket(
        a,
        Channel.KIOSK,
        [("issue", "09:20"), ("call", "09:25"), ("start", "09:26"), ("finish", "09:50")],
        counter=c3,
        officer=p.officer_xa,
    )
    t["A3"] = make_ticket(a, Channel.KIOSK, [("issue", "09:30"), ("call", "09:58")], **at1)
    t["A1"] = make_ticket(a, Channel.KIOSK, [("issue", "09:40")])
    t["A2"] = make_ticket(a, Channel.ONLINE, [("issue", "09:45:00")])
    for hhmm, status in (
        ("10:00", BookingStatus.BOOKED),
        ("10:30", BookingStatus.CHECKED_IN),
        ("10:59:59", BookingStatus.BOOKED),
        ("09:59", BookingStatus.BOOKED),
        ("10:15", BookingStatus.CANCELLED),
        ("11:00", BookingStatus.BOOKED),
    ):
        book(a, hhmm, status)
    for due, status in (
        (DAY, AppStatus.PROCESSING),
        (dt.date(2026, 11, 3), AppStatus.VERIFYING),
        (dt.date(2026, 11, 4), AppStatus.SUBMITTED),
        (dt.date(2026, 10, 30), AppStatus.PROCESSING),
        (dt.date(2026, 11, 3), AppStatus.NEEDS_REVISION),
        (dt.date(2026, 11, 3), AppStatus.READY),
    ):
        apply(b, p.citizen, due, status)
    counters = {1: c1, 2: c2, 3: c3, 4: c4, 5: c5}
    return Scene(p=p, service_a=a, service_b=b, counters=counters, tickets=t)
