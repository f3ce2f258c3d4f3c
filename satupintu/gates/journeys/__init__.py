"""The click-only journeys of each persona, as lists of steps (satupintu/gates/clickonly.py).

citizen.py: a citizen on a phone; staff.py: an officer and a supervisor at a laptop;
devices.py: the kiosk at the door and the TV board. test_journeys.py walks them.
"""

from __future__ import annotations

from satupintu.demo.people import DEMO_PASSWORD
from satupintu.gates.clickonly import ClickOnly
from satupintu.queueing.counters import services as counters
from satupintu.queueing.models import Status, Ticket
from satupintu.tenancy.models import Counter

MENU = "Buka menu"  # the navbar's toggle on a narrow screen (web/base.html)


def open_menu(tab: ClickOnly) -> None:
    """On a phone the main menu is folded behind its toggle: open it as a person would."""
    toggle = tab.page.get_by_role("button", name=MENU)
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        tab.press(MENU)


def sign_in(tab: ClickOnly, login: str) -> None:
    """From any page with the navbar's "Masuk": the login form, then the account's start page."""
    open_menu(tab)
    tab.click("Masuk")
    fill_login(tab, login)


def fill_login(tab: ClickOnly, login: str) -> None:
    """On the login form (also where a page for signed-in people sends a visitor)."""
    tab.fill("E-mail atau nomor telepon", login)
    tab.fill("Kata sandi", DEMO_PASSWORD)
    tab.click("Masuk", role="button")


def call_until(counter: Counter, ticket: Ticket) -> None:
    """The counter calls its next visitors, as its console would, until `ticket` is called;
    whoever it is serving, and those called before `ticket`, are served and finished."""
    for busy in Ticket.objects.filter(counter=counter, status__in=[Status.CALLED, Status.SERVING]):
        serve_and_finish(busy)
    while (called := counters.call_next(counter=counter, officer=None)) is not None:
        if called.pk == ticket.pk:
            return
        serve_and_finish(called)
    raise AssertionError(f"counter {counter.number} never called {ticket.number}")


def serve_and_finish(ticket: Ticket) -> None:
    if ticket.status == Status.CALLED:
        ticket = counters.start_serving(ticket=ticket, actor=None)
    counters.finish(ticket=ticket, actor=None)
