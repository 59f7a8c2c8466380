"""serve_app.py's warm-up (run at server start, before any session): it creates and seeds the database and fills
the caches the first run reads — the state token, the current values, the freshness — so that run opens no
database (a stat of the file, or PostgreSQL's one-row stamp, tells the token is unchanged). On each backend."""

from __future__ import annotations

import pytest
import streamlit as st

import serve_app
from lib import store
from lib.ui.data import ensure_database, freshness, pas_data


@pytest.fixture
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def _no_open(*args, **kwargs):
    raise AssertionError("the database was opened")


def test_after_the_warm_up_the_first_run_reads_open_no_database(db, fresh_caches, monkeypatch, capsys):
    serve_app.warm_up()
    assert serve_app.READY in capsys.readouterr().err  # it did not fail
    expected_pas = store.current_all(db, categories=True)["pas"]  # as the dashboard reads it
    assert len(expected_pas) > 0  # the sample, seeded into the empty database

    monkeypatch.setattr(store, "connect", _no_open)
    ensure_database()
    assert pas_data().equals(expected_pas)
    assert set(freshness()["dataset"]) >= {"pas"}


def test_a_failing_warm_up_does_not_raise(db, fresh_caches, monkeypatch, capsys):
    monkeypatch.setattr(store, "connect", _no_open)
    serve_app.warm_up()  # logs; the first run does the work and shows the error
    assert serve_app.READY not in capsys.readouterr().err
