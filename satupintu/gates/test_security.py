"""Security gate: headers on every kind of answer, CSRF on every form.

Real responses are read through the whole middleware stack, over HTTPS (as behind
the production proxy) so HSTS is part of the check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from satupintu.gates.report import record

PACKAGE = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.gate, pytest.mark.django_db]


@pytest.fixture
def production(settings):
    """Production mode even when the developer runs tests with DEBUG=true; the default
    HSTS value itself is guarded by the `check --deploy` test in core."""
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 31536000
    return settings


def header_problems(response) -> list[str]:
    """What is missing or too weak in one response's security headers."""
    problems = []
    csp = response.get("Content-Security-Policy", "")
    script_src = re.search(r"script-src ([^;]*)", csp)
    if not csp:
        problems.append("no Content-Security-Policy")
    elif script_src is None or "unsafe-inline" in script_src.group(1):
        problems.append("script-src missing or allows unsafe-inline")
    if "frame-ancestors 'none'" not in csp and response.get("X-Frame-Options") != "DENY":
        problems.append("no frame-ancestors")
    if "max-age=" not in response.get("Strict-Transport-Security", ""):
        problems.append("no HSTS")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if not response.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    return problems


def kinds_of_answer(personas) -> dict[str, tuple[str, dict]]:
    """One request of every kind of answer the platform gives (path, client kwargs)."""
    token = personas.token(personas.officer_xa)
    bearer = {"headers": {"authorization": f"Bearer {token}"}}
    return {
        "public page": ("/", {}),
        "MPP page": (f"/mpp/{personas.mpp_x.slug}/", {}),
        "login page": ("/masuk/", {}),
        "HTML 404": ("/mpp/tidak-ada/", {}),
        "login redirect": ("/staf/", {}),
        "static file": ("/static/web/app.css", {}),
        "API list": ("/api/v1/mpps", {}),
        "API detail": (f"/api/v1/mpps/{personas.mpp_x.slug}", {}),
        "API 401": ("/api/v1/me", {}),
        "API 404": ("/api/v1/mpps/tidak-ada", {}),
        "API with token": ("/api/v1/me", bearer),
        "API 403": (f"/api/v1/counters/{personas.counter_xb.pk}", bearer),
        "OpenAPI": ("/api/v1/openapi.json", {}),
        "API docs": ("/api/v1/docs", {}),
        "admin login": ("/admin/login/", {}),
        "health": ("/healthz", {}),
    }


def test_every_kind_of_answer_carries_the_security_headers(client, personas, production):
    failures = {}
    answers = kinds_of_answer(personas)
    for kind, (path, kwargs) in answers.items():
        response = client.get(path, secure=True, **kwargs)
        problems = header_problems(response)
        if problems:
            failures[f"{kind} {path} ({response.status_code})"] = problems
    record(
        "security",
        "kinds of answer with CSP, HSTS, nosniff, referrer, framing",
        len(answers),
        len(failures),
    )
    assert not failures, failures


_FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)


def test_every_post_form_in_the_templates_carries_a_csrf_token():
    forms = [
        (path, form)
        for path in sorted(PACKAGE.glob("*/templates/**/*.html"))
        for form in _FORM.findall(path.read_text())
        if re.search(r'method="post"', form, re.I)
    ]
    missing = [str(p.relative_to(PACKAGE)) for p, form in forms if "{% csrf_token %}" not in form]
    record("csrf", "POST forms in templates with a CSRF token", len(forms), len(missing), "-")
    assert forms
    assert not missing, f"forms without {{% csrf_token %}}: {missing}"


def test_a_post_without_the_csrf_token_is_refused(personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.officer_xa)
    response = client.post(f"/staf/loket/{personas.counter_xa.pk}/status/", {"is_active": "0"})
    assert response.status_code == 403


def test_the_header_check_notices_a_missing_header(client, personas, production):
    response = client.get("/", secure=True)
    del response["X-Content-Type-Options"]
    assert header_problems(response) == ["no X-Content-Type-Options: nosniff"]


@pytest.mark.django_db(transaction=True)
def test_every_discovered_route_answers_with_the_security_headers(production):
    """Every URL of the URL configuration, as every persona, whatever the answer
    (page, redirect, 403, 404): the headers do not depend on the view remembering them."""
    from satupintu.demo.services import seed_demo
    from satupintu.gates.pages import PERSONAS, client_for, routes, who

    seed_demo()
    checked, failures = 0, {}
    for persona in PERSONAS:
        client = client_for(persona)
        resolved = who(persona)
        for route in routes():
            path = route.fill(resolved)
            response = client.get(path, secure=True)
            checked += 1
            problems = header_problems(response)
            if problems:
                failures[f"{persona} {path} ({response.status_code})"] = problems
    record("security", "routes × personas with the security headers", checked, len(failures))
    assert not failures, failures
