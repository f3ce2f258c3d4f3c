"""What a signer does: sign a PDF (PAdES) and tell which certificates it trusts."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def off_the_loop[T](fn: Callable[[], T]) -> T:
    """Run `fn` here, or in a worker thread when this thread runs an event loop.

    pyHanko signs and validates through `asyncio.run()`, which refuses to start inside a
    running loop (an async view, or a test driving Playwright's sync API that seeds the
    demo, which signs its documents)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


class DocumentSigner(ABC):
    name: str
    needs_officer = False  # True: each signature needs the officer's passphrase or code

    @abstractmethod
    def sign(self, data: bytes, *, reason: str, location: str, credentials: Any = None) -> bytes:
        """The PDF with a PAdES signature added (incremental update)."""

    @abstractmethod
    def trust_roots(self) -> list:
        """The CA certificates (asn1crypto) a signature by this signer chains to."""
