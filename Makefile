# Quick start: `make run` and `make test`; both set themselves up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run demo-files test test-postgres lint system setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Debian packages for browser, PDF and PostgreSQL tests (installed when root).
system:
	@bash scripts/system-deps.sh

# Migrate the embedded SQLite database, load the demo agency (its 2021 report
# reproduces a real published one), print the demo users once, then serve the back
# office and the public portal on http://127.0.0.1:8000.
run: $(STAMP) system
	$(BIN)/gongkai migrate
	$(BIN)/gongkai demo
	$(BIN)/gongkai serve --host 127.0.0.1 --port 8000

# Validate the seed reports and render each to HTML, DOCX, XLSX, Markdown and PDF.
demo-files: $(STAMP)
	$(BIN)/python -m gongkai.demo

test: $(STAMP) system
	$(BIN)/python -m pytest

test-postgres: $(STAMP) system
	bash scripts/test-postgres.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) out var
