# ormscope: two commands do all the set-up on a fresh Debian 12 machine (as root):
#   make run    the terminal explorer on the demo database (DB=... for another database)
#   make test   the whole suite against a real SQLite file and a throwaway PostgreSQL 15 server
# and `make bench` prints the performance figures (release build; not part of test or CI).
SHELL := /bin/bash
SWIFT ?= swift
DEMO ?= demo.sqlite
DB ?=
JOBS ?= 2

.PHONY: all build release deps deps-test run demo test bench clean

all: build

deps:
	@scripts/ensure-deps.sh build

deps-test:
	@scripts/ensure-deps.sh test

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
	@scripts/with-pg.sh $(SWIFT) test --skip-build --disable-swift-testing

bench: deps-test release
	@$(SWIFT) build -c release -j $(JOBS) -q --product ormscope
	@scripts/with-pg.sh .build/release/ormscope-bench

clean:
	@rm -rf .build $(DEMO)
