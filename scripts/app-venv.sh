#!/usr/bin/env bash
# Prints the path of the Python that the models tests run applications under: a virtualenv in
# .build/app-venv with SQLModel (and SQLAlchemy), Django and psycopg2 from PyPI, pinned, built the
# first time and reused after (scripts/pinned-venv.sh). Prints nothing, and says why on stderr, when
# it cannot be built (then the tests that need it fail under `make test` and skip elsewhere).
set -u
here=$(cd "$(dirname "$0")" && pwd)
venv=$("$here/pinned-venv.sh" .build/app-venv "the models tests" \
  sqlmodel==0.0.50 SQLAlchemy==2.1.9 Django==5.2.19 psycopg2-binary==2.9.13) || exit 0
echo "$venv/bin/python"
