"""AppTest fixtures: a seeded database per test (copied from one seeded once per configuration)."""
from __future__ import annotations

import shutil

import pytest

from lib import accounts, sample
from lib.config import load_config
from tests.app.helpers import ACCOUNTS, PASSWORD
from tests.conftest import CONFIGS


@pytest.fixture(scope="session")
def _seeded_templates(tmp_path_factory) -> dict[str, str]:
    """Seeding takes a second or two: do it once per configuration and copy the file for each test. Each copy
    holds the accounts of tests.app.helpers.ACCOUNTS (an admin, two operators, a pembaca)."""
    out = {}
    for name, path in CONFIGS.items():
        db = str(tmp_path_factory.mktemp(f"seed_{name}") / "atensi.duckdb")
        cfg = load_config(path)
        sample.seed(db, cfg)
        first = accounts.first_admin(ACCOUNTS[0].login, PASSWORD, ACCOUNTS[0].nama, path=db)
        for p in ACCOUNTS[1:]:
            districts = [k for k in p.wilayah if k in cfg.kode_wilayah] or cfg.kode_wilayah[:1]
            accounts.add_user(first, p.login, p.peran, districts, p.nama, PASSWORD, path=db, cfg=cfg)
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
