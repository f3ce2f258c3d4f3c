"""The wait estimate (queueing/waits/estimate.py) through `selectors.estimate_wait`."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from satupintu.catalog.services import assign_service_to_counter
from satupintu.catalog.tests.factories import make_service
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.counters.services import set_counter_mode
from satupintu.queueing.models import QueueService, Ticket
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets import services
from satupintu.queueing.tickets.selectors import ticket_view
from satupintu.queueing.waits import estimate as waits
from satupintu.queueing.waits import selectors
from satupintu.tenancy.models import OpeningHours

pytestmark = pytest.mark.django_db


def issue(q, **extra):
    return services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk", **extra)


def wait(ticket, ahead=None, now=None):
    ticket = Ticket.objects.get(pk=ticket.pk)
    ahead = selectors.people_ahead(ticket) if ahead is None else ahead
    return selectors.estimate_wait(ticket, ahead, now=now)


def history(q, minutes_each, *, days_ago=1, hour=10, no_show=False):
    """Finished tickets of an earlier day, each taking its counter `minutes` from call."""
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    called = dt.datetime.combine(day, dt.time(hour), tzinfo=q.mpp.tzinfo)
    issued = called - dt.timedelta(minutes=5)
    for minutes in minutes_each:
        ticket = services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk", now=issued)
        finished = called + dt.timedelta(minutes=minutes)
        Ticket.objects.filter(pk=ticket.pk).update(
            status="no_show" if no_show else "done",
            called_at=called,
            started_at=None if no_show else called,
            finished_at=finished,
        )
    cache.clear()


def test_without_history_the_prior_is_used():
    q = make_queue()
    issue(q), issue(q)
    third = issue(q)
    assert wait(third) == 20  # 2 ahead × 10 minutes (no standard in minutes, no history)


def test_a_standard_given_in_minutes_is_the_prior_of_a_new_service():
    q = make_queue()
    quick = make_service(
        booth=q.counters[0].booth, processing_time_value=4, processing_time_unit="minutes"
    )
    QueueService.objects.create(mpp=q.mpp, queue=q.queue, service=quick)
    assign_service_to_counter(counter=q.counters[0], service=quick)
    stats = waits.stats_for(q.mpp, timezone.localdate())
    assert stats.service_mean(quick.pk) == 4
    assert stats.service_mean(q.service.pk) == waits.DEFAULT_MINUTES


def test_with_history_the_mean_moves_from_the_prior_towards_what_was_observed():
    q = make_queue()
    other = make_queue(prefix="B", mpp=q.mpp)
    # history from an hour far from now: the current hour's own mean would move the wait
    hour = (timezone.localtime(timezone.now(), q.mpp.tzinfo).hour + 12) % 24
    history(other, [10] * 45, hour=hour)
    ticket = issue(q)
    # No ticket of its own yet: the prior, here the MPP-wide mean.
    assert selectors.average_service_minutes(q.service.pk, today=ticket.day) == 10
    history(q, [4] * 5, hour=hour)
    prior = (45 * 10 + 5 * 4) / 50
    mean = (5 * prior + 5 * 4) / 10
    assert selectors.average_service_minutes(q.service.pk, today=ticket.day) == pytest.approx(mean)
    history(q, [4] * 45, days_ago=2, hour=hour)
    prior = (45 * 10 + 50 * 4) / 95
    mean = (5 * prior + 50 * 4) / 55  # close to the observed 4 minutes now
    assert selectors.average_service_minutes(q.service.pk, today=ticket.day) == pytest.approx(mean)
    assert wait(ticket, ahead=10) == 43  # 10 × 4.26 minutes, rounded up


def test_todays_tickets_do_not_move_the_statistics():
    q = make_queue()
    done = issue(q)
    now = timezone.now()
    Ticket.objects.filter(pk=done.pk).update(
        status="done", called_at=now - dt.timedelta(minutes=2), finished_at=now
    )
    ticket = issue(q)
    assert selectors.average_service_minutes(q.service.pk, today=ticket.day) == 10


def test_the_hour_of_day_has_its_own_mean_when_it_has_data():
    q = make_queue()
    history(q, [20] * 30, hour=9)
    history(q, [5] * 30, hour=14, days_ago=2)
    stats = waits.stats_for(q.mpp, timezone.localdate())
    assert stats.hour_mean(q.service.pk, 9) > 15 > stats.service_mean(q.service.pk)
    assert stats.hour_mean(q.service.pk, 14) < 7
    assert stats.no_show_share(q.service.pk) == 0


def test_no_shows_count_with_the_few_minutes_they_take():
    q = make_queue()
    history(q, [10] * 10)
    history(q, [2] * 10, no_show=True, days_ago=2)
    stats = waits.stats_for(q.mpp, timezone.localdate())
    assert stats.no_show_share(q.service.pk) == 0.5
    assert stats.service_mean(q.service.pk) < 10
    assert stats.plain_service_minutes(q.service.pk) == 10  # the naive figure ignores them


def test_more_open_counters_shorten_the_wait_and_paused_ones_do_not_count():
    q = make_queue(counters=3)
    ticket = issue(q)
    assert wait(ticket, ahead=6) == 20
    set_counter_mode(counter=q.counters[0], mode="paused", actor=None)
    assert wait(ticket, ahead=6) == 30
    assert selectors.open_counters(q.service.pk) == 2
    set_counter_mode(counter=q.counters[1], mode="closed", actor=None)
    assert wait(ticket, ahead=6) == 60


def test_the_visitor_at_the_counter_holds_it_for_what_is_left_of_the_mean():
    q = make_queue()
    first = issue(q)
    second = issue(q)
    called_at = timezone.now() - dt.timedelta(minutes=4)
    counter_services.call_next(counter=q.counters[0], officer=None, now=called_at)
    assert Ticket.objects.get(pk=first.pk).status == "called"
    assert wait(second) == 6  # 10 − 4 minutes already at the counter
    later = timezone.now() + dt.timedelta(minutes=30)  # long past the mean: a fifth of it
    assert wait(second, now=later) == 2


def test_no_estimate_while_every_counter_of_the_service_is_closed_in_opening_hours():
    q = make_queue()
    ticket = issue(q)
    issue(make_queue(prefix="B", mpp=q.mpp))
    set_counter_mode(counter=q.counters[0], mode="closed", actor=None)
    assert wait(ticket) is None
    assert ticket_view(Ticket.objects.get(pk=ticket.pk))["eta_minutes"] is None


def test_a_wait_that_runs_into_the_lunch_break_is_pushed_past_it():
    q = make_queue()
    OpeningHours.objects.filter(mpp=q.mpp).delete()
    for weekday in range(7):
        OpeningHours.objects.create(
            mpp=q.mpp, weekday=weekday, opens_at=dt.time(8), closes_at=dt.time(12)
        )
        OpeningHours.objects.create(
            mpp=q.mpp, weekday=weekday, opens_at=dt.time(13), closes_at=dt.time(16)
        )
    day = timezone.localdate()
    at = dt.datetime.combine(day, dt.time(11, 40), tzinfo=q.mpp.tzinfo)
    ticket = services.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk", now=at)
    assert wait(ticket, ahead=3, now=at) == 30 + 60  # 20 minutes before, 10 after the break
    during = at + dt.timedelta(minutes=30)  # 12.10, counters paused for lunch
    set_counter_mode(counter=q.counters[0], mode="paused", actor=None)
    assert wait(ticket, ahead=3, now=during) == 50 + 30
    after = dt.datetime.combine(day, dt.time(16, 30), tzinfo=q.mpp.tzinfo)
    set_counter_mode(counter=q.counters[0], mode="closed", actor=None)
    assert wait(ticket, ahead=3, now=after) is None  # the MPP does not open again today


def test_the_statistics_are_cached_and_the_rest_of_an_estimate_is_read_live(
    django_assert_num_queries,
):
    q = make_queue(counters=2)
    ticket = Ticket.objects.select_related("mpp").get(pk=issue(q).pk)
    selectors.estimate_wait(ticket, 5)
    assert isinstance(cache.get(waits.stats_key(q.mpp.pk, ticket.day)), waits.Stats)
    # the pool and the day's periods are kept too (core/cached.py); the counters' states live
    with django_assert_num_queries(1):
        selectors.estimate_wait(ticket, 5)


def test_a_kept_pool_and_day_change_at_once_when_counters_or_hours_change():
    q = make_queue(counters=1)
    ticket = Ticket.objects.select_related("mpp").get(pk=issue(q).pk)
    other = make_service(booth=q.counters[0].booth)
    assert other.pk not in waits.pool_of(q.service.pk)
    assign_service_to_counter(counter=q.counters[0], service=other)
    assert other.pk in waits.pool_of(q.service.pk)

    assert waits.periods_for(q.mpp, ticket.day)
    OpeningHours.objects.filter(mpp=q.mpp, weekday=ticket.day.weekday()).delete()
    assert waits.periods_for(q.mpp, ticket.day) == []
