"""Django's SQLite backend, with its placeholder rewrite kept per statement text.

Django writes "%s" placeholders and its SQLite cursor rewrites them to "?" with a regular
expression on every execute. The hot statements are the same few texts over and over
(core/rows.py keeps their SQL per process), and the rewrite was about 3 % of an issued
ticket's server time (docs/benchmarks.md). Everything else is Django's backend as is.
"""

from __future__ import annotations

import functools

from django.db.backends.sqlite3 import base

_KEPT_UP_TO = 4096  # characters: bulk statements with thousands of placeholders are not kept


@functools.lru_cache(maxsize=512)
def _kept_qmark(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query: str, *, param_names: list[str] | None = None) -> str:
        if param_names is None and len(query) <= _KEPT_UP_TO:
            return _kept_qmark(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name: str | None = None) -> SQLiteCursorWrapper:
        return self.connection.cursor(factory=SQLiteCursorWrapper)
