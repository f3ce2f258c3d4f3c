"""One ticket that follows: a journey ticket finished at one counter is queued for the next
step at once, at a fair place that never starves the walk-ins (queueing/counters)."""

import datetime as dt
import re

import pytest
import time_machine

from satupintu.catalog.models import CounterService
from satupintu.journeys.services import take_journey_ticket
from satupintu.journeys.tests.factories import make_birth
from satupintu.queueing.board.screen import Screen, message_of
from satupintu.queueing.board.selectors import board_labels, queue_snapshot, service_places
from satupintu.queueing.board.snapshot import apply_event, event_data
from satupintu.queueing.counters import services as counters
from satupintu.queueing.models import Channel, Outcome, QueuePolicy, Status, Ticket
from satupintu.queueing.tickets.selectors import ticket_view
from satupintu.queueing.tickets.services import issue_ticket

NOON = dt.datetime(2026, 8, 10, 5, 0, tzinfo=dt.UTC)  # Monday 12.00 WIB
MIN = dt.timedelta(minutes=1)


@pytest.fixture
def birth(db):
    with time_machine.travel(NOON, tick=False):
        yield make_birth()


def serve(counter, *, now, outcome=Outcome.COMPLETED, reason=""):
    ticket = counters.call_next(counter=counter, officer=None, now=now)
    counters.start_serving(ticket=ticket, actor=None, now=now)
    return counters.finish(ticket=ticket, actor=None, outcome=outcome, reason=reason, now=now)


def test_one_journey_ticket_is_the_first_steps_number_carrying_the_next_steps(birth):
    ticket = take_journey_ticket(
        mpp=birth.mpp, key="kelahiran", answers={"jkn": "Ya"}, channel=Channel.KIOSK
    )
    assert ticket.service == birth.akta
    assert ticket.route == [birth.kk.pk, birth.jkn.pk]


def test_finishing_a_step_queues_the_next_at_once_and_the_phone_says_where(client, birth):
    first = take_journey_ticket(
        mpp=birth.mpp, key="kelahiran", answers={"jkn": "Ya"}, channel=Channel.KIOSK
    )
    done = serve(birth.dukcapil[0], now=NOON + 5 * MIN)
    assert done.pk == first.pk and done.status == Status.DONE
    kk = Ticket.objects.get(transferred_from=first)
    assert (kk.service, kk.status, kk.route) == (birth.kk, Status.WAITING, [birth.jkn.pk])
    first.refresh_from_db()
    assert ticket_view(first)["transferred_to"] == str(kk.public_id)
    page = client.get(f"/antrian/{first.public_id}/")
    assert "Langkah ini selesai. Berikutnya:" in page.content.decode()

    serve(birth.dukcapil[1], now=NOON + 10 * MIN)
    jkn = Ticket.objects.get(transferred_from=kk)
    assert (jkn.service, jkn.route) == (birth.jkn, [])
    page = client.get(f"/antrian/{kk.public_id}/").content.decode()
    assert f"Menuju loket {birth.bpjs.number}." in page
    serve(birth.bpjs, now=NOON + 20 * MIN)
    assert not Ticket.objects.filter(transferred_from=jkn).exists()  # the journey is over


def test_a_step_that_did_not_complete_does_not_move_on(birth):
    first = take_journey_ticket(
        mpp=birth.mpp, key="kelahiran", answers={"jkn": "Tidak"}, channel=Channel.KIOSK
    )
    serve(birth.dukcapil[0], now=NOON, outcome=Outcome.REJECTED, reason="Berkas kurang")
    assert not Ticket.objects.filter(transferred_from=first).exists()


def test_the_next_step_is_placed_as_if_queued_the_credit_minutes_before(birth):
    """C = 15: ahead of walk-ins of the last 15 minutes, behind those who waited longer."""
    take_journey_ticket(mpp=birth.mpp, key="kelahiran", answers={"jkn": "Ya"}, channel="kiosk")
    early = issue_ticket(mpp=birth.mpp, service=birth.kk, channel="kiosk", now=NOON + 1 * MIN)
    late = issue_ticket(mpp=birth.mpp, service=birth.kk, channel="kiosk", now=NOON + 30 * MIN)
    # akta is called first (oldest), then finished at 12.40: its KK step queues as of 12.25
    first = counters.call_next(counter=birth.dukcapil[0], officer=None, now=NOON + 40 * MIN)
    assert first.service == birth.akta
    counters.start_serving(ticket=first, actor=None, now=NOON + 40 * MIN)
    counters.finish(ticket=first, actor=None, now=NOON + 40 * MIN)
    kk = Ticket.objects.get(transferred_from=first)
    assert kk.issued_at == NOON + 25 * MIN
    order = []
    for _ in range(3):
        called = counters.call_next(counter=birth.dukcapil[1], officer=None, now=NOON + 41 * MIN)
        order.append(called.pk)
        counters.start_serving(ticket=called, actor=None, now=NOON + 41 * MIN)
        counters.finish(ticket=called, actor=None, now=NOON + 41 * MIN)
    assert order == [early.pk, kk.pk, late.pk]


