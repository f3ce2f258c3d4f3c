"""One summary line per quality gate at the end of the test command.

Gates call `record(...)`; scripts/test.sh sets SATUPINTU_GATE_REPORT to a JSON-lines
file and prints `python -m satupintu.gates.report summary` at the end. Shell-level
gates (ruff, migrations, mypy, bandit) record with `python -m satupintu.gates.report
record GATE DATABASE CHECKED COUNT FAILURES`.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def _path() -> Path | None:
    raw = os.environ.get("SATUPINTU_GATE_REPORT")
    return Path(raw) if raw else None


def record(gate: str, checked: str, count: int, failures: int, database: str | None = None) -> None:
    """Append one gate result; a no-op outside the test command."""
    path = _path()
    if path is None:
        return
    if database is None:
        from django.db import connection

        database = connection.vendor
    line = {
        "gate": gate,
        "database": database,
        "checked": checked,
        "count": count,
        "failures": failures,
    }
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(line) + "\n")


def summary(path: Path) -> str:
    if not path.exists():
        return "quality gates: no gate reported"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    out = ["", "quality gates:"]
    for r in rows:
        state = "ok" if r["failures"] == 0 else f"{r['failures']} FAILED"
        where = f"[{r['database']}]"
        out.append(f"  {r['gate']:<14} {where:<12} {r['count']:>5} {r['checked']}: {state}")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if argv[:1] == ["summary"]:
        print(summary(Path(argv[1]) if len(argv) > 1 else (_path() or Path("missing"))))
        return 0
    if argv[:1] == ["record"] and len(argv) == 6:
        gate, database, checked, count, failures = argv[1:]
        record(gate, checked, int(count), int(failures), database=database)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
