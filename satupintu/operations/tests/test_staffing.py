"""Staffing advice (operations/staffing.py) on a hand-made day whose answers are written here.

The day, 18 November 2026 in Jakarta (WIB), one service, two counters:
- loket 1 was closed the evening before (by the supervisor), opened at 08:00, paused at 11:30;
- loket 2 has no mode change in the log, but served a visitor from 09:10 to 09:25;
- numbers taken at 08:05, 08:20, 08:59:59 (cancelled at 09:05) and 09:00:00;
- 08:05 called 08:10, served 08:11–08:21; 08:20 called 08:21, served 08:22–08:28;
  09:00 called 09:10 at loket 2, served 09:12–09:25.
"""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.operations import staffing
from satupintu.queueing.counters import services as counters
from satupintu.queueing.models import Channel
from satupintu.queueing.tests.factories import make_queue, queue_at
from satupintu.queueing.tickets import services as tickets

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
DAY = dt.date(2026, 11, 18)


def at(hour: int, minute: int, second: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=WIB)


@pytest.fixture
def day():
    setup = make_queue(counters=2)
    mpp, service = setup.mpp, setup.service
    one, two = setup.counters
    boss = make_user(Role.SUPERVISOR, mpp=mpp)

    def mode(counter, value, when):
        with time_machine.travel(when, tick=False):
            counters.set_counter_mode(counter=counter, mode=value, actor=boss, now=when)

    mode(one, "closed", at(16, 0, day=DAY - dt.timedelta(days=1)))
    mode(one, "open", at(8, 0))
    issued = [
        tickets.issue_ticket(mpp=mpp, service=service, channel=Channel.KIOSK, now=when)
        for when in (at(8, 5), at(8, 20), at(8, 59, 59), at(9, 0))
    ]
    for called, started, finished in ((at(8, 10), at(8, 11), at(8, 21)),
                                      (at(8, 21), at(8, 22), at(8, 28))):  # fmt: skip
        ticket = counters.call_next(counter=one, officer=None, now=called)
        ticket = counters.start_serving(ticket=ticket, actor=None, now=started)
        counters.finish(ticket=ticket, actor=None, now=finished)
    tickets.cancel(ticket=issued[2], actor=None, now=at(9, 5))
    ticket = counters.call_next(counter=two, officer=None, now=at(9, 10))
    assert ticket == issued[3]
    ticket = counters.start_serving(ticket=ticket, actor=None, now=at(9, 12))
    counters.finish(ticket=ticket, actor=None, now=at(9, 25))
    mode(one, "paused", at(11, 30))
    return setup


def test_arrivals_count_every_number_in_the_hour_it_was_taken(day):
    s = day.service.pk
    # 08:59:59 is still hour 8 (and counts though cancelled); 09:00:00 is hour 9
    assert staffing.arrivals_by_service_hour(day.mpp, DAY) == {(s, 8): 3, (s, 9): 1}
    assert staffing.arrivals_by_service_hour(day.mpp, DAY + dt.timedelta(days=1)) == {}


def test_service_minutes_are_start_to_finish_of_the_served(day):
    s = day.service.pk
    assert staffing.service_minutes_by_service_hour(day.mpp, DAY) == {
        (s, 8): pytest.approx((10 + 6) / 2),
        (s, 9): pytest.approx(13),
    }
    # from the call: the walk up to the counter too
    assert staffing.service_minutes_by_service_hour(day.mpp, DAY, from_call=True) == {
        (s, 8): pytest.approx((11 + 7) / 2),
        (s, 9): pytest.approx(15),
    }


def test_counters_open_come_from_the_mode_log_and_the_work_done(day):
    s = day.service.pk
    # loket 1 open 08:00–11:30 by the log (hours 8–11); loket 2 worked in hour 9 only
    assert staffing.counters_open_by_service_hour(day.mpp, DAY) == {
        (s, 8): 1,
        (s, 9): 2,
        (s, 10): 1,
        (s, 11): 1,
    }


def test_a_counter_left_open_by_the_log_counts_all_the_next_day(day):
    s = day.service.pk
    one = day.counters[0]
    boss = make_user(Role.SUPERVISOR, mpp=day.mpp)
    with time_machine.travel(at(16, 0), tick=False):
        counters.set_counter_mode(counter=one, mode="open", actor=boss, now=at(16, 0))
    after = staffing.counters_open_by_service_hour(day.mpp, DAY + dt.timedelta(days=1))
    assert after == {(s, hour): 1 for hour in range(24)}


