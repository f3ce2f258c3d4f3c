"""Searching regulations and reviewed articles with the catalog's Indonesian analysis.

The same steps as the service search (satupintu/catalog/search/): words, stop words,
Sastrawi stems, synonyms and spelling fixes, through `analysis.document` when a text is
saved and `analysis.interpret` when a query comes. The database indexes the token
columns (index.py: SQLite FTS5, PostgreSQL tsvector + GIN) and scores there: a title or
citation token counts 8, a body token 1, best first.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet

from satupintu.catalog.search.analysis import Interpretation, document, interpret
from satupintu.catalog.search.synonyms import thesaurus
from satupintu.catalog.search.typos import Vocabulary
from satupintu.knowledge import index
from satupintu.knowledge.models import (
    Article,
    ArticleKind,
    ArticleStatus,
    Regulation,
    RegulationKind,
)
from satupintu.tenancy.models import Mpp

MAX_QUERY_LENGTH = 100
MAX_RESULTS = 20
TOKEN_COLUMNS = ("search_title", "search_text", "search_words")  # long; results need none


def _pad(tokens: str) -> str:
    return f" {tokens.strip()} " if tokens.strip() else ""


def fill_tokens(item: Regulation | Article) -> None:
    """Set an item's search columns from its texts (before it is saved)."""
    if isinstance(item, Regulation):
        label = str(RegulationKind(item.kind).label) if item.kind in RegulationKind.values else ""
        doc = document(
            name=item.title,
            keywords=[item.citation, label, item.issuer, f"nomor {item.number} tahun {item.year}"],
            requirements=[],
            description=[item.summary],
        )
    else:
        doc = document(name=item.title, keywords=[], requirements=[], description=[item.body])
    item.search_title = _pad(f"{doc.name} {doc.keywords}")
    item.search_text = _pad(doc.description)
    item.search_words = doc.word_list


def reindex(items: QuerySet) -> int:
    n = 0
    for item in items:
        fill_tokens(item)
        item.save(update_fields=["search_title", "search_text", "search_words"])
        n += 1
    return n


# The vocabulary for spelling fixes: the words of every indexed text, kept per process
# while the rows' count and last change stay the same.
_lock = threading.Lock()
_cached: tuple[tuple, Vocabulary] | None = None


def _stamp() -> tuple:
    """Rows and latest change of both tables: one round trip, each part read from an index
    (MIN/MAX and COUNT are only that cheap one per SELECT)."""
    parts = [
        f"(SELECT {what} FROM {model._meta.db_table})"  # noqa: S608
        for model in (Regulation, Article)
        for what in ("COUNT(*)", "MAX(updated_at)")
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def vocabulary() -> Vocabulary:
    global _cached
    stamp = _stamp()
    cached = _cached
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _lock:
        uses: Counter[str] = Counter()
        for model in (Regulation, Article):
            for words in model.objects.values_list("search_words", flat=True).iterator():
                uses.update(words.split())
        fresh = Vocabulary(dict(uses), extra=thesaurus().words)
        _cached = (stamp, fresh)
    return fresh


@dataclass(frozen=True)
class Results:
    query: Interpretation | None
    regulations: list[Regulation] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.regulations and not self.articles


def _matching(qs: QuerySet, tokens: tuple[str, ...], limit: int) -> list:
    """The best `limit` rows of `qs` for `tokens` (index.best: most tokens held first,
    then the weighted score), scored by the database's full-text index."""
    best = index.best(qs, tokens, limit)
    found = qs.model.objects.defer(*TOKEN_COLUMNS).in_bulk(best)
    return [found[pk] for pk in best if pk in found]


def officer_articles(mpp: Mpp) -> QuerySet[Article]:
    """What officers of `mpp` may read: its reviewed articles."""
    return Article.objects.filter(mpp=mpp, status=ArticleStatus.REVIEWED)


def public_answers(mpp: Mpp) -> QuerySet[Article]:
    """What a citizen may read before filing a complaint: reviewed, public Q&A."""
    return officer_articles(mpp).filter(kind=ArticleKind.QA, public=True)


def search(
    query: str,
    *,
    mpp: Mpp,
    public: bool = False,
    limit: int = MAX_RESULTS,
) -> Results:
    """Regulations and `mpp`'s reviewed articles matching `query`, best first. `public`:
    only the reviewed Q&A marked for citizens, and no regulations."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return Results(None)
    understood = interpret(query, vocabulary())
    if not understood.tokens:
        return Results(understood)
    articles = public_answers(mpp) if public else officer_articles(mpp)
    return Results(
        understood,
        regulations=[] if public else _matching(Regulation.objects.all(), understood.tokens, limit),
        articles=_matching(articles, understood.tokens, limit),
    )
