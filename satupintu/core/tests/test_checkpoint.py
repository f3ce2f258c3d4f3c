"""The server's background WAL checkpoint (core/checkpoint.py)."""

import sqlite3
import threading
from contextlib import closing

import pytest
from django.db import connection

from satupintu.core.checkpoint import checkpoint_wal, start_checkpointer
from satupintu.tenancy.models import Mpp
from satupintu.tenancy.tests.factories import MppFactory

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


def _mpps_in_database_file() -> int | None:
    """MPP rows in the database file itself, ignoring the log (None if caught mid-copy)."""
    uri = f"file:{connection.settings_dict['NAME']}?mode=ro&immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as raw:
            table = Mpp._meta.db_table
            return raw.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
    except sqlite3.DatabaseError:
        return None


@sqlite_only
@pytest.mark.django_db
def test_request_connections_leave_checkpoints_to_the_server():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == 10_000  # only a safety net


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_checkpoint_copies_the_committed_log_into_the_database_file():
    checkpoint_wal()
    before = _mpps_in_database_file()
    MppFactory.create_batch(3)  # committed, but only in the log
    assert _mpps_in_database_file() == before
    busy, frames, copied = checkpoint_wal()
    assert busy == 0 and copied == frames > 0
    assert _mpps_in_database_file() == before + 3


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_the_background_thread_checkpoints_until_stopped():
    checkpoint_wal()
    before = _mpps_in_database_file()
    MppFactory.create_batch(3)
    assert _mpps_in_database_file() == before
    stop = threading.Event()
    thread = start_checkpointer(stop, seconds=0.05)
    try:
        for _ in range(100):
            if _mpps_in_database_file() == before + 3:
                break
            stop.wait(0.05)
    finally:
        stop.set()
        thread.join(timeout=5)
    assert _mpps_in_database_file() == before + 3
    assert not thread.is_alive()


def test_postgresql_has_nothing_to_checkpoint():
    if connection.vendor == "sqlite":
        pytest.skip("PostgreSQL only")
    assert checkpoint_wal() is None
    assert start_checkpointer(threading.Event()) is None
