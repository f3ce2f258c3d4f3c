# A throwaway Redis for the test suite (sourced by scripts/test.sh), like pg-cluster.sh:
# start_redis installs Debian's redis-server when missing, starts it on a free loopback port
# with no persistence, and exports SATUPINTU_TEST_REDIS_URL; stop_redis removes it.

REDIS_DIR=""
REDIS_PID=""

stop_redis() {
  [ -n "$REDIS_DIR" ] || return 0
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null
  rm -rf "$REDIS_DIR"
  REDIS_DIR="" REDIS_PID=""
}

start_redis() {
  ensure_debian_package redis-server redis-server || return 1
  REDIS_DIR="$(mktemp -d /tmp/satupintu-redis.XXXXXX)"
  local port; port="$(free_port)"
  redis-server --bind 127.0.0.1 --port "$port" --dir "$REDIS_DIR" --save '' --appendonly no \
    --daemonize no --logfile "$REDIS_DIR/redis.log" &
  REDIS_PID=$!
  local i
  for i in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$port" ping >/dev/null 2>&1 || { cat "$REDIS_DIR/redis.log" >&2; stop_redis; return 1; }
  export SATUPINTU_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
  log "throwaway Redis $(redis-server --version | awk '{print $3}') on 127.0.0.1:$port"
}
