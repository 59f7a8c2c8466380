"""The versioned store: every dataset as append-only batches, in a DuckDB file or a PostgreSQL database.

- Every write is a batch (who, when, file, SHA-256, counts); a batch and its rows are written in one
  transaction by `save_batches`, the only function that adds data.
- The current value of a key is its value in the latest *active* batch that holds the key. Rolling a batch back
  marks it inactive, so the previous values return; no data row is ever changed or deleted.
- ATENSI_DB names the database: a file path (DuckDB, embedded, the default; see duckdb_backend) or a
  `postgresql://…` URL (several processes, pooled connections; see postgres_backend). The SQL is shared (sql.py).
  Readers cache by `state_token()`, which changes with every write, and ask for it only when `stamp()` changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from lib import config
from lib.config import setting
from lib.errors import Refused, UserError
from lib.principal import Principal
from lib.schema import DATASETS, Dataset, dataset
from lib.store import duckdb_backend, frames, record, sql
from lib.store.audit import check_rollback_audited, record_audit  # noqa: F401  (store.record_audit)
from lib.store.comparison import Comparison, canonical, compare_rows, compared_incoming  # noqa: F401
from lib.store.duckdb_backend import file_stamp  # noqa: F401  (store.file_stamp: any file, e.g. boundaries)
from lib.store.sql import MIGRATIONS, SCHEMA_VERSION
from lib.store.unavailable import (  # noqa: F401  (store.X for callers)
    LOCK_TIMEOUT_S,
    SHORT_WAIT_S,
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseDown,
    DatabaseUnavailable,
    waiting,
)

__all__ = ["DATASETS", "MIGRATIONS", "SCHEMA_VERSION", "Comparison", "NewBatch", "dataset"]

URL_SCHEMES = ("postgresql://", "postgres://")
_last_token: dict[str, tuple[int, int]] = {}  # per database: the state token last read
_write_lock = threading.Lock()  # one write at a time in this process; DuckDB's file lock does it between processes


class StateChanged(Refused):
    """The data changed (another upload, a rollback) since the preview the person saw: nothing was written."""


def db_path() -> str:
    return setting("ATENSI_DB")


def is_server(path: str) -> bool:
    """True when `path` is a PostgreSQL URL rather than a DuckDB file."""
    return path.startswith(URL_SCHEMES)


@contextlib.contextmanager
def connect(path: str | None = None, wait: float | None = None) -> Iterator[duckdb_backend.Connection]:
    """Open the database for one operation: the DuckDB file (waiting while another process holds it) or a
    pooled PostgreSQL connection (waiting while the server does not answer). Both give execute / frame / incoming /
    append."""
    path = path or db_path()
    if is_server(path):
        from lib.store import postgres_backend

        with postgres_backend.connect(path, wait) as con:
            yield con  # type: ignore[misc]
    else:
        with duckdb_backend.connect(path, wait) as con:
            yield con


def schema_version(con) -> int:
    if not con.execute(sql.SCHEMA_EXISTS).fetchall()[0][0]:
        return 0
    row = con.execute(sql.SCHEMA_VERSION_SQL).fetchall()
    return int(row[0][0]) if row else 0


@contextlib.contextmanager
def _transaction(con) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def migrate(con, to: int = SCHEMA_VERSION) -> int:
    """Bring the database to SCHEMA_VERSION (or the older version `to`: a restore of an older backup), one migration
    per transaction. Returns the version found."""
    found = schema_version(con)
    if found > SCHEMA_VERSION:
        raise UserError(
            "Database dari versi lebih baru",
            f"Berkas ini berskema versi {found}, aplikasi ini hanya mengenal sampai versi {SCHEMA_VERSION}. "
            "Perbarui aplikasi.",
        )
    for v in range(found + 1, to + 1):
        with _transaction(con):
            con.lock_schema()  # PostgreSQL: another process may have migrated meanwhile
            if schema_version(con) >= v:
                continue
            for statement in MIGRATIONS[v]:
                con.execute(statement)
            con.execute(sql.SET_SCHEMA_VERSION, [str(v)])
    return found


def init_db(path: str | None = None) -> bool:
    """Create or migrate the store; True when it holds no batch yet (one cold open for both at server start)."""
    with connect(path) as con:
        migrate(con)
        return _no_batch(con)


@dataclass
class NewBatch:
    """Rows of one dataset to be stored as one batch."""

    dataset: str
    rows: pd.DataFrame
    waktu: dt.datetime | None = None  # UTC; only the sample's seeded times (lib.ingest.write refuses others)


def compare(dataset_name: str, rows: pd.DataFrame, path: str | None = None) -> Comparison:
    """How rows would change the current values (for a preview), without writing anything."""
    with connect(path) as con:
        migrate(con)
        return compare_rows(con, dataset(dataset_name), rows)


def _now() -> dt.datetime:
    return config.clock().astimezone(dt.UTC).replace(tzinfo=None)  # the one clock (a test moves it)


def record_refusal(who: Principal, aksi: str, objek: str, e: Refused, path: str | None = None) -> None:
    """A refused write, audited in its own connection (the write itself changed nothing)."""
    with connect(path) as con:
        migrate(con)
        record_audit(con, who, aksi, objek, "ditolak", e.message)


def save_batches(
    batches: list[NewBatch],
    pengguna: Principal,
    nama_berkas: str | None = None,
    sha256: str | None = None,
    catatan: str | None = None,
    contoh: bool = False,
    path: str | None = None,
    expect_state: tuple[int, int] | None = None,
    compared: dict[str, Comparison] | None = None,
    origin: record.Origin | None = None,
) -> list[int]:
    """Write several batches (one per dataset) and their rows in ONE transaction: all of them or nothing.
    `expect_state`: the state token a preview was computed against; if the data changed since, StateChanged and
    nothing is written. `compared` receives each dataset's comparison with the values it replaced. `pengguna` is
    the signed-in principal, whose scope lib.ingest.write (the one write path, the only caller) checked."""
    ids = []
    with _write_lock, connect(path) as con:
        migrate(con)
        with _transaction(con):
            if expect_state is not None and _state(con) != tuple(expect_state):
                raise StateChanged(
                    "Data berubah sejak pratinjau",
                    "Unggahan lain atau pembatalan batch mengubah data sejak pratinjau dihitung. "
                    "Tidak ada yang disimpan; periksa pratinjau lagi lalu simpan.",
                )
            for b in batches:
                ds = dataset(b.dataset)
                # The rows go over once (PostgreSQL: one COPY): compared, then stored from the same `incoming`.
                with con.incoming(ds, canonical(ds, b.rows)):
                    cmp = compared_incoming(con, ds)
                    batch_id = con.execute(
                        sql.INSERT_BATCH,
                        [
                            ds.nama,
                            pengguna.login,
                            b.waktu or _now(),
                            nama_berkas,
                            sha256,
                            cmp.count("baru"),
                            cmp.count("berubah"),
                            cmp.count("sama"),
                            catatan,
                            contoh,
                        ],
                    ).fetchall()[0][0]
                    con.execute(sql.insert_incoming(ds), [batch_id])
                if ds.nama == "tindak_lanjut":  # every follow-up an id, in its meeting
                    record.register(con, batch_id, origin, pengguna)
                if compared is not None:
                    compared[ds.nama] = cmp
                ids.append(batch_id)
                aksi = "ubah tindak lanjut" if ds.nama == "tindak_lanjut" and not nama_berkas else "simpan batch"
                done = ", ".join(x for x in (nama_berkas, f"{len(b.rows)} baris", catatan) if x)
                record_audit(con, pengguna, aksi, f"batch #{batch_id} ({ds.nama})", rincian=done)
            con.execute(sql.BUMP_CHANGES)
    return ids


def save_batch(dataset_name: str, rows: pd.DataFrame, pengguna: Principal, **kw) -> int:
    return save_batches([NewBatch(dataset_name, rows)], pengguna, **kw)[0]


def rollback_batch(batch_id: int, pengguna: Principal, path: str | None = None) -> dict:
    """Deactivate a batch: the values it set give way to the previous ones. Returns the batch as it was.
    An admin rolls back any batch, an operator only one holding nothing but their districts' rows."""
    with _write_lock, connect(path) as con:
        migrate(con)
        ds = _batch_dataset(con, batch_id)
        check_rollback_audited(con, pengguna, batch_id, ds)  # before the transaction: a refusal stays audited
        with _transaction(con):
            # `AND aktif` in the UPDATE: of two processes undoing the same batch at once, one changes it
            if not con.changed(sql.ROLLBACK, [pengguna.login, _now(), batch_id]):
                raise Refused("Batch sudah dibatalkan", f"Batch {batch_id} sudah tidak aktif.")
            record_audit(con, pengguna, "batalkan batch", f"batch #{batch_id} ({ds.nama})")
            con.execute(sql.BUMP_CHANGES)
        return {"id": batch_id, "dataset": ds.nama}


