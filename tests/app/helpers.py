"""Helpers for AppTest tests: start the app, read what it shows, read the store directly to compare."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.conftest import query

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    return at


def app_with_filters(**filters) -> AppTest:
    """Run the app, choose the sidebar filters by widget key (f_periode, f_klaster, ...), rerun once."""
    at = app().run()
    for name, value in filters.items():
        at.selectbox(key=f"f_{name}").set_value(value)
    return at.run()


def page_with_filters(view: str, **filters) -> AppTest:
    """Choose the sidebar filters by widget key, then open a screen (e.g. 'views/program.py')."""
    at = app().run()
    for name, value in filters.items():
        at.selectbox(key=f"f_{name}").set_value(value)
    return at.switch_page(view).run()


def shown_metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def sql(db: str, statement: str, params=()) -> list[tuple]:
    """Read the store directly (not through lib), to check what the pages show."""
    return query(db, statement, params)
