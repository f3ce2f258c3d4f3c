"""The full-text index of service search (satupintu/catalog/search/backends.py).

SQLite: an FTS5 table and its fts5vocab "instance" view of the inverted index.
PostgreSQL: a table with a weighted, generated tsvector and a GIN index on it.
Both: every indexed word with the number of services using it (spelling correction,
token weights); each document keeps its own words so re-indexing adjusts the counts.

Services that exist before this migration are indexed by `satupintu rebuild_search_index`.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE catalog_search_fts USING fts5("
    " mpp_id UNINDEXED, words UNINDEXED, name, keywords, requirements, description,"
    " tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE catalog_search_fts_instance USING fts5vocab("
    " 'catalog_search_fts', 'instance')",
]
SQLITE_REVERSE = [
    "DROP TABLE IF EXISTS catalog_search_fts_instance",
    "DROP TABLE IF EXISTS catalog_search_fts",
]

POSTGRESQL = [
    """CREATE TABLE catalog_search_document (
        service_id bigint PRIMARY KEY,
        mpp_id bigint NOT NULL,
        words text NOT NULL DEFAULT '',
        name text NOT NULL DEFAULT '',
        keywords text NOT NULL DEFAULT '',
        requirements text NOT NULL DEFAULT '',
        description text NOT NULL DEFAULT '',
        document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, name), 'A')
            || setweight(to_tsvector('simple'::regconfig, keywords), 'B')
            || setweight(to_tsvector('simple'::regconfig, requirements), 'C')
            || setweight(to_tsvector('simple'::regconfig, description), 'D')
        ) STORED
    )""",
    "CREATE INDEX catalog_search_document_gin ON catalog_search_document USING gin (document)",
    "CREATE INDEX catalog_search_document_mpp ON catalog_search_document (mpp_id)",
]
POSTGRESQL_REVERSE = ["DROP TABLE IF EXISTS catalog_search_document"]

WORDS = [
    "CREATE TABLE catalog_search_word ("
    " word varchar(40) NOT NULL PRIMARY KEY, uses integer NOT NULL DEFAULT 1)"
]
WORDS_REVERSE = ["DROP TABLE IF EXISTS catalog_search_word"]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL)
    else:
        raise NotImplementedError(f"service search needs SQLite or PostgreSQL, not {vendor}")
    _run(schema_editor, WORDS)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, SQLITE_REVERSE if vendor == "sqlite" else POSTGRESQL_REVERSE)
    _run(schema_editor, WORDS_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_categories")]
    operations = [migrations.RunPython(create_index, drop_index)]
