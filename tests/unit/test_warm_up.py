"""serve_app.py's warm-up (run at server start, before any session): it creates and seeds the database and reads the
store's state into the one cache under its version, so the first run opens no database (a stat of the file, or
PostgreSQL's one-row stamp, tells the token is unchanged). On each backend."""

from __future__ import annotations

import serve_app
from lib import store
from lib.ui import cache as data


def _no_open(*args, **kwargs):
    raise AssertionError("the database was opened")


def test_after_the_warm_up_the_first_run_reads_open_no_database(db, monkeypatch, capsys):
    serve_app.warm_up()
    assert serve_app.READY in capsys.readouterr().err  # it did not fail
    expected_pas = store.current_all(db, categories=True)["pas"]  # as the dashboard reads it
    assert len(expected_pas) > 0  # the sample, seeded into the empty database

    monkeypatch.setattr(store, "connect", _no_open)
    version, state = data._store_state(db, data.config(), data._token_of(db))
    assert version.token == store.last_state_token(db)
    assert state.current["pas"].equals(expected_pas)
    assert set(state.freshness["dataset"]) >= {"pas"}


def test_a_failing_warm_up_does_not_raise(db, monkeypatch, capsys):
    monkeypatch.setattr(store, "connect", _no_open)
    serve_app.warm_up()  # logs; the first run does the work and shows the error
    assert serve_app.READY not in capsys.readouterr().err


def test_the_clients_cache_clearing_message_leaves_the_shared_figures(db, monkeypatch):
    """Streamlit's client can ask the server to clear its caches (st.cache_data, st.cache_resource); the figures
    every session shares are in lib.ui.cache, which that message does not reach."""
    import streamlit as st

    serve_app.warm_up()
    st.cache_data.clear()  # what the runtime does on the client's clear_cache message
    st.cache_resource.clear()
    monkeypatch.setattr(store, "connect", _no_open)
    version, state = data._store_state(db, data.config(), data._token_of(db))
    assert len(state.current["pas"]) > 0


def test_the_warm_up_makes_the_opening_screens_cards_for_the_first_session(db, monkeypatch):
    from lib import figures, present
    from lib.ui.page import period_choices

    serve_app.warm_up()
    monkeypatch.setattr(store, "connect", _no_open)
    snap = data.warm_up()  # the same snapshot, from the cache
    latest = data.shared_on(snap, period_choices)[-1]
    made = []
    monkeypatch.setattr(present, "overview_kpis", lambda *a: made.append(a))  # made again? (it must not be)
    cards = data._cache.find(
        snap.version, (data._name(serve_app_overview()), None, data._hashable((figures.Filter(periode=latest),)))
    )
    assert cards[0] and len(cards[1]) >= 6 and not made


def serve_app_overview():
    from lib.present.cards import overview_kpis

    return overview_kpis
