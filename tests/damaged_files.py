"""Damaged and foreign database files, made in code from a good one: each case is how to make it and the words the
message must hold (tests/unit/test_damaged_file.py, tests/app/test_damaged_database.py)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from lib import sample


def good_file(folder: Path) -> Path:
    """A whole store holding the sample data (large enough that cutting it in half loses tables)."""
    path = folder / "atensi.duckdb"
    sample.seed(str(path))
    return path


def _truncated(good: Path, path: Path) -> None:
    shutil.copy(good, path)
    os.truncate(path, path.stat().st_size // 2)


def _random_bytes(good: Path, path: Path) -> None:
    path.write_bytes(os.urandom(2_000_000))


def _sqlite(good: Path, path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE batch (id INTEGER)")
    con.commit()
    con.close()


def _text(good: Path, path: Path) -> None:
    path.write_text("periode,kode_wilayah\n2025-01,74.71\n", encoding="utf-8")


def _flipped_block(good: Path, path: Path) -> None:
    shutil.copy(good, path)
    with open(path, "r+b") as fh:
        fh.seek(3 * 4096 + 100)  # inside the first data block: its checksum no longer matches
        fh.write(os.urandom(64))


CASES = {
    "terpotong": (_truncated, "terpotong"),
    "acak": (_random_bytes, "bukan berkas database DuckDB"),
    "sqlite": (_sqlite, "berkas SQLite"),
    "teks": (_text, "bukan berkas database DuckDB"),
    "blok_rusak": (_flipped_block, "checksum"),
}
