#!/usr/bin/env bash
# Runs a command against a fresh throwaway cluster, and stops everything it started on every exit
# path (success, failure, Ctrl-C, TERM):
#   ORMSCOPE_TEST_PG_URL         the primary (password authentication over TCP)
#   ORMSCOPE_TEST_PGBOUNCER_URL  pgbouncer in front of it, transaction pooling, default_pool_size = 2
#   ORMSCOPE_TEST_STANDBY_URL    a hot standby of it (pg_basebackup -R), read-only
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/ormscope-pg.XXXXXX)
cleanup() { "$here/pg-test-cluster.sh" stop "$dir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# (Assigned before export: `export X=$(cmd)` would hide a failing cmd from set -e.)
ORMSCOPE_TEST_PG_URL=$("$here/pg-test-cluster.sh" start "$dir")
ORMSCOPE_TEST_PGBOUNCER_URL=$("$here/pg-test-cluster.sh" pgbouncer "$dir")
ORMSCOPE_TEST_STANDBY_URL=$("$here/pg-test-cluster.sh" standby "$dir")
export ORMSCOPE_TEST_PG_URL ORMSCOPE_TEST_PGBOUNCER_URL ORMSCOPE_TEST_STANDBY_URL
export ORMSCOPE_REQUIRE_PG=1
"$@"
