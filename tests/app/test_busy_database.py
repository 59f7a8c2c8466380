"""While another process holds the database file: the page says at once that it waits (no server path), keeps the
last good figures where it has read any, and shows the normal page again on the next run once the file is free."""

from __future__ import annotations

import pytest

from lib import store
from lib.ui.wait import BUSY_TEXT, LAST_GOOD_TEXT
from tests.app.helpers import app, shown_metrics
from tests.holder import holding


@pytest.fixture
def seeded(duckdb_seeded):
    """These tests are about DuckDB's file lock: the DuckDB backend only."""
    return duckdb_seeded


WAITING = "Database sedang dipakai proses lain"


def _texts(at) -> str:
    kinds = (at.warning, at.error, at.info, at.success, at.markdown, at.caption, at.title)
    return "\n".join(str(e.value) for kind in kinds for e in kind)


def test_a_fresh_server_says_it_waits_without_a_path_then_recovers(seeded):
    db = seeded("main")
    assert store.last_state_token(db) is None  # this server has read nothing from this file yet
    with holding(db):
        at = app().run()
        assert not at.exception, at.exception
        assert [w.value for w in at.warning] == [BUSY_TEXT]
        assert db not in _texts(at) and "duckdb" not in _texts(at).lower()
        assert shown_metrics(at) == {}
    at.run()
    assert not at.exception, at.exception
    assert WAITING not in _texts(at)
    assert shown_metrics(at)["PAS terdata"]


def test_the_last_good_figures_stay_on_screen_while_the_file_is_held(seeded):
    db = seeded("main")
    at = app().run()
    before = shown_metrics(at)
    assert before and not at.warning
    with holding(db, write=True):  # the file changes on disk: the page must ask the database, which is busy
        at.run()
        assert not at.exception, at.exception
        assert [w.value for w in at.warning] == [BUSY_TEXT + LAST_GOOD_TEXT]
        assert shown_metrics(at) == before
        assert db not in _texts(at)
    at.run()
    assert not at.warning and shown_metrics(at) == before


def test_presentation_mode_keeps_the_meetings_title_while_the_file_is_held(seeded):
    """The meetings are read with the page's short wait: while another process holds the file, the title slide keeps
    the meeting this session read (no 30-second hang, no fall back to the configuration's name)."""
    from lib import ingest
    from tests.principals import admin

    db = seeded("main")
    values = {"rapat": "Rakor Darurat", "jenis_rapat": "Rakor", "seri_rapat": "Rakor", "slide": "judul"}
    ingest.write_meeting({**values, "tanggal_rapat": "2026-12-20"}, admin(), path=db)
    at = app(mode="presentasi", slide="1").run()
    assert "Rakor Darurat" in "\n".join(h.proto.body for h in at.get("html"))
    with holding(db, write=True):
        at.run()
        assert not at.exception, at.exception
        assert "Rakor Darurat" in "\n".join(h.proto.body for h in at.get("html"))
