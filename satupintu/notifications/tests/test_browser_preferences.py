"""A citizen on a phone (390×844) opens Akun saya → Notifikasi, presses "Aktifkan notifikasi
di ponsel ini" where the browser keeps no service worker or refuses the permission (the page
only says so) and saves a channel per kind. Takes the page's screenshots."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.gates.browser import screenshot_dir
from satupintu.notifications.selectors import preferences_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_SCREEN = {"width": 390, "height": 844}


def _signed_in_phone(chromium, live_server, user, locale="id-ID", service_workers="block"):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(
        locale=locale,
        base_url=live_server.url,
        viewport=PHONE_SCREEN,
        has_touch=True,
        service_workers=service_workers,
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    return page


def test_a_citizen_chooses_channels_and_the_button_waits_for_a_service_worker(
    chromium, live_server, vapid
):
    sari = make_user(Role.CITIZEN, phone="081234567801", email=None, full_name="Sari Wulandari")
    page = _signed_in_phone(chromium, live_server, sari)
    page.goto("/akun/")
    page.get_by_role("link", name="Notifikasi").click()
    expect(page.get_by_role("heading", name="Notifikasi", exact=True)).to_be_visible()
    page.screenshot(path=str(screenshot_dir() / "notifications-phone.png"), full_page=True)

    page.get_by_role("button", name="Aktifkan notifikasi di ponsel ini").click()
    expect(page.locator("#push-status")).to_have_text(
        "Notifikasi ponsel belum siap di peramban ini. Muat ulang halaman lalu coba lagi."
    )
    page.locator("#push").screenshot(path=str(screenshot_dir() / "notifications-no-worker.png"))
    page.get_by_label("Giliran hampir tiba").select_option("none")
    page.get_by_label("Dipanggil ke loket").select_option("phone")
    page.get_by_role("button", name="Simpan pilihan").click()
    expect(page.get_by_role("status").first).to_have_text("Pilihan notifikasi tersimpan.")
    expect(page.get_by_label("Giliran hampir tiba")).to_have_value("none")
    page.screenshot(path=str(screenshot_dir() / "notifications-phone-saved.png"), full_page=True)
    assert preferences_of(sari)["queue_near"] == "none"
    assert not page.console_errors, page.console_errors


def test_a_refused_permission_is_said_plainly(chromium, live_server, vapid):
    sari = make_user(Role.CITIZEN, phone="081234567801", email=None, full_name="Sari Wulandari")
    page = _signed_in_phone(chromium, live_server, sari, service_workers="allow")
    page.goto("/akun/notifikasi/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # the app's worker (/sw.js)
    page.get_by_role("button", name="Aktifkan notifikasi di ponsel ini").click()
    expect(page.locator("#push-status")).to_have_text(
        "Izin notifikasi ditolak. Izinkan notifikasi untuk situs ini di pengaturan peramban, "
        "lalu coba lagi."
    )


def test_the_page_in_english(chromium, live_server, vapid):
    sari = make_user(Role.CITIZEN, phone="081234567801", full_name="Sari Wulandari")
    page = _signed_in_phone(chromium, live_server, sari, locale="en-US")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto("/akun/notifikasi/")
    expect(page.get_by_role("button", name="Turn on notifications on this phone")).to_be_visible()
    page.screenshot(path=str(screenshot_dir() / "notifications-phone-en.png"), full_page=True)
    assert not page.console_errors, page.console_errors
