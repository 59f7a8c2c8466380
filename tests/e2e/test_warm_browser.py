"""The entry file (serve_app.py) warms the server up at start: once its warm-up has finished, the first viewer's
run needs no database open for the overview's figures — while another process holds the DuckDB file, the first
session still shows the KPI cards, with no waiting notice (a server started with app.py alone would show only the
notice: it has never read the file, tests/e2e/test_busy_browser.py)."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import expect

from lib.ui.wait import BUSY_TEXT
from serve_app import READY
from tests.e2e.conftest import IDLE_TIMEOUT_MS, STARTUP_TIMEOUT_S
from tests.holder import holding

WAITING = BUSY_TEXT.split("**")[1]


def _wait_for_line(log: Path, line: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while line not in (log.read_text(errors="replace") if log.exists() else ""):
        assert time.monotonic() < deadline, f"no {line!r} in the server's output:\n{log.read_text(errors='replace')}"
        time.sleep(0.1)  # poll interval of the log


def test_first_session_after_the_warm_up_needs_no_database_open(app_script, tmp_path, browser_page):
    from tests.e2e.conftest import serve

    db = str(tmp_path / "atensi.duckdb")
    with serve(app_script.with_name("serve_app.py"), tmp_path) as url:
        _wait_for_line(tmp_path / "streamlit.log", READY)  # before any session: the warm-up thread did it
        with holding(db):
            page = browser_page
            page.goto(url)
            expect(page.locator("[data-testid='stMetricValue']").first).to_be_visible(timeout=IDLE_TIMEOUT_MS)
            page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=IDLE_TIMEOUT_MS)
            expect(page.get_by_text(WAITING)).to_have_count(0)
