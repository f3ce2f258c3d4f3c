"""Counters finishing journey steps at once: each finished step continues exactly once, the
next queue's numbers stay gap-free, no ticket is called twice (SQLite and PostgreSQL)."""

import datetime as dt

import pytest
from django.db import close_old_connections

from satupintu.appointments.models import Booking, SlotCounter
from satupintu.appointments.tests.factories import NIKS
from satupintu.core.tests.concurrency import run_concurrently
from satupintu.journeys.services import VisitFull, book_journey, take_journey_ticket
from satupintu.journeys.tests.factories import make_birth, make_bookable_birth
from satupintu.queueing.counters import services as counters
from satupintu.queueing.models import Status, Ticket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency, pytest.mark.slow]

JOURNEYS = 40
VISIT_DAYS = 7  # 10-16 August 2026 (17 August is a holiday)


def test_two_counters_serving_journeys_at_once_continue_each_step_exactly_once():
    birth = make_birth()
    for _ in range(JOURNEYS):
        take_journey_ticket(mpp=birth.mpp, key="kelahiran", answers={"jkn": "Ya"}, channel="kiosk")

    def counter(i):
        served = []
        at = birth.dukcapil[i] if i < 2 else birth.bpjs
        idle = 0
        while idle < 20:  # the BPJS counter waits for the first continuations
            ticket = counters.call_next(counter=at, officer=None)
            close_old_connections()
            if ticket is None:
                idle += 1
                continue
            idle = 0
            counters.start_serving(ticket=ticket, actor=None)
            counters.finish(ticket=ticket, actor=None)
            served.append(ticket.pk)
            close_old_connections()
        return served

    results = run_concurrently(counter, 3)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    served = [pk for r in results for pk in r]
    while (ticket := counters.call_next(counter=birth.bpjs, officer=None)) is not None:
        counters.start_serving(ticket=ticket, actor=None)  # the last ones, now quietly
        counters.finish(ticket=ticket, actor=None)
        served.append(ticket.pk)
    assert len(served) == len(set(served))
    for service, steps_after in ((birth.akta, 2), (birth.kk, 1), (birth.jkn, 0)):
        tickets = Ticket.objects.filter(service=service)
        assert tickets.count() == JOURNEYS
        assert sorted(tickets.values_list("seq", flat=True)) == list(range(1, JOURNEYS + 1))
        if steps_after:
            continued = Ticket.objects.filter(transferred_from__service=service)
            assert continued.count() == JOURNEYS
    assert not Ticket.objects.exclude(status=Status.DONE).exists()


def test_phones_booking_the_last_consecutive_slots_at_once_book_one_whole_visit():
    """Each day, two phones book the day's last run of consecutive slots (capacity 1) at
    the same moment, many days over: one gets the whole visit, the other nothing (and the
    next visit that fits); no slot is ever counted past its capacity."""
    birth = make_bookable_birth(capacity=1)
    now = dt.datetime(2026, 8, 9, 14, 0, tzinfo=dt.UTC)  # Sunday 21.00 WIB
    for offset in range(VISIT_DAYS):
        day = dt.date(2026, 8, 10) + dt.timedelta(days=offset)
        late = dt.datetime.combine(day, dt.time(22, 0), tzinfo=birth.mpp.tzinfo)

        def phone(i, day=day, late=late, offset=offset):
            nik, number = NIKS[2 * offset + i], f"08123456{offset:02d}{i:02d}"
            try:
                return book_journey(
                    mpp=birth.mpp,
                    key="kelahiran",
                    answers={"jkn": "Ya"},
                    day=day,
                    after=late,
                    name="Warga",
                    nik=nik,
                    phone=number,
                    now=now,
                )
            finally:
                close_old_connections()

        results = run_concurrently(phone, 2)
        won = [r for r in results if isinstance(r, list)]
        lost = [r for r in results if isinstance(r, VisitFull)]
        assert len(won) == 1 and len(lost) == 1, results
        assert len(won[0]) == 3 and lost[0].alternative, results
        assert [b.follows for _v, b in won[0]][1:] == [b for _v, b in won[0]][:2]
    assert Booking.objects.count() == 3 * VISIT_DAYS
    assert not SlotCounter.objects.filter(booked__gt=1).exists()
    for nik in NIKS[: 2 * VISIT_DAYS]:  # never half a journey
        assert Booking.objects.filter(nik=nik).count() in (0, 3)
