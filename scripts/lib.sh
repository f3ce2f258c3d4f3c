# Shared helpers for scripts/run.sh and scripts/test.sh (sourced, not executed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }

# Django 6 needs Python >= 3.12; the machine's default python3 may be older.
find_python() {
  local c
  for c in "${PYTHON:-}" python3.13 python3.12 python3; do
    [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && python_ok "$(command -v "$c")" && { command -v "$c"; return; }
  done
  for c in $(ls -d "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9] 2>/dev/null | sort -rV); do
    python_ok "$c" && { echo "$c"; return; }
  done
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    log "no Python >= 3.12 found; trying Debian's python3.12"
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get install -y -qq python3.12 python3.12-venv >/dev/null 2>&1 && python_ok /usr/bin/python3.12 && { echo /usr/bin/python3.12; return; }
  fi
  if command -v uv >/dev/null 2>&1; then
    uv python install 3.12 >&2 && uv python find 3.12 && return
  fi
  die "satupintu needs Python >= 3.12 (Django 6). Install python3.12 (pyenv, uv or your distribution) or set PYTHON=/path/to/python3.12"
}

# Create .venv with a suitable interpreter and install the project (plus extras, e.g. "dev").
ensure_venv() {
  local extras="${1:-}" target="$ROOT" stamp
  [ -n "$extras" ] && target="$ROOT[$extras]"
  if [ -x "$VENV/bin/python" ] && ! python_ok "$VENV/bin/python"; then
    log "replacing .venv built with an old Python"; rm -rf "$VENV"
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    local py; py="$(find_python)"
    log "creating .venv with $("$py" --version)"
    "$py" -m venv "$VENV"
  fi
  stamp="$VENV/.installed-$(cat "$ROOT/pyproject.toml" | sha1sum | cut -c1-12)-${extras:-base}"
  if [ ! -f "$stamp" ]; then
    log "installing satupintu${extras:+ with $extras dependencies}"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$target" 2> >(grep -v "is ignored: it is neither" >&2)
    rm -f "$VENV"/.installed-*; touch "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}

free_port() {
  "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A Debian package the platform uses when present (e.g. espeak-ng for the board's voice).
# As root it is installed; otherwise, or offline, the caller decides whether that is fatal.
ensure_debian_package() {
  local command="$1" package="$2"
  command -v "$command" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's $package"
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1 || true
  fi
  command -v "$command" >/dev/null 2>&1
}
