#!/usr/bin/env bash
# Prints the bin directory of a virtualenv in .build/peers-venv holding the SQL peers that the `sql`
# bench section sets beside ormscope's editor: pgcli (PostgreSQL), litecli (SQLite) and harlequin
# (SQLite through its own sqlite adapter, DuckDB built in, PostgreSQL through harlequin-postgres),
# pinned, from PyPI, built the first time and reused after. Pass the path printed as
# ORMSCOPE_BENCH_PEERS (`make bench-peers` does). When pip cannot install them it prints nothing
# and says so in one sentence on stderr, exiting 1.
set -u
venv=.build/peers-venv
pins=(pgcli==4.7.1 litecli==1.17.1 harlequin==2.17.0 harlequin-postgres==1.5.2)
stamp="$venv/.ormscope-pins"
if [ ! -x "$venv/bin/pgcli" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${pins[*]}" ]; then
  echo "ormscope: installing ${pins[*]} from PyPI into $venv (for the sql bench's peer figures only)" >&2
  rm -rf "$venv"
  if ! /usr/bin/python3 -m venv "$venv" >/dev/null 2>&1 || ! "$venv/bin/pip" install -q "${pins[@]}" >/dev/null 2>&1; then
    echo "ormscope: pip could not install ${pins[*]} into $venv (no network, no python3-venv, or a pin gone from PyPI)" >&2
    rm -rf "$venv"
    exit 1
  fi
  echo "${pins[*]}" > "$stamp"
fi
echo "$PWD/$venv/bin"
