"""A damaged or foreign database file (cut off, random bytes, a SQLite file, text, a block that fails its checksum):
the command line says in Bahasa Indonesia which file and what to do (restore the last backup), exits 2, with no
traceback, writes nothing, fetches nothing (DuckDB never downloads its SQLite reader for it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.damaged_files import CASES, good_file
from tests.unit.test_cli import run


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return good_file(tmp_path_factory.mktemp("baik"))


@pytest.mark.parametrize("case", list(CASES))
def test_the_command_line_names_the_file_says_restore_the_backup_and_exits_2(case, good, tmp_path):
    make, words = CASES[case]
    db = tmp_path / f"{case}.duckdb"
    make(good, db)
    before = db.read_bytes()
    for command in (["history"], ["init"]):
        done = run(*command, env_db=str(db))
        assert done.returncode == 2, (command, done.stderr)
        assert f"Berkas database {db.name}" in done.stderr and words in done.stderr
        assert "python -m lib pulihkan" in done.stderr and "Traceback" not in done.stderr
    assert db.read_bytes() == before  # nothing written, nothing repaired over it
    assert not (db.parent / f"{db.name}.wal").exists()
