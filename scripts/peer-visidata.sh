#!/usr/bin/env bash
# Prints the path of VisiData, the peer whose start and last-page figures `make bench` sets beside
# ormscope's, installing it from PyPI into .build/peer-venv the first time (a pinned version, kept
# out of the product). Prints nothing, and says why on stderr, when it cannot be installed.
set -u
venv=.build/peer-venv
version=3.4
if [ ! -x "$venv/bin/vd" ]; then
  echo "ormscope: installing VisiData $version from PyPI into $venv (for the peer figures only)" >&2
  if ! /usr/bin/python3 -m venv "$venv" >/dev/null 2>&1 || ! "$venv/bin/pip" install -q "visidata==$version" >/dev/null 2>&1; then
    echo "ormscope: VisiData could not be installed (no network or no python3-venv); its figures are skipped" >&2
    exit 0
  fi
fi
echo "$PWD/$venv/bin/vd"
