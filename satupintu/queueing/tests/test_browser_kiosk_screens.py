"""The demo MPP's kiosk in a real Chromium at the kiosk's portrait size (1080×1920,
docs/operations.md "Kios antrian"), touched rather than typed on: the search with the
on-screen keyboard, and an agency's eleven services on one screen without scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from satupintu.accounts.models import Role, User
from satupintu.accounts.services import issue_api_token
from satupintu.catalog.tests.factories import make_service
from satupintu.demo.services import seed_demo
from satupintu.gates.a11y import audit
from satupintu.gates.browser import screenshot_dir
from satupintu.queueing.models import Channel, QueueService, Ticket
from satupintu.tenancy.models import Booth

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

PORTRAIT = {"width": 1080, "height": 1920}
NO_PRINT = "window.print = () => {}; navigator.vibrate = () => true;"
TOUCH_TARGET = 48  # px, the least a finger hits reliably


@pytest.fixture
def kiosk(chromium, asgi_server):
    seed_demo()
    device = User.objects.get(mpp__slug="banyumas", role=Role.KIOSK)
    context = chromium.new_context(
        locale="id-ID", base_url=asgi_server.url, viewport=PORTRAIT, has_touch=True
    )
    context.add_init_script(NO_PRINT)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.goto(f"/kios/banyumas/?token={issue_api_token(user=device)}")
    yield page
    assert not page.console_errors, page.console_errors
    context.close()


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollHeight <= window.innerHeight"
        " && document.documentElement.scrollWidth <= window.innerWidth"
    )


def test_paspor_typed_on_the_screens_keys_finds_imigrasi_and_takes_a_ticket(kiosk):
    page = kiosk
    keys = page.get_by_role("group", name="Papan ketik layar")
    expect(keys).to_be_hidden()  # until the field is touched
    page.get_by_label("Cari layanan dengan kata Anda sendiri").tap()
    expect(keys).to_be_visible()
    for letter in "PASPOR":
        keys.get_by_role("button", name=letter, exact=True).tap()
    field = page.get_by_label("Cari layanan dengan kata Anda sendiri")
    expect(field).to_have_value("paspor")
    expect(field).to_be_focused()  # the keys leave the focus (and a scanner's typing) there
    first = page.locator(".kiosk-result").first
    expect(first).to_contain_text("paspor", ignore_case=True)
    expect(first).to_contain_text("Imigrasi")
    assert page.locator(".kiosk-result").count() >= 2
    assert keys.bounding_box()["y"] < first.bounding_box()["y"]  # results never move the keys
    for key in keys.get_by_role("button").all():
        box = key.bounding_box()
        assert box["width"] >= TOUCH_TARGET and box["height"] >= TOUCH_TARGET
    problems = audit(page, "[kiosk · id] start screen with search results")
    assert not problems, "\n".join(map(str, problems))
    page.screenshot(path=str(screenshot_dir() / "kiosk-search.png"))

    keys.get_by_role("button", name="Hapus", exact=True).tap()
    expect(field).to_have_value("paspo")
    keys.get_by_role("button", name="Hapus semua").tap()
    expect(field).to_have_value("")

    for letter in "PASPO":
        keys.get_by_role("button", name=letter, exact=True).tap()
    # the last search answered before the tap: a page leaving with a search in flight
    # would have it aborted, which htmx reports on the console
    with page.expect_response(lambda r: "q=paspor" in r.url):
        keys.get_by_role("button", name="R", exact=True).tap()
    expect(page.locator(".htmx-request")).to_have_count(0)
    expect(page.locator(".kiosk-result").first).to_contain_text("Imigrasi")
    with page.expect_navigation():
        page.locator(".kiosk-result").first.tap()
    expect(page.get_by_text("Siapkan persyaratannya")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Tidak antrian biasa").tap()
    ticket = Ticket.objects.get(public_id=page.url.rstrip("/").rsplit("/", 1)[-1])
    assert ticket.channel == Channel.KIOSK and ticket.service.agency.code == "IMIGRASI"
    expect(page.locator(".kiosk-ticket-number")).to_have_text(ticket.number)


def test_the_start_screen_without_a_search_fits_the_portrait_screen(kiosk):
    expect(kiosk.locator(".kiosk-tile")).to_have_count(16)
    kiosk.screenshot(path=str(screenshot_dir() / "kiosk-start.png"))
    assert fits_the_screen(kiosk), kiosk.evaluate("document.documentElement.scrollHeight")


def add_services(agency_code: str, count: int) -> None:
    """More queued services for a demo agency, with names as long as the longest real ones."""
    booth = Booth.objects.get(mpp__slug="banyumas", agency__code=agency_code)
    queue = QueueService.objects.filter(service__agency=booth.agency).first().queue
    for n in range(count):
        service = make_service(
            booth=booth,
            code=f"{booth.queue_prefix}{90 + n}",
            name=f"Penerbitan surat keterangan kependudukan untuk keperluan lain nomor {n + 1}",
        )
        QueueService.objects.create(mpp=booth.mpp, queue=queue, service=service)


@pytest.mark.parametrize("extra", [0, 3], ids=["demo-11", "14"])
def test_eleven_services_of_one_agency_fit_the_portrait_screen_without_scrolling(kiosk, extra):
    add_services("DINDUKCAPIL", extra)
    page = kiosk
    with page.expect_navigation():
        page.get_by_role("link", name="Disdukcapil Banyumas").tap()
    services = page.locator(".kiosk-service")
    expect(services).to_have_count(11 + extra)
    assert fits_the_screen(page)
    for service in services.all():
        expect(service).to_be_in_viewport(ratio=1)
        box = service.bounding_box()
        assert box["height"] >= TOUCH_TARGET and box["width"] >= 300
    sizes = page.evaluate(
        "[...document.querySelectorAll('.kiosk-service-name')]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert min(sizes) >= 22  # readable standing up
    problems = audit(page, "[kiosk · id] an agency with eleven services")
    assert not problems, "\n".join(map(str, problems))
    page.screenshot(path=str(screenshot_dir() / f"kiosk-agency-{11 + extra}.png"))
    with page.expect_navigation():
        services.last.tap()
    expect(page.get_by_role("button", name="Tidak antrian biasa")).to_be_visible()
    page.screenshot(path=str(screenshot_dir() / "kiosk-service-step.png"))


def test_beyond_one_screen_the_services_are_paged_with_big_buttons_not_scrolled(kiosk):
    add_services("DINDUKCAPIL", 5)  # 16: fourteen on the first screen, two on the next
    page = kiosk
    with page.expect_navigation():
        page.get_by_role("link", name="Disdukcapil Banyumas").tap()
    expect(page.locator(".kiosk-service")).to_have_count(14)
    assert fits_the_screen(page)
    following = page.get_by_role("link", name="Berikutnya")
    box = following.bounding_box()
    assert box["height"] >= 64 and box["width"] >= 200
    with page.expect_navigation():
        following.tap()
    expect(page.locator(".kiosk-service")).to_have_count(2)
    expect(page.get_by_text("Halaman 2 dari 2")).to_be_visible()
    page.screenshot(path=str(screenshot_dir() / "kiosk-agency-page-2.png"))
    with page.expect_navigation():
        page.get_by_role("link", name="Sebelumnya").tap()
    expect(page.locator(".kiosk-service")).to_have_count(14)
