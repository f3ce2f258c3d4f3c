"""An officer and a supervisor at a laptop (1366×768): sign in from the home page, then
every screen of their room by clicks only.

Both journeys end with the same check: every page the persona can open beyond the
public ones (found in the URL configuration by satupintu/gates/pages.py) was reached
by a click. A page added to the staff room without a way to it fails here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import expect

from satupintu.accounts.models import User
from satupintu.gates import pages
from satupintu.gates.clickonly import LIVE, ClickOnly, DeadEnd, Step
from satupintu.gates.journeys import sign_in
from satupintu.queueing.models import Status, Ticket
from satupintu.tenancy.models import Counter

ROOM = "Ruang petugas"  # the staff room: the navbar's link and each page's way back
BOOKING_CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$")  # as the staff's day lists them
TRACKING_CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")  # a complaint's


# Pages a staff member can open that are not screens of their room, and why.
NOT_THE_ROOM = {
    "web:account": "any signed-in person's account; staff's name in the navbar opens the room",
    "applications:mine": "a citizen's own applications",
}
# The devices' own screens, which staff may open to check them; the devices reach them from
# their start pages (the kiosk and board journey).
DEVICE_SCREENS = re.compile(
    r"^(queueing:(kiosk|board)|appointments:kiosk|satisfaction:tablet|journeys:kiosk)"
)


def page_names(persona: pages.Persona) -> set[str]:
    """URL names of the pages the persona can open (satupintu/gates/pages.py)."""
    return {c.route.name or c.route.route for c in pages.survey(persona) if c.is_page}


def room_pages(persona: pages.Persona, public: set[str]) -> set[str]:
    """The screens of this persona's room: its pages beyond `public` (a visitor's)."""
    own = page_names(persona) - public - NOT_THE_ROOM.keys()
    return {name for name in own if not DEVICE_SCREENS.match(name)}


def reached_every_page(tab: ClickOnly, persona: pages.Persona, public: set[str]) -> None:
    missed = room_pages(persona, public) - tab.routes
    if missed:
        raise DeadEnd(
            f"{persona}: no click from the home page reaches these pages of their room: "
            f"{', '.join(sorted(missed))}; link them from the staff room (web/staff.html) or "
            "the page that leads there, and add the clicks to satupintu/gates/journeys/staff.py"
        )


def back_to_room(tab: ClickOnly) -> None:
    tab.click(ROOM, inside=tab.page.get_by_role("navigation", name="Navigasi utama"))


def signing(tab: ClickOnly) -> None:
    back_to_room(tab)
    tab.click("Tanda tangan dokumen")


def open_application(tab: ClickOnly) -> None:
    """The worklist's first application, and how its document reaches the applicant."""
    back_to_room(tab)
    tab.click("Permohonan daring")
    table = tab.page.get_by_role("table")
    tab.click(re.compile(r"\w"), inside=table.get_by_role("row").nth(1))
    tab.click("Pengiriman dokumen ke pemohon")


def knowledge_base(tab: ClickOnly) -> None:
    """The knowledge base from the room: a recent article, its edit form, a regulation it
    cites, and a new article's form."""
    back_to_room(tab)
    tab.click("Basis pengetahuan")
    tab.click(re.compile(r"\w"), inside=tab.page.get_by_role("list", name="Artikel terbaru"))
    tab.click("Ubah")
    tab.click("Basis pengetahuan")
    tab.click(re.compile(r"\w"), inside=tab.page.get_by_role("list", name="Artikel terbaru"))
    tab.click(re.compile(r"\w"), inside=tab.page.get_by_role("list", name="Sumber"))
    tab.click("Basis pengetahuan")
    tab.click("Tulis artikel")


