"""One check shared by two test files that may run in two processes (pytest-xdist).

The API fuzz gate's personas are split over two files so that the test command's two
processes fuzz at once; whether every operation answered 2xx to some persona is a fact
about both halves. Each half hands its findings to `finish`; the one that comes second
gets both back and checks them. The halves of one run meet in a folder named by
pytest-xdist's run id, under a lock; without xdist both halves run in this process.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from pathlib import Path
from typing import Any

_here: dict[str, list[Any]] = {}


def finish(name: str, findings: Any) -> list[Any] | None:
    """Both halves' findings when the other half has finished already, else None."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        done = _here.setdefault(name, [])
        done.append(findings)
        return _here.pop(name) if len(done) == 2 else None
    base = Path(os.environ.get("SATUPINTU_DATA_DIR") or tempfile.gettempdir())
    folder = base / f"halves-{run}"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        earlier = sorted(folder.glob(f"{name}.*.json"))
        if not earlier:
            (folder / f"{name}.{os.getpid()}.json").write_text(json.dumps(findings))
            return None
        found = [json.loads(path.read_text()) for path in earlier]
        for path in earlier:
            path.unlink()
        return [*found, findings]
