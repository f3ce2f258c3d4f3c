"""The reading's evaluation on the synthetic set (`synthetic.make_set`): per-field accuracy,
how often a wrongly typed NIK is flagged and a correct one falsely flagged, time per image.

Each image is read once; its reading is compared twice: with the true NIK and name typed,
and with the NIK mistyped (one digit changed or two swapped, `synthetic.wrong_nik`).
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, field

from satupintu.reading import reader, synthetic
from satupintu.reading.cards import clean_name

FIELDS = ("kind", "nik", "name", "birth_date")


@dataclass
class Report:
    images: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    true_flagged: int = 0  # correct NIK typed, told "mismatch"
    true_unreadable: int = 0  # correct NIK typed, told "unreadable"
    wrong_mismatch: int = 0  # mistyped NIK, told "mismatch"
    wrong_told: int = 0  # mistyped NIK, told "mismatch" or "unreadable"
    seconds: list[float] = field(default_factory=list)
    # per kind of card: (wall, CPU) seconds of each reading, the CPU time of the process
    # while it read (the caller waits, so it is the OCR thread's)
    times: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    misses: list[dict] = field(default_factory=list)

    def share(self, count: int) -> float:
        return count / self.images if self.images else 0.0

    def as_dict(self) -> dict:
        ordered = sorted(self.seconds) or [0.0]
        return {
            "images": self.images,
            "accuracy": {k: round(self.share(v), 4) for k, v in self.correct.items()},
            "wrong_nik_flagged": round(self.share(self.wrong_mismatch), 4),
            "wrong_nik_told": round(self.share(self.wrong_told), 4),
            "correct_nik_falsely_flagged": round(self.share(self.true_flagged), 4),
            "correct_nik_unreadable": round(self.share(self.true_unreadable), 4),
            "seconds_median": round(statistics.median(ordered), 3),
            "seconds_p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
            "by_kind": {
                kind: {
                    "images": len(pairs),
                    "seconds_median": round(statistics.median(w for w, _ in pairs), 3),
                    "cpu_seconds_median": round(statistics.median(c for _, c in pairs), 3),
                }
                for kind, pairs in sorted(self.times.items())
            },
        }


def _read_value(reading: reader.Reading, truth: synthetic.Truth) -> dict[str, str]:
    f = reading.fields
    if truth.kind == "kk":
        member = next((m for m in f.members if m.nik == truth.nik), None)
        return {
            "nik": member.nik if member else "",
            "name": member.name if member else "",
            "birth_date": member.birth_date.isoformat() if member and member.birth_date else "",
        }
    return {
        "nik": f.nik,
        "name": f.name,
        "birth_date": f.birth_date.isoformat() if f.birth_date else "",
    }


def evaluate(count: int, *, seed: int = 25, timeout: float | None = None) -> Report:
    report = Report()
    rng = random.Random(seed + 1)  # noqa: S311 - a repeatable test set
    for data, truth in synthetic.make_set(count, seed=seed):
        cpu = time.process_time()
        reading = reader.read_document(data, content_type="image/jpeg", timeout=timeout)
        cpu = time.process_time() - cpu
        report.images += 1
        report.seconds.append(reading.seconds)
        report.times.setdefault(truth.kind, []).append((reading.seconds, cpu))
        values = _read_value(reading, truth)
        right = {
            "kind": reading.kind == truth.kind,
            "nik": values["nik"] == truth.nik,
            "name": clean_name(values["name"]) == clean_name(truth.name),
            "birth_date": values["birth_date"] == truth.birth_date,
        }
        for key, ok in right.items():
            report.correct[key] += ok
        true = reader.compare(reading, typed_nik=truth.nik, typed_name=truth.name)
        wrong = reader.compare(
            reading, typed_nik=synthetic.wrong_nik(rng, truth.nik), typed_name=truth.name
        )
        report.true_flagged += true.status == reader.MISMATCH
        report.true_unreadable += true.status == reader.UNREADABLE
        report.wrong_mismatch += wrong.status == reader.MISMATCH
        report.wrong_told += wrong.status != reader.MATCH
        if not all(right.values()) or true.status != reader.MATCH:
            report.misses.append(
                {
                    "file": truth.file,
                    "truth": truth.as_dict(),
                    "read": values,
                    "kind": reading.kind,
                    "status": true.status,
                }
            )
    return report


def evaluate_kinds(count: int, *, seed: int = 26) -> dict[str, object]:
    """The classifier on akta, pengantar and other papers (KTP and KK are in `evaluate`):
    accuracy, and the confusion as {truth: {read: n}}."""
    confusion: dict[str, dict[str, int]] = {}
    right = 0
    for data, kind in synthetic.make_kind_set(count, seed=seed):
        found = reader.read_document(data, content_type="image/jpeg")
        row = confusion.setdefault(kind, {})
        row[found.kind] = row.get(found.kind, 0) + 1
        right += found.kind == kind
    return {
        "images": count,
        "kind_accuracy": round(right / count, 4) if count else 0.0,
        "confusion": confusion,
    }
