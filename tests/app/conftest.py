"""AppTest fixtures: a seeded database per test (copied from one seeded once per configuration), on each backend."""

from __future__ import annotations

import shutil

import pytest

from lib import accounts, sample
from lib.config import load_config
from lib.store import postgres_backend
from tests.app.helpers import ACCOUNTS, PASSWORD
from tests.conftest import BACKENDS, CONFIGS


def _seed_with_accounts(db: str, cfg) -> None:
    sample.seed(db, cfg)
    first = accounts.first_admin(ACCOUNTS[0].login, PASSWORD, ACCOUNTS[0].nama, path=db)
    for p in ACCOUNTS[1:]:
        districts = [k for k in p.wilayah if k in cfg.kode_wilayah] or cfg.kode_wilayah[:1]
        accounts.add_user(first, p.login, p.peran, districts, p.nama, PASSWORD, path=db, cfg=cfg)


@pytest.fixture(scope="session")
def _seeded_templates(tmp_path_factory) -> dict[str, str]:
    """Seeding takes a second or two: do it once per configuration and copy the file for each test. Each copy
    holds the accounts of tests.app.helpers.ACCOUNTS (an admin, two operators, a pembaca)."""
    out = {}
    for name, path in CONFIGS.items():
        db = str(tmp_path_factory.mktemp(f"seed_{name}") / "atensi.duckdb")
        cfg = load_config(path)
        _seed_with_accounts(db, cfg)
        out[name] = db
    return out


@pytest.fixture(scope="session")
def _seeded_pg_templates(pg_cluster) -> dict[str, str]:
    """The same in PostgreSQL: one seeded database per configuration, each test gets a copy (CREATE DATABASE …
    TEMPLATE, which needs the template without connections: its pool is closed)."""
    out = {}
    for name, path in CONFIGS.items():
        url = pg_cluster.database()
        _seed_with_accounts(url, load_config(path))
        postgres_backend.close(url)
        out[name] = url.split("?")[0].rsplit("/", 1)[1]
    return out


def _seeded_on(backend: str, request, tmp_path, monkeypatch):
    def _make(name: str = "main") -> str:
        if backend == "duckdb":
            db = str(tmp_path / f"{name}.duckdb")
            shutil.copy(request.getfixturevalue("_seeded_templates")[name], db)
        else:
            db = request.getfixturevalue("pg_database")(request.getfixturevalue("_seeded_pg_templates")[name])
        monkeypatch.setenv("ATENSI_DB", db)
        monkeypatch.setenv("ATENSI_CONFIG", str(CONFIGS[name]))
        return db

    return _make


@pytest.fixture(params=BACKENDS)
def seeded(request, tmp_path, monkeypatch):
    """seeded('main' | 'dinsos'): a fresh copy of the seeded database, with ATENSI_DB and ATENSI_CONFIG set."""
    return _seeded_on(request.param, request, tmp_path, monkeypatch)


@pytest.fixture
def duckdb_seeded(request, tmp_path, monkeypatch):
    """seeded, on the DuckDB file only (for what is about the file itself, such as its lock)."""
    return _seeded_on("duckdb", request, tmp_path, monkeypatch)
