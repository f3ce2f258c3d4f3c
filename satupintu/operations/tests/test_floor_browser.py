"""The floor view in Chromium on the ASGI server, at a laptop's size (1366×768), on the demo
MPP: the supervisor watches it while a counter calls, and it follows without a reload.
Saves floor-demo.png (people waiting, an alert showing) and passes the accessibility audit."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from satupintu.accounts.models import User
from satupintu.catalog.models import CounterService
from satupintu.demo.services import seed_demo
from satupintu.gates.a11y import audit
from satupintu.gates.browser import screenshot_dir
from satupintu.queueing.counters import services as counters
from satupintu.queueing.models import Channel
from satupintu.queueing.tests.factories import open_all_day
from satupintu.queueing.tickets import services as tickets

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

SUPERVISOR = "pengelola@banyumas.mpp.test"
OFFICER = "siti.rahmawati@banyumas.mpp.test"


def test_the_floor_follows_a_call_without_a_reload(asgi_page):
    # midday in Banyumas, the clock running: tickets 25 minutes old are today's at any hour
    # the suite runs (just after midnight WIB they would be yesterday's)
    noon = timezone.localdate(timezone=ZoneInfo("Asia/Jakarta"))
    traveller = time_machine.travel(
        dt.datetime.combine(noon, dt.time(12), tzinfo=ZoneInfo("Asia/Jakarta")), tick=True
    )
    traveller.start()
    asgi_page.context.on("close", lambda _: traveller.stop())
    seed_demo()
    officer = User.objects.get(email=OFFICER)
    counter = officer.counters.order_by("number").first()
    mpp = counter.mpp
    open_all_day(mpp)  # whatever the hour the test runs, the MPP is open
    service = CounterService.objects.filter(counter=counter).select_related("service").first()
    now = timezone.now()
    for minutes in (25, 18):  # both past the 15-minute target
        tickets.issue_ticket(
            mpp=mpp,
            service=service.service,
            channel=Channel.KIOSK,
            now=now - dt.timedelta(minutes=minutes),
        )

    page = asgi_page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/masuk/")
    page.get_by_label("E-mail atau nomor telepon").fill(SUPERVISOR)
    page.get_by_label("Kata sandi").fill("satupintu-demo")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/staf/")
    page.screenshot(path=str(screenshot_dir() / "staff-room-supervisor.png"))
    page.get_by_role("link", name="Pantauan lantai").click()
    page.wait_for_url("**/staf/lantai/")
    row = page.locator(f"#service-{service.service_id}")
    waiting = row.locator("td").first
    expect(waiting).to_have_text("2")
    expect(page.locator("#floor-alerts")).to_contain_text("Tunggu lewat target.")
    expect(page.locator(f"#counter-{counter.pk}")).to_contain_text("menganggur")
    page.evaluate("window.__same_page = true")
    page.wait_for_timeout(500)  # the page's stream is open

    called = counters.call_next(counter=counter, officer=None)
    expect(waiting).to_have_text("1", timeout=3_000)
    expect(page.locator(f"#counter-{counter.pk}")).to_contain_text(
        f"melayani {called.number}", timeout=3_000
    )
    assert page.evaluate("window.__same_page") is True
    expect(page.locator("#floor-alerts")).to_contain_text("1 orang menunggu lebih dari 15 menit.")
    page.screenshot(path=str(screenshot_dir() / "floor-demo.png"))
    page.screenshot(path=str(screenshot_dir() / "floor-demo-full.png"), full_page=True)
    assert audit(page, "floor view") == []
    assert page.console_errors == []