def test_the_day_advice_row_by_row(day, settings):
    settings.STAFFING_TARGET_SHARE = 0.8
    rows = {row.hour: row for row in staffing.staffing_for_day(day.mpp, DAY)}
    assert sorted(rows) == [8, 9, 10, 11]
    eight = rows[8]
    assert (eight.arrivals, eight.service_minutes, eight.handling_minutes) == (3, 8.0, 9.0)
    assert eight.service_code == day.service.code and eight.service_name
    # 3 an hour × 9 minutes = 0.45 Erlang: one counter calls 80 % within 15 minutes
    assert (eight.counters_advised, eight.counters_open, eight.short) == (1, 1, False)
    assert eight.mean_wait_minutes == pytest.approx(9 * 0.45 / (1 - 0.45), abs=0.05)
    assert eight.mean_wait_one_less is None  # no counter: nobody is called
    assert eight.mean_wait_one_more < eight.mean_wait_minutes
    # hours 10 and 11: a counter open, nobody came, the day's mean handling time
    assert (rows[10].arrivals, rows[10].counters_advised, rows[10].counters_open) == (0, 0, 1)
    assert rows[10].handling_minutes == pytest.approx((9 + 15) / 2, abs=0.05)


def test_an_hour_short_of_counters_is_marked(day, settings):
    settings.STAFFING_TARGET_SHARE = 0.99
    policy = tickets.policy_for(day.mpp)
    policy.target_wait_minutes = 1  # the MPP's own target wait
    policy.save()
    eight = next(r for r in staffing.staffing_for_day(day.mpp, DAY) if r.hour == 8)
    # two counters call 93 % within a minute (P(wait) 0.083, e^(−1.55/9)): a third is needed
    assert eight.counters_advised == 3 and eight.counters_open == 1 and eight.short


def test_a_day_without_tickets_has_no_rows_but_open_counters():
    setup = make_queue(counters=1)
    assert staffing.staffing_for_day(setup.mpp, DAY) == []


def test_a_service_nobody_came_for_is_not_listed_though_its_counter_was_open(day):
    other = queue_at(day.counters[0], "Z")  # loket 1 serves it too, open in hours 8–11
    codes = {row.service_code for row in staffing.staffing_for_day(day.mpp, DAY)}
    assert codes == {day.service.code} and other.code not in codes


def test_figures_beyond_any_hall_give_no_advice_rather_than_an_error(day, monkeypatch):
    s = day.service.pk
    monkeypatch.setattr(
        staffing, "arrivals_by_service_hour", lambda mpp, date, **_: {(s, 8): 100_000}
    )
    eight = next(r for r in staffing.staffing_for_day(day.mpp, DAY) if r.hour == 8)
    assert eight.counters_advised is None and eight.mean_wait_minutes is None


def test_the_days_advice_takes_the_same_few_queries_however_many_services(
    day, django_assert_max_num_queries
):
    staffing.staffing_for_day(day.mpp, DAY)  # the content type of Counter is cached
    with django_assert_max_num_queries(10) as once:
        staffing.staffing_for_day(day.mpp, DAY)
    for prefix in ("X", "Y", "Z"):
        service = queue_at(day.counters[1], prefix)
        tickets.issue_ticket(mpp=day.mpp, service=service, channel=Channel.KIOSK, now=at(10, 0))
    with django_assert_max_num_queries(len(once.captured_queries)):
        rows = staffing.staffing_for_day(day.mpp, DAY)
    assert len({r.service_code for r in rows}) == 4


def test_a_service_finished_the_moment_it_was_called_gives_advice_not_an_error():
    """The API fuzzer's finding: a day whose only ticket was called, started and finished
    within a second measures 0.0 minutes of handling, which the model cannot plan with."""
    setup = make_queue(counters=1)
    ticket = tickets.issue_ticket(
        mpp=setup.mpp, service=setup.service, channel=Channel.KIOSK, now=at(13, 0)
    )
    assert counters.call_next(counter=setup.counters[0], officer=None, now=at(13, 5)) == ticket
    ticket = counters.start_serving(ticket=ticket, actor=None, now=at(13, 5))
    counters.finish(ticket=ticket, actor=None, now=at(13, 5))
    [one] = staffing.staffing_for_day(setup.mpp, DAY)
    assert one.handling_minutes == staffing.MIN_SERVICE_MINUTES
    assert one.counters_advised == 1 and one.mean_wait_minutes is not None
