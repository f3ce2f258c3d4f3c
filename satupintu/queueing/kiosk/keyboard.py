"""The kiosk's on-screen keyboard: which keys it has.

A kiosk is a touch screen without a physical keyboard, so a field a visitor types in
(the service search, the booking code) comes with its own keys, drawn by
templates/queueing/kiosk/_keyboard.html and worked by static/queueing/keyboard.js.
The keys are the familiar QWERTY rows, limited to what the field can hold: a booking
code leaves out the look-alike characters it is never made of, so they are not offered.
"""

from __future__ import annotations

from dataclasses import dataclass

QWERTY = ("1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")


@dataclass(frozen=True)
class Keyboard:
    rows: list[str]  # the character keys, row by row; a key types its character
    lowercase: bool  # type "a" for the key labelled "A" (search words), else "A" (codes)
    space: bool  # a space bar, for several words


def keyboard(*, alphabet: str | None = None, lowercase: bool = False) -> Keyboard:
    """QWERTY rows with only the characters of `alphabet` (every letter and digit when
    None, with a space bar for several words)."""
    allowed = set(alphabet.upper()) if alphabet else None
    rows = ["".join(c for c in row if allowed is None or c in allowed) for row in QWERTY]
    return Keyboard(rows=[row for row in rows if row], lowercase=lowercase, space=alphabet is None)


SEARCH_KEYBOARD = keyboard(lowercase=True)
