"""The kiosk at the door (a portrait touch screen) and the TV board, from their start pages.

A device opens its start page once, signed in by its token in the address (as it is
set up in the MPP); from there the kiosk is used by touch only. A visitor takes a
ticket, a counter calls it (through the real service, as a console would), and the
board shows the number at that counter. The next visitor, who does not know the
agency, finds a service by its name on the kiosk's on-screen keyboard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from playwright.sync_api import expect

from satupintu.catalog.models import Service
from satupintu.gates.clickonly import LIVE, ClickOnly, Step
from satupintu.gates.journeys import call_until
from satupintu.gates.journeys.citizen import current_name
from satupintu.queueing.models import Ticket
from satupintu.tenancy.models import Counter, Mpp


@dataclass
class KioskAndBoardJourney:
    kiosk: ClickOnly  # a touch screen
    board: ClickOnly
    mpp: Mpp
    kiosk_token: str
    board_token: str
    counter: Counter
    service: Service  # served at that counter
    learned: dict[str, Ticket] = field(default_factory=dict)

    def steps(self) -> list[Step]:
        return [
            Step("the board's start page", self.board_starts),
            Step("touch the agency on the kiosk", self.choose_agency),
            Step("touch the service", self.choose_service),
            Step("take a regular ticket", self.take_ticket),
            Step("the board shows the call at the counter", self.board_shows_call),
            Step("search a service on the on-screen keyboard", self.search_by_words),
        ]

    def board_starts(self) -> None:
        self.board.start(f"/layar/{self.mpp.slug}/?token={self.board_token}")
        expect(self.board.page.locator("#call-number")).to_be_attached()

    def choose_agency(self) -> None:
        self.kiosk.start(f"/kios/{self.mpp.slug}/?token={self.kiosk_token}")
        agency = self.service.agency
        self.kiosk.click(re.compile(re.escape(agency.short_name or agency.name)))

    def choose_service(self) -> None:
        self.kiosk.click(re.compile(rf"^{re.escape(current_name(self.service))}\W+Biaya"))

    def take_ticket(self) -> None:
        self.kiosk.click(re.compile(r"^Tidak\b"), role="button")
        number = self.kiosk.page.locator(".kiosk-ticket-number")
        expect(number).to_be_visible()
        ticket = Ticket.objects.get(public_id=self.kiosk.here.rstrip("/").rsplit("/", 1)[-1])
        expect(number).to_have_text(ticket.number)
        self.learned["ticket"] = ticket

    def board_shows_call(self) -> None:
        ticket = self.learned["ticket"]
        call_until(self.counter, ticket)
        board = self.board.page
        expect(board.locator("#call-number")).to_have_text(ticket.number, timeout=LIVE)
        tile = board.locator(f".counter[data-counter='{self.counter.pk}'] .counter-ticket")
        expect(tile).to_have_text(ticket.number, timeout=LIVE)

    def search_by_words(self) -> None:
        kiosk = self.kiosk
        kiosk.click("Selesai", role="button")  # back to the start, for the next visitor
        kiosk.field("Cari layanan dengan kata Anda sendiri").tap()
        keys = kiosk.page.get_by_role("group", name="Papan ketik layar")
        for letter in "PASPOR":
            kiosk.press(letter, inside=keys)
        results = kiosk.page.locator("#kiosk-results")
        # the server's answer to the whole word, not one to a part typed before it
        expect(results.get_by_role("heading", name="Layanan untuk “paspor”")).to_be_visible()
        kiosk.click(re.compile(r"paspor.*Imigrasi", re.IGNORECASE), inside=results)
        kiosk.find(re.compile(r"^Tidak\b"), role="button")  # the service's own step
