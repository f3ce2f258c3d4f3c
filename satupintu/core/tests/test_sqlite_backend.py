"""The SQLite backend (core/backends/sqlite3): Django's, with placeholders rewritten once."""

import pytest
from django.db import connection, connections

from satupintu.core.backends.sqlite3 import base

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only"),
]


def test_the_default_database_uses_it():
    assert isinstance(connections["default"], base.DatabaseWrapper)


def test_a_statement_run_again_binds_its_new_values():
    with connection.cursor() as cursor:
        for value in (1, 2, "tiga"):
            cursor.execute("SELECT %s, '100%%', '%%s'", [value])
            assert cursor.fetchone() == (value, "100%", "%s")


def test_named_parameters_and_long_statements_are_rewritten_as_django_does():
    long = "SELECT %s IN (" + ", ".join(["%s"] * 2000) + ")"
    assert len(long) > base._KEPT_UP_TO
    with connection.cursor() as cursor:
        cursor.execute("SELECT %(a)s || %(b)s", {"a": "satu", "b": "pintu"})
        assert cursor.fetchone() == ("satupintu",)
        cursor.execute(long, [1999, *range(2000)])
        assert cursor.fetchone() == (1,)
