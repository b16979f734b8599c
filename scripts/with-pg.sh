#!/usr/bin/env bash
# Runs a command with ORMSCOPE_TEST_PG_URL pointing at a fresh throwaway cluster, and stops the
# cluster on every exit path (success, failure, Ctrl-C, TERM).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/ormscope-pg.XXXXXX)
cleanup() { "$here/pg-test-cluster.sh" stop "$dir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
url=$("$here/pg-test-cluster.sh" start "$dir")
export ORMSCOPE_TEST_PG_URL="$url"
export ORMSCOPE_REQUIRE_PG=1
"$@"
