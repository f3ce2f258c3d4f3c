"""The synonym and abbreviation list (synonyms.txt), read into the two things search does
with it: rewrite every way of saying a thing to one form, and tag services with the
words citizens use for them.

Two kinds of lines:
- `ktp, ktp-el, e-ktp, kartu tanda penduduk`: the same thing. Documents and queries are
  both rewritten to the first entry, so "kartu tanda penduduk" finds "KTP-el".
- `umroh, umrah, haji => paspor`: what citizens say (left) for what the catalog calls
  it (right). A service with "paspor" in its name, product or keywords is also indexed
  under "umroh", "umrah" and "haji", in the keyword field (ranked below the name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from satupintu.catalog.search.text import DATA, stem, stop_words, words

Phrase = tuple[str, ...]


def base_tokens(text: str) -> list[str]:
    """Words without stop words, stemmed: the form synonyms are matched in."""
    stops = stop_words()
    return [stem(w) for w in words(text) if w not in stops]


@dataclass
class Thesaurus:
    spelling: dict[str, str] = field(default_factory=dict)
    phrases: dict[str, list[tuple[Phrase, Phrase]]] = field(default_factory=dict)
    related: list[tuple[Phrase, list[Phrase]]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)

    def canonical(self, tokens: Iterable[str]) -> list[str]:
        """Rewrite tokens to the first entry of their group, longest phrase first."""
        return [token for token, _ in self.canonical_marked(tokens)]

    def canonical_marked(
        self, tokens: Iterable[str], *, keep: bool = False
    ) -> list[tuple[str, bool]]:
        """Like `canonical`, each token marked True when it came from a synonym phrase
        (so a query never loses it as a filler word: "bikin rekening" is a phrase).
        `keep`: keep a phrase's own words before its replacement. Documents keep them,
        so "Sertifikat Produksi Pangan … (SPP-IRT)" is found by "pirt" and by its words."""
        spelled = [self.spelling.get(t, t) for t in tokens]
        out: list[tuple[str, bool]] = []
        i = 0
        while i < len(spelled):
            for phrase, replacement in self.phrases.get(spelled[i], ()):
                if tuple(spelled[i : i + len(phrase)]) == phrase:
                    if keep and phrase != replacement:
                        out.extend((token, True) for token in phrase)
                    out.extend((token, True) for token in replacement)
                    i += len(phrase)
                    break
            else:
                out.append((spelled[i], False))
                i += 1
        return out

    def tokens(self, text: str) -> list[str]:
        """Index tokens of a service text: synonym phrases kept and rewritten."""
        return [t for t, _ in self.canonical_marked(base_tokens(text), keep=True)]

    def related_terms(self, fields: Sequence[Sequence[str]]) -> list[str]:
        """Citizen words for a service whose strong fields (name, product, keywords) hold
        a catalog term; repeated until nothing new appears (umroh -> paspor -> e-paspor)."""
        lists = [list(f) for f in fields]
        added: list[str] = []
        seen: set[Phrase] = set()
        while True:
            new = [
                citizen
                for term, citizens in self.related
                if any(_contains(f, term) for f in lists)
                for citizen in citizens
                if citizen not in seen
            ]
            if not new:
                return added
            for citizen in new:
                seen.add(citizen)
                added.extend(citizen)
            lists.append(added[:])


def _contains(tokens: list[str], phrase: Phrase) -> bool:
    n = len(phrase)
    return any(tuple(tokens[i : i + n]) == phrase for i in range(len(tokens) - n + 1))


def parse(lines: Iterable[str]) -> Thesaurus:
    """Read synonyms.txt; a phrase in two groups is an error, not a silent choice."""
    groups: list[list[Phrase]] = []
    rules: list[tuple[str, list[str]]] = []
    result = Thesaurus()
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        result.words.update(words(line))
        if "=>" in line:
            left, right = line.split("=>", 1)
            rules.append((right, [e for e in left.split(",") if e.strip()]))
            continue
        entries = [tuple(base_tokens(e)) for e in line.split(",")]
        entries = [e for e in entries if e]
        if len(entries) < 2:
            raise ValueError(f"synonyms.txt line {number}: a group needs two entries")
        groups.append(entries)
    # Spelling variants first (akte -> akta), so phrases can be written in one spelling.
    for entries in groups:
        if all(len(e) == 1 for e in entries):
            for (variant,) in entries[1:]:
                _claim(result.spelling, variant, entries[0][0])
    by_phrase: dict[Phrase, Phrase] = {}
    for entries in groups:
        if all(len(e) == 1 for e in entries):
            continue
        forms = [tuple(result.spelling.get(t, t) for t in e) for e in entries]
        for form in forms:
            _claim(by_phrase, form, forms[0])
    index: dict[str, list[tuple[Phrase, Phrase]]] = defaultdict(list)
    for phrase, replacement in by_phrase.items():
        index[phrase[0]].append((phrase, replacement))
    for candidates in index.values():
        candidates.sort(key=lambda pair: -len(pair[0]))
    result.phrases = dict(index)
    for term, citizens in rules:
        result.related.append((_rewritten(result, term), [_rewritten(result, c) for c in citizens]))
    # A service named by a group's first entry is also found by the words of the other
    # entries ("pajak bangunan" finds "PBB-P2", whose words say nothing about a tax).
    for phrase, replacement in by_phrase.items():
        if phrase != replacement:
            result.related.append((replacement, [phrase]))
    return result


def _rewritten(thesaurus: Thesaurus, text: str) -> Phrase:
    """The form a query takes (and documents contain besides their own words)."""
    return tuple(thesaurus.canonical(base_tokens(text)))


def _claim(mapping: dict, key: str | Phrase, value: str | Phrase) -> None:
    if mapping.get(key, value) != value:
        shown = key if isinstance(key, str) else " ".join(key)
        raise ValueError(f"synonyms.txt: {shown!r} is in two groups")
    mapping[key] = value


@cache
def thesaurus() -> Thesaurus:
    return parse((DATA / "synonyms.txt").read_text(encoding="utf-8").splitlines())
