"""The comparison of MPPs and the open-data index in Chromium, on two simulated days of
last month at MPP X (Banyumas) and MPP Y (Surabaya): the operator sorts the table and
filters a province at a laptop's size (1366×768); a visitor finds the month's files and
the data dictionary at a laptop's and a phone's size (390×844). Both pass the
accessibility audit. Saves regional-compare.png, open-data-index.png and
open-data-index-phone.png."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from satupintu.accounts.tests.factories import PASSWORD
from satupintu.gates.a11y import audit
from satupintu.gates.browser import screenshot_dir
from satupintu.operations.regional import last_complete_month
from satupintu.queueing.tests.factories import queue_at
from satupintu.simulator.services import simulate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]


def working_days(count: int) -> list[dt.date]:
    day, found = last_complete_month(), []
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day += dt.timedelta(days=1)
    return found


@pytest.fixture
def last_month(personas):
    p = personas
    p.mpp_x.name, p.mpp_x.regency_name = "MPP Kabupaten Banyumas", "Kabupaten Banyumas"
    p.mpp_x.save(update_fields=["name", "regency_name"])
    p.mpp_y.name, p.mpp_y.regency_code = "MPP Kota Surabaya", "35.78"
    p.mpp_y.regency_name = "Kota Surabaya"
    p.mpp_y.save(update_fields=["name", "regency_code", "regency_name"])
    queue_at(p.counter_xa, "A")
    queue_at(p.counter_xb, "B")
    queue_at(p.counter_ya, "A")
    for seed, day in enumerate(working_days(2)):
        simulate(p.mpp_x, day, seed=seed)
        simulate(p.mpp_y, day, seed=seed + 10)
    return p


def test_the_operator_compares_mpps_and_sorts_them(asgi_page, last_month):
    page = asgi_page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/masuk/")
    page.get_by_label("E-mail atau nomor telepon").fill(last_month.operator.email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").last.click()
    page.wait_for_load_state()
    page.goto("/")
    page.get_by_role("link", name="Perbandingan MPP").click()
    table = page.get_by_role("table")
    expect(table).to_contain_text("MPP Kabupaten Banyumas")
    expect(table).to_contain_text("MPP Kota Surabaya")
    expect(table).to_contain_text("sasaran 15 mnt")
    page.get_by_role("link", name="Tunggu rata-rata").click()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Tunggu rata-rata")
    page.screenshot(path=str(screenshot_dir() / "regional-compare.png"), full_page=True)
    assert audit(page, "comparison of MPPs") == []
    page.get_by_label("Provinsi").select_option("35")
    page.get_by_role("button", name="Tampilkan").click()
    expect(table).to_contain_text("MPP Kota Surabaya")
    expect(table).not_to_contain_text("MPP Kabupaten Banyumas")
    assert page.console_errors == []


@pytest.mark.parametrize(
    ("size", "name"),
    [
        ({"width": 1366, "height": 768}, "open-data-index"),
        ({"width": 390, "height": 844}, "open-data-index-phone"),
    ],
)
def test_a_visitor_finds_last_months_files_and_the_dictionary(asgi_page, last_month, size, name):
    page = asgi_page
    page.set_viewport_size(size)
    page.goto("/")
    page.get_by_role("link", name="Data terbuka").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data terbuka Mal Pelayanan Publik")
    month = last_complete_month()
    csv_link = page.get_by_role("link", name="Unduh CSV").first
    expect(csv_link).to_have_attribute("href", f"/data-terbuka/{month:%Y-%m}.csv")
    expect(page.locator("#kamus-data")).to_have_text("Kamus data")
    page.screenshot(path=str(screenshot_dir() / f"{name}.png"), full_page=True)
    assert audit(page, "open data index") == []
    answer = page.request.get(f"/data-terbuka/{month:%Y-%m}.json")
    assert answer.ok
    assert {r["mpp"] for r in answer.json()["rows"]} == {"mpp-x", "mpp-y"}
    assert page.console_errors == []
