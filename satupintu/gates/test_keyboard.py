"""Keyboard gate: the staff's everyday flows work with Tab, Enter and Space alone.

Each flow is a function that drives a `KeyboardUser` (satupintu/gates/a11y.py) and
never clicks. When the officer console and the kiosk land, their flows (call the
next ticket, finish it; choose a service and take a ticket) join FLOWS here.
"""

from __future__ import annotations

import pytest

from satupintu.demo.people import DEMO_PASSWORD
from satupintu.demo.services import seed_demo
from satupintu.gates import pages
from satupintu.gates.a11y import KeyboardUser, audit
from satupintu.gates.report import record
from satupintu.tenancy.models import Counter

pytestmark = [
    pytest.mark.gate,
    pytest.mark.browser,
    pytest.mark.once,
    pytest.mark.django_db(transaction=True),
]


def sign_in(kb: KeyboardUser, login: str) -> None:
    """From the login page to the persona's start page, typing and pressing Enter."""
    page = kb.page
    page.goto("/masuk/")
    kb.tab_to(page.get_by_label("E-mail atau nomor telepon"))
    kb.type(login)
    kb.tab_to(page.get_by_label("Kata sandi"))
    kb.type(DEMO_PASSWORD)
    with page.expect_navigation():
        kb.activate(page.get_by_role("button", name="Masuk"), "Enter")


def skip_to_content(kb: KeyboardUser) -> None:
    """The first Tab stop of a page is the skip link, and Enter on it lands in <main>."""
    page = kb.page
    assert kb.tab_to(page.get_by_role("link", name="Langsung ke isi halaman")) == 1
    kb.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def close_and_reopen_counter(kb: KeyboardUser, counter: Counter) -> None:
    """In the staff room, close a counter with Space, confirm with Enter, and open it again
    with Enter."""
    page = kb.page
    skip_to_content(kb)
    with page.expect_navigation():
        kb.activate(page.get_by_role("button", name=f"Tutup loket {counter.number}"), " ")
    counter.refresh_from_db()
    assert counter.is_active  # the first press only asks
    problems = audit(page, f"[officer · id] {page.url} asking to close a counter")
    assert not problems, "\n".join(map(str, problems))
    with page.expect_navigation():
        kb.activate(page.get_by_role("button", name=f"Ya, tutup loket {counter.number}"), "Enter")
    assert page.get_by_role("status").inner_text() == f"Loket {counter.number} ditutup."
    counter.refresh_from_db()
    assert not counter.is_active
    problems = audit(page, f"[officer · id] {page.url} after closing a counter")
    assert not problems, "\n".join(map(str, problems))

    skip_to_content(kb)
    with page.expect_navigation():
        kb.activate(page.get_by_role("button", name=f"Buka loket {counter.number}"), "Enter")
    assert page.get_by_role("status").inner_text() == f"Loket {counter.number} dibuka."
    counter.refresh_from_db()
    assert counter.is_active


def test_an_officer_signs_in_and_closes_and_reopens_a_counter_with_the_keyboard(page):
    seed_demo()
    officer = pages.who(pages.Persona.OFFICER)
    assert officer.user is not None
    kb = KeyboardUser(page)
    done = 0
    try:
        sign_in(kb, officer.user.login)
        page.wait_for_url("**/staf/")
        done += 1
        close_and_reopen_counter(kb, officer.counter)
        done += 1
    finally:
        record(
            "keyboard",
            f"keyboard-only flows (sign in; close and reopen a counter), {kb.presses} keys",
            done,
            2 - done,
        )
