# ormscope: two commands do all the set-up on a fresh Debian 12 machine (as root):
#   make run    the terminal explorer on the demo database (DB=... for another database)
#   make test   the whole suite against a real SQLite file and throwaway PostgreSQL 15 servers (primary, pgbouncer, standby)
# and `make bench` prints the performance figures (release build; not part of test or CI).
SHELL := /bin/bash
SWIFT ?= swift
DEMO ?= demo.sqlite
DB ?=
JOBS ?= 2
SECTIONS ?=

.PHONY: all build release deps deps-test deps-bench run demo test bench bench-peers install install-files man clean

all: build

deps:
	@scripts/ensure-deps.sh build

deps-test:
	@scripts/ensure-deps.sh test

deps-bench:
	@scripts/ensure-deps.sh bench

build: deps
	@$(SWIFT) build -j $(JOBS) -q

release: deps
	@$(SWIFT) build -c release -j $(JOBS) -q

$(DEMO):
	@$(MAKE) -s build
	@.build/debug/ormscope create-demo $(DEMO)

demo: $(DEMO)

# The terminal explorer on the demo database (created once), or on DB=URL|PATH.
# Without a terminal (a pipe, CI) it prints the model registry instead.
run: build
	@if [ -n "$(DB)" ]; then .build/debug/ormscope --db "$(DB)"; \
	else $(MAKE) -s demo && .build/debug/ormscope --db $(DEMO); fi

test: deps-test
	@$(SWIFT) build --build-tests -j $(JOBS) -q
	@ORMSCOPE_TEST_APP_PYTHON="$$(scripts/app-venv.sh)" scripts/with-pg.sh $(SWIFT) test --skip-build --disable-swift-testing

# The figures: release build, a throwaway PostgreSQL, tmux for the terminal figures and VisiData
# (from PyPI, into .build/peer-venv) as the peer. SECTIONS="loading terminal" runs only those.
bench: deps-bench release
	@$(SWIFT) build -c release -j $(JOBS) -q --product ormscope
	@ORMSCOPE_BENCH_VD="$$(scripts/peer-visidata.sh)" ORMSCOPE_BENCH_APP_PYTHON="$$(scripts/app-venv.sh)" scripts/with-pg.sh .build/release/ormscope-bench $(SECTIONS)

# The sql section with its peers typing the same statement: pgcli, litecli and harlequin (pinned, from
# PyPI, into .build/peers-venv by scripts/peers-venv.sh; `make bench` alone never needs the network).
bench-peers:
	@peers="$$(scripts/peers-venv.sh)" || exit 1; ORMSCOPE_BENCH_PEERS="$$peers" $(MAKE) -s bench SECTIONS="sql $(SECTIONS)"

# The release binary, its themes and its models exporter where the binary finds them: PREFIX/bin/ormscope,
# PREFIX/share/ormscope/themes and PREFIX/share/ormscope/python (DESTDIR for packaging); the man page,
# generated from the binary's own argument parser (scripts/manpage.py), in PREFIX/share/man/man1; the bash,
# zsh and fish completion scripts (argument-parser's, completing model and field names from the database)
# where those shells look.
# `install-files` copies BIN without building (the tests install their debug binary so).
PREFIX ?= /usr/local
BIN ?= .build/release/ormscope
install: release
	@$(MAKE) -s install-files
SHARE = $(DESTDIR)$(PREFIX)/share
install-files:
	@install -d "$(DESTDIR)$(PREFIX)/bin" "$(SHARE)/ormscope/themes" "$(SHARE)/man/man1" \
		"$(SHARE)/bash-completion/completions" "$(SHARE)/zsh/site-functions" "$(SHARE)/fish/vendor_completions.d"
	@install -m 755 "$(BIN)" "$(DESTDIR)$(PREFIX)/bin/ormscope"
	@install -m 644 themes/*.theme "$(SHARE)/ormscope/themes/"
	@install -d "$(SHARE)/ormscope/python"
	@install -m 644 python/ormscope_models.py "$(SHARE)/ormscope/python/"
	@"$(BIN)" --experimental-dump-help | python3 scripts/manpage.py "$$("$(BIN)" --version)" > "$(SHARE)/man/man1/ormscope.1"
	@"$(BIN)" --generate-completion-script bash > "$(SHARE)/bash-completion/completions/ormscope"
	@"$(BIN)" --generate-completion-script zsh > "$(SHARE)/zsh/site-functions/_ormscope"
	@"$(BIN)" --generate-completion-script fish > "$(SHARE)/fish/vendor_completions.d/ormscope.fish"
	@echo "ormscope: installed $(DESTDIR)$(PREFIX)/bin/ormscope, its themes in $(SHARE)/ormscope/themes, its models exporter in $(SHARE)/ormscope/python, its man page and completion scripts"

# The man page alone, into .build/ormscope.1 (`man -l .build/ormscope.1`).
man: build
	@.build/debug/ormscope --experimental-dump-help | python3 scripts/manpage.py "$$(.build/debug/ormscope --version)" > .build/ormscope.1

clean:
	@rm -rf .build $(DEMO)
