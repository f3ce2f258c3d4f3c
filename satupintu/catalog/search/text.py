"""Words from text, and their stems: the first steps for documents and queries alike.

Both sides go through the same functions, so whatever the stemmer does to a word (it
turns "pengecekan" into "kece") it does on both sides and matching stays exact.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

DATA = Path(__file__).parent
MAX_WORD = 40  # longer "words" are noise (pasted hashes, URLs)
_THOUSANDS = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")  # 1.300 VA -> 1300 VA
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case ASCII words: accents dropped, punctuation and hyphens split words
    (KTP-el -> ktp el), thousands separators removed (2.200 -> 2200)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _THOUSANDS.sub("", text)
    return [w for w in _WORD.findall(text) if len(w) <= MAX_WORD]


def word_list(name: str) -> frozenset[str]:
    """A word list kept as data next to this module (one word or phrase per line)."""
    found: set[str] = set()
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        found.update(words(line))
    return frozenset(found)


@cache
def stop_words() -> frozenset[str]:
    """Words that carry no meaning in a service name or a query (dan, yang, di …)."""
    return word_list("stopwords.txt")


@cache
def filler_words() -> frozenset[str]:
    """How citizens wrap a query ("gimana cara bikin …"): dropped from queries only."""
    return word_list("fillers.txt")


@cache
def _stemmer():
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The root of an Indonesian word (Sastrawi: pembayaran -> bayar). Abbreviations and
    words with digits are left alone: the stemmer only knows dictionary words."""
    if len(word) <= 3 or not word.isalpha():
        return word
    return _stemmer().stem(word) or word


ENCLITICS = ("nya", "lah", "kah", "ku", "mu")


def strip_enclitic(word: str, known: frozenset[str] | set[str]) -> str | None:
    """'ktpnya' -> 'ktp': chat-style endings the stemmer leaves on unknown roots."""
    for ending in ENCLITICS:
        if word.endswith(ending) and word[: -len(ending)] in known:
            return word[: -len(ending)]
    return None