def current(dataset_name: str, path: str | None = None) -> pd.DataFrame:
    """Current values of a dataset, canonical columns, sorted by key."""
    ds = dataset(dataset_name)
    with connect(path) as con:
        migrate(con)
        return con.frame(sql.current(ds))


@dataclass(frozen=True)
class Snapshot:
    """One state of the store: its token, every dataset's current values and the freshness of each, as one read
    transaction saw them (a write committing meanwhile is in none of them)."""

    token: tuple[int, int]
    current: dict[str, pd.DataFrame]
    freshness: pd.DataFrame
    reports: pd.DataFrame  # per monthly dataset, district and month: when its first active batch was saved


def snapshot(path: str | None = None, categories: bool = False) -> Snapshot:
    """The store's state as one read transaction sees it. `categories`: the large datasets' code columns as
    categoricals (lib.store.frames.category_columns), for a copy held in memory (the dashboard's)."""
    codes = frames.category_columns if categories else lambda ds: ()
    with connect(path) as con:
        migrate(con)
        con.small_buffer()
        with con.reading():
            token = _state(con)
            out = {ds.nama: con.frame(sql.current(ds), categories=codes(ds)) for ds in DATASETS.values()}
            fresh = _freshness(con)
            reports = con.frame(sql.first_reports())
    _last_token[path or db_path()] = token
    frames.release_unused()
    return Snapshot(token, out, fresh, reports)


