"""The full-text index in the database: SQLite FTS5 or PostgreSQL tsvector + GIN.

Both hold, per service, the tokens of four fields (analysis.FIELDS) and answer one
question the same way: for each service that contains any query token, the sum over
the query tokens of the weight of the best field holding it (name 8, keywords 4,
requirements 2, description 1), each times the token's own weight (query.rarity, from
the word counts kept here). Both databases get the same numbers to add up, so a
ranking is the same on SQLite and PostgreSQL.

- SQLite: an FTS5 table (rowid = service id); the `fts5vocab` instance table reads its
  inverted index: one row per (token, service, field) for just the query tokens.
- PostgreSQL: a table with a generated `tsvector` whose lexemes carry weights A-D
  (= the four fields) and a GIN index; `@@` finds the services, `token:A` style
  queries tell which field a token is in.

Beside the index: every word seen (surface and stemmed) with the number of services
using it, for spelling correction and token weights. Each document row keeps its own
words, so re-indexing a service moves the counts by the difference only.

Tables are created by migration 0003_search_index; nothing here is a Django model
because neither database's index type is one. Stale rows of deleted services are
ignored (every query joins catalog_service) and dropped by `rebuild_search_index`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import connection

from satupintu.catalog.search.analysis import FIELDS, WEIGHTS, Document

DOCUMENTS_PG = "catalog_search_document"
FTS_SQLITE = "catalog_search_fts"
WORDS = "catalog_search_word"


@dataclass(frozen=True)
class Filters:
    mpp_id: int | None = None
    agency: str | None = None  # Agency.code
    category: str | None = None  # Category.slug


@dataclass(frozen=True)
class Scored:
    service_id: int
    score: int
    best: int  # weight of the strongest field any token matched in


# Shared by both: restrict to active services at active MPPs, then the filters.
_FILTERS = """
    JOIN catalog_service s ON s.id = m.service_id
    JOIN tenancy_mpp p ON p.id = s.mpp_id AND p.is_active
    JOIN tenancy_agency a ON a.id = s.agency_id
    JOIN catalog_category c ON c.id = s.category_id
    WHERE s.is_active
      AND (%s IS NULL OR s.mpp_id = %s)
      AND (%s IS NULL OR a.code = %s)
      AND (%s IS NULL OR c.slug = %s)
