#!/usr/bin/env bash
# Prints the path of the Python that the models tests run applications under: a virtualenv in
# .build/app-venv with SQLModel (and SQLAlchemy), Django and psycopg2 from PyPI, pinned, built the
# first time and reused after. Prints nothing, and says why on stderr, when it cannot be built
# (then the tests that need it fail under `make test` and skip elsewhere).
set -u
venv=.build/app-venv
pins=(sqlmodel==0.0.50 SQLAlchemy==2.1.9 Django==5.2.19 psycopg2-binary==2.9.13)
stamp="$venv/.ormscope-pins"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${pins[*]}" ]; then
  echo "ormscope: installing ${pins[*]} from PyPI into $venv (for the models tests only)" >&2
  rm -rf "$venv"
  if ! /usr/bin/python3 -m venv "$venv" >/dev/null 2>&1 || ! "$venv/bin/pip" install -q "${pins[@]}" >/dev/null 2>&1; then
    echo "ormscope: the models tests' virtualenv could not be built (no network or no python3-venv)" >&2
    rm -rf "$venv"
    exit 0
  fi
  echo "${pins[*]}" > "$stamp"
fi
echo "$PWD/$venv/bin/python"
