"""The counter's rating tablet in a real Chromium against the real ASGI app: an officer
finishes a ticket, the tablet asks at once, a tap stores the rating."""

import pytest
from playwright.sync_api import expect

from satupintu.accounts.models import Role
from satupintu.accounts.services import issue_api_token
from satupintu.accounts.tests.factories import make_user
from satupintu.queueing.tests.factories import make_queue
from satupintu.satisfaction.models import Rating
from satupintu.satisfaction.tests.factories import served, tablet_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

LIVE = 3_000  # ms: the question is on the tablet within this


def test_finish_a_ticket_the_tablet_asks_and_a_tap_stores_the_rating(asgi_page):
    q = make_queue(counters=2)
    counter = q.counters[0]
    officer = make_user(
        Role.OFFICER, mpp=q.mpp, agency=counter.booth.agency, counters=[counter], full_name="Sari"
    )
    token = issue_api_token(user=tablet_at(counter))
    page = asgi_page
    page.set_viewport_size({"width": 800, "height": 1280})
    page.goto(f"/tablet/{q.mpp.slug}/loket/{counter.pk}/?token={token}")
    page.wait_for_selector("#tablet[data-stream=live]", timeout=5_000)
    assert "token" not in page.url
    expect(page.locator("#screen-rest")).to_be_visible()

    served(q, counter=q.counters[1])  # another counter: this tablet stays at rest
    ticket = served(q, officer=officer, counter=counter)

    expect(page.locator("#screen-ask")).to_be_visible(timeout=LIVE)
    expect(page.locator("#ask-ticket")).to_have_text(f"Nomor antrian {ticket.number}")
    page.get_by_role("button", name="Sangat puas").click()
    page.get_by_role("button", name="Ramah").click()
    page.get_by_role("button", name="Kirim penilaian").click()

    expect(page.locator("#screen-thanks")).to_be_visible(timeout=LIVE)
    rating = Rating.objects.get()
    assert (rating.ticket_id, rating.score, rating.reasons) == (ticket.pk, 4, ["ramah"])
    assert (rating.officer_id, rating.counter_id, rating.source) == (
        officer.pk,
        counter.pk,
        "tablet",
    )
    survey = page.locator("#survey-link")
    assert survey.get_attribute("href").endswith(f"/skm/{ticket.public_id}/")
    survey.click()
    expect(page.get_by_role("heading", name="Survei Kepuasan Masyarakat")).to_be_visible()
    assert not page.console_errors
