# A throwaway PostgreSQL cluster for the test suite (sourced by scripts/test.sh).
# start_pg_cluster sets DATABASE_URL and registers its own removal on exit.
# PostgreSQL refuses to run as root, so as root the cluster runs as user postgres.

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

install_postgres() {
  [ "$(id -u)" = 0 ] || return 1
  log "installing PostgreSQL (Debian package postgresql)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

PG_DIR=""
PG_BIN=""
as_pg_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_pg_cluster() {
  [ -n "$PG_DIR" ] || return 0
  as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}

start_pg_cluster() {
  PG_BIN="$(pg_bindir)" || { install_postgres && PG_BIN="$(pg_bindir)"; } || return 1
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres || return 1
  fi
  PG_DIR="$(mktemp -d /tmp/satupintu-pg.XXXXXX)"
  chmod 755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  local port; port="$(free_port)"
  as_pg_user "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  # A test cluster: durability off, it is deleted afterwards. `start_pg_cluster durable`
  # (the benchmarks) keeps PostgreSQL's defaults, so its figures are a production's.
  local options="-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200"
  [ "${1:-}" = durable ] || options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 -o "$options" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  as_pg_user "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres satupintu || return 1
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/satupintu"
  log "throwaway PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}