"""


def _filter_params(filters: Filters) -> list[int | str | None]:
    return [
        filters.mpp_id,
        filters.mpp_id,
        filters.agency,
        filters.agency,
        filters.category,
        filters.category,
    ]


def _placeholders(n: int) -> str:
    return ", ".join(["%s"] * n)


class Backend:
    vendor = ""

    def write(self, *, service_id: int, mpp_id: int, document: Document) -> None:
        """Store a service's document and move the word counts by what changed."""
        old = self._stored_words(service_id)
        self._write(service_id=service_id, mpp_id=mpp_id, document=document)
        self._count(added=document.words - old, removed=old - document.words)

    def clear(self) -> None:
        """Empty the index and the word counts (before a rebuild)."""
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.documents}")  # noqa: S608
            cursor.execute(f"DELETE FROM {WORDS}")  # noqa: S608

    def score(self, tokens: Mapping[str, int], filters: Filters, limit: int) -> list[Scored]:
        """Services holding any of the tokens, best first: the sum over tokens of
        (weight of the best field it is in) x (the token's own weight, see query.py)."""
        raise NotImplementedError

    documents = ""  # the table of documents
    key = ""  # its column holding the service id

    def _write(self, *, service_id: int, mpp_id: int, document: Document) -> None:
        raise NotImplementedError

    def _stored_words(self, service_id: int) -> frozenset[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT words FROM {self.documents} WHERE {self.key} = %s",  # noqa: S608
                [service_id],
            )
            row = cursor.fetchone()
        return frozenset(row[0].split()) if row else frozenset()

    # --- the words, with how many services use each: same SQL on both databases
    def _count(self, *, added: Iterable[str], removed: Iterable[str]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {WORDS} (word, uses) VALUES (%s, 1) "  # noqa: S608
                f"ON CONFLICT (word) DO UPDATE SET uses = {WORDS}.uses + 1",
                [(w,) for w in sorted(added)],
            )
            cursor.executemany(
                f"UPDATE {WORDS} SET uses = uses - 1 WHERE word = %s AND uses > 0",  # noqa: S608
                [(w,) for w in sorted(removed)],
            )

    def vacuum(self) -> None:
        """Drop the documents of deleted services and count the words again from the
        documents left (after a flush or a migration; cheap when nothing is indexed)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {self.documents} WHERE {self.key} NOT IN "  # noqa: S608
                "(SELECT id FROM catalog_service)"
            )
            cursor.execute(f"SELECT words FROM {self.documents}")  # noqa: S608
            uses = Counter(w for (words,) in cursor.fetchall() for w in words.split())
            cursor.execute(f"DELETE FROM {WORDS}")  # noqa: S608
            cursor.executemany(
                f"INSERT INTO {WORDS} (word, uses) VALUES (%s, %s)",  # noqa: S608
                sorted(uses.items()),
            )

    def word_count(self) -> int:
        """Changes whenever a new word is indexed: the vocabulary cache's version."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {WORDS}")  # noqa: S608
            return cursor.fetchone()[0]

    def words(self) -> dict[str, int]:
        """Every word some service uses, with the number of services using it."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT word, uses FROM {WORDS} WHERE uses > 0")  # noqa: S608
            return dict(cursor.fetchall())


class SQLiteBackend(Backend):
    vendor = "sqlite"
    documents = FTS_SQLITE
    key = "rowid"

    def _write(self, *, service_id: int, mpp_id: int, document: Document) -> None:
        fields = document.fields()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_SQLITE} WHERE rowid = %s", [service_id])  # noqa: S608
            cursor.execute(
                f"INSERT INTO {FTS_SQLITE} (rowid, mpp_id, words, name, keywords, "  # noqa: S608
                "requirements, description) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [service_id, mpp_id, document.word_list, *(fields[f] for f in FIELDS)],
            )

    def score(self, tokens: Mapping[str, int], filters: Filters, limit: int) -> list[Scored]:
        field_weight = " ".join(f"WHEN '{f}' THEN {WEIGHTS[f]}" for f in FIELDS)
        token_weight = " ".join("WHEN %s THEN %s" for _ in tokens)
        sql = (
            "SELECT s.id, SUM(m.best * CASE m.term "  # noqa: S608
            f"{token_weight} ELSE 0 END) AS score, MAX(m.best) AS best FROM ("
            f"  SELECT v.doc AS service_id, v.term AS term,"
            f"   MAX(CASE v.col {field_weight} ELSE 0 END) AS best"
            f"  FROM {FTS_SQLITE}_instance v"
            f"  WHERE v.term IN ({_placeholders(len(tokens))})"
            "   GROUP BY v.doc, v.term"
            f") m {_FILTERS}"
            " GROUP BY s.id, s.code"
            " ORDER BY score DESC,"
            f"  (SELECT length(f.name) FROM {FTS_SQLITE} f WHERE f.rowid = s.id), s.code, s.id"
            " LIMIT %s"
        )
        pairs = [value for item in tokens.items() for value in item]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*pairs, *tokens, *_filter_params(filters), limit])
            return [Scored(*row) for row in cursor.fetchall()]


class PostgresBackend(Backend):
    vendor = "postgresql"
    documents = DOCUMENTS_PG
    key = "service_id"
    LETTERS = dict(zip(FIELDS, "ABCD", strict=True))  # setweight() letters of the fields

    def _write(self, *, service_id: int, mpp_id: int, document: Document) -> None:
        fields = document.fields()
        columns = ", ".join(FIELDS)
        updates = ", ".join(f"{f} = EXCLUDED.{f}" for f in ("mpp_id", "words", *FIELDS))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {DOCUMENTS_PG} (service_id, mpp_id, words, {columns}) "  # noqa: S608
                f"VALUES (%s, %s, %s, %s, %s, %s, %s) "
                f"ON CONFLICT (service_id) DO UPDATE SET {updates}",
                [service_id, mpp_id, document.word_list, *(fields[f] for f in FIELDS)],
            )

    def score(self, tokens: Mapping[str, int], filters: Filters, limit: int) -> list[Scored]:
        # Per token: the weight of its best field, found by token:A, token:B … queries.
        cases = " ".join(
            f"WHEN d.document @@ to_tsquery('simple', %s) THEN {WEIGHTS[f]}" for f in FIELDS
        )
        per_token = [f"(CASE {cases} ELSE 0 END)" for _ in tokens]
        field_params = {t: [f"{t}:{self.LETTERS[f]}" for f in FIELDS] for t in tokens}
        total = " + ".join(f"{expression} * %s" for expression in per_token)
        total_params: list[int | str | None] = []
        for token, weight in tokens.items():
            total_params += [*field_params[token], weight]
        params = [p for t in tokens for p in field_params[t]]
        best = "GREATEST(" + ", ".join(per_token) + ")"
        sql = (
            f"SELECT s.id, m.score, m.best FROM ("  # noqa: S608
            f"  SELECT d.service_id, d.name, {total} AS score, {best} AS best"
            f"  FROM {DOCUMENTS_PG} d WHERE d.document @@ to_tsquery('simple', %s)"
            f") m {_FILTERS}"
            " ORDER BY m.score DESC, length(m.name), s.code, s.id"
            " LIMIT %s"
        )
        any_token = " | ".join(tokens)
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [*total_params, *params, any_token, *_filter_params(filters), limit]
            )
            return [Scored(*row) for row in cursor.fetchall()]


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"search needs SQLite or PostgreSQL, not {connection.vendor}")