@dataclass
class OfficerJourney:
    tab: ClickOnly
    officer: User
    counter: Counter  # one of the officer's counters
    public: set[str]  # the pages a visitor can open (page_names(VISITOR))

    def steps(self) -> list[Step]:
        return [
            Step("sign in from the home page", self.sign_in),
            Step("open the console of their counter", self.open_console),
            Step("call the next visitor", self.call),
            Step("the visit's documents of the number called", self.visit_documents),
            Step("serve and finish the visitor", self.serve_and_finish),
            Step("the counter's appointments", self.appointments),
            Step("the service catalog and a service", self.catalog),
            Step("the online applications and one to verify", self.applications),
            Step("the complaints forwarded to their agency and one", self.complaints),
            Step("the knowledge base: an article, its source, writing", self.knowledge),
            Step("the documents waiting for a signature", self.signing),
            Step("every page of the officer's room was reached", self.everything),
        ]

    def sign_in(self) -> None:
        self.tab.start("/")
        sign_in(self.tab, self.officer.login)
        expect(self.tab.page.get_by_role("heading", level=1)).to_have_text(ROOM)

    def open_console(self) -> None:
        self.tab.click(f"Konsol loket {self.counter.number}")

    def call(self) -> None:
        self.tab.press(re.compile(r"^Panggil berikutnya"))
        current = self.tab.page.locator(".current-number")
        expect(current).to_be_visible(timeout=LIVE)
        called = Ticket.objects.get(counter=self.counter, status=Status.CALLED)
        expect(current).to_contain_text(called.number)

    def visit_documents(self) -> None:
        self.tab.click("Dokumen kunjungan")
        back_to_room(self.tab)
        self.open_console()
        expect(self.tab.page.locator(".current-number")).to_be_visible(timeout=LIVE)

    def serve_and_finish(self) -> None:
        tab = self.tab
        tab.press(re.compile(r"^Mulai layani"))
        finish = tab.page.get_by_role("button", name=re.compile(r"^Selesai"))
        expect(finish).to_be_enabled(timeout=LIVE)
        tab.press(re.compile(r"^Selesai"))
        tab.press("Simpan: selesai", inside=tab.page.get_by_role("dialog"))
        expect(tab.page.locator(".current-number")).to_have_count(0, timeout=LIVE)

    def appointments(self) -> None:
        back_to_room(self.tab)
        self.tab.click(f"Janji temu loket {self.counter.number}")

    def catalog(self) -> None:
        back_to_room(self.tab)
        self.tab.click("Katalog layanan")
        table = self.tab.page.get_by_role("table")
        self.tab.click(re.compile(r"\w"), inside=table.get_by_role("row").nth(1))

    def applications(self) -> None:
        open_application(self.tab)

    def complaints(self) -> None:
        back_to_room(self.tab)
        self.tab.click("Pengaduan")
        self.tab.click(TRACKING_CODE)

    def knowledge(self) -> None:
        knowledge_base(self.tab)

    def signing(self) -> None:
        signing(self.tab)

    def everything(self) -> None:
        reached_every_page(self.tab, pages.Persona.OFFICER, self.public)


