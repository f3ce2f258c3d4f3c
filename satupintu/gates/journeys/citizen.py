"""A citizen on a phone (390×844), from the home page, by clicks only.

Three journeys. `CitizenJourney`: find a service by searching from the home page, sign
in, book an appointment, apply online (a service without conditional requirements),
track the application, see their applications and bookings from their account, and find
both on "Beranda saya" (the menu's entry).
`NewCitizenJourney`: someone without an account applies online and signs up on the way
with a code by WhatsApp.
`PhoneTicketJourney`: find the service, take a phone ticket from its page, follow the
ticket while a counter calls it, then answer the SKM survey the page offers when the
service is finished, and open the MPP's IKM. The counter's side of the second journey
goes through the real services (`call_next`, `start_serving`, `finish`), as an
officer's console would.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from playwright.sync_api import FilePayload, expect

from satupintu.accounts.models import User
from satupintu.catalog.models import Service
from satupintu.core.identifiers import normalize_phone
from satupintu.gates.clickonly import LIVE, ClickOnly, DeadEnd, Step
from satupintu.gates.journeys import call_until, fill_login, open_menu, serve_and_finish
from satupintu.notifications.selectors import messages_for
from satupintu.queueing.models import Ticket
from satupintu.tenancy.models import Counter, Mpp
from satupintu.web.services import sign_in_reference

SEARCH = "bikin KTP"  # what a person types (the search box's own example)
NIK = "3302011708850003"  # a well-formed NIK of Banyumas (demo)
PHONE_FOR_TICKET = "0812 3456 7890"
NEW_CITIZEN_PHONE = "0813 7777 2026"  # no demo account has it


def scanned_document() -> FilePayload:
    """A one-page PDF, as a phone's scan of a document would be, for a file input."""
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return FilePayload(name="dokumen.pdf", mimeType="application/pdf", buffer=out.getvalue())


def current_name(service: Service) -> str:
    """The name a citizen reads: the service standard's version in force."""
    from satupintu.catalog.selectors import attach_current, services_in_force

    loaded = services_in_force(service.mpp).filter(pk=service.pk)
    return attach_current(list(loaded))[0].current.name  # type: ignore[attr-defined]


def find_service(tab: ClickOnly, mpp: Mpp, service: Service) -> None:
    """From the home page: search in the header's box, open the service at this MPP."""
    tab.fill("Cari layanan di semua MPP", SEARCH)
    tab.click("Cari", role="button")
    row = tab.part("listitem", has_text=mpp.name)
    tab.click(current_name(service), inside=row)
    expect(tab.page.get_by_role("heading", level=1)).to_have_text(current_name(service))


@dataclass
class CitizenJourney:
    tab: ClickOnly
    mpp: Mpp
    citizen: User
    service: Service  # applied for online; its requirements have no conditions
    bookable: Service  # booked by appointment
    learned: dict[str, str] = field(default_factory=dict)

    def steps(self) -> list[Step]:
        return [
            Step("find a service by searching from the home page", self.find_service),
            Step("sign in to apply online", self.sign_in_to_apply),
            Step("fill in and send the application", self.apply),
            Step("book an appointment", self.book),
            Step("track the application by its number", self.track),
            Step("see the applications from the account", self.see_applications),
            Step("see the appointments from the account", self.see_bookings),
            Step("find both on Beranda saya, from the menu", self.see_my_home),
        ]

    def find_service(self) -> None:
        self.tab.start("/")
        find_service(self.tab, self.mpp, self.service)

    def sign_in_to_apply(self) -> None:
        self.tab.click("Ajukan permohonan daring")
        fill_login(self.tab, self.citizen.login)  # the application form asks to sign in
        expect(self.tab.page.get_by_role("heading", name="Permohonan daring")).to_be_visible()

    def apply(self) -> None:
        tab = self.tab
        tab.fill("NIK (16 angka)", NIK)
        files = tab.page.locator("input[type=file]").filter(visible=True)
        for index in range(files.count()):
            files.nth(index).set_input_files(scanned_document())
        tab.click("Kirim permohonan", role="button")
        number = tab.page.locator("strong.font-monospace").first
        expect(number).to_be_visible()
        self.learned["application"] = number.inner_text().strip()

    def book(self) -> None:
        tab = self.tab
        open_menu(tab)
        tab.click("Daftar MPP")
        tab.click(self.mpp.name)
        tab.click("Pesan janji temu")
        tab.click(re.compile(re.escape(current_name(self.bookable))))
        tab.click(re.compile(r"sisa \d+"))  # the first free slot of the first day offered
        tab.fill("NIK (16 angka)", NIK)
        tab.click("Pesan janji temu", role="button")
        code = tab.page.locator(".booking-ticket").first
        expect(code).to_be_visible()
        self.learned["booking"] = tab.here

    def track(self) -> None:
        tab = self.tab
        tab.click("satupintu")  # the brand leads home from every page
        tab.click(self.mpp.name)
        tab.click("Lacak permohonan")
        tab.fill("Nomor permohonan", self.learned["application"])
        tab.fill("4 angka terakhir nomor telepon", (self.citizen.phone or "")[-4:])
        tab.click("Lacak", role="button")
        found = tab.page.get_by_role("heading", level=2, name=current_name(self.service))
        expect(found).to_be_visible()

    def see_applications(self) -> None:
        tab = self.tab
        open_menu(tab)
        tab.click(self.citizen.full_name)  # the navbar's account link
        tab.click("Permohonan saya")
        tab.find(current_name(self.service))

    def see_bookings(self) -> None:
        tab = self.tab
        open_menu(tab)
        tab.click(self.citizen.full_name)
        tab.click("Janji temu saya")
        tab.find(re.compile(re.escape(self.bookable.code)))

    def see_my_home(self) -> None:
        tab = self.tab
        open_menu(tab)
        tab.click("Beranda saya")
        tab.find(re.compile(re.escape(current_name(self.bookable))))  # the booking's card
        tab.click(re.compile(re.escape(current_name(self.service))))  # the application's
        expect(tab.page.get_by_text(self.learned["application"]).first).to_be_visible()


