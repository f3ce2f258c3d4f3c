"""The satisfaction API: who may rate, the survey body of the issue, the published IKM."""

import datetime as dt

import pytest
from django.test import Client

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.queueing.tests.factories import make_queue
from satupintu.satisfaction import selectors
from satupintu.satisfaction.models import Rating, SurveyResponse
from satupintu.satisfaction.tests.factories import PROFILE, answers, served, tablet_at, waiting

pytestmark = pytest.mark.django_db


def _bearer(user):
    from satupintu.accounts.services import issue_api_token

    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(user=user)}"}


def _rate(client, ticket, body, **headers):
    return client.post(
        f"/api/v1/tickets/{ticket.public_id}/rating",
        body,
        content_type="application/json",
        **headers,
    )


def test_the_counters_tablet_rates_and_is_recorded_as_the_tablet():
    q = make_queue()
    ticket = served(q)
    response = _rate(
        Client(), ticket, {"score": 4, "reasons": ["ramah"]}, **_bearer(tablet_at(q.counters[0]))
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["score"], body["source"]) == (4, "tablet")
    assert body["survey_url"].endswith(f"/skm/{ticket.public_id}/")


def test_the_holder_rates_through_the_unguessable_id_and_only_once():
    ticket = served(make_queue())
    assert _rate(Client(), ticket, {"score": 2, "reasons": ["lambat"]}).status_code == 201
    again = _rate(Client(), ticket, {"score": 4})
    assert again.status_code == 409
    assert again.json()["code"] == "already_rated"
    assert Rating.objects.get().source == "ticket"


def test_a_tablet_of_another_counter_and_the_officer_are_refused():
    q = make_queue(counters=2)
    ticket = served(q)
    other = _rate(Client(), ticket, {"score": 4}, **_bearer(tablet_at(q.counters[1])))
    assert other.status_code == 403
    officer = make_user(Role.OFFICER, mpp=q.mpp, agency=q.counters[0].booth.agency)
    own = _rate(Client(), ticket, {"score": 4}, **_bearer(officer))
    assert own.status_code == 403
    assert not Rating.objects.exists()


def test_bad_ratings_answer_422_in_indonesian_and_unfinished_tickets_409():
    q = make_queue()
    bad = _rate(Client(), served(q), {"score": 7})
    assert bad.status_code == 422
    assert "1 sampai 4" in bad.json()["message"]
    early = _rate(Client(), waiting(q), {"score": 3})
    assert early.status_code == 409
    assert early.json()["code"] == "ticket_not_finished"


def test_the_tablet_asks_about_the_ticket_just_finished_at_its_counter():
    q = make_queue()
    device = _bearer(tablet_at(q.counters[0]))
    url = f"/api/v1/counters/{q.counters[0].pk}/rating-prompt"
    assert Client().get(url, **device).status_code == 204
    ticket = served(q)
    prompt = Client().get(url, **device)
    assert prompt.status_code == 200
    assert prompt.json()["ticket"] == str(ticket.public_id)
    _rate(Client(), ticket, {"score": 3}, **device)
    assert Client().get(url, **device).status_code == 204


def _survey(client, slug, body, **headers):
    return client.post(
        f"/api/v1/mpps/{slug}/surveys", body, content_type="application/json", **headers
    )


def test_a_survey_exactly_as_the_issue_writes_it():
    q = make_queue()
    ticket = served(q)
    body = {
        "service": q.service.code,
        "source": "qr",
        "ticket": str(ticket.public_id),
        "answers": answers(4, waktu=2),
        "profile": PROFILE,
        "suggestion": "Kursi ruang tunggu ditambah.",
    }
    response = _survey(Client(), q.mpp.slug, body)
    assert response.status_code == 201, response.content
    stored = SurveyResponse.objects.get()
    assert (stored.waktu, stored.source, stored.ticket_id) == (2, "qr", ticket.pk)
    assert _survey(Client(), q.mpp.slug, body).status_code == 409


def test_survey_errors_name_the_field_in_indonesian():
    q = make_queue()
    body = {
        "service": q.service.code,
        "source": "link",
        "ticket": str(served(q).public_id),
        "answers": answers(3, biaya=9),
        "profile": {**PROFILE, "education": "phd"},
    }
    response = _survey(Client(), q.mpp.slug, body)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"answers.biaya", "profile.education"} <= fields
    assert "Biaya/tarif" in response.json()["message"]


def test_paper_needs_the_mpps_supervisor(personas):
    q = make_queue(mpp=personas.mpp_x, prefix="C")
    body = {"service": q.service.code, "source": "paper", "answers": answers(), "profile": PROFILE}
    assert _survey(Client(), q.mpp.slug, body).status_code == 403
    other = _survey(Client(), q.mpp.slug, body, **_bearer(personas.supervisor_y))
    assert other.status_code == 403
    ok = _survey(
        Client(), q.mpp.slug, {**body, "date": "2026-01-15"}, **_bearer(personas.supervisor_x)
    )
    assert ok.status_code == 201, ok.content
    assert SurveyResponse.objects.get().entered_by == personas.supervisor_x


def test_online_sources_need_what_they_answer_for():
    q = make_queue()
    body = {"service": q.service.code, "source": "link", "answers": answers(), "profile": PROFILE}
    response = _survey(Client(), q.mpp.slug, body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "ticket"


def test_the_ikm_endpoint_returns_the_fields_of_the_issue():
    q = make_queue()
    for score in (4, 3):
        from satupintu.satisfaction import services

        services.submit_survey(
            mpp=q.mpp,
            service=None,
            source="qr",
            ticket=served(q),
            answers=answers(score),
            profile=PROFILE,
        )
    today = selectors.today(q.mpp)
    since = today - dt.timedelta(days=30)
    response = Client().get(f"/api/v1/mpps/{q.mpp.slug}/ikm?from={since}&to={today}")
    assert response.status_code == 200
    body = response.json()
    # NRR 3,5 for every unsur: 3,5 × 25 = 87,50 → B
    assert (body["ikm"], body["mutu"], body["kinerja"], body["respondents"]) == (
        87.5,
        "B",
        "Baik",
        2,
    )
    assert body["unsur"]["sarana"] == 3.5
    assert (body["weight"], body["population"], body["min_sample"]) == ("exact", 2, 2)
    assert body["sample_sufficient"] is True
    filtered = Client().get(f"/api/v1/mpps/{q.mpp.slug}/ikm?agency=NOPE-X")
    assert filtered.status_code == 422
    backwards = Client().get(f"/api/v1/mpps/{q.mpp.slug}/ikm?from=2026-05-01&to=2026-01-01")
    assert backwards.status_code == 422
    assert Client().get("/api/v1/mpps/tidak-ada/ikm").status_code == 404
