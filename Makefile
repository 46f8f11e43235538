# Quick start: `make run` and `make test`; both set themselves up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-postgres lint system setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Debian packages for browser, PDF and PostgreSQL tests (installed when root).
system:
	@bash scripts/system-deps.sh

run: $(STAMP)
	$(BIN)/python -m gongkai.demo

test: $(STAMP) system
	$(BIN)/python -m pytest

test-postgres: $(STAMP) system
	bash scripts/test-postgres.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) out var
