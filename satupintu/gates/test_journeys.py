"""Click-only journeys gate: each persona reaches what it can do from the front door.

A citizen on a phone, an officer and a supervisor start at `/`, the kiosk and the
board at their start pages, and from there move only by clicking (or touching)
visible links and buttons (satupintu/gates/clickonly.py); the steps of each journey
are in satupintu/gates/journeys/. A journey fails where a page cannot be reached, a
link is missing, or a page answers an error; the staff journeys also fail when a page
of their room is reached by no click. The test command's gate summary lists how many
steps each journey reached, on each database.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from satupintu.accounts.models import Role, User
from satupintu.accounts.services import issue_api_token
from satupintu.appointments.selectors import bookable_services
from satupintu.catalog.models import Service
from satupintu.demo.services import seed_demo
from satupintu.gates import clickonly, pages
from satupintu.gates.clickonly import ClickOnly, DeadEnd, Step, TypedUrl, Walked, walk
from satupintu.gates.journeys.citizen import (
    CitizenJourney,
    NewCitizenJourney,
    PhoneTicketJourney,
)
from satupintu.gates.journeys.devices import KioskAndBoardJourney
from satupintu.gates.journeys.staff import OfficerJourney, SupervisorJourney, page_names
from satupintu.gates.report import record
from satupintu.queueing.models import Channel
from satupintu.queueing.tickets.services import issue_ticket
from satupintu.tenancy.models import Counter, Mpp
from satupintu.tenancy.selectors import next_opening

pytestmark = [
    pytest.mark.gate,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
KIOSK = {"width": 1080, "height": 1920}
BOARD = {"width": 1920, "height": 1080}
NO_PRINT = "window.print = () => {}; navigator.vibrate = () => true;"
Journey = tuple[str, list[Step], tuple[ClickOnly, ...]]
KTP_BARU = "A01"  # queued and applied for online; its requirements have no conditions


@pytest.fixture(scope="module")
def journal():
    """Every journey walked in this file; one line in the gate summary at the end."""
    walked: list[Walked] = []
    yield walked
    if walked:
        record(
            "journeys",
            "steps of click-only journeys (" + ", ".join(map(str, walked)) + ")",
            sum(w.reached for w in walked),
            sum(not w.complete for w in walked),
        )


@pytest.fixture
def open_tab(chromium, asgi_server):
    """A new browser profile on a screen of the given size; touch screens tap."""
    contexts = []

    def open_tab(viewport: dict, *, touch: bool = False) -> ClickOnly:
        # Without the app's service worker: on a busy test machine its weak-connection rule
        # (a kept copy after 3.5 s) would make a journey read yesterday's page. The worker
        # has its own browser tests (web/tests/test_browser_pwa.py).
        context = chromium.new_context(
            locale="id-ID",
            base_url=asgi_server.url,
            viewport=viewport,
            has_touch=touch,
            service_workers="block",
        )
        context.add_init_script(NO_PRINT)
        contexts.append(context)
        return ClickOnly(context.new_page(), touch=touch)

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def mpp() -> Mpp:
    seed_demo()
    return Mpp.objects.get(slug=pages.DEMO_MPP)


@pytest.fixture
def while_open(mpp):
    """The MPP's next opening hour, an hour in, with the clock running (phone tickets are
    taken only while the MPP is open)."""
    opens = next_opening(mpp, dt.datetime.now(dt.UTC))
    assert opens is not None, "the demo MPP never opens"
    with time_machine.travel(opens + dt.timedelta(hours=1), tick=True):
        yield


def person(persona: pages.Persona) -> User:
    """The demo account behind a persona that signs in."""
    user = pages.who(persona).user
    assert user is not None, persona
    return user


def served_at(counter: Counter) -> Service:
    return Service.objects.filter(counter_links__counter=counter).order_by("code")[0]


def test_a_citizen_on_a_phone_takes_a_phone_ticket_follows_it_and_answers_the_skm(
    mpp, while_open, open_tab, journal
):
    """Its own test: the phone ticket is a journey of its own from the home page."""
    service = Service.objects.get(mpp=mpp, code=KTP_BARU)
    journey = PhoneTicketJourney(
        tab=open_tab(PHONE),
        mpp=mpp,
        service=service,
        counter=Counter.objects.filter(service_links__service=service).order_by("number")[0],
    )
    walk("phone ticket", journey.steps(), journey.tab, journal=journal)


def test_every_persona_reaches_what_it_can_do_by_clicks_alone(mpp, open_tab, journal):
    """The citizen (with an account and new), the officer, the supervisor, the kiosk and the
    board, one after the other on one demo day (seeding it takes longer than a journey); each
    journey is walked even when one before it stopped, and the test lists every one that
    stopped."""
    public = page_names(pages.Persona.VISITOR)
    stopped = []
    for name, steps, tabs in (
        citizen_journey(mpp, open_tab),
        new_citizen_journey(mpp, open_tab),
        officer_journey(mpp, open_tab, public),
        supervisor_journey(open_tab, public),
        kiosk_and_board_journey(mpp, open_tab),
    ):
        try:
            walk(name, steps, *tabs, journal=journal)
        except AssertionError as failure:
            stopped.append(str(failure))
    assert not stopped, "\n\n".join(stopped)


def citizen_journey(mpp: Mpp, open_tab) -> Journey:
    journey = CitizenJourney(
        tab=open_tab(PHONE),
        mpp=mpp,
        citizen=person(pages.Persona.CITIZEN),
        service=Service.objects.get(mpp=mpp, code=KTP_BARU),
        bookable=bookable_services(mpp)[0],
    )
    return "citizen", journey.steps(), (journey.tab,)


def new_citizen_journey(mpp: Mpp, open_tab) -> Journey:
    journey = NewCitizenJourney(
        tab=open_tab(PHONE), mpp=mpp, service=Service.objects.get(mpp=mpp, code=KTP_BARU)
    )
    return "new citizen", journey.steps(), (journey.tab,)


def officer_journey(mpp: Mpp, open_tab, public: set[str]) -> Journey:
    counter = pages.who(pages.Persona.OFFICER).counter
    issue_ticket(mpp=mpp, service=served_at(counter), channel=Channel.KIOSK)  # someone waits
    journey = OfficerJourney(
        tab=open_tab(LAPTOP), officer=person(pages.Persona.OFFICER), counter=counter, public=public
    )
    return "officer", journey.steps(), (journey.tab,)


def supervisor_journey(open_tab, public: set[str]) -> Journey:
    journey = SupervisorJourney(
        tab=open_tab(LAPTOP),
        supervisor=person(pages.Persona.SUPERVISOR),
        counter=pages.who(pages.Persona.SUPERVISOR).counter,
        public=public,
    )
    return "supervisor", journey.steps(), (journey.tab,)


def kiosk_and_board_journey(mpp: Mpp, open_tab) -> Journey:
    def token(role: Role) -> str:
        return issue_api_token(user=User.objects.filter(mpp=mpp, role=role).order_by("pk")[0])

    counter = pages.who(pages.Persona.OFFICER).counter
    journey = KioskAndBoardJourney(
        kiosk=open_tab(KIOSK, touch=True),
        board=open_tab(BOARD),
        mpp=mpp,
        kiosk_token=token(Role.KIOSK),
        board_token=token(Role.DISPLAY),
        counter=counter,
        service=served_at(counter),
    )
    return "kiosk and board", journey.steps(), (journey.board, journey.kiosk)


# --- the click-only tab itself


def test_a_missing_link_stops_the_journey_with_the_address_and_the_name(open_tab, monkeypatch):
    monkeypatch.setattr(clickonly, "FIND", 500)  # ms: nothing will appear
    tab = open_tab(PHONE)
    tab.start("/")
    with pytest.raises(DeadEnd) as stopped:
        tab.click("Tautan yang tidak ada")
    message = str(stopped.value)
    assert "at / there is no visible link named 'Tautan yang tidak ada'" in message
    assert "'satupintu'" in message  # what is there instead (the menu is folded on a phone)


def test_a_journey_cannot_type_an_address_after_its_start_page(open_tab):
    tab = open_tab(PHONE)
    tab.start("/")
    with pytest.raises(TypedUrl, match="journeys move by clicks only"):
        tab.page.get_by_role("link").first.page.goto("/masuk/")
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("Mal Pelayanan Publik")
