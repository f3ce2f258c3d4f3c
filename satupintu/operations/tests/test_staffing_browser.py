"""The staffing page in Chromium at a laptop's size (1366×768), on a simulated day: the
supervisor sees the advice table with the short hours marked, asks the what-if, and the
page passes the accessibility audit. Saves staffing-day.png and staffing-what-if.png."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from satupintu.accounts.tests.factories import PASSWORD
from satupintu.gates.a11y import audit
from satupintu.gates.browser import screenshot_dir
from satupintu.queueing.tests.factories import queue_at
from satupintu.simulator.services import simulate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

DAY = dt.date(2026, 11, 18)  # a Wednesday: MPP X opens 08–12 and 13–16


def test_the_supervisor_reads_the_days_advice_and_asks_what_if(asgi_page, personas):
    queue_at(personas.counter_xa, "A")
    queue_at(personas.counter_xb, "B")
    simulate(personas.mpp_x, DAY, seed=2)  # one counter per service: busy hours fall short
    page = asgi_page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/masuk/")
    page.get_by_label("E-mail atau nomor telepon").fill(personas.supervisor_x.email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").last.click()
    page.wait_for_url("**/staf/")
    page.get_by_role("link", name="Kebutuhan loket").click()
    page.get_by_label("Tanggal").fill(DAY.isoformat())
    page.get_by_role("button", name="Tampilkan").click()
    table = page.get_by_role("table")
    expect(table).to_contain_text("08.00")
    expect(table.locator("td.table-warning").first).to_contain_text("kurang")
    page.screenshot(path=str(screenshot_dir() / "staffing-day.png"), full_page=True)
    assert audit(page, "staffing advice") == []

    page.get_by_label("Kedatangan per jam").fill("12")
    page.get_by_label("Lama loket terpakai per orang (menit)").fill("10")
    page.get_by_label("Jumlah loket buka").fill("3")
    page.get_by_role("button", name="Hitung").click()
    result = page.get_by_role("status")
    expect(result).to_contain_text("Dipanggil dalam 15 menit")
    expect(result).to_contain_text("90%")
    result.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir() / "staffing-what-if.png"))
    assert audit(page, "staffing what-if") == []
    assert page.console_errors == []
