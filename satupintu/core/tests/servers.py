"""A server process of its own on the test database, for tests that need two processes.

`Server` runs `uvicorn satupintu.asgi:application` on a free loopback port, with the
DATABASE_URL of the test database the test process uses (an SQLite file or PostgreSQL),
so what one process writes the other reads. Tests need `transaction=True`: the server
sees only committed rows.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from django.db import connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The test database as a DATABASE_URL."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Server:
    def __init__(self, tmp: Path, name: str, *, bus: str = "inprocess://") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"{name}.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "EVENT_BUS_URL": bus,
            "DEBUG": "true",
            "SATUPINTU_DATA_DIR": str(tmp / name),
            "SATUPINTU_RATE_LIMITS": "off",
            "DATABASE_POOL_MAX": "4",
            "LOG_LEVEL": "WARNING",
        }
        command = [
            sys.executable, "-m", "uvicorn", "satupintu.asgi:application",
            "--host", "127.0.0.1", "--port", str(self.port),
            "--no-access-log", "--lifespan", "off", "--timeout-graceful-shutdown", "2",
        ]  # fmt: skip
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited:\n{self.log.read_text()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise AssertionError(f"server did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
