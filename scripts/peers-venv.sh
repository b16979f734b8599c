#!/usr/bin/env bash
# Prints the bin directory of a virtualenv in .build/peers-venv holding the SQL peers that the `sql`
# bench section sets beside ormscope's editor: pgcli (PostgreSQL), litecli (SQLite) and harlequin
# (SQLite through its own sqlite adapter, DuckDB built in, PostgreSQL through harlequin-postgres),
# pinned, from PyPI, built the first time and reused after (scripts/pinned-venv.sh). Pass the path
# printed as ORMSCOPE_BENCH_PEERS (`make bench-peers` does). When pip cannot install them it prints
# nothing and says so in one sentence on stderr, exiting 1.
set -u
here=$(cd "$(dirname "$0")" && pwd)
venv=$("$here/pinned-venv.sh" .build/peers-venv "the sql bench's peer figures" \
  pgcli==4.7.1 litecli==1.17.1 harlequin==2.17.0 harlequin-postgres==1.5.2) || exit 1
echo "$venv/bin"
