"""A freshly started server whose database another process holds: Chromium shows the waiting notice at once (no
server path), and the overview's figures by themselves once the file is free, without a reload. Screenshot:
tests/e2e/screenshots/database_dipakai.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from lib.ui.wait import BUSY_TEXT
from tests.e2e.conftest import IDLE_TIMEOUT_MS
from tests.holder import holding


@pytest.fixture
def db(duckdb_db: str) -> str:
    """These tests are about DuckDB's file lock: the DuckDB backend only."""
    return duckdb_db


SCREENSHOTS = Path(__file__).parent / "screenshots"
WAITING = BUSY_TEXT.split("**")[1]  # "Database sedang dipakai proses lain"


@pytest.fixture
def held_server(app_script, tmp_path):
    from tests.e2e.conftest import serve

    db = str(tmp_path / "atensi.duckdb")
    # the frame itself, without serve_app.py's warm-up: a server that has read nothing before the first request
    with serve(app_script.with_name("app.py"), tmp_path) as url:
        yield url, db


def test_the_page_waits_visibly_and_recovers_by_itself(held_server, browser_page):
    url, db = held_server
    page = browser_page
    with holding(db):  # before the server's first request: it has read nothing yet
        page.goto(url)
        expect(page.get_by_text(WAITING)).to_be_visible(timeout=15_000)  # the first run, 1 s of waiting
        expect(page.get_by_text("mencoba lagi sendiri")).to_be_visible()
        html = page.content()
        assert db not in html and str(Path(db).parent) not in html
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "database_dipakai.png")
    expect(page.locator("[data-testid='stMetric']").first).to_be_visible(timeout=IDLE_TIMEOUT_MS)  # no reload
    expect(page.get_by_text(WAITING)).to_have_count(0)
