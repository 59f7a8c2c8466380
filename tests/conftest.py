"""Shared fixtures: a fresh database per test, the two configurations, and a way to switch between them.

- `db`: a new DuckDB file in the test's temporary folder, set as ATENSI_DB (so lib's defaults use it too).
- `config_main`: data/konfigurasi.toml, the first user's configuration (23 districts, 12 PAS groups).
- `config_dinsos`: tests/fixtures/dinsos/konfigurasi.toml, a second deployment (4 districts, 26 PMKS types).
- `use_config`: `use_config(path)` sets ATENSI_CONFIG for the test and returns the loaded configuration.
- `any_config`: parametrised over both configurations, for tests that must hold for any deployment.
- `cli_admin`: the login of an admin account in `db`, for commands that need `--user` (an existing account).
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `pytest` run without `python -m` still imports lib
    sys.path.insert(0, str(ROOT))

from lib.config import Konfigurasi, load_config  # noqa: E402

CONFIG_MAIN = ROOT / "data" / "konfigurasi.toml"
CONFIG_DINSOS = ROOT / "tests" / "fixtures" / "dinsos" / "konfigurasi.toml"
CONFIGS = {"main": CONFIG_MAIN, "dinsos": CONFIG_DINSOS}


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Path of a database file that does not exist yet; ATENSI_DB points at it for the test."""
    path = tmp_path / "atensi.duckdb"
    monkeypatch.setenv("ATENSI_DB", str(path))
    return str(path)


@pytest.fixture(scope="session")
def config_main() -> Path:
    return CONFIG_MAIN


@pytest.fixture(scope="session")
def config_dinsos() -> Path:
    return CONFIG_DINSOS


@pytest.fixture
def use_config(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path | str], Konfigurasi]:
    """use_config(path): make `path` the configuration in force (ATENSI_CONFIG) and return it loaded."""

    def _use(path: Path | str) -> Konfigurasi:
        monkeypatch.setenv("ATENSI_CONFIG", str(path))
        return load_config()

    return _use


@pytest.fixture(params=sorted(CONFIGS), ids=lambda name: f"config_{name}")
def any_config(request: pytest.FixtureRequest, use_config) -> Konfigurasi:
    """Each configuration in turn, set as ATENSI_CONFIG."""
    return use_config(CONFIGS[request.param])


@pytest.fixture
def cli_admin(db: str) -> str:
    """An admin account ('admin@sentra.test', password ADMIN_PASSWORD) in the test's database; its login."""
    from lib import accounts

    accounts.first_admin("admin@sentra.test", ADMIN_PASSWORD, "Admin Uji", path=db)
    return "admin@sentra.test"


ADMIN_PASSWORD = "sandi-admin-uji-1"
