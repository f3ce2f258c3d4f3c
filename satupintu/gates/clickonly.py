"""A browser tab that moves only as a person does: by clicking what it can see.

The click-only journeys (satupintu/gates/test_journeys.py) drive a `ClickOnly` tab.
It opens one start page (`/`, or a device's start page), and from there on every
move is a click or a tap on a visible link or button, found by its accessible name,
as a person would read it. `page.goto` is switched off after the start page, so a
journey cannot type a URL even through a locator's `.page`. When a step cannot find
what it looks for, it stops with the page's address and the text it missed:

    DeadEnd: at /mpp/banyumas/layanan/A01/ there is no visible link named
    'Ambil nomor antrian' (visible links here: 'Beranda', 'Pesan janji temu', …)

A journey is a list of `Step`s; `walk` runs them in order and returns how far it got,
which the test command's gate summary lists (satupintu/gates/report.py).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from satupintu.gates.browser import screenshot_dir

Name = str | re.Pattern[str]
AriaRole = Literal["link", "button", "listitem", "row"]  # what journeys look for
FIND = 5_000  # ms to wait for a link or button to become visible (pages render in < 1 s)
NAVIGATE = 15_000  # ms for a click to open its page (a page answers in < 1 s; a busy CI)
LIVE = 5_000  # ms for a live page to follow an event (shown within a second; a busy CI)


class DeadEnd(AssertionError):
    """A journey could not go on by clicking: what it looked for is not on the page."""


class TypedUrl(AssertionError):
    """A journey tried to open a URL directly instead of clicking its way there."""


class ClickOnly:
    """One browser tab of a persona that moves by clicks (or taps) on visible elements."""

    def __init__(self, page: Page, *, touch: bool = False) -> None:
        self.page = page
        self.touch = touch
        self.routes: set[str] = set()  # URL names of every page this tab landed on
        page.on("framenavigated", self._landed)

    def _landed(self, frame) -> None:
        if frame == self.page.main_frame:
            self.routes.add(route_name(frame.url))

    # --- the one typed address -------------------------------------------------------

    def start(self, path: str) -> None:
        """Open the start page, the only address a journey types; then switch goto off."""
        response = self.page.goto(path)
        self._check(response, f"start page {path}")

        def typed(url: str, *args: Any, **kwargs: Any) -> None:
            raise TypedUrl(
                f"journeys move by clicks only: page.goto({url!r}) at {self.here}; "
                "click the link a person would follow instead"
            )

        self.page.goto = typed  # type: ignore[method-assign]

    @property
    def here(self) -> str:
        """The current address without scheme and host, for messages."""
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    # --- finding and activating what a person sees -------------------------------------

    def find(
        self, name: Name, *, role: AriaRole = "link", inside: Locator | None = None
    ) -> Locator:
        """The first visible element of `role` named `name`, or DeadEnd with what is there."""
        scope = inside if inside is not None else self.page
        found = scope.get_by_role(role, name=name, exact=isinstance(name, str)).filter(visible=True)
        try:
            found.first.wait_for(state="visible", timeout=FIND)
        except PlaywrightTimeout:
            raise DeadEnd(
                f"at {self.here} there is no visible {role} named {_shown(name)} "
                f"(visible {role}s here: {self._visible_names(role, scope)})"
            ) from None
        return found.first

    def click(
        self,
        name: Name,
        *,
        role: AriaRole = "link",
        inside: Locator | None = None,
        navigates: bool = True,
    ) -> None:
        """Click (tap on a touch screen) a visible link or button; by default it opens a page,
        which must answer without an error."""
        target = self.find(name, role=role, inside=inside)
        if not navigates:
            self._activate(target)
            return
        what = f"{role} {_shown(name)}"
        try:
            self._check(self._follow(target), what)
        except PlaywrightTimeout:
            # Nothing happened (on a loaded CI machine a click can land as the page still
            # settles): a person who sees no new page follows a link once more (a button
            # may have sent a form, so it is not pressed twice); a second silence is a dead
            # end, with where it happened.
            if role != "link":
                raise DeadEnd(f"at {self.here} pressing {what} opened no page") from None
            try:
                target = self.find(name, role=role, inside=inside)
                self._check(self._follow(target), what)
            except PlaywrightTimeout:
                raise DeadEnd(f"at {self.here} clicking {what} opened no page, twice") from None

    def _follow(self, target: Locator):
        """Activate `target` and wait for the page it opens to be parsed (not for its images
        and streams: the next step waits for what it needs)."""
        with self.page.expect_navigation(wait_until="domcontentloaded", timeout=NAVIGATE) as nav:
            self._activate(target)
        return nav.value

    def press(self, name: Name, *, inside: Locator | None = None) -> None:
        """Click a button that works in place (a dialog, a live console) and opens no page."""
        self.click(name, role="button", inside=inside, navigates=False)

    def _activate(self, target: Locator) -> None:
        if self.touch:
            target.tap()
        else:
            target.click()

    def fill(self, label: Name, value: str) -> None:
        """Type into the visible field labelled `label`."""
        self.field(label).fill(value)

    def field(self, label: Name) -> Locator:
        found = self.page.get_by_label(label, exact=isinstance(label, str)).filter(visible=True)
        try:
            found.first.wait_for(state="visible", timeout=FIND)
        except PlaywrightTimeout:
            raise DeadEnd(
                f"at {self.here} there is no visible field labelled {_shown(label)}"
            ) from None
        return found.first

    def part(self, role: AriaRole, *, has_text: Name) -> Locator:
        """A region of the page (a list item, a card, a row) that shows `has_text`."""
        return self.page.get_by_role(role).filter(has_text=has_text, visible=True)

    def _visible_names(self, role: AriaRole, scope: Page | Locator) -> str:
        try:
            names = (
                scope.get_by_role(role)
                .filter(visible=True)
                .evaluate_all(
                    "els => els.map(e => e.getAttribute('aria-label') || e.innerText || '')"
                )
            )
        except PlaywrightError:
            return "(the page could not be read)"
        names = [" ".join(n.split()) for n in names if n.strip()]
        shown = ", ".join(repr(n[:60]) for n in names[:25])
        return shown + (", …" if len(names) > 25 else "") if names else "none"

    def _check(self, response, what: str) -> None:
        """A page a journey lands on answers 2xx (a redirect is followed to its end)."""
        if response is None:
            return  # same-document navigation (an anchor, a history state): nothing to check
        if response.status >= 400:
            alerts = self.page.get_by_role("alert").filter(visible=True).all_inner_texts()
            said = " ".join(" ".join(alerts).split())
            raise DeadEnd(
                f"{what} led to {self.here}, which answered {response.status}"
                + (f": {said}" if said else "")
            )


def route_name(url: str) -> str:
    """The URL's name in the configuration (`web:home`), or its path when none matches."""
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.view_name or path


