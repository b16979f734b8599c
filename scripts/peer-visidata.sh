#!/usr/bin/env bash
# Prints the path of VisiData, the peer whose start and last-page figures `make bench` sets beside
# ormscope's, installing it from PyPI into .build/peer-venv the first time (a pinned version, kept
# out of the product; scripts/pinned-venv.sh). Prints nothing, and says why on stderr, when it
# cannot be installed (its figures are then skipped).
set -u
here=$(cd "$(dirname "$0")" && pwd)
venv=$("$here/pinned-venv.sh" .build/peer-venv "the VisiData peer figures" visidata==3.4) || exit 0
echo "$venv/bin/vd"
