"""A real `satupintu.asgi` server in a child process, on the test database, for tests that
need what only a running server shows (threads, event loop, a second process)."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from django.db import connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """DATABASE_URL of the database this test runs on (SQLite file or PostgreSQL)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class ServerProcess:
    """`uvicorn satupintu.asgi:application` on a free loopback port, with its log in `tmp`."""

    def __init__(self, tmp: Path, name: str = "server", **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"{name}.log"
        environment = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DEBUG": "true",
            "SATUPINTU_DATA_DIR": str(tmp / name),
            "SATUPINTU_RATE_LIMITS": "off",
            "DATABASE_POOL_MAX": "4",
            "LOG_LEVEL": "WARNING",
            **env,
        }
        command = [
            sys.executable, "-m", "uvicorn", "satupintu.asgi:application",
            "--host", "127.0.0.1", "--port", str(self.port),
            "--no-access-log", "--lifespan", "off", "--timeout-graceful-shutdown", "2",
        ]  # fmt: skip
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, env=environment, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, timeout: float = 30) -> ServerProcess:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited:\n{self.log.read_text()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=5).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise AssertionError(f"server did not start:\n{self.log.read_text()}")

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


class Watcher:
    """An EventSource-like reader of one stream, in a thread, events into a queue."""

    def __init__(self, url: str, last_event_id: int | None = None) -> None:
        headers = {"Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self.response = requests.get(url, headers=headers, stream=True, timeout=(5, 60))
        assert self.response.status_code == 200, self.response.text
        self.events: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        fields: dict[str, str] = {}
        try:
            for line in self.response.iter_lines(decode_unicode=True):
                if line == "" and "event" in fields:
                    data = json.loads(fields["data"])
                    self.events.put({"id": int(fields["id"]), "type": fields["event"], **data})
                    fields = {}
                elif line and not line.startswith(":"):
                    key, _sep, value = line.partition(": ")
                    fields[key] = value
        except Exception:  # noqa: S110 - closed by the test (urllib3 raises various errors then)
            pass

    def next(self, timeout: float = 15) -> dict:
        return self.events.get(timeout=timeout)

    def close(self) -> None:
        # Shut the socket first: closing the response waits for the reader thread otherwise.
        sock = getattr(self.response.raw.connection, "sock", None)
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
        self.response.close()
