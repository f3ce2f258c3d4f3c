"""Ratings and SKM questionnaires: what is stored, what is refused, one per ticket."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from satupintu.core.errors import DomainError
from satupintu.queueing.tests.factories import make_queue
from satupintu.satisfaction import services
from satupintu.satisfaction.models import Rating, SurveyResponse
from satupintu.satisfaction.tests.factories import PROFILE, answers, served, waiting

pytestmark = pytest.mark.django_db


def test_a_rating_names_the_counter_and_the_officer_who_served():
    q = make_queue()
    ticket = served(q)
    rating = services.submit_rating(ticket=ticket, score=4, reasons=["cepat", "ramah", "cepat"])
    assert (rating.counter_id, rating.service_id, rating.mpp_id) == (
        q.counters[0].pk,
        q.service.pk,
        q.mpp.pk,
    )
    assert rating.reasons == ["cepat", "ramah"]


def test_a_ticket_is_rated_once():
    ticket = served(make_queue())
    services.submit_rating(ticket=ticket, score=3)
    with pytest.raises(DomainError) as refused:
        services.submit_rating(ticket=ticket, score=1)
    assert refused.value.code == "already_rated"
    assert Rating.objects.get().score == 3


def test_the_database_itself_keeps_one_rating_per_ticket():
    ticket = served(make_queue())
    services.submit_rating(ticket=ticket, score=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            mpp_id=ticket.mpp_id,
            ticket=ticket,
            service_id=ticket.service_id,
            score=2,
            source="tablet",
            created_at=ticket.finished_at,
        )


def test_a_ticket_still_waiting_cannot_be_rated():
    with pytest.raises(DomainError) as refused:
        services.submit_rating(ticket=waiting(make_queue()), score=4)
    assert refused.value.code == "ticket_not_finished"


def test_scores_and_reasons_outside_the_scale_are_refused():
    ticket = served(make_queue())
    with pytest.raises(ValidationError):
        services.submit_rating(ticket=ticket, score=5)
    with pytest.raises(ValidationError):
        services.submit_rating(ticket=ticket, score=3, reasons=["lucu"])
    assert not Rating.objects.exists()


def test_a_rating_a_day_late_is_refused():
    ticket = served(make_queue())
    later = ticket.finished_at + services.RATING_WINDOW + dt.timedelta(minutes=1)
    with pytest.raises(DomainError) as refused:
        services.submit_rating(ticket=ticket, score=4, now=later)
    assert refused.value.code == "too_late"


def test_a_survey_answers_for_its_ticket_once():
    q = make_queue()
    ticket = served(q)
    response = services.submit_survey(
        mpp=q.mpp, service=None, source="qr", ticket=ticket, answers=answers(4), profile=PROFILE
    )
    assert response.service == q.service
    assert response.answers() == answers(4)
    with pytest.raises(DomainError) as refused:
        services.submit_survey(
            mpp=q.mpp,
            service=None,
            source="link",
            ticket=ticket,
            answers=answers(),
            profile=PROFILE,
        )
    assert refused.value.code == "already_answered"


def test_online_surveys_need_a_ticket_or_application_and_paper_needs_a_supervisor():
    q = make_queue()
    with pytest.raises(ValidationError):
        services.submit_survey(
            mpp=q.mpp, service=q.service, source="link", answers=answers(), profile=PROFILE
        )
    with pytest.raises(DomainError):
        services.submit_survey(
            mpp=q.mpp, service=q.service, source="paper", answers=answers(), profile=PROFILE
        )
    assert not SurveyResponse.objects.exists()


def test_missing_answers_are_named_in_indonesian():
    q = make_queue()
    bad = answers()
    del bad["sarana"]
    bad["waktu"] = 0
    with pytest.raises(ValidationError) as refused:
        services.submit_survey(
            mpp=q.mpp, service=None, source="qr", ticket=served(q), answers=bad, profile=PROFILE
        )
    errors = refused.value.message_dict
    assert "Sarana dan prasarana" in errors["answers.sarana"][0]
    assert "harus 1 sampai 4" in errors["answers.waktu"][0]


def test_an_application_survey_needs_a_completed_application(monkeypatch):
    q = make_queue()
    ref = services.ApplicationRef(q.mpp.pk, q.service.pk, completed_at=None)
    monkeypatch.setattr(services, "application_lookup", lambda mpp, key: ref)
    with pytest.raises(DomainError) as refused:
        services.submit_survey(
            mpp=q.mpp,
            service=None,
            source="link",
            application="8d0c2f4e-0000-4000-8000-000000000001",
            answers=answers(),
            profile=PROFILE,
        )
    assert refused.value.code == "application_not_completed"
    done = services.ApplicationRef(q.mpp.pk, q.service.pk, completed_at=ticket_time())
    monkeypatch.setattr(services, "application_lookup", lambda mpp, key: done)
    kwargs = {
        "mpp": q.mpp,
        "service": None,
        "source": "link",
        "application": "8d0c2f4e-0000-4000-8000-000000000001",
        "answers": answers(),
        "profile": PROFILE,
    }
    assert services.submit_survey(**kwargs).service == q.service
    with pytest.raises(DomainError):
        services.submit_survey(**kwargs)


def ticket_time() -> dt.datetime:
    return dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)


@time_machine.travel("2026-03-10 10:00 +07:00", tick=False)
def test_paper_surveys_carry_the_date_on_the_form_but_not_a_future_one(personas):
    q = make_queue(mpp=personas.mpp_x, prefix="C")
    when = dt.datetime(2026, 2, 1, 12, tzinfo=q.mpp.tzinfo)
    response = services.submit_survey(
        mpp=q.mpp,
        service=q.service,
        source="paper",
        answers=answers(),
        profile=PROFILE,
        entered_by=personas.supervisor_x,
        answered_at=when,
    )
    assert (response.answered_at, response.entered_by) == (when, personas.supervisor_x)
    with pytest.raises(ValidationError):
        services.submit_survey(
            mpp=q.mpp,
            service=q.service,
            source="paper",
            answers=answers(),
            profile=PROFILE,
            entered_by=personas.supervisor_x,
            answered_at=when + dt.timedelta(days=60),
        )
