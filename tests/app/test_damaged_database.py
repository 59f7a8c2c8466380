"""A damaged or foreign database file, as the dashboard shows it: which file (its name, not the server's path) and
what to do (restore the last backup), as an error box in Bahasa Indonesia, never a traceback. The cases are
tests/damaged_files.py's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.helpers import app
from tests.damaged_files import CASES, good_file


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return good_file(tmp_path_factory.mktemp("baik"))


@pytest.mark.parametrize("case", list(CASES))
def test_the_dashboard_names_the_file_and_says_restore_the_backup(case, good, tmp_path, monkeypatch):
    make, words = CASES[case]
    db = tmp_path / f"{case}.duckdb"
    make(good, db)
    monkeypatch.setenv("ATENSI_DB", str(db))
    at = app().run()
    assert not at.exception, at.exception
    shown = "\n".join(e.value for e in at.error).replace("\\", "")  # Markdown escapes
    assert f"Berkas database {db.name} rusak atau bukan database ATENSI" in shown and words in shown
    assert "pulihkan" in shown and str(db.parent) not in shown  # the file's name, never the server's path
