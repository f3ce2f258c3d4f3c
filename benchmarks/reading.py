"""The KTP/KK reading on the synthetic set: per-field accuracy, wrong-NIK flags, false
flags, time per image (wall and CPU); medians of several runs.

    .venv/bin/python benchmarks/reading.py [--count 60] [--runs 3]

Each run reads the same `--count` images (satupintu/reading/synthetic.py, seed 25: two
KTP-el for each KK) with the models loaded once; then `--kinds` photos of an akta, a
surat pengantar or another paper test the classifier on the kinds that set lacks.
Accuracy does not change between runs (the set and the model are fixed); the times do,
so their medians over runs are printed, with the machine's load average. Goals (issue
25): NIK exact ≥ 95 %, wrong NIK flagged ≥ 99 %, correct NIK falsely flagged ≤ 2 %,
≤ 2 s per image.

Per kind (KTP-el, KK) the medians of each reading's wall and CPU seconds (reading only:
decode, OCR, fields) are printed too; "cpu_seconds_per_image" also counts drawing the
synthetic photos.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kinds", type=int, default=15, help="akta/pengantar/other images")
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.settings"
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from satupintu.reading import engine
    from satupintu.reading.evaluation import evaluate, evaluate_kinds

    started = time.perf_counter()
    engine.engine()
    load_seconds = time.perf_counter() - started
    runs = []
    for _ in range(max(1, args.runs)):
        cpu = time.process_time()
        report = evaluate(args.count)
        figures = report.as_dict()
        figures["cpu_seconds_per_image"] = round((time.process_time() - cpu) / args.count, 3)
        figures["load_average"] = os.getloadavg()[0]
        runs.append(figures)
    result = {
        **{k: runs[0][k] for k in runs[0] if not k.startswith(("seconds", "cpu", "load", "by_"))},
        "other_kinds": evaluate_kinds(args.kinds) if args.kinds else None,
        "model_load_seconds": round(load_seconds, 2),
        "runs": len(runs),
        "seconds_median": statistics.median(r["seconds_median"] for r in runs),
        "seconds_p95": statistics.median(r["seconds_p95"] for r in runs),
        "cpu_seconds_per_image": statistics.median(r["cpu_seconds_per_image"] for r in runs),
        "by_kind": {
            kind: {
                key: statistics.median(r["by_kind"][kind][key] for r in runs)
                for key in ("images", "seconds_median", "cpu_seconds_median")
            }
            for kind in runs[0]["by_kind"]
        },
        "load_average": [r["load_average"] for r in runs],
        "cpus": os.cpu_count(),
        "machine": platform.platform(),
    }
    print(json.dumps(result, indent=1))
    if report.misses:
        print(json.dumps(report.misses[:10], indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
