# ATENSI Rakor Dashboard: `make run` starts the dashboard, `make test` runs every test.
# Both create .venv (with $(PYTHON) -m venv) and install requirements.txt into it when that file changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# pytest arguments: in parallel on every core by default; e.g. make test PYTEST_ARGS="-m 'not e2e'" for one process
PYTEST_ARGS ?= -n auto

.PHONY: run test bench clean browser

run: $(VENV)/.installed
	$(BIN)/streamlit run app.py

test: $(VENV)/.installed browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed
	@if [ -f bench/__main__.py ]; then $(BIN)/python -m bench; else echo "There are no benchmarks yet (bench/__main__.py)."; fi

clean:
	rm -rf $(VENV) data/atensi.duckdb data/atensi.duckdb.wal

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -r requirements.txt
	touch $@

# The browser tests use the system Chromium (Debian package `chromium`) when there is one,
# else the one Playwright downloads (once; later runs find it installed).
browser: $(VENV)/.installed
	@if [ -x /usr/bin/chromium ]; then echo "browser tests use /usr/bin/chromium"; else $(BIN)/python -m playwright install chromium; fi
