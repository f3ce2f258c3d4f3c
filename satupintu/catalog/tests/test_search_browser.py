"""In a real headless Chromium: a visitor types how they would say it and gets the service."""

import re

import pytest

from satupintu.demo.services import seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_searches_from_the_landing_page_and_opens_the_service(page, live_server):
    seed_demo()
    page.goto("/")
    box = page.get_by_role("searchbox", name="Cari layanan di semua MPP")
    box.fill("bikin ktp")
    box.press("Enter")
    page.wait_for_url("**/cari/?q=bikin+ktp")
    assert page.locator("h1").inner_text() == "Hasil pencarian “bikin ktp”"
    page.get_by_role("link", name="Perekaman dan penerbitan KTP-el baru").first.click()
    page.wait_for_url("**/layanan/A01/")
    assert page.locator("h1").inner_text() == "Perekaman dan penerbitan KTP-el baru"

    page.goto("/mpp/banyumas/")
    box = page.get_by_role(
        "searchbox", name="Cari layanan di Mal Pelayanan Publik Kabupaten Banyumas"
    )
    box.fill("perpnjang sim")  # sic
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_url("**/mpp/banyumas/cari/?q=perpnjang+sim")
    assert "Menampilkan hasil untuk perpanjang" in page.locator("main").inner_text()
    first = page.locator("ol.search-results > li").first
    assert first.get_by_role("link").inner_text() in {"Perpanjangan SIM A", "Perpanjangan SIM C"}
    first.get_by_role("link").click()
    page.wait_for_url(re.compile(r".*/mpp/banyumas/layanan/C0[34]/$"))
    assert page.console_errors == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_result_states_pass_axe_on_a_phone(chromium, live_server, language):
    """The gate opens /cari/ without a query; these are the states a query leads to."""
    from satupintu.gates.a11y import audit

    seed_demo()
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, locale="id-ID"
    )
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
    )
    page = context.new_page()
    violations = []
    try:
        for path in [
            "/mpp/banyumas/cari/?q=perpnjang+sim",  # a correction, filters closed
            "/mpp/banyumas/cari/?q=ktp&category=kependudukan",  # filters open
            "/mpp/banyumas/cari/?q=qwertyuiop",  # nothing found
            "/cari/?q=bikin+ktp",  # across MPPs
            "/cari/?q=" + "x" * 150,  # too long
        ]:
            assert page.goto(path).status == 200
            violations += audit(page, f"[{language}] {path}")
    finally:
        context.close()
    assert not violations, "\n".join(str(v) for v in violations)
