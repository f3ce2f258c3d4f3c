#!/usr/bin/env bash
# Lighthouse accessibility score of satupintu pages: a report (goal >= 95), not a gate.
#
#   scripts/lighthouse.sh                        # /mpp/banyumas/ on a throwaway demo server
#   scripts/lighthouse.sh / /mpp/banyumas/       # several paths on the throwaway server
#   scripts/lighthouse.sh --lang en /mpp/banyumas/
#   scripts/lighthouse.sh http://127.0.0.1:8000/mpp/banyumas/   # a server already running
#   scripts/lighthouse.sh --perf [--runs 3]      # the citizen's phone pages: a live ticket
#                                                # page and "Beranda saya" of a signed-in
#                                                # demo citizen (satupintu demo_home_session)
#
# --perf runs Lighthouse's default mobile emulation and throttling (a mid-range phone on
# slow 4G) for performance and accessibility and reports the bytes transferred on a first
# visit (goals: performance >= 90, accessibility 100, at most 150 KB); with --runs N, the
# median of N runs.
#
# Installs lighthouse (npm, pinned) into .cache/lighthouse on first use and drives
# Debian's chromium (CHROME_PATH). Paths start a server of their own: SQLite in a
# temporary directory, migrated and seeded with the demo MPPs, removed afterwards.
# Each score is recorded in the gate report when SATUPINTU_GATE_REPORT is set.
# Exits non-zero only when Lighthouse cannot run; a score under the goal is reported.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

LIGHTHOUSE_VERSION=13.5.0
GOAL=95
CACHE="$ROOT/.cache/lighthouse"
LIGHTHOUSE="$CACHE/node_modules/.bin/lighthouse"
export CHROME_PATH="${CHROME_PATH:-${CHROMIUM_PATH:-/usr/bin/chromium}}"

PERF_GOAL=90
BYTES_GOAL=$((150 * 1024))
LANGUAGE=id
PERF=""
RUNS=1
TARGETS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --lang) LANGUAGE="$2"; shift 2 ;;
    --perf) PERF=1; shift ;;
    --runs) RUNS="$2"; shift 2 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
