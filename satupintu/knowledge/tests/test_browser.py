"""The knowledge base in a real browser: K in the counter console opens the search in a
dialog, and the officer acknowledges a regulation change shown at the top of the console."""

import pytest
from playwright.sync_api import expect

from satupintu.accounts.models import User
from satupintu.demo.services import seed_demo
from satupintu.gates.browser import screenshot_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICER = "siti.rahmawati@banyumas.mpp.test"  # Disdukcapil: UU 23/2006 was amended


def test_k_searches_from_the_console_and_a_change_is_acknowledged(asgi_page):
    seed_demo()
    counter = User.objects.get(email=OFFICER).counters.order_by("number").first()
    page = asgi_page
    page.goto("/masuk/")
    page.get_by_label("E-mail atau nomor telepon").fill(OFFICER)
    page.get_by_label("Kata sandi").fill("satupintu-demo")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/staf/")
    page.get_by_role("link", name=f"Konsol loket {counter.number}").click()
    page.wait_for_url(f"**/staf/loket/{counter.pk}/konsol/")

    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("k")
    dialog = page.get_by_role("dialog", name="Cari peraturan dan jawaban")
    expect(dialog).to_be_visible()
    page.keyboard.type("ktp hilang")  # the field has the focus
    expect(dialog.get_by_role("link", name="KTP-el hilang, apa yang perlu dibawa")).to_be_visible()
    page.screenshot(path=str(screenshot_dir() / "kms-console-search.png"))
    page.keyboard.press("Escape")  # one Esc, with text still in the search field
    expect(dialog).to_be_hidden()
    expect(page.locator("#btn-knowledge")).to_be_focused()  # back where K came from
    page.get_by_role("button", name="Basis pengetahuan").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Tutup jendela ini").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#btn-knowledge")).to_be_focused()

    change = page.get_by_text("UU 23/2006 diubah oleh UU 24/2013")
    expect(change).to_be_visible()
    page.get_by_role("button", name="Sudah saya baca").click()
    page.wait_for_url(f"**/staf/loket/{counter.pk}/konsol/")
    expect(page.get_by_text("Perubahan ditandai sudah dibaca.")).to_be_visible()
    expect(change).to_have_count(0)
