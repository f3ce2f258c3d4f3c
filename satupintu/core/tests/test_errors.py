"""Failures reach people as a clear message in the one error shape, never as a stack trace."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_listing(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("SECRET internal detail")

    monkeypatch.setattr("satupintu.tenancy.selectors.active_mpps", explode)


def test_a_crashing_api_endpoint_answers_500_json_without_details(client, broken_listing):
    client.raise_request_exception = False
    response = client.get("/api/v1/mpps")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "SECRET" not in response.content.decode()


def test_a_crashing_page_shows_an_indonesian_error_page(client, broken_listing, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan" in html
    assert "SECRET" not in html and "Traceback" not in html


def test_unknown_api_paths_answer_in_the_error_shape(client):
    response = client.get("/api/v1/tidak-ada")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_api_rate_limits_anonymous_callers_with_a_429(client, settings):
    limit = int(settings.API_RATE_ANON.split("/")[0])
    statuses = [client.get("/api/v1/mpps").status_code for _ in range(limit + 1)]
    assert statuses[:limit] == [200] * limit
    assert statuses[-1] == 429
    response = client.get("/api/v1/mpps")
    assert response.json()["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0


def test_rate_limits_can_be_switched_off_for_load_tests(client, settings):
    settings.RATE_LIMITS_ENABLED = False
    limit = int(settings.API_RATE_ANON.split("/")[0])
    assert {client.get("/api/v1/mpps").status_code for _ in range(limit + 5)} == {200}


# --- found by the API fuzzing gate (satupintu/gates/test_api_fuzz.py)


@pytest.fixture
def counter():
    from satupintu.tenancy.tests.factories import CounterFactory

    return CounterFactory()


def test_a_write_without_credentials_is_a_401_not_a_csrf_403(client, counter):
    """django-ninja's session auth answered 403 "CSRF check failed" to callers with no session."""
    response = client.patch(
        f"/api/v1/counters/{counter.pk}", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_write_with_a_made_up_token_is_a_401(client, counter):
    response = client.patch(
        f"/api/v1/counters/{counter.pk}",
        {"name": "x"},
        content_type="application/json",
        headers={"authorization": "Bearer sp_bukan-token"},
    )
    assert response.status_code == 401


def test_a_signed_in_browser_still_needs_the_csrf_token(counter, personas):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.supervisor_x)
    response = browser.patch(
        f"/api/v1/counters/{personas.counter_xa.pk}", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_django_ninjas_own_errors_are_translated(client, personas):
    """Its "Cannot parse request body" reached Indonesian and English clients alike."""
    response = client.patch(
        f"/api/v1/counters/{personas.counter_xa.pk}",
        "{bukan json",
        content_type="application/json",
        headers={
            "authorization": f"Bearer {personas.token(personas.supervisor_x)}",
            "accept-language": "en",
        },
    )
    assert response.status_code == 400
    assert response.json() == {"code": "bad_request", "message": "The request is not valid."}


def test_an_unsupported_method_answers_405_in_the_error_shape(client):
    response = client.delete("/api/v1/mpps")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]
