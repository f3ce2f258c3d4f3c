"""`satupintu simulate --compare-journeys` (compare.py) on a small MPP with a birth journey:
the JSON shape, the fair-place rule inside the simulation, determinism by seed."""

import collections
import datetime as dt
import io
import json
import math

import pytest
from django.core.management import call_command

from satupintu.appointments.models import Booking, BookingStatus, SlotCounter, SlotSetting
from satupintu.catalog.models import Service
from satupintu.journeys.services import import_journeys
from satupintu.journeys.tests.factories import journeys_document, queued_service
from satupintu.queueing.models import Channel, Ticket
from satupintu.queueing.tickets.services import policy_for
from satupintu.simulator.compare import quantile, release_booked_visits
from satupintu.simulator.services import compare_journeys
from satupintu.tenancy.tests.factories import BoothFactory, CounterFactory, MppFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 18)  # a Wednesday
HOURS = [(dt.time(8), dt.time(10, 30))]  # a short day keeps the test fast
PER_DAY = {"kelahiran": 8.0}


@pytest.fixture
def mpp():
    """Dukcapil (two counters: A01 akta, A02 KK) and BPJS (one counter: G01), a short day,
    and the birth journey over them (journeys' test factories)."""
    mpp = MppFactory(hours=HOURS, slug="uji-perjalanan")
    dukcapil = BoothFactory(mpp=mpp, queue_prefix="A")
    counters = [CounterFactory(booth=dukcapil, number=1), CounterFactory(booth=dukcapil, number=2)]
    bpjs = CounterFactory(booth=BoothFactory(mpp=mpp, queue_prefix="G"), number=3)
    queued_service(
        counters, "A", "A01", "Surat keterangan kelahiran", "KK orang tua", "KTP-el orang tua"
    )
    queued_service(counters, "AK", "A02", "KK lama", "Dokumen dasar perubahan")
    queued_service([bpjs], "G", "G01", "KTP-el", "KK", "Kartu JKN-KIS")
    report = import_journeys(mpp=mpp, data=json.dumps(journeys_document()).encode())
    assert report.ok, report.problems
    return mpp


@pytest.mark.slow
def test_the_command_prints_the_three_set_ups_as_one_json_object(mpp):
    out = io.StringIO()
    call_command(
        "simulate", "--mpp", mpp.slug, "--date", DAY.isoformat(), "--compare-journeys",
        "--json", stdout=out,
    )  # fmt: skip
    figures = json.loads(out.getvalue())
    for setup in ("walk_in_fifo", "tickets", "journeys"):
        shown = figures[setup]
        assert {"median_minutes", "p90_minutes", "visits", "per_life_event"} <= set(shown)
        assert shown["citizens"] > 0 and shown["visits"] >= shown["citizens"]
        assert set(shown["per_life_event"]) == {"kelahiran"}
    assert {"pre_verified", "not_pre_verified"} <= set(figures["wasted_trips"])


def test_journeys_follow_through_the_real_services_and_walk_ins_do_not_starve(mpp):
    figures = compare_journeys(mpp, DAY, seed=3, per_day={"kelahiran": 12.0})
    journeys, fifo = figures["journeys"], figures["walk_in_fifo"]
    assert journeys["wrong_order_returns"] == 0 and fifo["citizens"] == journeys["citizens"]
    assert figures["wasted_trips"]["pre_verified"] in (0.0, None)
    # the last set-up's tickets stay: journey tickets and their continuations
    tickets = Ticket.objects.filter(mpp=mpp, day=DAY, priority="", due_at__isnull=True)
    follows = list(tickets.filter(channel=Channel.TRANSFER).select_related("transferred_from"))
    assert follows and all(t.transferred_from_id for t in follows)
    # fair place: a walk-in is overtaken only by continuations created (the step before
    # finished) within C minutes of its own number
    credit = dt.timedelta(minutes=policy_for(mpp).continuation_credit_minutes)
    walk_ins = [t for t in tickets.exclude(channel=Channel.TRANSFER) if not t.route]
    overtaken = 0
    for walk_in in [w for w in walk_ins if w.called_at]:
        for follow in follows:
            called = follow.called_at
            if follow.queue_id == walk_in.queue_id and called and called < walk_in.called_at:
                created = follow.transferred_from.finished_at
                overtaken += created > walk_in.issued_at
                assert created <= walk_in.issued_at + credit
    assert overtaken  # this seed has a walk-in overtaken: the rule is exercised


@pytest.mark.slow
def test_the_same_seed_gives_the_same_comparison(mpp):
    first = compare_journeys(mpp, DAY, seed=5, per_day=PER_DAY)
    again = compare_journeys(mpp, DAY, seed=5, per_day=PER_DAY, replace=True)
    first.pop("seconds"), again.pop("seconds")
    assert first == again


@pytest.fixture
def bookable(mpp):
    """The birth's three services bookable, one place per 15-minute slot (scarce, so the
    real capacity decides who gets a visit)."""
    for service in Service.objects.filter(mpp=mpp):
        Service.objects.filter(pk=service.pk).update(uses_appointment=True)
        SlotSetting.objects.create(
            mpp=mpp, service=service, slot_minutes=15, capacity=1, max_days_ahead=14,
            cutoff_minutes=60,
        )  # fmt: skip
    return mpp


def test_a_share_books_the_visit_as_one_and_checks_in_at_the_booked_time(bookable):
    figures = compare_journeys(bookable, DAY, seed=3, per_day={"kelahiran": 12.0})
    journeys = figures["journeys"]
    assert figures["tickets"]["booked_visits"] == figures["walk_in_fifo"]["booked_visits"] == 0
    assert 0 < journeys["booked_visits"] < journeys["citizens"]  # a share; the rest walk in
    assert set(journeys["booking_refused"]) <= {"visit_full", "not_bookable", "no_queue"}
    bookings = list(Booking.objects.filter(mpp=bookable, day=DAY).select_related("ticket"))
    firsts = [b for b in bookings if b.follows_id is None]
    assert len(firsts) == journeys["booked_visits"]
    assert all(b.status == BookingStatus.CHECKED_IN for b in bookings)
    after = {b.follows_id: b for b in bookings if b.follows_id}
    for first in firsts:  # the real check-in: one ticket due at the slot, the route after
        assert first.ticket.channel == Channel.APPOINTMENT and first.ticket.due_at == first.start
        later, booking = [], first
        while booking.pk in after:
            booking = after[booking.pk]
            later.append(booking.service_id)
        assert first.ticket.route == later
    places = collections.Counter((b.service_id, b.start) for b in bookings)
    assert max(places.values()) == 1  # never more than the slot's one place
    taken = SlotCounter.objects.filter(service__mpp=bookable).values_list("booked", flat=True)
    assert sum(taken) == len(bookings)
    release_booked_visits(bookable, DAY)  # a re-run, or the next set-up: places given back
    assert not Booking.objects.filter(mpp=bookable).exists()
    assert not any(
        SlotCounter.objects.filter(service__mpp=bookable).values_list("booked", flat=True)
    )


def test_quantiles_count_who_is_not_done_as_longer_than_everybody():
    assert quantile([10, 20, 30], 0.5) == 20
    assert quantile([10, 20, math.inf], 0.5) == 20
    assert quantile([10, math.inf, math.inf], 0.5) is None
    assert quantile([], 0.9) is None
