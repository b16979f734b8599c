#!/usr/bin/env bash
# pinned-venv.sh DIR PURPOSE PIN...: a virtualenv in DIR holding exactly the pinned packages from
# PyPI, built the first time (or when the pins change) and reused after. Prints DIR's absolute path;
# when it cannot be built, prints nothing, says why in one sentence on stderr and exits 1.
# (app-venv.sh and peers-venv.sh both build theirs through this.)
set -u
venv=$1 purpose=$2
shift 2
pins=("$@")
stamp="$venv/.ormscope-pins"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${pins[*]}" ]; then
  echo "ormscope: installing ${pins[*]} from PyPI into $venv (for $purpose only)" >&2
  rm -rf "$venv"
  if ! /usr/bin/python3 -m venv "$venv" >/dev/null 2>&1 || ! "$venv/bin/pip" install -q "${pins[@]}" >/dev/null 2>&1; then
    echo "ormscope: pip could not install ${pins[*]} into $venv for $purpose (no network, no python3-venv, or a pin gone from PyPI)" >&2
    rm -rf "$venv"
    exit 1
  fi
  echo "${pins[*]}" > "$stamp"
fi
echo "$PWD/$venv"
