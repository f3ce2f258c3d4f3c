"""The installable app on a phone (Chromium with Playwright's "Pixel 7" profile), on the ASGI
server: the manifest, the service worker taking control, a live ticket that stays readable
offline with the time it was drawn, the offline page for a page never opened, the install
button, and signing out forgetting the kept pages."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from satupintu.accounts.models import User
from satupintu.demo.services import seed_demo
from satupintu.gates.browser import screenshot_dir
from satupintu.queueing.counters.services import call_next
from satupintu.queueing.models import Status, Ticket
from satupintu.queueing.tests.factories import open_all_day
from satupintu.tenancy.models import Mpp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

MINE = "+6281234567801"
OFFICER = "siti.rahmawati@banyumas.mpp.test"  # DINDUKCAPIL (queue A), counters 1 and 2
PASSWORD = "satupintu-demo"
CONTROLLED = """() => navigator.serviceWorker.controller !== null || new Promise((resolve) =>
  navigator.serviceWorker.addEventListener("controllerchange", resolve))"""
KEPT_PAGES = """async () => {
  const pages = await caches.open("satupintu-pages");
  return (await pages.keys()).map((request) => new URL(request.url).pathname);
}"""


@pytest.fixture
def phone(chromium, asgi_server):
    """A Pixel 7 in Indonesian, its screen the citizen pages' 390×844."""
    pixel = {k: v for k, v in chromium.devices["Pixel 7"].items() if k != "default_browser_type"}
    pixel["viewport"] = {"width": 390, "height": 844}
    context = chromium.new_context(**pixel, locale="id-ID", base_url=asgi_server.url)
    context.add_init_script("navigator.vibrate = () => true;")
    yield context
    context.close()


@pytest.fixture
def mpp(transactional_db):
    seed_demo()
    mpp = Mpp.objects.get(slug="banyumas")
    open_all_day(mpp)  # whatever the hour the test runs at
    return mpp


def controlled(page) -> None:
    """Wait until the service worker is active and answers for this page."""
    page.evaluate(CONTROLLED)  # it claims the page while it activates
    deadline = time.monotonic() + 5
    while page.evaluate("navigator.serviceWorker.ready.then((r) => r.active.state)") != "activated":
        assert time.monotonic() < deadline, "the service worker did not finish activating"
        page.wait_for_timeout(50)


def kept_pages(page) -> list[str]:
    return page.evaluate(KEPT_PAGES)


def wait_until_kept(page, path: str) -> None:
    """The worker keeps a page just after answering it (the page's CSP forbids polling
    with wait_for_function, which evaluates a string)."""
    deadline = time.monotonic() + 5
    while path not in kept_pages(page):
        assert time.monotonic() < deadline, f"{path} not kept: {kept_pages(page)}"
        time.sleep(0.1)


def test_a_ticket_page_stays_readable_offline_with_the_time_it_was_drawn(phone, mpp, asgi_server):
    page = phone.new_page()
    page.goto(f"/mpp/{mpp.slug}/")
    manifest_url = page.locator("link[rel=manifest]").get_attribute("href")
    assert manifest_url == f"/manifest.webmanifest?mpp={mpp.slug}"
    manifest = page.evaluate(f"fetch('{manifest_url}').then((r) => r.json())")
    assert manifest["short_name"] == "MPP Banyumas"
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    controlled(page)

    # a ticket from the phone, as the citizen takes it; its page is now the worker's to keep
    page.get_by_role("link", name="Ambil nomor antrian", exact=True).click()
    page.get_by_label("Layanan", exact=True).select_option("A01")
    page.get_by_label("Nomor ponsel").fill("0812 3456 7801")
    page.get_by_role("button", name="Ambil nomor").click()
    page.wait_for_url("**/antrian/**")
    ticket = Ticket.objects.get(phone=MINE)
    number = page.locator("[data-field=number]")
    expect(number).to_have_text(ticket.number)
    banner = page.locator("[data-offline-banner]")
    expect(banner).to_be_hidden()

    # the live stream still reaches the page through the worker
    officer = User.objects.get(email=OFFICER)
    called = call_next(counter=officer.counters.order_by("number").first(), officer=officer)
    assert called == ticket
    expect(page.locator("[data-field=status]")).to_contain_text("Dipanggil", timeout=5_000)

    page.reload()  # the page as the server draws it now: called
    path = f"/antrian/{ticket.public_id}/"
    wait_until_kept(page, path)
    drawn = banner.text_content()
    drawn_time = re.search(r"pukul (\d\d\.\d\d) WIB", drawn)
    assert drawn_time, drawn

    phone.set_offline(True)
    page.reload()
    expect(number).to_have_text(ticket.number)
    assert page.locator("html").get_attribute("data-from-store") is not None  # the kept copy
    expect(page.locator(".called-panel")).to_be_visible()  # the last state, as it was drawn
    expect(banner).to_be_visible()
    expect(banner).to_have_text(
        f"Anda sedang luring. Ini keadaan terakhir pukul {drawn_time[1]} WIB, "
        + drawn.split(", ")[-1]
    )
    page.screenshot(path=screenshot_dir() / "pwa-ticket-offline.png", full_page=True)

    page.goto(f"/mpp/{mpp.slug}/layanan/kategori/")  # never opened on this phone
    expect(page.get_by_role("heading", name="Anda sedang luring")).to_be_visible()
    expect(page.get_by_role("link", name="Coba lagi")).to_be_visible()
    page.screenshot(path=screenshot_dir() / "pwa-offline-page.png", full_page=True)

    phone.set_offline(False)  # back online: the page as the server draws it, no banner
    page.goto(path)
    expect(number).to_have_text(ticket.number)
    expect(banner).to_be_hidden()
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CALLED

    # the phone has a signal but the server does not answer: the kept copy says so too
    asgi_server.stop()
    try:
        page.reload()
        expect(number).to_have_text(ticket.number)
        expect(banner).to_be_visible()
        assert page.evaluate("navigator.onLine") is True
    finally:
        asgi_server.start()


