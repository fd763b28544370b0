# The README's whole set-up: `make book` and `make test`, each on its own, on a fresh machine
# with Python 3.11. Everything the project needs is installed from here.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BOOK_STAMP := $(VENV)/.book-installed
TEST_STAMP := $(VENV)/.test-installed
BENCH_STAMP := $(VENV)/.bench-installed
NODE_STAMP := node_modules/.installed

.PHONY: book test bench clean browser help
.DEFAULT_GOAL := help

help:
	@echo "make book   build the HTML book into _build/html (strict: any warning fails)"
	@echo "make test   run the whole test suite"
	@echo "make bench  print speed and size figures"
	@echo "make clean  remove the virtual environment and build output"

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "python3 -m venv failed; installing python3-venv" >&2; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && \
	  $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip

$(BOOK_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[book]'
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	@touch $@ $(BOOK_STAMP)

$(BENCH_STAMP): $(TEST_STAMP)
	$(BIN)/pip install -q -e '.[test,bench]'
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Node.js and npm (for the GIFT parser and axe-core used by the tests)" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "npm is missing: install Node.js and npm, then run make test again" >&2; exit 1; fi; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "WARNING: /usr/bin/chromium is missing and this is not root: browser tests will skip" >&2; fi; \
	fi

book: $(BOOK_STAMP)
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going
	@echo "The book is at $(CURDIR)/_build/html/index.html"

test: $(TEST_STAMP) $(NODE_STAMP) browser
	$(BIN)/python -m pytest

bench: $(BENCH_STAMP) $(NODE_STAMP) browser
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) _build node_modules .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
