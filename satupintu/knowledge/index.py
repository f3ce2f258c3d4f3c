"""The full-text index of the knowledge base: SQLite FTS5 or PostgreSQL tsvector + GIN.

The tokens are the catalog's Indonesian analysis (search.fill_tokens writes them into
`search_title` / `search_text` before a row is saved); the database indexes those
columns and keeps the index in step with every insert, update and delete by itself:

- SQLite: an external-content FTS5 table per model (`knowledge_<model>_fts`, rowid = the
  row's id) kept by three triggers; per query token two MATCHes (`search_title : "t"`
  and `"t"`) read its row lists from the inverted index.
- PostgreSQL: a stored generated `search_document` tsvector column (title tokens weight
  A, text tokens weight D) with a GIN index.

Both answer one question the same way: for each row of a queryset holding any query
token, how many of the tokens it holds, and the sum over them of 8 (in the title or
citation) or 1 (only in the text); best first. So a ranking is the same on both.

Created by migration 0003_search_index. On SQLite a migration that rebuilds a table
(Django's "remake") drops its triggers, so `ensure_index` (post_migrate) puts back what
is missing and rebuilds the index from the rows.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

TITLE_WEIGHT = 8
TEXT_WEIGHT = 1
TABLES = ("knowledge_regulation", "knowledge_article")


def sqlite_statements(table: str) -> list[str]:
    fts = f"{table}_fts"
    delete = (
        f"INSERT INTO {fts} ({fts}, rowid, search_title, search_text) "  # noqa: S608
        "VALUES ('delete', old.id, old.search_title, old.search_text);"
    )
    insert = (
        f"INSERT INTO {fts} (rowid, search_title, search_text) "  # noqa: S608
        "VALUES (new.id, new.search_title, new.search_text);"
    )
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_title, search_text,"
        f" content='{table}', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF search_title, search_text"
        f" ON {table} BEGIN {delete} {insert} END",
    ]


def sqlite_reverse(table: str) -> list[str]:
    fts = f"{table}_fts"
    return [
        *(f"DROP TRIGGER IF EXISTS {fts}_{what}" for what in ("insert", "delete", "update")),
        f"DROP TABLE IF EXISTS {fts}",
    ]


def postgresql_statements(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_document tsvector"
        " GENERATED ALWAYS AS ("
        " setweight(to_tsvector('simple'::regconfig, search_title), 'A')"
        " || setweight(to_tsvector('simple'::regconfig, search_text), 'D')) STORED",
        f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin (search_document)",
    ]


def postgresql_reverse(table: str) -> list[str]:
    return [
        f"DROP INDEX IF EXISTS {table}_search_gin",
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document",
    ]


def statements(vendor: str, *, reverse: bool = False) -> list[str]:
    if vendor == "sqlite":
        make = sqlite_reverse if reverse else sqlite_statements
    elif vendor == "postgresql":
        make = postgresql_reverse if reverse else postgresql_statements
    else:
        raise NotImplementedError(f"knowledge search needs SQLite or PostgreSQL, not {vendor}")
    return [s for table in TABLES for s in make(table)]


def ensure_index(**kwargs) -> None:
    """post_migrate: on SQLite, put back triggers a table rebuild dropped and rebuild the
    index from the rows when one was missing (cheap: a few thousand rows)."""
    if connection.vendor != "sqlite" or TABLES[0] not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM sqlite_master"
            " WHERE type = 'trigger' AND name LIKE 'knowledge_%_fts_%'"
        )
        if cursor.fetchone()[0] == 3 * len(TABLES):
            return
        for statement in statements("sqlite"):
            cursor.execute(statement)
        for table in TABLES:
            cursor.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('rebuild')")  # noqa: S608


def best(qs: QuerySet, tokens: tuple[str, ...], limit: int) -> list[int]:
    """The ids of the best `limit` rows of `qs` for `tokens`: most tokens held first,
    then the weighted score, then the newest."""
    if not tokens:
        return []
    table = qs.model._meta.db_table
    inner, inner_params = qs.order_by().values("pk").query.sql_with_params()
    if connection.vendor == "sqlite":
        fts = f"{table}_fts"
        hits = " UNION ALL ".join(
            f"SELECT rowid AS doc, {i} AS token, {weight} AS weight"  # noqa: S608
            f" FROM {fts} WHERE {fts} MATCH %s"
            for i in range(len(tokens))
            for weight in (TITLE_WEIGHT, TEXT_WEIGHT)
        )
        sql = (
            "SELECT m.doc FROM ("  # noqa: S608
            f"  SELECT doc, token, MAX(weight) AS best FROM ({hits}) GROUP BY doc, token"
            f") m WHERE m.doc IN ({inner})"
            " GROUP BY m.doc ORDER BY COUNT(*) DESC, SUM(m.best) DESC, m.doc DESC LIMIT %s"
        )
        # tokens are [a-z0-9]+ (analysis.words), so quoting them is all FTS5 syntax needs
        matches = [m for t in tokens for m in (f'search_title : "{t}"', f'"{t}"')]
        params = [*matches, *inner_params, limit]
    elif connection.vendor == "postgresql":
        held = " + ".join(["(t.search_document @@ to_tsquery('simple', %s))::int"] * len(tokens))
        score = " + ".join(
            [
                f"(CASE WHEN t.search_document @@ to_tsquery('simple', %s) THEN {TITLE_WEIGHT}"
                f" WHEN t.search_document @@ to_tsquery('simple', %s) THEN {TEXT_WEIGHT}"
                " ELSE 0 END)"
            ]
            * len(tokens)
        )
        sql = (
            f"SELECT t.id FROM {table} t"  # noqa: S608
            " WHERE t.search_document @@ to_tsquery('simple', %s)"
            f" AND t.id IN ({inner})"
            f" ORDER BY {held} DESC, {score} DESC, t.id DESC LIMIT %s"
        )
        score_params = [p for t in tokens for p in (f"{t}:A", t)]
        params = [" | ".join(tokens), *inner_params, *tokens, *score_params, limit]
    else:
        raise NotImplementedError(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
