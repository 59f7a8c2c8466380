"""A database file another process holds: the store gives up after its wait with DatabaseBusy, whose message names
no path (a browser shows it); the command line waits longer, then prints the path on the terminal."""

from __future__ import annotations

import pytest

from lib import cli, store
from tests.holder import holding


@pytest.fixture
def db(duckdb_db: str) -> str:
    """These tests are about DuckDB's file lock: the DuckDB backend only."""
    return duckdb_db


def test_a_held_file_is_busy_and_the_message_names_no_path(db):
    store.init_db(db)
    with holding(db), pytest.raises(store.DatabaseBusy) as e:
        store.history(db)  # the default wait is the short one: the dashboard's
    assert e.value.title == "Database sedang dipakai"
    assert db not in e.value.message and "atensi.duckdb" not in e.value.message
    assert db in e.value.where
    assert isinstance(e.value, store.DatabaseUnavailable)


def test_within_waiting_a_free_file_opens_and_the_wait_is_restored(db):
    with store.waiting(5.0):
        store.init_db(db)
        assert store.unavailable.wait_s(None) == 5.0
    assert store.unavailable.wait_s(None) == store.SHORT_WAIT_S


def test_the_command_line_gives_up_with_the_path_on_the_terminal(db, monkeypatch, capsys):
    store.init_db(db)
    monkeypatch.setattr(store, "LOCK_TIMEOUT_S", 0.3)
    with holding(db):
        assert cli.main(["history"]) == 2
    err = capsys.readouterr().err
    assert "Database sedang dipakai" in err and db in err


def test_the_last_good_state_is_what_was_last_read(db):
    store.init_db(db)
    assert store.last_state_token(db) is None
    assert store.state_token(db) == (0, 0) == store.last_state_token(db)
