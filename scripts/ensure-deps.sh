#!/usr/bin/env bash
# Installs what ormscope needs on a Debian 12 machine, quietly and only what is missing.
# Usage: scripts/ensure-deps.sh [build|test|bench]
set -euo pipefail
need=(libsqlite3-dev libpq-dev libncursesw5-dev libedit-dev pkg-config sqlite3)
case "${1:-build}" in
  test) need+=(postgresql-15 postgresql-client-15 pgbouncer tmux python3-venv) ;;
  bench) need+=(postgresql-15 postgresql-client-15 pgbouncer tmux python3-venv) ;;
esac
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ormscope: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "ormscope: the Swift toolchain (6.0 or later) is not on PATH; install it from swift.org first." >&2
  exit 1
fi