@dataclass
class SupervisorJourney:
    tab: ClickOnly
    supervisor: User
    counter: Counter  # the MPP's first counter
    public: set[str]  # the pages a visitor can open (page_names(VISITOR))

    def steps(self) -> list[Step]:
        return [
            Step("sign in from the home page", self.sign_in),
            Step("the service catalog: a service and its editor", self.catalog),
            Step("the catalog's new service and import", self.catalog_more),
            Step("the online applications and one to verify", self.applications),
            Step("the complaints, one of them, and recording one", self.complaints),
            Step("the knowledge base: writing, a regulation added and edited", self.knowledge),
            Step("the documents waiting for a signature", self.signing),
            Step("payments: bills, reconciliation and revenue", self.payments),
            Step("the appointments of a day and one to reschedule", self.appointments),
            Step("the SKM overview and each of its tabs", self.satisfaction),
            Step("the board's running text", self.running_text),
            Step("the staffing advice and its what-if", self.staffing),
            Step("the live floor view", self.floor),
            Step("the monthly coordination pack and its follow-ups", self.coordination),
            Step("a counter's console, a call's documents, appointments", self.counter_screens),
            Step("every page of the supervisor's room was reached", self.everything),
        ]

    def sign_in(self) -> None:
        self.tab.start("/")
        sign_in(self.tab, self.supervisor.login)
        expect(self.tab.page.get_by_role("heading", level=1)).to_have_text(ROOM)

    def catalog(self) -> None:
        tab = self.tab
        tab.click("Katalog layanan")
        first = tab.page.get_by_role("table").get_by_role("row").nth(1)
        tab.click(re.compile(r"\w"), inside=first)
        tab.click("Ubah (terbitkan versi baru)")

    def catalog_more(self) -> None:
        tab = self.tab
        for name in ("Tambah layanan", "Impor"):
            back_to_room(tab)
            tab.click("Katalog layanan")
            tab.click(name)

    def applications(self) -> None:
        open_application(self.tab)

    def complaints(self) -> None:
        tab = self.tab
        back_to_room(tab)
        tab.click("Pengaduan")
        tab.click(TRACKING_CODE)
        tab.click("Daftar pengaduan")
        tab.click("Catat laporan lisan atau tertulis")

    def knowledge(self) -> None:
        tab = self.tab
        knowledge_base(tab)
        tab.click("Basis pengetahuan")
        tab.click("Tambah peraturan")
        tab.click("Basis pengetahuan")
        tab.click(re.compile(r"\w"), inside=tab.page.get_by_role("list", name="Artikel terbaru"))
        tab.click(re.compile(r"\w"), inside=tab.page.get_by_role("list", name="Sumber"))
        tab.click("Ubah peraturan")

    def signing(self) -> None:
        signing(self.tab)

    def payments(self) -> None:
        back_to_room(self.tab)
        self.tab.click("Pembayaran dan rekonsiliasi")

    def appointments(self) -> None:
        tab = self.tab
        back_to_room(tab)
        tab.click("Janji temu hari ini")
        booking = tab.page.get_by_role("link", name=BOOKING_CODE)
        for _day in range(7):  # today may be a day off: the next days have bookings
            if booking.count():
                break
            tab.click("Hari berikutnya")
        tab.click(BOOKING_CODE)
        tab.click("Ubah jadwal atau batalkan")

    def satisfaction(self) -> None:
        tab = self.tab
        back_to_room(tab)
        tab.click("Survei kepuasan (SKM)")
        for name in (
            "Kuesioner kertas",
            "Impor spreadsheet",
            "Pembinaan petugas",
            "Tindak lanjut",
            "Ringkasan",
        ):
            tab.click(name)

    def running_text(self) -> None:
        back_to_room(self.tab)
        self.tab.click("Teks berjalan layar antrian")

    def staffing(self) -> None:
        back_to_room(self.tab)
        self.tab.click("Kebutuhan loket")
        self.tab.click("Hitung", role="button")  # the what-if form: a GET of the same page
        expect(self.tab.page.get_by_role("status")).to_be_visible()

    def floor(self) -> None:
        back_to_room(self.tab)
        self.tab.click("Pantauan lantai")
        expect(self.tab.page.get_by_role("heading", level=1)).to_have_text("Pantauan lantai")

    def coordination(self) -> None:
        back_to_room(self.tab)
        self.tab.click("Rapat koordinasi")
        expect(self.tab.page.get_by_role("heading", level=1)).to_have_text(
            "Rapat koordinasi bulanan"
        )
        self.tab.click("Tampilkan", role="button")  # the month picker: a GET of the same page

    def counter_screens(self) -> None:
        back_to_room(self.tab)
        self.tab.click(f"Konsol loket {self.counter.number}")
        self.tab.press(re.compile(r"^Panggil berikutnya"))
        self.tab.click("Dokumen kunjungan")
        back_to_room(self.tab)
        self.tab.click(f"Janji temu loket {self.counter.number}")

    def everything(self) -> None:
        reached_every_page(self.tab, pages.Persona.SUPERVISOR, self.public)