def test_credit_zero_joins_the_back_and_a_large_credit_keeps_the_journeys_place(birth):
    policy, _ = QueuePolicy.objects.get_or_create(mpp=birth.mpp)
    first = take_journey_ticket(
        mpp=birth.mpp, key="kelahiran", answers={"jkn": "Ya"}, channel="kiosk"
    )
    for credit, expected in ((0, NOON + 30 * MIN), (600, NOON)):
        policy.continuation_credit_minutes = credit
        policy.save()
        place = counters.fair_place(first, now=NOON + 30 * MIN)
        assert place == expected


def walk_in_calls(birth, credit: int) -> int | None:
    """Sixty journey citizens who started 90 minutes earlier finish akta one a minute from
    12.00 and continue to KK; one KK counter serves one a minute. How many calls at KK go
    before a walk-in who took a KK number at 12.00 (None: not within the hour)."""
    QueuePolicy.objects.update_or_create(
        mpp=birth.mpp, defaults={"continuation_credit_minutes": credit}
    )
    CounterService.objects.filter(counter=birth.dukcapil[1], service=birth.akta).delete()
    CounterService.objects.filter(counter=birth.dukcapil[0], service=birth.kk).delete()
    started = NOON - 90 * MIN
    for i in range(60):
        take_journey_ticket(
            mpp=birth.mpp,
            key="kelahiran",
            answers={"jkn": "Tidak"},
            channel="kiosk",
            now=started + i * dt.timedelta(seconds=10),
        )
    walk_in = issue_ticket(mpp=birth.mpp, service=birth.kk, channel="kiosk", now=NOON)
    for minute in range(60):
        now = NOON + minute * MIN
        serve(birth.dukcapil[0], now=now)  # akta done: its KK step joins the queue
        called = serve(birth.dukcapil[1], now=now)
        if called.pk == walk_in.pk:
            return minute
    return None


def test_a_stream_of_journeys_overtakes_a_walk_in_only_for_the_credit_minutes(birth):
    assert walk_in_calls(birth, credit=15) == 15


def test_keeping_the_journeys_whole_place_would_starve_the_walk_in(birth):
    """Why the credit is capped: with the journey's first issue time kept, as a transfer
    with keep_place does, every continuation goes ahead of the walk-in for the whole hour."""
    assert walk_in_calls(birth, credit=600) is None


def test_the_board_names_where_a_finished_step_goes_next(birth):
    """The server-drawn board lists the number the citizen holds, the counters and agency
    of the next step and its new number, until that number is called."""
    first = take_journey_ticket(
        mpp=birth.mpp, key="kelahiran", answers={"jkn": "Ya"}, channel=Channel.KIOSK
    )
    screen = Screen(
        slug=birth.mpp.slug,
        agencies=board_labels(birth.mpp)["agencies"],
        language="id",
        places=service_places(birth.mpp),
    )
    before = queue_snapshot(birth.mpp, now=NOON)
    assert 'id="onward" aria-labelledby="onward-title" hidden' in screen.render(before)
    serve(birth.dukcapil[0], now=NOON + 5 * MIN)
    kk = Ticket.objects.get(transferred_from=first)
    fresh = queue_snapshot(birth.mpp, now=NOON + 5 * MIN)
    html = screen.render(fresh, ("onward",))
    numbers = ", ".join(str(c.number) for c in birth.dukcapil)
    agency = birth.dukcapil[0].booth.agency.short_name
    assert re.search(
        rf"{first.number}</span>.*→.*Loket {numbers} {agency}</span>.*nomor {kk.number}",
        html,
        re.S,
    ), html
    issued = kk.history.get(action="issue")
    data = event_data(kk, issued, kk.service.code)
    assert message_of("issue", before, data) == ("update", ("onward", "waiting-grid"))
    assert screen.onward(apply_event(before, "issue", data)) == screen.onward(fresh)
    counters.call_next(counter=birth.dukcapil[1], officer=None, now=NOON + 6 * MIN)
    called = queue_snapshot(birth.mpp, now=NOON + 6 * MIN)
    assert screen.onward(called) == []