@dataclass
class NewCitizenJourney:
    """Someone without an account applies online: the apply form asks for a phone number,
    the code comes by WhatsApp (the local gateway's outbox: what the phone would show) and
    signs them up and in, back on the form."""

    tab: ClickOnly
    mpp: Mpp
    service: Service  # applied for online
    phone: str = NEW_CITIZEN_PHONE

    def steps(self) -> list[Step]:
        return [
            Step("find a service by searching from the home page", self.find_service),
            Step("apply online: asked for a phone number, a code is sent", self.ask_code),
            Step("the code signs up and returns to the application form", self.enter_code),
        ]

    def find_service(self) -> None:
        self.tab.start("/")
        find_service(self.tab, self.mpp, self.service)

    def ask_code(self) -> None:
        self.tab.click("Ajukan permohonan daring")
        self.tab.fill("Nomor ponsel", self.phone)
        self.tab.click("Kirim kode", role="button")

    def enter_code(self) -> None:
        message = messages_for(sign_in_reference(normalize_phone(self.phone))).first()
        code = re.search(r"\b(\d{6})\b", message.body) if message else None
        if code is None:
            raise DeadEnd(f"at {self.tab.here} no sign-in code reached {self.phone}")
        self.tab.fill("Kode dari pesan", code.group(1))
        self.tab.click("Masuk", role="button")
        expect(self.tab.page.get_by_role("heading", name="Permohonan daring")).to_be_visible()


@dataclass
class PhoneTicketJourney:
    tab: ClickOnly
    mpp: Mpp
    service: Service  # a queued service
    counter: Counter  # a counter that serves it
    learned: dict[str, Ticket] = field(default_factory=dict)

    def steps(self) -> list[Step]:
        return [
            Step("find a service by searching from the home page", self.find_service),
            Step("open the phone-ticket form from the service's page", self.open_form),
            Step("take a ticket with a phone number", self.take_ticket),
            Step("the ticket page shows the call without a reload", self.follow_call),
            Step("the finished ticket's page offers the SKM survey", self.open_survey),
            Step("answer the SKM survey", self.answer_survey),
            Step("open the MPP's satisfaction index (IKM)", self.see_index),
        ]

    def find_service(self) -> None:
        self.tab.start("/")
        find_service(self.tab, self.mpp, self.service)

    def open_form(self) -> None:
        self.tab.click("Ambil nomor antrian")
        chosen = self.tab.field("Layanan")
        if chosen.input_value() != self.service.code:
            raise DeadEnd(
                f"at {self.tab.here} the phone-ticket form does not keep the service "
                f"{self.service.code} chosen on its page (chosen: {chosen.input_value()!r})"
            )

    def take_ticket(self) -> None:
        tab = self.tab
        tab.fill("Nomor ponsel", PHONE_FOR_TICKET)
        tab.click("Ambil nomor", role="button")
        number = tab.page.locator("[data-field=number]")
        expect(number).to_be_visible()
        ticket = Ticket.objects.get(public_id=tab.here.rstrip("/").rsplit("/", 1)[-1])
        expect(number).to_have_text(ticket.number)
        tab.page.evaluate("window.__same_page = true")
        self.learned["ticket"] = ticket

    def follow_call(self) -> None:
        ticket = self.learned["ticket"]
        call_until(self.counter, ticket)
        page = self.tab.page
        expect(page.get_by_role("heading", name="Giliran Anda!")).to_be_visible(timeout=LIVE)
        if page.evaluate("window.__same_page") is not True:
            raise AssertionError("the ticket page reloaded instead of following the call")

    def open_survey(self) -> None:
        serve_and_finish(Ticket.objects.get(pk=self.learned["ticket"].pk))
        self.tab.click("Isi survei kepuasan (±2 menit)")

    def answer_survey(self) -> None:
        tab = self.tab
        questions = tab.page.locator("fieldset.skm-q")
        for number in range(questions.count()):
            question = questions.nth(number)
            options = question.locator("label.skm-option")
            if tab.touch:
                options.last.tap()
            else:
                options.last.click()
        tab.click("Kirim survei", role="button")
        expect(tab.page.get_by_text("Terima kasih!")).to_be_visible()

    def see_index(self) -> None:
        self.tab.click("Lihat hasil survei kepuasan MPP ini")
        expect(self.tab.page.get_by_role("heading", level=1)).to_be_visible()
