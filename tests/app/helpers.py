"""Helpers for AppTest tests: start the app, read what it shows, read the store directly to compare."""
from __future__ import annotations

from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    return at


def app_with_filters(**filters) -> AppTest:
    """Run the app with the sidebar filters set by widget key (f_periode, f_klaster, f_provinsi, f_wilayah).

    The values go into session state before the first run. A rerun would not do: with the pages in a folder
    named `pages/`, Streamlit 1.67's AppTest reruns only the page script (its legacy multipage path), without the
    entrypoint that draws the sidebar. A real browser runs both (tests/e2e checks the sidebar there).
    """
    at = app()
    for name, value in filters.items():
        at.session_state[f"f_{name}"] = value
    return at.run()


def shown_metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def sql(db: str, query: str, params=()) -> list[tuple]:
    """Read the store directly (not through lib), to check what the pages show."""
    con = duckdb.connect(db)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()
