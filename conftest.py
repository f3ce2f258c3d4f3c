"""Root fixtures: personas and a clean cache. App fixtures live in each app's tests/."""

import os

import pytest


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with empty rate-limit and lockout counters."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def personas(db):
    from satupintu.accounts.tests.factories import build_personas

    return build_personas()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that check hashing switch it back on."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- a real headless Chromium (Debian's, driven by Playwright) for browser tests and gates


@pytest.fixture(scope="session")
def chromium():
    from satupintu.gates.browser import CHROMIUM_ARGS, chromium_executable

    executable = chromium_executable()
    if not executable:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required for the browser tests under CI=true")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make around it are ordinary synchronous calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(locale="id-ID", base_url=live_server.url)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    context.close()
