#!/usr/bin/env bash
# The first README command: set up and start satupintu with the demo MPPs on SQLite.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_venv
ensure_debian_package espeak-ng espeak-ng || log "espeak-ng is missing: boards without an Indonesian browser voice will chime only"
mkdir -p var
export DATABASE_URL="${DATABASE_URL:-sqlite:///$ROOT/var/satupintu.sqlite3}"
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s var/secret_key ] || "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key
  chmod 600 var/secret_key
  SECRET_KEY="$(cat var/secret_key)"; export SECRET_KEY
fi
export SATUPINTU_HTTPS="${SATUPINTU_HTTPS:-false}"   # plain http on localhost
export LOG_FORMAT="${LOG_FORMAT:-text}"
HOST="${HOST:-127.0.0.1}" PORT="${PORT:-8000}"
export SATUPINTU_PUBLIC_URL="${SATUPINTU_PUBLIC_URL:-http://$HOST:$PORT}"   # links in messages

log "migrating the database ($DATABASE_URL)"
satupintu migrate --noinput -v0
log "making the Web Push key (once, in var/)"
satupintu webpush_keys -v0
log "loading the demo MPPs"
satupintu seed_demo

cat <<TXT

  satupintu is starting on http://$HOST:$PORT/
    MPP Banyumas        http://$HOST:$PORT/mpp/banyumas/
    MPP Purbalingga     http://$HOST:$PORT/mpp/purbalingga/
    Sign in             http://$HOST:$PORT/masuk/
    TV board (preview)  http://$HOST:$PORT/layar/banyumas/        sign in as the supervisor
    Kiosk (preview)     http://$HOST:$PORT/kios/banyumas/
    Counter console     http://$HOST:$PORT/staf/loket/1/konsol/   sign in as siti.rahmawati@…
    API docs (OpenAPI)  http://$HOST:$PORT/api/v1/docs
    Admin (operator)    http://$HOST:$PORT/admin/
  Demo logins above; the password for all of them is: satupintu-demo
  A live demo day (visitors arrive, counters call): DEMO_LIVE=1 make run
  Stop with Ctrl+C.

TXT
# DEMO_LIVE=1: the demo MPP Banyumas plays a live day (arrivals, calls, service) in the
# server's process, so the board, console and ticket pages move by themselves.
demo=()
[ "${DEMO_LIVE:-0}" = 1 ] && demo=(--demo-live banyumas --demo-speed "${DEMO_SPEED:-10}")
exec satupintu serve --host "$HOST" --port "$PORT" "${demo[@]}"
