"""How satupintu starts Debian's Chromium headless, for tests, gates and screenshots.

As root and on a closed network Chromium needs --no-sandbox and must not try its
background connections (they are refused, many at a time)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

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


def screenshot_dir() -> Path:
    """Where browser tests save their screenshots: SATUPINTU_SCREENSHOTS when set (e.g.
    docs/img, to refresh the README's pictures on purpose), else a temporary folder, so
    a test run never rewrites tracked files."""
    chosen = os.environ.get("SATUPINTU_SCREENSHOTS")
    folder = Path(chosen) if chosen else Path(tempfile.gettempdir()) / "satupintu-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
