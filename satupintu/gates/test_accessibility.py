"""Accessibility gate: every page of every persona, in Indonesian and English, passes axe-core.

Pages come from the URL configuration (satupintu/gates/pages.py), so a new page is
checked without anyone adding it here. The rules are axe-core's WCAG 2.0/2.1 level
A and AA rules; a serious or critical result fails the gate (satupintu/gates/a11y.py).
Each persona looks through its own screen: a phone for visitors and citizens, a
laptop for staff, the kiosk's portrait touch screen, the 1080p board, the tablet.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest

from satupintu.demo.services import seed_demo
from satupintu.gates import pages
from satupintu.gates.a11y import Violation, audit
from satupintu.gates.report import record

pytestmark = [
    pytest.mark.gate,
    pytest.mark.browser,
    pytest.mark.once,
    pytest.mark.django_db(transaction=True),
]

LANGUAGES = ("id", "en")
P = pages.Persona
VIEWPORTS = {
    P.VISITOR: {"width": 360, "height": 740},
    P.CITIZEN: {"width": 360, "height": 740},
    P.OFFICER: {"width": 1366, "height": 768},
    P.SUPERVISOR: {"width": 1366, "height": 768},
    P.KIOSK: {"width": 1080, "height": 1920},
    P.DISPLAY: {"width": 1920, "height": 1080},
    P.TABLET: {"width": 800, "height": 1280},
}


def browser_context(chromium, live_server, persona: pages.Persona, language: str):
    """A fresh browser profile that is the persona, on its screen, in `language`."""
    context = chromium.new_context(base_url=live_server.url, viewport=VIEWPORTS[persona])
    host = urlsplit(live_server.url).hostname
    context.add_cookies(
        [
            {"name": name, "value": value, "domain": host, "path": "/"}
            for name, value in pages.session_cookies(persona, language).items()
        ]
    )
    return context


def check_page(page, path: str, where: str, language: str) -> list[Violation]:
    """Open one page as the persona and audit it."""
    response = page.goto(path)
    expected = 404 if path == pages.NOT_FOUND_PATH else 200
    assert response is not None and response.status == expected, (
        f"{where} answered {response and response.status} in the browser, {expected} expected"
    )
    assert page.locator("html").get_attribute("lang") == language, f"{where}: wrong language"
    return audit(page, where)


def test_every_page_parameter_has_a_filling_rule():
    """A new URL parameter needs a rule before the page gates can open its page."""
    seed_demo()
    for persona in pages.PERSONAS:
        resolved = pages.who(persona)
        for route in pages.routes():
            assert route.fill(resolved).startswith("/")


def test_a_parameter_without_a_rule_stops_discovery_and_says_where_to_add_it(monkeypatch):
    seed_demo()
    monkeypatch.delitem(pages.FILL_RULES, "counter_id")
    with pytest.raises(
        pages.MissingFillRule, match=r"'counter_id'.*add 'counter_id' to FILL_RULES"
    ):
        pages.discover_pages(P.OFFICER)


def test_every_page_of_every_persona_passes_axe_in_both_languages(chromium, live_server):
    seed_demo()
    started = time.monotonic()
    discovered = {persona: pages.discover_pages(persona) for persona in pages.PERSONAS}
    public = set(discovered[P.VISITOR])
    for persona in (P.CITIZEN, P.OFFICER, P.SUPERVISOR):
        assert set(discovered[persona]) - public, f"{persona} reached no page beyond public ones"

    violations: list[Violation] = []
    checked = 0
    try:
        for persona, paths in discovered.items():
            for language in LANGUAGES:
                context = browser_context(chromium, live_server, persona, language)
                page = context.new_page()
                try:
                    for path in paths:
                        where = f"[{persona} · {language}] {path}"
                        violations += check_page(page, path, where, language)
                        checked += 1
                finally:
                    context.close()
    finally:
        unique = len({path for paths in discovered.values() for path in paths})
        record(
            "a11y",
            f"{unique} pages × 2 languages for {len(discovered)} personas (axe WCAG 2.1 AA)",
            checked,
            len(violations),
        )

    per_persona = ", ".join(f"{p} {len(paths)}" for p, paths in discovered.items())
    print(
        f"\naccessibility: {checked} page views ({per_persona} pages per language) "
        f"in {time.monotonic() - started:.1f}s"
    )
    assert not violations, (
        f"{len(violations)} serious or critical WCAG 2.1 A/AA results:\n"
        + "\n".join(str(v) for v in violations)
    )