def _shown(name: Name) -> str:
    return f"/{name.pattern}/" if isinstance(name, re.Pattern) else repr(name)


@dataclass(frozen=True)
class Step:
    """One thing a persona does on its way: a label for the gate summary and how."""

    label: str
    run: Callable[[], None]


@dataclass
class Walked:
    """How far a journey got: the steps it completed out of those it has."""

    journey: str
    steps: int
    reached: int = 0
    stopped: str = ""
    routes: set[str] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        return self.reached == self.steps

    def __str__(self) -> str:
        return f"{self.journey} {self.reached}/{self.steps}"


def walk(journey: str, steps: list[Step], *tabs: ClickOnly, journal: list[Walked]) -> Walked:
    """Run the steps in order; the first one that fails stops the journey (its message
    names the journey and the step). How far it got goes into `journal` either way, and
    each tab's last page into the screenshot folder."""
    walked = Walked(journey, len(steps))
    journal.append(walked)
    try:
        for step in steps:
            step.run()
            walked.reached += 1
    except Exception as failure:
        walked.stopped = f"{journey}: step {walked.reached + 1} of {walked.steps} ({step.label})"
        raise AssertionError(f"{walked.stopped} failed:\n{failure}") from failure
    finally:
        for tab in tabs:
            walked.routes |= tab.routes
        screenshot(journey if walked.complete else f"{journey}-stopped", *tabs)
    return walked


def screenshot(name: str, *tabs: ClickOnly) -> None:
    """Each tab's page as it is now, into the screenshot folder (gates/browser.py)."""
    name = name.replace(" ", "-")
    for number, tab in enumerate(tabs, start=1):
        suffix = f"-{number}" if len(tabs) > 1 else ""
        path = screenshot_dir() / f"journey-{name}{suffix}.png"
        with contextlib.suppress(PlaywrightError):  # a closed tab: the failure says why
            tab.page.screenshot(path=path, full_page=True)
