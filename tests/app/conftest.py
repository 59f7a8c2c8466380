"""AppTest fixtures: a seeded database per test (copied from one seeded once per configuration)."""
from __future__ import annotations

import shutil

import pytest

from lib import sample
from lib.config import load_config
from tests.conftest import CONFIGS


@pytest.fixture(scope="session")
def _seeded_templates(tmp_path_factory) -> dict[str, str]:
    """Seeding takes a second or two: do it once per configuration and copy the file for each test."""
    out = {}
    for name, path in CONFIGS.items():
        db = str(tmp_path_factory.mktemp(f"seed_{name}") / "atensi.duckdb")
        sample.seed(db, load_config(path))
        out[name] = db
    return out


@pytest.fixture
def seeded(request, tmp_path, monkeypatch, _seeded_templates):
    """seeded('main' | 'dinsos'): a fresh copy of the seeded database, with ATENSI_DB and ATENSI_CONFIG set."""
    def _make(name: str = "main") -> str:
        db = str(tmp_path / f"{name}.duckdb")
        shutil.copy(_seeded_templates[name], db)
        monkeypatch.setenv("ATENSI_DB", db)
        monkeypatch.setenv("ATENSI_CONFIG", str(CONFIGS[name]))
        return db

    return _make
