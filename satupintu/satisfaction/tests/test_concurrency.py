"""Two submissions racing for one ticket: exactly one wins (SQLite and PostgreSQL)."""

import pytest

from satupintu.core.errors import DomainError
from satupintu.core.tests.concurrency import run_concurrently
from satupintu.queueing.tests.factories import make_queue
from satupintu.satisfaction import services
from satupintu.satisfaction.models import Rating, SurveyResponse
from satupintu.satisfaction.tests.factories import PROFILE, answers, served

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def _outcomes(results):
    won = [r for r in results if not isinstance(r, Exception)]
    lost = [r for r in results if isinstance(r, Exception)]
    return won, lost


def test_two_ratings_of_one_ticket_at_once_store_exactly_one():
    ticket = served(make_queue())
    results = run_concurrently(
        lambda i: services.submit_rating(ticket=ticket, score=1 + i), workers=2
    )
    won, lost = _outcomes(results)
    assert len(won) == 1, results
    assert len(lost) == 1 and isinstance(lost[0], DomainError), lost
    assert lost[0].code == "already_rated"
    assert Rating.objects.filter(ticket=ticket).count() == 1
    assert Rating.objects.get().score == won[0].score


def test_two_surveys_of_one_ticket_at_once_store_exactly_one():
    q = make_queue()
    ticket = served(q)

    def submit(i):
        return services.submit_survey(
            mpp=q.mpp,
            service=None,
            source="qr" if i else "tablet",
            ticket=ticket,
            answers=answers(3 + i % 2),
            profile=PROFILE,
        )

    won, lost = _outcomes(run_concurrently(submit, workers=2))
    assert len(won) == 1 and len(lost) == 1, lost
    assert isinstance(lost[0], DomainError) and lost[0].code == "already_answered"
    assert SurveyResponse.objects.filter(ticket=ticket).count() == 1
