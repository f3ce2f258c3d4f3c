"""Served tickets, tablets and questionnaires for the satisfaction tests."""

from __future__ import annotations

from satupintu.accounts.models import Role, User
from satupintu.accounts.tests.factories import make_user
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.models import Ticket
from satupintu.queueing.tests.factories import QueueSetup
from satupintu.queueing.tickets import services as queue
from satupintu.satisfaction import ikm
from satupintu.tenancy.models import Counter

PROFILE = {"sex": "P", "age_group": "26-35", "education": "sma", "occupation": "wirausaha"}


def answers(score: int = 3, **overrides: int) -> dict[str, int]:
    return {**dict.fromkeys(ikm.UNSUR, score), **overrides}


def served(q: QueueSetup, *, officer: User | None = None, counter: Counter | None = None) -> Ticket:
    """A ticket issued, called, served and finished at a counter of the queue."""
    counter = counter or q.counters[0]
    ticket = queue.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk")
    called = counter_services.call_next(counter=counter, officer=officer)
    assert called is not None and called.pk == ticket.pk
    counter_services.start_serving(ticket=called, actor=officer)
    return counter_services.finish(ticket=called, actor=officer)


def waiting(q: QueueSetup) -> Ticket:
    return queue.issue_ticket(mpp=q.mpp, service=q.service, channel="kiosk")


def tablet_at(counter: Counter) -> User:
    return make_user(Role.TABLET, mpp=counter.mpp, counters=[counter])
