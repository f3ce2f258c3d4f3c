"""Run the same call from several threads at once, each with its own database connection."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connections


def run_concurrently(fn: Callable[[int], Any], workers: int) -> list[Any]:
    """Start `workers` threads that call fn(i) together; return each result or exception."""
    barrier = threading.Barrier(workers)
    results: list[Any] = [None] * workers

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = fn(i)
        except Exception as exc:  # the caller asserts on what each thread got
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def run_async[T](coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: the main thread may already run an event loop
    (Playwright's sync API does, for the rest of the session, once a browser test ran)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
