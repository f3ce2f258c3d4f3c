"""Shared engines of a national deployment, for the stateless-node tests (docs/scaling.md):
a real Redis and a real S3 API server, both on loopback.

Redis: the test command (scripts/test.sh, scripts/redis-server.sh) starts a throwaway
`redis-server` and names it in SATUPINTU_TEST_REDIS_URL; a run by hand without it starts one
here when Debian's redis-server is installed. Without either the tests skip, except under
CI=true, where a Redis that cannot start is a failure.

S3: moto's server (`moto[server]`, a dev dependency) on a free port, one per session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator

import pytest

from satupintu.core.tests.servers import free_port


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


def _ping(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _database_of_this_worker(url: str) -> str:
    """The test command's two pytest-xdist processes share one Redis: each gets a database
    of its own (gw0 -> 1, gw1 -> 2, ...), so one emptying it never disturbs the other."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw-1").removeprefix("gw")
    number = (int(worker) + 1) % 16 if worker.lstrip("-").isdigit() else 0
    return f"{url.rsplit('/', 1)[0]}/{number}"


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis for this run: the test command's, or a throwaway one started here."""
    given = os.environ.get("SATUPINTU_TEST_REDIS_URL")
    if given:
        given = _database_of_this_worker(given)
        if not _ping(given):
            _unavailable(f"SATUPINTU_TEST_REDIS_URL={given} does not answer")
        yield given
        return
    binary = shutil.which("redis-server")
    if binary is None:
        _unavailable("redis-server is not installed (scripts/test.sh installs it)")
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="satupintu-redis.")
    process = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", workdir,
         "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while not _ping(url):
            if time.monotonic() > deadline or process.poll() is not None:
                _unavailable("redis-server did not start")
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def redis_client(redis_url):
    """A client of the test Redis, emptied before each test."""
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 API server on a free loopback port."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


S3_CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


@pytest.fixture
def s3_bucket(s3_endpoint) -> Iterator[str]:
    """A fresh bucket on the S3 server; its name."""
    import boto3

    name = f"satupintu-{time.monotonic_ns()}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    yield name