def test_android_offers_to_install_the_app_and_the_button_goes_once_installed(phone, mpp):
    page = phone.new_page()
    page.goto(f"/mpp/{mpp.slug}/")
    button = page.get_by_role("button", name="Pasang aplikasi")
    expect(button).to_be_hidden()
    # headless Chromium never offers to install: the test offers as Android does
    page.evaluate(
        """() => {
        const offer = new Event("beforeinstallprompt", { cancelable: true });
        offer.prompt = () => { window.prompted = true; return Promise.resolve(); };
        window.dispatchEvent(offer);
    }"""
    )
    expect(button).to_be_visible()
    button.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir() / "pwa-install-button.png")
    button.click()
    assert page.evaluate("window.prompted") is True
    expect(button).to_be_hidden()  # an offer is used once
    page.evaluate(
        """() => {
        const offer = new Event("beforeinstallprompt", { cancelable: true });
        offer.prompt = () => Promise.resolve();
        window.dispatchEvent(offer);
        window.dispatchEvent(new Event("appinstalled"));
    }"""
    )
    expect(button).to_be_hidden()


def test_signing_out_leaves_no_page_of_the_citizen_on_the_phone(phone, mpp):
    citizen = User.objects.filter(role="citizen", is_active=True).order_by("pk").first()
    page = phone.new_page()
    page.goto(f"/mpp/{mpp.slug}/")
    controlled(page)
    page.goto("/masuk/")
    page.get_by_label("E-mail atau nomor telepon").fill(citizen.email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").last.click()
    page.wait_for_url("**/saya/")  # a citizen lands on Beranda saya
    page.goto("/permohonan/")
    wait_until_kept(page, "/permohonan/")
    assert "/saya/" in kept_pages(page)
    assert not any(p.startswith("/masuk/") for p in kept_pages(page))  # sign-in never kept

    page.get_by_role("button", name="Buka menu").click()  # the phone's collapsed menu
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))  # signed out, on the home page
    assert not {"/saya/", "/permohonan/"} & set(kept_pages(page))


NOTIFICATIONS = """() => navigator.serviceWorker.ready
  .then((registration) => registration.getNotifications())
  .then((shown) => shown.map((n) => ({title: n.title, body: n.body, tag: n.tag,
                                      url: n.data.url, icon: n.icon})))"""


def test_a_push_message_shows_its_notification_and_a_newer_one_with_its_tag_replaces_it(
    phone, mpp, asgi_server
):
    phone.grant_permissions(["notifications"], origin=asgi_server.url)
    page = phone.new_page()
    page.goto(f"/mpp/{mpp.slug}/")
    controlled(page)
    cdp = phone.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 5
    while not registrations:
        assert time.monotonic() < deadline, "no service worker registration reported"
        page.wait_for_timeout(50)

    def push(message: dict) -> None:
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {
                "origin": asgi_server.url,
                "registrationId": registrations[0]["registrationId"],
                "data": json.dumps(message),
            },
        )

    ticket = {"url": "/antrian/abc/", "tag": "ticket-A-001"}
    push({"title": "Giliran Anda hampir tiba", "body": "2 orang lagi", **ticket})
    push({"title": "Dipanggil ke Loket 1", "body": "Silakan menuju Loket 1", **ticket})
    deadline = time.monotonic() + 5
    while (
        not (shown := page.evaluate(NOTIFICATIONS)) or shown[0]["title"] != "Dipanggil ke Loket 1"
    ):
        assert time.monotonic() < deadline, f"notifications: {shown}"
        page.wait_for_timeout(50)
    assert shown == [
        {
            "title": "Dipanggil ke Loket 1",
            "body": "Silakan menuju Loket 1",
            "tag": "ticket-A-001",
            "url": "/antrian/abc/",
            "icon": f"{asgi_server.url}/static/web/icon-192.png",
        }
    ]
