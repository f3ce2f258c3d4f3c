"""The counter console in a real browser on the ASGI server (live event stream included)."""

import re

import pytest
from playwright.sync_api import expect

from satupintu.accounts.models import User
from satupintu.accounts.services import issue_api_token
from satupintu.catalog.models import CounterService
from satupintu.demo.services import seed_demo
from satupintu.gates.browser import screenshot_dir
from satupintu.queueing.counters import services as counter_services
from satupintu.queueing.models import Status, Ticket
from satupintu.queueing.tickets import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICER = "siti.rahmawati@banyumas.mpp.test"


def test_an_officer_calls_and_finishes_by_keyboard_and_the_list_follows_other_counters(
    asgi_page,
):
    seed_demo()
    officer = User.objects.get(email=OFFICER)
    mine, other = list(officer.counters.order_by("number"))[:2]
    service = (
        CounterService.objects.filter(counter=mine, service__counter_links__counter=other)
        .select_related("service")
        .first()
        .service
    )  # served at both counters, so the other counter takes from this console's list
    issue = lambda: services.issue_ticket(mpp=mine.mpp, service=service, channel="kiosk")  # noqa: E731
    first, second, third = issue(), issue(), issue()

    page = asgi_page
    page.goto("/masuk/")
    page.get_by_label("E-mail atau nomor telepon").fill(OFFICER)
    page.get_by_label("Kata sandi").fill("satupintu-demo")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/staf/")
    page.get_by_role("link", name=f"Konsol loket {mine.number}").click()
    page.wait_for_url(f"**/staf/loket/{mine.pk}/konsol/")
    waiting = page.locator("#waiting-list tbody tr[data-number]")
    assert waiting.count() == 3

    page.keyboard.press("n")  # call next
    number = page.locator(".current-number")
    number.wait_for()
    assert number.inner_text().split()[-1] == first.number
    expect(page.get_by_role("status")).to_have_text(
        f"Nomor {first.number} dipanggil ke loket {mine.number}."
    )
    assert page.locator(f'#waiting-list tr[data-number="{first.number}"]').count() == 0

    # Another counter calls the next ticket: it leaves this console's list without a reload.
    page.evaluate("window.__same_page = true")
    counter_services.call_next(counter=other, officer=None)
    page.locator(f'#waiting-list tr[data-number="{second.number}"]').wait_for(
        state="detached", timeout=2000
    )
    assert page.evaluate("window.__same_page") is True
    assert page.locator(f'#waiting-list tr[data-number="{third.number}"]').count() == 1

    # Typing in a field does not fire the shortcuts.
    page.keyboard.press("c")
    note = page.get_by_label("Catatan singkat (terlihat oleh petugas saja)")
    note.wait_for()
    note.type("sms")  # an "s" and an "m" that must stay text
    page.keyboard.press("Escape")
    first.refresh_from_db()
    assert first.status == Status.CALLED

    page.keyboard.press("m")  # start serving
    page.locator("#btn-finish:not([disabled])").wait_for()
    page.keyboard.press("s")  # finish: the dialog opens on its save button
    page.get_by_role("dialog", name=re.compile("Selesai melayani")).wait_for()
    page.keyboard.press("Enter")
    page.locator(".current-empty").wait_for()
    assert Ticket.objects.get(pk=first.pk).status == Status.DONE
    assert page.locator("#stat-served").inner_text() == "1"
    assert page.locator("#btn-call").is_enabled()
    assert not page.console_errors


def test_a_call_made_through_the_api_appears_on_the_open_console_and_board(asgi_page, asgi_server):
    seed_demo()
    officer = User.objects.get(email=OFFICER)
    counter = officer.counters.order_by("number").first()
    service = CounterService.objects.filter(counter=counter).select_related("service").first()
    tickets = [
        services.issue_ticket(mpp=counter.mpp, service=service.service, channel="kiosk")
        for _ in range(3)
    ]
    console = asgi_page
    console.set_viewport_size({"width": 1366, "height": 768})
    console.goto("/masuk/")
    console.get_by_label("E-mail atau nomor telepon").fill(OFFICER)
    console.get_by_label("Kata sandi").fill("satupintu-demo")
    console.get_by_role("button", name="Masuk").click()
    console.wait_for_url("**/staf/")
    console.goto(f"/staf/loket/{counter.pk}/konsol/")
    console.locator(f'#waiting-list tr[data-number="{tickets[0].number}"]').wait_for()
    console.evaluate("window.__same_page = true")

    display = User.objects.get(email="layar-1@banyumas.perangkat.test")
    tv = console.context.browser.new_context(locale="id-ID", base_url=asgi_server.url)
    board = tv.new_page()
    board.set_viewport_size({"width": 1920, "height": 1080})
    board.goto(f"/layar/{counter.mpp.slug}/?token={issue_api_token(user=display)}")
    board.wait_for_selector("body[data-stream=live]", timeout=5_000)
    board.evaluate("window.__same_page = true")
    console.wait_for_timeout(500)  # the console's stream is open too

    token = issue_api_token(user=officer)
    answer = console.request.post(
        f"/api/v1/counters/{counter.pk}/call-next", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status == 200, answer.text()
    called = answer.json()["number"]
    assert called == tickets[0].number

    expect(board.locator("#call-number")).to_have_text(called, timeout=2_000)
    expect(board.locator("#call-counter")).to_have_text(str(counter.number))
    expect(console.locator(".current-number")).to_contain_text(called, timeout=2_000)
    assert console.locator(f'#waiting-list tr[data-number="{called}"]').count() == 0
    assert console.evaluate("window.__same_page") is True
    assert board.evaluate("window.__same_page") is True
    board.screenshot(path=str(screenshot_dir() / "board-demo.png"))
    console.screenshot(path=str(screenshot_dir() / "console-demo.png"), full_page=True)
    assert not console.console_errors
    tv.close()
