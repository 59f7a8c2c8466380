# ATENSI Rakor Dashboard: `make run` starts the dashboard, `make test` runs every test.
# Both create .venv (with $(PYTHON) -m venv); `make run` installs requirements.txt (what running needs) into it,
# `make test` requirements-dev.txt (the same plus the test tools), each when that file changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# pytest arguments: in parallel on every core by default; e.g. make test PYTEST_ARGS="-m 'not e2e'" for one process
PYTEST_ARGS ?= -n auto

.PHONY: run serve test lint bench clean clean-db browser

# The one launcher (also what a Windows user types, README): Streamlit serving serve_app.py on 127.0.0.1 only, its
# server refusing an upload bigger than ATENSI_MAX_UPLOAD_MB (rounded up to whole MB) before reading it; serve_app.py
# warms the server up at start. `python -m lib jalankan --cetak` prints the command it runs.
run: $(VENV)/.installed
	$(BIN)/python -m lib jalankan

test: lint browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff (lint and format) over the code, mypy over lib/; settings in pyproject.toml
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(VENV)/.installed-dev
	@if [ -f bench/__main__.py ]; then $(BIN)/python -m bench; else echo "There are no benchmarks yet (bench/__main__.py)."; fi

# The virtual environment only: the database (uploads, accounts, audit trail) stays. make clean-db removes it too,
# after typing "ya" (or with YA=1): make a backup first (python -m lib cadangan).
clean:
	rm -rf $(VENV)

DBS := data/atensi.duckdb data/atensi.duckdb.wal data/*/atensi.duckdb data/*/atensi.duckdb.wal
clean-db:
	@[ "$(YA)" = 1 ] || { printf 'Hapus database (semua unggahan, akun dan jejak audit): %s? Ketik ya: ' "$$(ls $(DBS) 2>/dev/null | tr '\n' ' ')"; \
		read answer && [ "$$answer" = ya ]; } || { echo "Tidak dihapus."; exit 1; }
	rm -f $(DBS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# The browser tests use the system Chromium (Debian package `chromium`) when there is one,
# else the one Playwright downloads (once; later runs find it installed).
browser: $(VENV)/.installed-dev
	@if [ -x /usr/bin/chromium ]; then echo "browser tests use /usr/bin/chromium"; else $(BIN)/python -m playwright install chromium; fi

# Several Streamlit processes behind nginx (deploy/): make serve WORKERS=4 ATENSI_DB=postgresql://… [PORT=8080]
WORKERS ?= 2
PORT ?= 8080
serve: $(VENV)/.installed
	$(BIN)/python deploy/serve.py --workers $(WORKERS) --port $(PORT)