[ -n "$PERF" ] || [ ${#TARGETS[@]} -gt 0 ] || TARGETS=(/mpp/banyumas/)

ensure_lighthouse() {
  command -v npm >/dev/null 2>&1 || die "Lighthouse needs Node.js and npm (apt-get install nodejs npm)"
  [ -x "$CHROME_PATH" ] || die "no chromium at $CHROME_PATH (apt-get install chromium, or set CHROME_PATH)"
  local installed=""
  [ -f "$CACHE/node_modules/lighthouse/package.json" ] &&
    installed="$(node -p "require('$CACHE/node_modules/lighthouse/package.json').version")"
  if [ "$installed" != "$LIGHTHOUSE_VERSION" ]; then
    log "installing lighthouse@$LIGHTHOUSE_VERSION into ${CACHE#"$ROOT"/}"
    mkdir -p "$CACHE"
    # Lighthouse 13 asks for Node >= 22.19; it runs on Debian 12's Node 20 too (checked
    # with 20.20), so the engine check is not made fatal.
    npm install --prefix "$CACHE" --no-audit --no-fund --no-save --loglevel=error \
      --engine-strict=false "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
  fi
}

SERVER_PID=""
SERVER_DIR=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  [ -n "$SERVER_DIR" ] && rm -rf "$SERVER_DIR"
  return 0
}
trap stop_server EXIT

# A demo server of our own, on a free loopback port; prints its base URL.
start_server() {
  SERVER_DIR="$(mktemp -d /tmp/satupintu-lighthouse.XXXXXX)"
  local port; port="$(free_port)"
  export SATUPINTU_DATA_DIR="$SERVER_DIR" DATABASE_URL="sqlite:///$SERVER_DIR/satupintu.sqlite3"
  export SECRET_KEY="lighthouse-throwaway-key-not-for-production-0123456789"
  export SATUPINTU_HTTPS=false LOG_FORMAT=text
  satupintu migrate --noinput -v0
  satupintu seed_demo >/dev/null
  uvicorn satupintu.asgi:application --host 127.0.0.1 --port "$port" --no-access-log --timeout-graceful-shutdown 3 \
    --log-level warning >"$SERVER_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do
    python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" \
      2>/dev/null && { BASE="http://127.0.0.1:$port"; return; }
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$SERVER_DIR/server.log" >&2; die "the server did not start"; }
    sleep 0.2
  done
  die "the server did not answer on port $port"
}

# The project's .venv as make run / make test built it (ensure_venv here would swap its extras).
[ -x "$VENV/bin/satupintu" ] || die "no .venv: run make run or make test first"
export PATH="$VENV/bin:$PATH"
ensure_lighthouse
BASE=""
for target in "${TARGETS[@]}"; do
  case "$target" in http://*|https://*) ;; *) [ -n "$BASE" ] || { log "starting a demo server"; start_server; } ;; esac
done

# --perf: a live ticket page and "Beranda saya" of the demo citizen, Lighthouse's mobile
# defaults; prints and records performance, accessibility and the bytes of a first visit.
perf_audit() {  # url label cookie
  local url="$1" label="$2" cookie="$3" scores=() run out
  for run in $(seq "$RUNS"); do
    out="$(mktemp /tmp/lighthouse.XXXXXX.json)"
    if ! "$LIGHTHOUSE" "$url" --quiet --only-categories=performance,accessibility \
        --chrome-flags="--headless --no-sandbox --disable-gpu" \
        --extra-headers="{\"Cookie\": \"django_language=$LANGUAGE; $cookie\"}" \
        --output=json --output-path="$out"; then
      echo "lighthouse could not audit $url" >&2; rm -f "$out"; return 1
    fi
    scores+=("$(node -e '
      const r = require(process.argv[1]);
      if (r.runtimeError) { console.error(r.runtimeError.message); process.exit(1); }
      const landed = new URL(r.finalDisplayedUrl).pathname;
      if (landed !== new URL(r.requestedUrl).pathname) {
        console.error(`    landed on ${landed} instead (not signed in?)`); process.exit(1);
      }
      const perf = Math.round(r.categories.performance.score * 100);
      const a11y = Math.round(r.categories.accessibility.score * 100);
      const bytes = Math.round(r.audits["total-byte-weight"].numericValue);
      const ms = (id) => Math.round(r.audits[id].numericValue);
      console.log([perf, a11y, bytes, ms("first-contentful-paint"), ms("largest-contentful-paint"),
        ms("total-blocking-time")].join(" "));
      for (const cat of [r.categories.performance, r.categories.accessibility])
        for (const ref of cat.auditRefs) {
          const a = r.audits[ref.id];
          if (ref.weight > 0 && a.score !== null && a.score < 0.9) console.error(`    below: ${a.id}: ${a.title}`);
        }' "$out")") || { rm -f "$out"; return 1; }
    rm -f "$out"
  done
  # the median run by performance score (runs sorted, the middle one)
  local median; median="$(printf '%s\n' "${scores[@]}" | sort -n -k1,1 | sed -n "$(( (RUNS + 1) / 2 ))p")"
  read -r perf a11y bytes fcp lcp tbt <<<"$median"
  printf 'lighthouse mobile %-13s performance %3s/100 (goal >= %s)  accessibility %3s/100  %s KB (goal <= 150)  FCP %s ms  LCP %s ms  TBT %s ms  [%s, median of %s]\n' \
    "$label" "$perf" "$PERF_GOAL" "$a11y" "$((bytes / 1024))" "$fcp" "$lcp" "$tbt" "$LANGUAGE" "$RUNS"
  "$VENV/bin/python" -m satupintu.gates.report record lighthouse - \
    "Lighthouse mobile performance of $label [$LANGUAGE], goal >= $PERF_GOAL" \
    "$perf" "$([ "$perf" -ge "$PERF_GOAL" ] && echo 0 || echo 1)"
  "$VENV/bin/python" -m satupintu.gates.report record lighthouse - \
    "Lighthouse accessibility score of $label [$LANGUAGE], goal 100" \
    "$a11y" "$([ "$a11y" -ge 100 ] && echo 0 || echo 1)"
  "$VENV/bin/python" -m satupintu.gates.report record lighthouse - \
    "KB transferred on a first visit of $label [$LANGUAGE], goal <= 150" \
    "$((bytes / 1024))" "$([ "$bytes" -le "$BYTES_GOAL" ] && echo 0 || echo 1)"
}

if [ -n "$PERF" ]; then
  [ -n "$BASE" ] || { log "starting a demo server"; start_server; }
  visit="$(satupintu demo_home_session)" || die "satupintu demo_home_session failed"
  cookie="$(python -c 'import json, sys; print(json.loads(sys.argv[1])["cookie"])' "$visit")"
  ticket="$(python -c 'import json, sys; print(json.loads(sys.argv[1])["ticket"])' "$visit")"
  status=0
  perf_audit "$BASE$ticket" "/antrian/…/" "" || status=1
  perf_audit "$BASE/saya/" "/saya/" "$cookie" || status=1
  exit $status
fi

status=0
for target in "${TARGETS[@]}"; do
  case "$target" in http://*|https://*) url="$target" ;; *) url="$BASE$target" ;; esac
  out="$(mktemp /tmp/lighthouse.XXXXXX.json)"
  started=$SECONDS
  if ! "$LIGHTHOUSE" "$url" --quiet --only-categories=accessibility \
      --chrome-flags="--headless --no-sandbox --disable-gpu" \
      --extra-headers="{\"Cookie\": \"django_language=$LANGUAGE\"}" \
      --output=json --output-path="$out"; then
    echo "lighthouse could not audit $url" >&2; status=1; rm -f "$out"; continue
  fi
  # Score, then every accessibility audit that did not pass (what to fix to reach the goal).
  node -e '
    const r = require(process.argv[1]);
    const cat = r.categories.accessibility;
    if (r.runtimeError) { console.error(r.runtimeError.message); process.exit(1); }
    console.log(Math.round(cat.score * 100));
    for (const ref of cat.auditRefs) {
      const a = r.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) console.error(`    failed: ${a.id}: ${a.title}`);
    }' "$out" >"$out.score" || { status=1; rm -f "$out" "$out.score"; continue; }
  score="$(cat "$out.score")"
  rm -f "$out" "$out.score"
  path="/${url#*://*/}"
  printf 'lighthouse accessibility %3s/100 (goal >= %s)  %s [%s]  %ss\n' \
    "$score" "$GOAL" "$path" "$LANGUAGE" "$((SECONDS - started))"
  "$VENV/bin/python" -m satupintu.gates.report record lighthouse - \
    "Lighthouse accessibility score of $path [$LANGUAGE], goal >= $GOAL" \
    "$score" "$([ "$score" -ge "$GOAL" ] && echo 0 || echo 1)"
done
exit $status
