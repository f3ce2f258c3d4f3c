"""A first-time citizen on a phone (390×844): from the service page's "Ajukan permohonan
daring" to the apply form, signed in with a code by WhatsApp (read from the local gateway's
outbox, as the phone would show it). Takes the screenshots of the sign-in pages."""

import re

import pytest
from playwright.sync_api import expect

from satupintu.accounts.models import User
from satupintu.demo.services import seed_demo
from satupintu.gates.browser import screenshot_dir
from satupintu.notifications.selectors import messages_for
from satupintu.web.services import sign_in_reference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "0813-2020-4455"
E164 = "+6281320204455"
PHONE_SCREEN = {"width": 390, "height": 844}


def received_code() -> str:
    message = messages_for(sign_in_reference(E164)).first()
    assert message is not None, "no code in the outbox"
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def shot(page, name: str) -> None:
    page.screenshot(path=str(screenshot_dir() / name), full_page=True)


def test_a_new_citizen_applies_online_after_signing_in_with_a_code(chromium, live_server):
    seed_demo()
    context = chromium.new_context(
        locale="id-ID", base_url=live_server.url, viewport=PHONE_SCREEN, has_touch=True
    )
    page = context.new_page()
    errors: list[str] = []
    # the refusals answer 4xx on purpose (the browser logs those); anything else is a fault
    page.on(
        "console",
        lambda m: m.type == "error" and "status of 4" not in m.text and errors.append(m.text),
    )
    try:
        page.goto("/mpp/banyumas/layanan/A01/")
        page.get_by_role("link", name="Ajukan permohonan daring").click()
        page.wait_for_url(re.compile(r"/masuk/\?next="))
        expect(page.get_by_role("heading", name="Masuk dengan kode lewat WhatsApp")).to_be_visible()
        shot(page, "sign-in-phone.png")

        page.get_by_label("Nomor ponsel").fill("0813")  # too short: said on the page
        page.get_by_role("button", name="Kirim kode").click()
        expect(page.get_by_role("alert")).to_contain_text("Nomor telepon tidak valid")
        shot(page, "sign-in-phone-error.png")

        page.get_by_label("Nomor ponsel").fill(PHONE)
        page.get_by_role("button", name="Kirim kode").click()
        page.wait_for_url(re.compile(r"/masuk/kode/\?next="))
        expect(page.locator("#code-sent")).to_contain_text("0813-2020-4455")
        shot(page, "sign-in-code.png")

        page.get_by_label("Kode dari pesan").fill(
            "000000" if received_code() != "000000" else "111111"
        )
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("alert")).to_contain_text("Kode salah. Sisa percobaan: 4.")
        shot(page, "sign-in-code-wrong.png")

        page.get_by_label("Kode dari pesan").fill(received_code())
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url("**/mpp/banyumas/permohonan/A01/")
        expect(page.get_by_role("heading", name="Permohonan daring")).to_be_visible()
        assert page.get_by_label("Nomor ponsel (SMS/WhatsApp)").input_value() == PHONE
        shot(page, "sign-in-apply-form.png")
        assert User.objects.get(phone=E164).role == "citizen"
        assert errors == []
    finally:
        context.close()
