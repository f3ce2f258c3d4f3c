"""What the display board says when it calls a ticket, and the server's voice for it.

The announcement is Indonesian whatever the page's language: it is spoken by an
Indonesian voice in an Indonesian hall, as MPP queue systems do ("Nomor antrian,
A, nol dua belas, silakan menuju loket tiga"). The ticket number is read as it is
printed: each leading zero as "nol", then the rest as a number in words, so
A-012 and A-12 never sound alike. The sentence is written here only: the board's
stream sends it inside each call (board/screen.py), and the page speaks what it gets.

Each call has three phrasings, longest first (PHRASINGS): the full, polite sentence; the
brief one without "silakan menuju"; the short "Nomor A, nol dua belas, loket tiga." The
board says the full one when nothing waits behind the call and a shorter one (faster)
as calls queue up in a burst, so everyone called is announced and the voice keeps close
to the screen (static/queueing/board.js picks by the number of calls waiting).

Voice: the browser's own Indonesian voice when it has one; otherwise the board
plays a WAV made here by espeak-ng (voice `id`), cached on disk per phrase.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

logger = logging.getLogger("satupintu.queueing.board.speech")

ONES = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
NUMBER = re.compile(r"(?P<prefix>[A-Z]{1,3})-(?P<digits>[0-9]{3,4})")
MAX_COUNTER = 999
ESPEAK_TIMEOUT = 10  # seconds; a phrase takes a few hundred milliseconds to synthesise
ESPEAK_SPEED = 135  # words per minute: slower than espeak's 175, for a large hall


class InvalidCall(ValueError):
    """A ticket number or counter that the board never calls."""


def number_in_words(n: int) -> str:
    """0 ≤ n < 1,000,000 in Indonesian words: 11 → "sebelas", 105 → "seratus lima"."""
    if not 0 <= n < 1_000_000:
        raise ValueError(f"{n} is outside 0…999,999")
    if n < 10:
        return ONES[n]
    if n < 20:
        return {10: "sepuluh", 11: "sebelas"}.get(n, f"{ONES[n - 10]} belas")
    if n < 1000:
        head, rest, unit = (n // 10, n % 10, "puluh") if n < 100 else (n // 100, n % 100, "ratus")
        words = "seratus" if (head, unit) == (1, "ratus") else f"{ONES[head]} {unit}"
        return f"{words} {number_in_words(rest)}" if rest else words
    thousands, rest = divmod(n, 1000)
    words = "seribu" if thousands == 1 else f"{number_in_words(thousands)} ribu"
    return f"{words} {number_in_words(rest)}" if rest else words


def digits_in_words(digits: str) -> str:
    """A printed number as it is read: leading zeros one by one, then the number."""
    if not digits.isdigit():
        raise ValueError(f"{digits!r} is not a number")
    significant = digits.lstrip("0")
    zeros = ["nol"] * (len(digits) - len(significant))
    return " ".join([*zeros, number_in_words(int(significant))] if significant else zeros)


def parse_call(number: str, counter_number: int) -> tuple[str, str]:
    """(prefix, digits) of a ticket number the board may announce, or InvalidCall."""
    match = NUMBER.fullmatch(number)
    if match is None or not 1 <= counter_number <= MAX_COUNTER:
        raise InvalidCall(f"not a call: {number!r} at {counter_number!r}")
    return match["prefix"], match["digits"]


# How a call is said, longest first: {letters} of the prefix, the {ticket} number and the
# {counter} in words. A board with calls waiting behind the current one says a shorter one.
PHRASINGS = {
    "full": "Nomor antrian, {letters}, {ticket}, silakan menuju loket {counter}.",
    "brief": "Nomor antrian, {letters}, {ticket}, ke loket {counter}.",
    "short": "Nomor {letters}, {ticket}, loket {counter}.",
}


def announcement_text(number: str, counter_number: int, phrasing: str = "full") -> str:
    """'Nomor antrian, A, nol dua belas, silakan menuju loket tiga.' for A-012 at loket 3
    (the "full" phrasing; see PHRASINGS for the shorter ones).

    Letters of a prefix are spoken one by one ("A B"), which every voice reads by
    their Indonesian names, rather than as a syllable ("ab")."""
    prefix, digits = parse_call(number, counter_number)
    if phrasing not in PHRASINGS:
        raise InvalidCall(f"no phrasing {phrasing!r}")
    return PHRASINGS[phrasing].format(
        letters=" ".join(prefix),
        ticket=digits_in_words(digits),
        counter=number_in_words(counter_number),
    )


# --- the server's voice (espeak-ng), for boards whose browser has no Indonesian voice


def espeak() -> str | None:
    return shutil.which("espeak-ng")


def cache_dir() -> Path:
    return Path(settings.DATA_DIR) / "cache" / "speech"


def _cache_path(number: str, counter_number: int, phrasing: str) -> Path:
    suffix = "" if phrasing == "full" else f"_{phrasing}"
    return cache_dir() / f"{number}_{counter_number}{suffix}.wav"


def announcement_wav(number: str, counter_number: int, phrasing: str = "full") -> Path | None:
    """The WAV file of one announcement (made once, then read from the cache), or None
    when espeak-ng is not installed or fails: the board then plays its chime only."""
    # validates all three before any file name
    text = announcement_text(number, counter_number, phrasing)
    path = _cache_path(number, counter_number, phrasing)
    if path.is_file():
        return path
    program = espeak()
    if program is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".wav")
    os.close(handle)
    try:
        subprocess.run(  # noqa: S603 - fixed program, validated text, no shell
            [program, "-v", "id", "-s", str(ESPEAK_SPEED), "-w", tmp, text],
            check=True,
            capture_output=True,
            timeout=ESPEAK_TIMEOUT,
        )
        os.replace(tmp, path)  # atomic: a reader sees the whole file or none
    except (OSError, subprocess.SubprocessError) as error:
        logger.warning("espeak-ng failed for %s at loket %s: %s", number, counter_number, error)
        return None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path
