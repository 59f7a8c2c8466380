# ATENSI Rakor Dashboard: `make run` starts the dashboard, `make test` runs every test.
# Both create .venv (with $(PYTHON) -m venv) and install requirements.txt into it when that file changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# pytest arguments: in parallel on every core by default; e.g. make test PYTEST_ARGS="-m 'not e2e'" for one process
PYTEST_ARGS ?= -n auto

.PHONY: run serve test lint bench clean clean-db browser

# Streamlit's server refuses an upload bigger than ATENSI_MAX_UPLOAD_MB (rounded up to whole MB) before reading it.
# It listens on 127.0.0.1 only (README: Deployment says how to open it wider). serve_app.py serves app.py and warms
# the server up at start (imports, database, first reads), so the first viewer does not wait for them.
run: $(VENV)/.installed
	STREAMLIT_SERVER_MAX_UPLOAD_SIZE=$$($(BIN)/python -c 'from lib.config import max_upload_streamlit_mb as m; print(m())') \
		STREAMLIT_SERVER_ADDRESS=127.0.0.1 $(BIN)/streamlit run serve_app.py

test: lint browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff (lint and format) over the code, mypy over lib/; settings in pyproject.toml
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(VENV)/.installed
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

# The browser tests use the system Chromium (Debian package `chromium`) when there is one,
# else the one Playwright downloads (once; later runs find it installed).
browser: $(VENV)/.installed
	@if [ -x /usr/bin/chromium ]; then echo "browser tests use /usr/bin/chromium"; else $(BIN)/python -m playwright install chromium; fi

# Several Streamlit processes behind nginx (deploy/): make serve WORKERS=4 ATENSI_DB=postgresql://… [PORT=8080]
WORKERS ?= 2
PORT ?= 8080
serve: $(VENV)/.installed
	$(BIN)/python deploy/serve.py --workers $(WORKERS) --port $(PORT)
