"""The floor is read in a fixed number of queries, however many tickets, services and
counters the MPP has."""

from __future__ import annotations

import pytest

from satupintu.catalog.services import assign_service_to_counter
from satupintu.operations.floor import floor_now
from satupintu.operations.tests.floor_scene import NOW, apply, book, build_scene
from satupintu.operations.tests.measures_day import DAY, make_ticket
from satupintu.queueing.models import Channel
from satupintu.queueing.tests.factories import queue_at
from satupintu.tenancy.tests.factories import CounterFactory

pytestmark = pytest.mark.django_db

FLOOR_QUERIES = 12


def test_the_floor_costs_the_same_queries_with_three_times_as_much_on_it(
    personas, django_assert_max_num_queries, django_assert_num_queries
):
    scene = build_scene(personas)
    floor_now(personas.mpp_x, now=NOW)  # the content types are cached once per process
    with django_assert_max_num_queries(FLOOR_QUERIES) as small:
        floor_now(personas.mpp_x, now=NOW)
    for n in range(3):
        counter = CounterFactory(booth=personas.counter_xb.booth, number=10 + n)
        service = queue_at(counter, f"Q{n}")
        assign_service_to_counter(counter=counter, service=scene.service_b)
        for minute in range(10):
            make_ticket(service, Channel.KIOSK, [("issue", f"09:{minute + 10:02d}")])
        make_ticket(
            service, Channel.KIOSK, [("issue", "09:00"), ("call", "09:30")], counter=counter
        )
        book(service, "10:20")
        apply(service, personas.citizen, DAY, "processing")
    with django_assert_num_queries(len(small.captured_queries)):
        floor = floor_now(personas.mpp_x, now=NOW)
    assert floor.totals.waiting == 4 + 30
    assert floor.totals.counters["serving"] == 1 + 3
