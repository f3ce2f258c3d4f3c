"""In a real headless Chromium: the landing page, the language switch and signing in."""

import pytest
from playwright.sync_api import expect

from satupintu.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reads_the_landing_page_switches_to_english_and_an_officer_signs_in(
    page, personas
):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Mal Pelayanan Publik")
    page.get_by_role("link", name=personas.mpp_x.name).click()
    expect(page.locator("h1")).to_have_text(personas.mpp_x.name)
    expect(page.get_by_role("heading", name="Jam layanan")).to_be_visible()

    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="Opening hours")).to_be_visible()

    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("E-mail or phone number").fill(personas.officer_xa.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staf/")
    expect(page.get_by_role("heading", name="Staff room")).to_be_visible()
    expect(page.get_by_role("button", name="Close counter 1")).to_be_visible()
    assert page.console_errors == []


def test_a_wrong_password_keeps_the_visitor_on_the_login_page_with_a_message(page, personas):
    page.goto("/masuk/")
    page.get_by_label("E-mail atau nomor telepon").fill(personas.citizen.email)
    page.get_by_label("Kata sandi").fill("salah")
    page.get_by_role("button", name="Masuk").last.click()
    assert (
        page.get_by_role("alert")
        .inner_text()
        .startswith("E-mail/nomor telepon atau kata sandi salah")
    )
