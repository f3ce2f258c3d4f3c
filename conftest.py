"""Root fixtures: personas and a clean cache. App fixtures live in each app's tests/."""

import asyncio
import os

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Keep the session's Chromium out of the other tests. Playwright's sync API (fixture
    `chromium`) leaves its event loop marked as running in this thread between browser
    tests; a later test would then see a running loop: Django's test client refuses to
    run an async view (the event streams) through async_to_sync, and Django keeps that
    test's database connection per context instead of per thread. So a test that does
    not use the browser runs, from setup to teardown, with the mark hidden."""
    if "chromium" in item.fixturenames:
        return (yield)
    loop = asyncio._get_running_loop()
    asyncio._set_running_loop(None)
    try:
        return (yield)
    finally:
        asyncio._set_running_loop(loop)


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache: rate-limit and lockout counters, wait statistics."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


# Tests that cannot differ between the databases run in one of the test command's two runs:
# those that touch no database, and those marked `once` (what a browser sees of a page:
# axe, the keyboard). scripts/test.sh sets SATUPINTU_ONCE=elsewhere for the SQLite run when
# the PostgreSQL run follows; without it (a run by hand, or no PostgreSQL) every test runs.
DATABASE_CLOSURE = DATABASE_FIXTURES | {"_django_db_helper"}


def pytest_collection_modifyitems(config, items):
    if os.environ.get("SATUPINTU_ONCE") != "elsewhere":
        return
    kept, elsewhere = [], []
    for item in items:
        touches_db = item.get_closest_marker("django_db") or DATABASE_CLOSURE & set(
            getattr(item, "fixturenames", ())
        )
        (elsewhere if item.get_closest_marker("once") or not touches_db else kept).append(item)
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = kept


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Database tests start with the categories the migrations put in. A transactional test
    empties every table when it ends, and with the suite spread over processes
    (pytest-xdist) any test may come after one."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not DATABASE_FIXTURES & set(request.fixturenames):
        return
    request.getfixturevalue("db")
    from satupintu.catalog.models import Category
    from satupintu.catalog.services import ensure_default_categories

    if not Category.objects.exists():  # one query for most tests, the seeding only after a flush
        ensure_default_categories()


@pytest.fixture
def personas(db):
    from satupintu.accounts.tests.factories import build_personas

    return build_personas()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Indonesian): a request in English leaves
    English active in the thread, and a later test's messages would come out in it."""
    from django.utils import translation

    translation.activate("id")
    yield
    translation.deactivate()


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
            browser.devices = playwright.devices  # phone profiles: chromium.devices["Pixel 7"]
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


# --- the real ASGI application (pages, API and Server-Sent Events) on a loopback port


@pytest.fixture
def asgi_server(transactional_db):
    """satupintu.asgi served by uvicorn in a thread of the test process, so pages that
    listen to live streams (board, console, ticket page) work in the browser tests.
    Pytest-django's `live_server` is WSGI and cannot hold a stream open."""
    import socket
    import threading
    import time

    import uvicorn

    from satupintu.asgi import application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def serve() -> tuple[uvicorn.Server, threading.Thread]:
        config = uvicorn.Config(
            application, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline:
                pytest.fail("the ASGI test server did not start within 10 s")
            time.sleep(0.02)
        return server, thread

    def shut(server: uvicorn.Server, thread: threading.Thread) -> None:
        server.should_exit = True
        server.force_exit = True  # open event streams would otherwise hold the shutdown
        thread.join(timeout=10)

    class Running:
        url = f"http://127.0.0.1:{port}"
        running = serve()

        @classmethod
        def stop(cls) -> None:
            """Stop serving (a server going down); `start` serves again on the same port."""
            shut(*cls.running)

        @classmethod
        def start(cls) -> None:
            cls.running = serve()

    yield Running
    shut(*Running.running)


@pytest.fixture
def asgi_page(chromium, asgi_server):
    """A Chromium page whose relative URLs go to `asgi_server`."""
    context = chromium.new_context(locale="id-ID", base_url=asgi_server.url)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    context.close()


@pytest.fixture
def bus(settings):
    """A fresh in-process event bus, and no board snapshot shared from an earlier test."""
    from satupintu.core import events
    from satupintu.queueing.board import streams

    settings.EVENT_BUS_URL = "inprocess://"
    events.reset_bus()
    streams.snapshots.entries.clear()
    yield events.bus()
    events.reset_bus()


@pytest.fixture(autouse=True)
def _no_reading_worker(settings):
    """Uploads are not read by the OCR in tests unless a test asks (reading/tests)."""
    settings.READING_WORKER = "off"
