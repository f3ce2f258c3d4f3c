#!/usr/bin/env bash
# The queue benchmarks (make bench): HTTP load on SQLite and PostgreSQL, then SSE fan-out.
# Writes the figures between the markers of docs/benchmarks.md. Takes about 15 minutes.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg-cluster.sh"
cd "$ROOT"
ensure_venv dev
if ! command -v wrk >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || die "wrk is missing: apt-get install wrk"
  log "installing wrk (Debian package)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
RUNS="${BENCH_RUNS:-3}" WATCHERS="${BENCH_WATCHERS:-10000}"
OUT="$(mktemp -d)"
trap 'stop_pg_cluster; rm -rf "$OUT"' EXIT

log "HTTP load on SQLite ($RUNS runs)"
env -u DATABASE_URL python benchmarks/http_load.py --runs "$RUNS" --label SQLite >"$OUT/sqlite.md"
log "HTTP load on PostgreSQL ($RUNS runs)"
if [ -z "${DATABASE_URL:-}" ]; then start_pg_cluster durable || die "PostgreSQL did not start"; fi
python benchmarks/http_load.py --runs "$RUNS" --label PostgreSQL >"$OUT/pg.md"
log "HTTP load on PostgreSQL, 2 server processes ($RUNS runs)"
python benchmarks/http_load.py --runs "$RUNS" --workers 2 --label "PostgreSQL, 2 processes" >"$OUT/pg2.md"
stop_pg_cluster
log "SSE fan-out with $WATCHERS watchers"
env -u DATABASE_URL python benchmarks/sse_fanout.py --watchers "$WATCHERS" >"$OUT/sse.json"

python - "$OUT" <<'PY'
import json, os, platform, re, subprocess, sys, datetime
out = sys.argv[1]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
sse = json.load(open(f"{out}/sse.json"))
rounds = ", ".join(str(round(r["last_ms"])) for r in sse["rounds"])
section = f"""<!-- bench:queue:start -->
Measured {datetime.date.today()} on {os.cpu_count()} cores ({cpu}), {platform.python_version()},
`make bench` (benchmarks/http_load.py, benchmarks/sse_fanout.py). Median [min–max] of the runs.

{open(f"{out}/sqlite.md").read().strip()}

{open(f"{out}/pg.md").read().strip()}

{open(f"{out}/pg2.md").read().strip()}

SSE, one server process: {sse["watchers"]} board watchers connected in {sse["connect_s"]} s;
server memory {sse["rss_before_mb"]} → {sse["rss_after_mb"]} MB ({sse["kb_per_watcher"]} KB per watcher);
a call reached half of them in {sse["p50_ms_median"]} ms and the last in **{sse["last_ms_median"]} ms**
(median of {len(sse["rounds"])} calls: {rounds} ms); after a server restart all were streaming
again **{sse["all_back_after_restart_s"]} s** after the new server answered.
<!-- bench:queue:end -->"""
doc = open("docs/benchmarks.md").read()
pattern = re.compile(r"<!-- bench:queue:start -->.*<!-- bench:queue:end -->", re.S)
doc = pattern.sub(section, doc) if pattern.search(doc) else doc.rstrip() + "\n\n## Queue under load\n\n" + section + "\n"
open("docs/benchmarks.md", "w").write(doc)
print(section)
PY
