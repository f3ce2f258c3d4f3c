"""In a real Chromium with an empty cache, on the ASGI server: the live ticket page and
"Beranda saya" each load in at most 150 KB over the wire (issue 24: a phone on slow 4G),
and a ticket's card on "Beranda saya" follows its stream: called to a counter, it says so
without a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.demo.home import citizen_session
from satupintu.queueing.counters.services import call_next
from satupintu.queueing.models import Channel
from satupintu.queueing.tests.factories import make_queue
from satupintu.queueing.tickets.services import issue_ticket

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

PHONE = {"width": 390, "height": 844}
FIRST_VISIT_LIMIT = 150 * 1024


@pytest.fixture
def citizen_tab(chromium, asgi_server):
    """A phone-sized tab of a signed-in citizen who holds a waiting ticket."""
    setup = make_queue()
    citizen = make_user(Role.CITIZEN, phone="+6281234567120", full_name="Siti Aminah")
    ticket = issue_ticket(
        mpp=setup.mpp, service=setup.service, channel=Channel.ONLINE, phone="081234567120",
        user=citizen,
    )  # fmt: skip
    context = chromium.new_context(locale="id-ID", base_url=asgi_server.url, viewport=PHONE)
    name, value = citizen_session(citizen).split("=", 1)
    context.add_cookies([{"name": name, "value": value, "url": asgi_server.url}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    yield page, setup, ticket, errors
    context.close()


def bytes_of_first_visit(page, path: str) -> int:
    """Bytes over the wire (headers and compressed bodies: CDP's encodedDataLength) of every
    request the page made until it was loaded, with the cache disabled."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished", lambda e: sizes.update({e["requestId"]: e["encodedDataLength"]})
    )
    page.goto(path, wait_until="networkidle")
    page.wait_for_timeout(300)
    return sum(sizes.values())


@pytest.mark.parametrize("which", ["ticket page", "Beranda saya"])
def test_a_first_visit_costs_at_most_150_kb(citizen_tab, which):
    page, _setup, ticket, errors = citizen_tab
    path = f"/antrian/{ticket.public_id}/" if which == "ticket page" else "/saya/"
    sent = bytes_of_first_visit(page, path)
    expect(page.get_by_text(ticket.number, exact=True).first).to_be_visible()
    print(f"{which}: {sent} bytes on a first visit")
    assert 20 * 1024 < sent <= FIRST_VISIT_LIMIT, f"{which}: {sent / 1024:.0f} KB"
    assert errors == []


def test_a_tickets_card_on_my_home_shows_the_call_without_a_reload(citizen_tab):
    page, setup, ticket, errors = citizen_tab
    page.goto("/saya/")
    card = page.locator("[data-live-ticket]")
    expect(card.locator("[data-field=status]")).to_have_text("Menunggu")
    page.wait_for_timeout(500)  # the stream's snapshot has arrived
    call_next(counter=setup.counters[0], officer=None)
    counter = setup.counters[0].number
    expect(card.locator("[data-field=status]")).to_have_text(f"Giliran Anda! Loket {counter}")
    expect(page).to_have_title(f"Giliran Anda! Loket {counter} · {ticket.number}")
    assert errors == []
