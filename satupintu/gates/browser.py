"""How satupintu starts Debian's Chromium headless, for tests, gates and screenshots.

As root and on a closed network Chromium needs --no-sandbox and must not try its
background connections (they are refused, many at a time)."""

from __future__ import annotations

import os
import shutil

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    """CHROMIUM_PATH, else `chromium` on the PATH (Debian's package), else None."""
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
