"""From a service's texts, and from what a citizen types, to the same index tokens.

Text -> words -> stop words out -> Sastrawi stems -> synonyms rewritten to one form.
A query additionally gets its typos fixed first and its filler words dropped last.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from satupintu.catalog.search.synonyms import thesaurus
from satupintu.catalog.search.text import (
    MAX_WORD,
    filler_words,
    stem,
    stop_words,
    strip_enclitic,
    words,
)
from satupintu.catalog.search.typos import Vocabulary, is_indonesian

# The index has four fields; a match counts by the best field it is in.
FIELDS = ("name", "keywords", "requirements", "description")
WEIGHTS = {"name": 8, "keywords": 4, "requirements": 2, "description": 1}
MAX_QUERY_WORDS = 12


@dataclass(frozen=True)
class Document:
    """What the index stores for one service: space-separated tokens per field, and the
    words seen (surface and stemmed), which feed spelling correction."""

    name: str
    keywords: str
    requirements: str
    description: str
    words: frozenset[str] = field(default=frozenset())

    def fields(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in FIELDS}

    @property
    def word_list(self) -> str:
        return " ".join(sorted(self.words))


def document(
    *,
    name: str,
    keywords: Iterable[str],
    requirements: Iterable[str],
    description: Iterable[str],
) -> Document:
    """Tokens per field. Citizen words for what the name, product or keywords say
    (synonyms.txt `x => t` lines) are added to the keyword field."""
    th = thesaurus()
    texts = {
        "name": [name],
        "keywords": list(keywords),
        "requirements": list(requirements),
        "description": list(description),
    }
    tokens = {f: [th.tokens(t) for t in texts[f]] for f in FIELDS}
    related = th.related_terms(tokens["name"] + tokens["keywords"])
    seen = {w for f in FIELDS for t in texts[f] for w in words(t)}
    seen.update(t for f in FIELDS for ts in tokens[f] for t in ts)
    seen = {w for w in seen if len(w) <= MAX_WORD}
    joined = {f: " ".join(t for ts in tokens[f] for t in ts) for f in FIELDS}
    joined["keywords"] = " ".join(filter(None, [joined["keywords"], *related]))
    return Document(**joined, words=frozenset(seen))


@dataclass(frozen=True)
class Interpretation:
    """How a query was understood: its words after spelling fixes, and the index tokens."""

    text: str
    words: tuple[str, ...]
    corrections: tuple[tuple[str, str], ...]
    tokens: tuple[str, ...]

    @property
    def corrected(self) -> str:
        """The query as searched, when a word was corrected ("" otherwise)."""
        return " ".join(self.words) if self.corrections else ""


@cache
def _filler_stems() -> frozenset[str]:
    fillers = filler_words()
    return fillers | {stem(w) for w in fillers}


def _is_known(word: str, vocabulary: Vocabulary) -> bool:
    th = thesaurus()
    return (
        word in vocabulary
        or word in th.words
        or word in filler_words()
        or word in stop_words()
        or not word.isalpha()
        or is_indonesian(word)
    )


def _fix(word: str, *, last: bool, vocabulary: Vocabulary) -> str | None:
    """A better spelling for an unknown word: chat ending off, completed, or corrected."""
    known = vocabulary.words | thesaurus().words
    return (
        strip_enclitic(word, known)
        or (vocabulary.complete(word) if last else None)
        or vocabulary.correct(word)
    )


def interpret(query: str, vocabulary: Vocabulary) -> Interpretation:
    raw = words(query)[:MAX_QUERY_WORDS]
    fixed: list[str] = []
    corrections: list[tuple[str, str]] = []
    for i, word in enumerate(raw):
        better = None
        if not _is_known(word, vocabulary):
            better = _fix(word, last=i == len(raw) - 1, vocabulary=vocabulary)
        if better:
            corrections.append((word, better))
        fixed.append(better or word)
    stops = stop_words()
    marked = thesaurus().canonical_marked(stem(w) for w in fixed if w not in stops)
    fillers = _filler_stems()
    kept = [t for t, from_phrase in marked if from_phrase or t not in fillers]
    if not kept:  # "syarat" alone: better to search for it than for nothing
        kept = [t for t, _ in marked]
    return Interpretation(
        text=query,
        words=tuple(fixed),
        corrections=tuple(corrections),
        tokens=tuple(dict.fromkeys(kept)),
    )
