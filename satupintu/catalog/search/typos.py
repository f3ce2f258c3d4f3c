"""Typo tolerance: a query word that is neither in the index nor an Indonesian word is
replaced by the closest indexed word (Damerau-Levenshtein, so "skkc" -> "skck").

Candidates come from a deletion index (the SymSpell idea): every word is stored under
the strings left after deleting one or two of its letters, so finding the words within
two edits of a query word is a few dictionary lookups, not a pass over the vocabulary.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from itertools import combinations

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from satupintu.catalog.search.text import stem

MIN_LENGTH = 4  # shorter words are abbreviations (kk, sim, pbb): too many near neighbours


def max_edits(word: str) -> int:
    """One typo in a short word, two in a long one."""
    if len(word) < MIN_LENGTH:
        return 0
    return 1 if len(word) < 8 else 2


@cache
def indonesian_roots() -> frozenset[str]:
    """Sastrawi's dictionary of root words: a word whose stem is here is not a typo."""
    return frozenset(w for w in StemmerFactory().get_words() if w)


def is_indonesian(word: str) -> bool:
    return word in indonesian_roots() or stem(word) in indonesian_roots()


def _deletions(word: str, edits: int) -> set[str]:
    found = {word}
    for n in range(1, edits + 1):
        for positions in combinations(range(len(word)), n):
            found.add("".join(c for i, c in enumerate(word) if i not in positions))
    return found


def distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment): a swap of neighbours is one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


SUFFIXES = ("kan", "an", "i", "nya")


def _forms(word: str) -> set[str]:
    """The word, and the word without one common suffix (perpanjangan -> perpanjang)."""
    forms = {word}
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_LENGTH:
            forms.add(word[: -len(suffix)])
    return forms


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)


class Vocabulary:
    """The words of the index, for spelling correction and completing a half-typed word."""

    def __init__(self, uses: dict[str, int], extra: Iterable[str] = ()) -> None:
        """`uses`: indexed words and how many documents use them; `extra`: more words a
        typo may be corrected to (the synonym list), counted as used once."""
        self.uses = {w: n for w, n in uses.items() if w.isalnum()}
        for word in extra:
            self.uses.setdefault(word, 1)
        self.words = frozenset(self.uses)
        # deletion variant -> (form, word): a form is the word or the word without a
        # suffix, so "perpnjang" meets "perpanjangan" through its form "perpanjang".
        self._by_deletion: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for word in self.words:
            if not word.isalpha() or len(word) < MIN_LENGTH - 1:
                continue
            for form in _forms(word):
                for variant in _deletions(form, max(1, max_edits(form))):
                    self._by_deletion[variant].append((form, word))
        self._sorted = sorted(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def correct(self, word: str) -> str | None:
        """The indexed word closest to `word`, or None when none is close enough."""
        edits = max_edits(word)
        if not edits or not word.isalpha():
            return None
        candidates = {c for v in _deletions(word, edits) for c in self._by_deletion.get(v, ())}
        scored = [(distance(word, form), form, w) for form, w in candidates]
        scored = [s for s in scored if s[0] <= edits]
        if not scored:
            return None
        return min(scored, key=lambda s: self._preference(word, *s))[2]

    def _preference(self, typed: str, edits: int, form: str, word: str) -> tuple:
        """Fewest edits; then a word that only lost or gained letters ("ilang" -> "hilang",
        not "ulang"); the same first letter; the word itself over a suffixed one; the
        more used ("ktpp" -> "ktp", not "kpp"); the shorter; A-Z."""
        return (
            edits,
            not (_is_subsequence(typed, form) or _is_subsequence(form, typed)),
            form[0] != typed[0],
            form != word,
            -self.uses[word],
            len(word),
            word,
        )

    def complete(self, prefix: str) -> str | None:
        """The shortest indexed word that starts with a half-typed last word ("perpanj")."""
        if len(prefix) < MIN_LENGTH:
            return None
        matches = []
        for word in self._sorted[bisect_left(self._sorted, prefix) :]:
            if not word.startswith(prefix):
                break
            matches.append(word)
        return min(matches, key=lambda w: (len(w), -self.uses[w], w), default=None)
