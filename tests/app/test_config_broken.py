"""A broken configuration on the dashboard: the same list of problems as the command line, one box each, instead
of screens started half-broken; never an exception (issue 11, items 8 and 9, and a missing file)."""

from __future__ import annotations

import pytest

from lib.present.texts import WORD_JOINER
from tests.app.helpers import app
from tests.broken_config import BROKEN


def shown(at) -> list[str]:
    # through as_text: Markdown characters escaped, a word joiner after each ':' and '@'
    return [e.value.replace("\\", "").replace(WORD_JOINER, "") for e in at.error]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_dashboard_lists_the_problems_of_a_broken_configuration(case, tmp_path, monkeypatch):
    make, expected = BROKEN[case]
    monkeypatch.setenv("ATENSI_CONFIG", str(make(tmp_path) / "konfigurasi.toml"))
    db = tmp_path / "atensi.duckdb"
    monkeypatch.setenv("ATENSI_DB", str(db))
    at = app().run()
    assert not at.exception
    boxes = shown(at)
    assert "Konfigurasi tidak valid" in boxes[0]
    for text in expected:
        assert any(text in box for box in boxes[1:]), text
    assert not any(str(tmp_path) in box for box in boxes)  # file names, never a server path
    assert not at.metric and not db.exists()  # no screen ran, nothing was seeded


def test_a_missing_configuration_file_is_shown_not_raised(tmp_path, monkeypatch):
    monkeypatch.setenv("ATENSI_CONFIG", str(tmp_path / "tidak_ada" / "konfigurasi.toml"))
    monkeypatch.setenv("ATENSI_DB", str(tmp_path / "atensi.duckdb"))
    at = app().run()
    assert not at.exception
    assert any("konfigurasi.toml: berkas konfigurasi tidak ada." in box for box in shown(at))
