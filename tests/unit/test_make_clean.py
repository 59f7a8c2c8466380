"""`make clean` keeps the database (uploads, accounts, audit trail); `make clean-db` removes it only after `ya` is
typed (or with YA=1)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _project(tmp_path: Path) -> Path:
    """A folder with the Makefile, a database, a national one and an empty .venv."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "data" / "nasional").mkdir(parents=True)
    for f in ("data/atensi.duckdb", "data/atensi.duckdb.wal", "data/nasional/atensi.duckdb"):
        (tmp_path / f).write_bytes(b"x")
    (tmp_path / ".venv").mkdir()
    return tmp_path


def _make(folder: Path, *args: str, answer: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", *args], cwd=folder, input=answer, capture_output=True, text=True, timeout=60)


def test_make_clean_keeps_the_database_and_clean_db_asks_first(tmp_path):
    folder = _project(tmp_path)
    assert _make(folder, "clean").returncode == 0
    assert not (folder / ".venv").exists() and (folder / "data" / "atensi.duckdb").exists()

    refused = _make(folder, "clean-db", answer="tidak\n")
    assert refused.returncode != 0 and "Ketik ya" in refused.stdout and "Tidak dihapus" in refused.stdout
    assert (folder / "data" / "atensi.duckdb").exists()

    assert _make(folder, "clean-db", answer="ya\n").returncode == 0
    assert not list((folder / "data").rglob("atensi.duckdb*"))


def test_make_clean_db_with_ya_1_needs_no_answer(tmp_path):
    folder = _project(tmp_path)
    assert _make(folder, "clean-db", "YA=1").returncode == 0
    assert not list((folder / "data").rglob("atensi.duckdb*"))
