"""Accessibility checks for a Playwright page: axe-core's WCAG A/AA rules, and a keyboard user.

Shared by the accessibility gate (every discovered page) and the keyboard tests
(the states a keyboard-only user reaches: a message after an action, an error).
"""

from __future__ import annotations

from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations", "incomplete"],
}
FAILING_IMPACTS = {"serious", "critical"}


@dataclass(frozen=True)
class Violation:
    """One failing axe rule on one page, as the gate reports it."""

    where: str  # "[officer · en] /staf/"
    rule: str
    impact: str
    undecided: bool  # axe's "incomplete": it could not decide and a person must look
    help: str
    help_url: str
    targets: list[str]

    def __str__(self) -> str:
        kind = f"{self.impact}, needs review" if self.undecided else self.impact
        shown = ", ".join(self.targets[:5]) + (" …" if len(self.targets) > 5 else "")
        return (
            f"{self.where}: {self.rule} ({kind}) {self.help}\n"
            f"    elements: {shown}\n    see {self.help_url}"
        )


def audit(page, where: str) -> list[Violation]:
    """Serious and critical WCAG 2.0/2.1 A and AA results of axe-core on the current page.

    Results axe cannot decide by itself count too: it reports them with the same
    impact, and letting them pass silently would hide real failures (an aria-label
    on a plain div, contrast over an image).
    """
    results = Axe().run(page, options=AXE_OPTIONS).response
    found = [(v, False) for v in results["violations"]]
    found += [(v, True) for v in results["incomplete"]]
    return [
        Violation(
            where=where,
            rule=v["id"],
            impact=v["impact"],
            undecided=undecided,
            help=v["help"],
            help_url=v["helpUrl"],
            targets=[", ".join(map(str, node["target"])) for node in v["nodes"]],
        )
        for v, undecided in found
        if v["impact"] in FAILING_IMPACTS
    ]


_DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "(page)";
  const name = (el.getAttribute("aria-label") || el.innerText || el.value || el.name || "")
    .trim().slice(0, 40);
  return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${name}"`;
}"""

_FOCUS_IS_VISIBLE = """(el) => {
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outline || style.boxShadow !== "none";
}"""


class KeyboardUser:
    """Drives a page with Tab, Shift+Tab, Enter, Space and typing only: never a click.

    `tab_to` walks the focus order until it reaches the target and fails with the
    order it walked, so a control that cannot be reached by Tab (or that traps the
    focus) shows up with where the focus went instead. Each stop must show where
    the focus is (WCAG 2.4.7), which axe does not check.
    """

    def __init__(self, page, max_tabs: int = 60) -> None:
        self.page = page
        self.max_tabs = max_tabs
        self.presses = 0

    def focused(self) -> str:
        return self.page.evaluate(_DESCRIBE_FOCUS)

    def has_focus(self, locator) -> bool:
        return locator.evaluate("el => el === document.activeElement")

    def tab_to(self, locator, *, backwards: bool = False) -> int:
        """Press Tab (or Shift+Tab) until `locator` has the focus; return the presses."""
        key = "Shift+Tab" if backwards else "Tab"
        walked: list[str] = []
        for presses in range(self.max_tabs + 1):
            if self.has_focus(locator):
                if not locator.evaluate(_FOCUS_IS_VISIBLE):
                    raise AssertionError(
                        f"{self.focused()} has the keyboard focus but shows no focus indicator"
                    )
                return presses
            self.press(key)
            walked.append(self.focused())
        raise AssertionError(
            f"{key} never reached {locator} in {self.max_tabs} presses; "
            f"the focus went: {' → '.join(walked)}"
        )

    def press(self, key: str) -> None:
        self.presses += 1
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        """Type into the focused field, as a person at a keyboard would."""
        self.page.keyboard.type(text)

    def activate(self, locator, key: str = "Enter") -> None:
        """Tab to a control and press Enter or Space on it."""
        self.tab_to(locator)
        self.press(key)
