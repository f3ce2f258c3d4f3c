"""Fifty requests fight for the three places of one slot: exactly three win (SQLite and PG)."""

import datetime as dt

import pytest

from satupintu.appointments import services
from satupintu.appointments.models import Booking, SlotCounter
from satupintu.appointments.tests.factories import NIKS, at, make_bookable
from satupintu.core.tests.concurrency import run_concurrently

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

MONDAY = dt.date(2026, 8, 10)


def test_fifty_concurrent_bookings_for_three_places_give_exactly_three():
    b = make_bookable(capacity=3)
    start, now = at(b.mpp, MONDAY, 8), at(b.mpp, MONDAY, 6)

    def attempt(i):
        return services.book(
            mpp=b.mpp,
            service=b.service,
            start=start,
            name=f"Warga {i}",
            nik=NIKS[i],
            phone=f"0812345678{i:02d}",
            now=now,
        )

    results = run_concurrently(attempt, 50)
    wins = [r for r in results if isinstance(r, Booking)]
    full = [r for r in results if isinstance(r, services.SlotFull)]
    others = [r for r in results if not isinstance(r, Booking | services.SlotFull)]
    assert not others, others[:3]
    assert len(wins) == 3 and len(full) == 47
    assert Booking.objects.filter(start=start).count() == 3
    assert SlotCounter.objects.get(service=b.service, start=start).booked == 3
    assert all(f.alternatives and f.alternatives[0].start != start for f in full)


def test_the_same_nik_twice_at_once_books_once():
    b = make_bookable(capacity=10)
    now = at(b.mpp, MONDAY, 6)

    def attempt(i):
        return services.book(
            mpp=b.mpp,
            service=b.service,
            start=at(b.mpp, MONDAY, 8 + i % 2),
            name="Warga",
            nik=NIKS[0],
            phone="081234567800",
            now=now,
        )

    results = run_concurrently(attempt, 8)
    assert len([r for r in results if isinstance(r, Booking)]) == 1
    assert sum(SlotCounter.objects.values_list("booked", flat=True)) == 1
