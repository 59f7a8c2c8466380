"""Shared fixtures: a fresh database per test, the two configurations, and a way to switch between them.

- `db`: a new database set as ATENSI_DB (so lib's defaults use it too), parametrised over the two backends:
  `duckdb` (a file in the test's temporary folder that does not exist yet) and `postgres` (a new database in
  this session's throwaway cluster, tests/postgres_cluster.py). `duckdb_db`: the file only, for tests of the file.
- `query(db, sql, params)`: read or write either backend directly (not through lib), `?` parameters.
- `config_main`: data/konfigurasi.toml, the first user's configuration (23 districts, 12 PAS groups).
- `config_dinsos`: tests/fixtures/dinsos/konfigurasi.toml, a second deployment (4 districts, 26 PMKS types).
- `config_ntb`: tests/fixtures/ntb/konfigurasi.toml, a third (8 districts, 8 klaster with long names, 13 months,
  no SKA and no programmes: `[modul]`).
- `use_config`: `use_config(path)` sets ATENSI_CONFIG for the test and returns the loaded configuration.
- `any_config`: parametrised over both configurations, for tests that must hold for any deployment.
- `cli_admin`: the login of an admin account in `db`, for commands that need `--user` (an existing account).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
# The sample's months end in the month before this date: pinned so 2024-01…2025-12 holds whatever today is. Set in the
# environment, so servers and commands that the tests start inherit it (tests of other dates set it themselves).
os.environ["ATENSI_CONTOH_HARI_INI"] = "2026-01-15"
if str(ROOT) not in sys.path:  # `pytest` run without `python -m` still imports lib
    sys.path.insert(0, str(ROOT))

from lib.config import Konfigurasi, load_config  # noqa: E402
from lib.store import postgres_backend  # noqa: E402
from tests.postgres_cluster import INSTALL_HINT, Cluster, find_bindir  # noqa: E402

CONFIG_MAIN = ROOT / "data" / "konfigurasi.toml"
CONFIG_DINSOS = ROOT / "tests" / "fixtures" / "dinsos" / "konfigurasi.toml"
CONFIG_NTB = ROOT / "tests" / "fixtures" / "ntb" / "konfigurasi.toml"
CONFIGS = {"main": CONFIG_MAIN, "dinsos": CONFIG_DINSOS, "ntb": CONFIG_NTB}
BACKENDS = ["duckdb", "postgres"]
# The main configuration's sample (24 months): pas, layanan and program as one batch per month and one for the last
# month's late reports (lib.sample.monthly_batches), and one batch for each of the 5 other datasets.
SAMPLE_BATCHES = 3 * (24 + 1) + 5
DB_ERRORS = (duckdb.Error, psycopg.Error)  # what a refused write raises, on either backend


def query(db: str, sql: str, params=()) -> list[tuple]:
    """Run one statement on the database directly (not through lib) and return its rows (none for a write).

    The tests write DuckDB's `list_contains(?, column)`; PostgreSQL is given `column = ANY(?)`. PostgreSQL's sum()
    of integers is a NUMERIC (Decimal): whole ones come back as int, like DuckDB's."""
    if db.startswith("postgresql://"):
        sql = re.sub(r"list_contains\(\?, (\w+)\)", r"\1 = ANY(?)", sql)
        with psycopg.connect(db, autocommit=True) as pg:
            cur = pg.execute(sql.replace("?", "%s"), list(params) or None)  # type: ignore[arg-type]
            rows = cur.fetchall() if cur.description else []
        return [tuple(int(v) if isinstance(v, Decimal) and v == v.to_integral_value() else v for v in r) for r in rows]
    con = duckdb.connect(db)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One throwaway PostgreSQL cluster per test process (each xdist worker has its own). Fails, never skips,
    when no PostgreSQL server is installed."""
    if find_bindir() is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    cluster = Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_database(pg_cluster: Cluster) -> Iterator[Callable[..., str]]:
    """pg_database(template=None): the URL of a new database (a copy of `template` if given), dropped after."""
    made: list[str] = []

    def _make(template: str | None = None) -> str:
        made.append(pg_cluster.database(template))
        return made[-1]

    yield _make
    for url in made:
        postgres_backend.close(url)
        pg_cluster.drop(url)


@pytest.fixture
def duckdb_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Path of a DuckDB file that does not exist yet; ATENSI_DB points at it for the test."""
    path = tmp_path / "atensi.duckdb"
    monkeypatch.setenv("ATENSI_DB", str(path))
    return str(path)


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new, empty database on each backend in turn; ATENSI_DB points at it for the test."""
    if request.param == "duckdb":
        return request.getfixturevalue("duckdb_db")
    url = request.getfixturevalue("pg_database")()
    monkeypatch.setenv("ATENSI_DB", url)
    return url


@pytest.fixture(scope="session")
def config_main() -> Path:
    return CONFIG_MAIN


@pytest.fixture(scope="session")
def config_dinsos() -> Path:
    return CONFIG_DINSOS


@pytest.fixture(scope="session")
def config_ntb() -> Path:
    return CONFIG_NTB


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


def main_config_copy(tmp_path: Path) -> Path:
    """A copy of the main configuration's folder (without its database, boundaries or the national one) to edit in a
    test; returns its konfigurasi.toml."""
    import shutil

    folder = tmp_path / "konfigurasi"
    shutil.copytree(CONFIG_MAIN.parent, folder, ignore=shutil.ignore_patterns("*.duckdb*", "*.geojson*", "nasional"))
    return folder / "konfigurasi.toml"
