"""A signed-in citizen hears "A-012 dipanggil ke Loket 4" once per call and "giliran hampir
tiba" once per ticket, after the counter's move commits; the call stays as cheap however
long the line (tickets/notices.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.notifications.models import Message
from satupintu.queueing.counters import services as counters
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets import services as tickets

pytestmark = pytest.mark.django_db


@pytest.fixture
def line():
    return make_queue(counters=2)


def _issue(q, n: int = 1, user=None):
    made = [tickets.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk") for _ in range(n)]
    if user is not None:
        for ticket in made:
            ticket.user = user
            ticket.save(update_fields=["user"])
    return made


def _told(kind: str) -> list[str]:
    return list(Message.objects.filter(kind=kind).order_by("pk").values_list("subject", flat=True))


@pytest.fixture
def sari():
    return make_user(Role.CITIZEN, phone="081234567801", full_name="Sari")


def test_a_signed_in_citizen_hears_the_call_once_and_a_recall_is_not_a_new_call(
    line, sari, django_capture_on_commit_callbacks
):
    (ticket,) = _issue(line, user=sari)
    counter = line.counters[0]
    with django_capture_on_commit_callbacks(execute=True):
        called = counters.call_next(counter=counter, officer=None)
        counters.recall(ticket=called, actor=None)
        counters.recall(ticket=called, actor=None)
    assert _told("queue.called") == [f"{ticket.number} dipanggil ke Loket {counter.number}"]
    (message,) = Message.objects.filter(kind="queue.called")
    assert (message.channel, message.recipient) == ("whatsapp", "+6281234567801")
    assert message.body.startswith(f"Silakan menuju Loket {counter.number} sekarang")


def test_a_ticket_restored_and_called_again_is_told_again(
    line, sari, django_capture_on_commit_callbacks
):
    _issue(line, user=sari)
    counter = line.counters[0]
    with django_capture_on_commit_callbacks(execute=True):
        called = counters.call_next(counter=counter, officer=None)
        for _ in range(3):
            counters.recall(ticket=called, actor=None)
        counters.mark_no_show(ticket=called, actor=None)
        counters.restore(ticket=called, actor=None)
        counters.call_next(counter=counter, officer=None)
    assert len(_told("queue.called")) == 2


def test_tickets_without_an_account_hear_nothing(line, django_capture_on_commit_callbacks):
    _issue(line, 5)
    with django_capture_on_commit_callbacks(execute=True):
        counters.call_next(counter=line.counters[0], officer=None)
    assert not Message.objects.exists()


def test_the_turn_is_near_once_when_three_or_fewer_are_ahead(
    line, sari, settings, django_capture_on_commit_callbacks
):
    settings.QUEUE_NEAR_AHEAD = 3
    ahead = _issue(line, 5)
    (mine,) = _issue(line, user=sari)
    counter = line.counters[0]
    with django_capture_on_commit_callbacks(execute=True):
        counters.call_next(counter=counter, officer=None)  # 4 ahead
    assert _told("queue.near") == []
    with django_capture_on_commit_callbacks(execute=True):
        counters.call_next(counter=line.counters[1], officer=None)  # 3 ahead
    assert _told("queue.near") == [f"Giliran {mine.number} hampir tiba"]
    (message,) = Message.objects.filter(kind="queue.near")
    assert message.body.startswith(f"Nomor {mine.number}: tinggal 3 orang lagi sebelum Anda")
    with django_capture_on_commit_callbacks(execute=True):
        tickets.cancel(ticket=ahead[4], actor=None)  # 2 ahead: told already
        for called in ahead[:2]:
            counters.start_serving(ticket=called, actor=None)
            counters.finish(ticket=called, actor=None)
        counters.call_next(counter=counter, officer=None)
    assert len(_told("queue.near")) == 1


def test_the_near_count_is_a_setting(line, sari, settings, django_capture_on_commit_callbacks):
    settings.QUEUE_NEAR_AHEAD = 1
    _issue(line, 3)
    (mine,) = _issue(line, user=sari)
    with django_capture_on_commit_callbacks(execute=True):
        counters.call_next(counter=line.counters[0], officer=None)  # 2 ahead
    assert _told("queue.near") == []
    with django_capture_on_commit_callbacks(execute=True):
        counters.call_next(counter=line.counters[1], officer=None)  # 1 ahead
    assert _told("queue.near") == [f"Giliran {mine.number} hampir tiba"]


def _queries_of_a_call(line, django_capture_on_commit_callbacks) -> int:
    """Queries of call_next with everything its commit sets off (the citizens' news)."""
    counter = line.counters[0]
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        called = counters.call_next(counter=counter, officer=None)
    with django_capture_on_commit_callbacks(execute=True):
        counters.start_serving(ticket=called, actor=None)
        counters.finish(ticket=called, actor=None)
    return len(queries)


def test_a_call_costs_the_same_however_many_wait(line, sari, django_capture_on_commit_callbacks):
    _issue(line, 3)
    _issue(line, 2, user=sari)  # signed-in citizens in line, told once already below
    _queries_of_a_call(line, django_capture_on_commit_callbacks)  # warm: caches, state row
    short = _queries_of_a_call(line, django_capture_on_commit_callbacks)
    _issue(line, 40)
    _issue(line, 5, user=make_user(Role.CITIZEN, phone="081234567809"))  # far back
    long = _queries_of_a_call(line, django_capture_on_commit_callbacks)
    assert long == short
