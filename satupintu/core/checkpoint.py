"""SQLite's WAL checkpoints moved off the request path (`satupintu serve`).

In WAL mode SQLite copies the log back into the database file ("checkpoint") in
whichever connection's commit pushes the log past `wal_autocheckpoint` pages, and
that commit then waits for the copy and its fsync. Under load that was one request
in a few hundred stalling for 20–40 ms: the tail of the "50 requests/s" benchmark
(docs/benchmarks.md). So request connections only checkpoint as a safety net
(settings: 10,000 pages, ~40 MB), and the server checkpoints in a background thread
every second with PASSIVE mode, which never blocks readers or writers; SQLite
releases the GIL while it copies, so requests keep running meanwhile.

Processes without this thread (management commands, tests, `jobs --once`) still
checkpoint through the safety net, and SQLite checkpoints when the last connection
closes. PostgreSQL needs none of this.
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection

logger = logging.getLogger("satupintu.checkpoint")


def checkpoint_wal() -> tuple[int, int, int] | None:
    """One PASSIVE checkpoint: (busy, frames in the log, frames copied back), or None
    when the database is not SQLite."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        busy, log_frames, copied = cursor.fetchone()
    return busy, log_frames, copied


def start_checkpointer(stop: threading.Event, *, seconds: float = 1.0) -> threading.Thread | None:
    """Checkpoint every `seconds` in a daemon thread until `stop` is set; None on PostgreSQL."""
    if connection.vendor != "sqlite":
        return None

    def run() -> None:
        while not stop.wait(seconds):
            try:
                checkpoint_wal()
            except Exception:  # a locked or briefly missing file: the next second tries again
                logger.exception("WAL checkpoint failed")
                close_old_connections()
        connection.close()

    thread = threading.Thread(target=run, name="satupintu-checkpoint", daemon=True)
    thread.start()
    return thread