def current_all(path: str | None = None, categories: bool = False) -> dict[str, pd.DataFrame]:
    """Every dataset's current values, read in one opening of the database (see snapshot)."""
    return snapshot(path, categories).current


def current_of(names: list[str], path: str | None = None) -> dict[str, pd.DataFrame]:
    """The current values of the datasets named, read in one opening of the database (what an upload is checked
    against: its own datasets, not every one)."""
    with connect(path) as con:
        migrate(con)
        return {name: con.frame(sql.current(dataset(name))) for name in names}


def history(path: str | None = None) -> pd.DataFrame:
    with connect(path) as con:
        migrate(con)
        return con.frame(f"SELECT {', '.join(sql.BATCH_COLUMNS)} FROM batch ORDER BY id DESC")


def _batch_dataset(con, batch_id: int) -> Dataset:
    found = con.execute("SELECT dataset FROM batch WHERE id = ?", [batch_id]).fetchall()
    if not found:
        raise Refused("Batch tidak ditemukan", f"Tidak ada batch dengan nomor {batch_id}.")
    return dataset(found[0][0])


def batch_changes(batch_id: int, path: str | None = None) -> pd.DataFrame:
    """The rows of a batch with what each did: 'baru', 'berubah' (with the value before, as lama_<col>) or 'sama'.

    "Before" is the value of the latest active batch older than this one, i.e. what the batch replaced.
    """
    with connect(path) as con:
        migrate(con)
        ds = _batch_dataset(con, batch_id)
        return con.frame(sql.batch_changes(ds), [batch_id, batch_id])


def state_token(path: str | None = None) -> tuple[int, int]:
    """Changes with every write (new batch or rollback): the key for every cached read."""
    with connect(path) as con:
        migrate(con)
        _last_token[path or db_path()] = _state(con)
    return _last_token[path or db_path()]


def _state(con) -> tuple[int, int]:
    row = con.execute(sql.STATE_TOKEN).fetchall()[0]
    return int(row[0]), int(row[1])


def last_state_token(path: str | None = None) -> tuple[int, int] | None:
    """The state token this process last read from the database (None: never): the last good state, whose cached
    figures a page keeps showing while another process holds the file."""
    return _last_token.get(path or db_path())


def stamp(path: str | None = None) -> tuple:
    """Cheap, and changes with every committed write: when it is unchanged, `state_token()` is too.

    DuckDB: the file's and its write-ahead log's modification time and size (a stat, no opening).
    PostgreSQL: the counter in `meta` that every write bumps in its own transaction (one tiny query).
    """
    path = path or db_path()
    if is_server(path):
        from lib.store import postgres_backend

        return postgres_backend.stamp(path)
    return file_stamp(path)


def freshness(path: str | None = None) -> pd.DataFrame:
    """Per dataset: the latest active batch, when and by whom, and whether current rows include sample data."""
    with connect(path) as con:
        migrate(con)
        return _freshness(con)


def _freshness(con) -> pd.DataFrame:
    out = con.frame(sql.freshness())
    order = {name: i for i, name in enumerate(DATASETS)}
    return out.sort_values("dataset", key=lambda s: s.map(order)).reset_index(drop=True)


def _no_batch(con) -> bool:
    return con.execute("SELECT count(*) FROM batch").fetchall()[0][0] == 0
