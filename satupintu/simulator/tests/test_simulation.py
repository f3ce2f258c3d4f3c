"""The day simulator (satupintu/simulator/) and `satupintu simulate`, on a small MPP."""

import datetime as dt
import io
import json
import statistics

import pytest
from django.core.management import CommandError, call_command

from satupintu.queueing.models import CounterState, Queue, Status, Ticket
from satupintu.satisfaction.models import Source, SurveyResponse
from satupintu.satisfaction.services import submit_survey
from satupintu.satisfaction.tests.factories import PROFILE, answers
from satupintu.simulator.day import SimulationRefused
from satupintu.simulator.services import simulate
from satupintu.tenancy.models import Counter

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 18)  # a Wednesday


def test_a_day_runs_through_the_services_and_ends_with_every_ticket_final(mpp):
    results = simulate(mpp, DAY, seed=3, history_days=1)
    day = results[-1]
    assert len(results) == 2 and results[0].day == dt.date(2026, 11, 17)
    tickets = Ticket.objects.filter(mpp=mpp, day=DAY)
    assert day.issued == tickets.count() > 20
    final = {Status.DONE, Status.NO_SHOW, Status.CANCELLED}
    assert set(tickets.values_list("status", flat=True)) <= final
    assert day.served + day.no_shows + day.left_waiting == day.issued
    for queue in Queue.objects.filter(mpp=mpp):  # gap-free numbers per queue
        seqs = sorted(tickets.filter(queue=queue).values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
    first = tickets.order_by("issued_at").first()
    assert first.issued_at.astimezone(mpp.tzinfo).date() == DAY  # the simulated clock
    assert first.history.first().at == first.issued_at
    served = tickets.filter(status=Status.DONE).first()
    assert served.issued_at <= served.called_at <= served.started_at <= served.finished_at
    # the counters are back in the mode they had before
    assert not CounterState.objects.filter(mpp=mpp, mode="paused").exists()
    assert Counter.objects.filter(mpp=mpp, is_active=False).count() == 0


def test_priority_visitors_wait_less_than_regular_ones_in_aggregate(mpp):
    day = simulate(mpp, DAY, seed=5, history_days=0)[-1]
    priority = [r.wait for r in day.records if r.priority and r.wait is not None]
    regular = [r.wait for r in day.records if not r.priority and r.wait is not None]
    assert priority and regular
    assert statistics.fmean(priority) <= statistics.fmean(regular) + 5


def test_the_estimate_is_recorded_and_beats_the_naive_one(mpp):
    day = simulate(mpp, DAY, seed=7, history_days=2)[-1]
    figures = day.summary(mpp.tzinfo)["mae"]
    assert figures["n"] >= 20
    assert figures["estimate"] < figures["naive"]


def test_the_same_seed_gives_the_same_day(mpp):
    first = simulate(mpp, DAY, seed=11)[-1].summary(mpp.tzinfo)
    again = simulate(mpp, DAY, seed=11, replace=True)[-1].summary(mpp.tzinfo)
    first.pop("seconds"), again.pop("seconds")
    assert first == again
    other = simulate(mpp, DAY, seed=12, replace=True)[-1].summary(mpp.tzinfo)
    assert other["per_hour"] != first["per_hour"]


def test_a_day_that_already_has_tickets_is_refused_unless_replace(mpp):
    simulate(mpp, DAY, seed=1)
    before = Ticket.objects.filter(mpp=mpp, day=DAY).count()
    with pytest.raises(SimulationRefused, match="--replace"):
        simulate(mpp, DAY, seed=2)
    assert Ticket.objects.filter(mpp=mpp, day=DAY).count() == before
    with pytest.raises(SimulationRefused, match="closed"):
        simulate(mpp, dt.date(2026, 11, 21), seed=1)  # a Saturday


def test_replacing_a_day_takes_the_online_survey_answers_about_its_visits_along(mpp):
    simulate(mpp, DAY, seed=1)
    ticket = Ticket.objects.filter(mpp=mpp, day=DAY, status=Status.DONE).first()
    submit_survey(
        mpp=mpp,
        service=None,
        source=Source.QR,
        ticket=ticket,
        answers=answers(4),
        profile=PROFILE,
        now=ticket.finished_at + dt.timedelta(minutes=5),
    )
    simulate(mpp, DAY, seed=2, replace=True)
    assert not SurveyResponse.objects.filter(mpp=mpp).exists()
    assert Ticket.objects.filter(mpp=mpp, day=DAY).exists()


def test_the_command_prints_json(mpp):
    out = io.StringIO()
    call_command(
        "simulate", "--mpp", mpp.slug, "--date", DAY.isoformat(), "--days", "1", "--json",
        stdout=out,
    )  # fmt: skip
    summary = json.loads(out.getvalue())
    assert summary["day"] == DAY.isoformat() and summary["history_days"] == ["2026-11-17"]
    assert summary["tickets"] > 0 and {"estimate", "naive"} <= set(summary["mae"])
    with pytest.raises(CommandError, match="already has tickets"):
        call_command("simulate", "--mpp", mpp.slug, "--date", DAY.isoformat(), "--days", "0")
