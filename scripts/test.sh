#!/usr/bin/env bash
# The second README command: install what the tests need, lint, then run the whole
# suite on SQLite and again on PostgreSQL (DATABASE_URL, or a throwaway cluster).
# Extra arguments go to pytest, e.g. scripts/test.sh -k tenancy -x
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg-cluster.sh"
source "$(dirname "$0")/redis-server.sh"
cd "$ROOT"
ensure_venv dev

ensure_chromium() {
  command -v chromium >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's chromium for the browser tests"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  command -v chromium >/dev/null 2>&1 || die "browser tests need Debian's chromium (apt-get install chromium)"
}
ensure_chromium
# The TV board speaks calls with espeak-ng where the browser has no Indonesian voice.
ensure_debian_package espeak-ng espeak-ng || die "the board's voice tests need espeak-ng (apt-get install espeak-ng)"
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"

export SECRET_KEY="test-secret-key-not-for-production-0123456789"
export SATUPINTU_DATA_DIR="$(mktemp -d /tmp/satupintu-test.XXXXXX)"
export SATUPINTU_GATE_REPORT="$SATUPINTU_DATA_DIR/gates.jsonl"
finish() {
  stop_pg_cluster
  stop_redis
  python -m satupintu.gates.report summary "$SATUPINTU_GATE_REPORT"
  rm -rf "$SATUPINTU_DATA_DIR"
}
trap finish EXIT
gate() { python -m satupintu.gates.report record "$@"; }
PG_URL="${DATABASE_URL:-}"
unset DATABASE_URL

log "ruff check and format"
py_files=$(git ls-files '*.py' 2>/dev/null | wc -l)
ruff check . && ruff format --check . || { gate ruff - "Python files linted and formatted" "$py_files" 1; exit 1; }
gate ruff - "Python files linted and formatted" "$py_files" 0

log "mypy (django-stubs) on every services.py, selectors.py and api.py"
typed=$(git ls-files 'satupintu/*/services.py' 'satupintu/*/selectors.py' 'satupintu/*/api.py')
if ! DEBUG=true mypy $typed; then gate mypy - "services/selectors/api modules type-checked" "$(echo "$typed" | wc -w)" 1; exit 1; fi
gate mypy - "services/selectors/api modules type-checked" "$(echo "$typed" | wc -w)" 0

log "import contract: core <- tenancy and accounts <- domain apps (pyproject.toml)"
if ! DEBUG=true lint-imports --no-cache; then gate imports - "import contracts kept" 1 1; exit 1; fi
gate imports - "import contracts kept" 1 0

log "bandit: no high-severity finding"
bandit_json="$SATUPINTU_DATA_DIR/bandit.json"
bandit -q -c pyproject.toml -r satupintu scripts -f json -o "$bandit_json" || true
read -r scanned high < <(python -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["metrics"])-1, sum(r["issue_severity"]=="HIGH" for r in d["results"]))' "$bandit_json")
gate bandit - "files scanned for high-severity issues" "$scanned" "$high"
[ "$high" = 0 ] || { bandit -q -c pyproject.toml -r satupintu scripts -lll; exit 1; }

log "migrations are complete"
if ! satupintu makemigrations --check --dry-run >/dev/null; then
  gate migrations - "apps without a missing migration" 0 1
  die "models changed without a migration: run satupintu makemigrations"
fi
gate migrations - "apps checked by makemigrations --check" "$(ls -d satupintu/*/migrations | wc -l)" 0

log "Web Push key in the test data dir (as make run makes it)"
satupintu webpush_keys >/dev/null

# Two processes (pytest-xdist), each test file whole in one of them (a file's module
# fixtures are set up once; the API fuzz gate's two halves are two files, so both
# processes fuzz). TEST_WORKERS=0 runs everything in this process.
PYTEST=(python -m pytest -n "${TEST_WORKERS:-2}" --dist loadfile --durations=25)

# PostgreSQL first (DATABASE_URL, or a throwaway cluster), so the SQLite run knows that the
# tests which cannot differ between the databases (conftest.py: no database, or marked
# `once`) will run on PostgreSQL and leaves them to it.
case "$PG_URL" in
  postgres://*|postgresql://*) ;;
  *)
    if start_pg_cluster; then
      PG_URL="$DATABASE_URL"
      unset DATABASE_URL
    else
      if [ "${CI:-}" = "true" ]; then die "PostgreSQL could not start (required under CI=true)"; fi
      log "PostgreSQL could not start: SKIPPING the PostgreSQL run (this is a failure under CI=true)"
      PG_URL=""
    fi ;;
esac

# Redis for the stateless-node tests (cache, sessions, the Streams event bus): a throwaway
# server; the tests skip without one, except under CI=true where they fail.
if ! start_redis; then
  if [ "${CI:-}" = "true" ]; then die "Redis could not start (required under CI=true)"; fi
  log "Redis could not start: the Redis tests are SKIPPED (a failure under CI=true)"
fi

log "test suite on SQLite"
SATUPINTU_ONCE="${PG_URL:+elsewhere}" DATABASE_URL="sqlite:///$SATUPINTU_DATA_DIR/satupintu.sqlite3" \
  "${PYTEST[@]}" "$@"

log "Lighthouse accessibility score (a report; goal >= 95)"
bash scripts/lighthouse.sh /mpp/banyumas/ /mpp/banyumas/layanan/A01/ || log "lighthouse could not run here (report only)"
log "Lighthouse mobile performance of the ticket page and Beranda saya (a report; goals >= 90, 150 KB)"
bash scripts/lighthouse.sh --perf || log "lighthouse could not run here (report only)"

[ -n "$PG_URL" ] || exit 0
log "test suite on PostgreSQL"
DATABASE_URL="$PG_URL" "${PYTEST[@]}" "$@"
