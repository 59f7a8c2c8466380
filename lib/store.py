"""The versioned store: one DuckDB file holding every dataset as append-only batches.

- Every write is a batch (who, when, file, SHA-256, counts); a batch and its rows are written in one
  transaction by `save_batches`, the only function that adds data.
- The current value of a key is its value in the latest *active* batch that holds the key. Rolling a batch back
  marks it inactive, so the previous values return; no data row is ever changed or deleted.
- The dashboard and the command line share the file. DuckDB lets one process write at a time, so nobody keeps
  the file open: each operation opens it, works and closes it, and waits while another process holds it: briefly
  by default (the dashboard then shows a waiting page and its last good figures), up to 30 s on the command line
  (`waiting(LOCK_TIMEOUT_S)`, with a message). Readers cache by `state_token()`, which changes with every write.
- Errors about the file name no server path in their message (a browser shows it); `where` holds it.
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from lib.config import setting
from lib.errors import Refused, UserError
from lib.principal import DISTRICT, Principal, check_rollback, check_rows
from lib.schema import BILANGAN, DATASETS, SQL_TYPES, TAHUN, Dataset, dataset

SCHEMA_VERSION = 2
LOCK_TIMEOUT_S = 30.0  # the command line's wait for a file another process holds
SHORT_WAIT_S = 1.0  # everyone else's (the dashboard's): a page says "wait" at once instead of hanging for 30 s
_wait: contextvars.ContextVar[float] = contextvars.ContextVar("store_wait", default=SHORT_WAIT_S)
_last_token: dict[str, tuple[int, int]] = {}  # per database: the state token last read


class DatabaseUnavailable(UserError):
    """The database file cannot be used. The message names no server path (a browser shows it); `where` (the
    path and DuckDB's words) is for the command line and the server's log."""

    def __init__(self, title: str, message: str, where: str):
        super().__init__(title, message)
        self.where = where


class DatabaseBusy(DatabaseUnavailable):
    """Another process holds the file (DuckDB lets one process open it for writing); it is free again soon."""


@contextlib.contextmanager
def waiting(seconds: float) -> Iterator[None]:
    """Within the block, opening a file another process holds waits up to `seconds` (default SHORT_WAIT_S)."""
    before = _wait.set(seconds)
    try:
        yield
    finally:
        _wait.reset(before)


def _table(ds: Dataset) -> str:
    return f"data_{ds.nama}"


def _view(ds: Dataset) -> str:
    return f"kini_{ds.nama}"


def _create_dataset_sql(ds: Dataset) -> list[str]:
    cols = []
    for k in ds.kolom:
        sql = f"{k.name} {SQL_TYPES[k.kind]}"
        if k.name in ds.kunci:
            sql += " NOT NULL"
        if k.kind == BILANGAN:
            sql += f" CHECK ({k.name} >= 0)"
        cols.append(sql)
    keys = ", ".join(ds.kunci)
    return [
        f"CREATE TABLE {_table(ds)} (batch_id INTEGER NOT NULL REFERENCES batch(id), {', '.join(cols)}, "
        f"PRIMARY KEY (batch_id, {keys}))",
        # Latest active batch wins, key by key. DISTINCT ON works the same in DuckDB and PostgreSQL.
        f"CREATE VIEW {_view(ds)} AS SELECT DISTINCT ON ({keys}) d.* FROM {_table(ds)} d "
        f"JOIN batch b ON b.id = d.batch_id WHERE b.aktif ORDER BY {keys}, d.batch_id DESC",
    ]


# Migrations: MIGRATIONS[v] brings a file from version v-1 to v. Append, never edit a released one.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE TABLE meta (kunci VARCHAR PRIMARY KEY, nilai VARCHAR)",
        "CREATE SEQUENCE batch_id_seq START 1",
        """CREATE TABLE batch (
            id INTEGER PRIMARY KEY DEFAULT nextval('batch_id_seq'),
            dataset VARCHAR NOT NULL,
            pengguna VARCHAR NOT NULL,
            waktu TIMESTAMP NOT NULL,          -- UTC
            nama_berkas VARCHAR,
            sha256 VARCHAR,
            baris_baru INTEGER NOT NULL,
            baris_berubah INTEGER NOT NULL,
            baris_sama INTEGER NOT NULL,
            catatan VARCHAR,
            contoh BOOLEAN NOT NULL DEFAULT FALSE,   -- seeded sample data (DATA CONTOH)
            aktif BOOLEAN NOT NULL DEFAULT TRUE,
            dibatalkan_oleh VARCHAR,
            dibatalkan_pada TIMESTAMP
        )""",
        *[sql for ds in DATASETS.values() for sql in _create_dataset_sql(ds)],
    ],
    # --- accounts and audit (lib.accounts, lib.principal) -------------------------------------------------------
    # Standard SQL only (DuckDB and PostgreSQL): accounts keyed by login name or e-mail; the audit trail.
    2: [
        """CREATE TABLE akun (
            login VARCHAR PRIMARY KEY,            -- login name or e-mail (OIDC accounts are matched by e-mail)
            nama VARCHAR NOT NULL DEFAULT '',
            peran VARCHAR NOT NULL,               -- pembaca, operator, admin
            wilayah VARCHAR NOT NULL DEFAULT '',  -- an operator's districts: Kemendagri codes, comma-separated
            hash_sandi VARCHAR,                   -- argon2id; NULL: no local password (OIDC only)
            aktif BOOLEAN NOT NULL DEFAULT TRUE,
            gagal INTEGER NOT NULL DEFAULT 0,     -- failed sign-ins in a row
            terkunci_sampai TIMESTAMP,            -- UTC: no sign-in before this, after repeated failures
            dibuat TIMESTAMP NOT NULL,
            diubah TIMESTAMP NOT NULL
        )""",
        "CREATE SEQUENCE audit_id_seq START 1",
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY DEFAULT nextval('audit_id_seq'),
            waktu TIMESTAMP NOT NULL,             -- UTC
            login VARCHAR NOT NULL,               -- the authenticated identity (or the name typed at a failed sign-in)
            peran VARCHAR NOT NULL,
            via VARCHAR NOT NULL,                 -- lokal, oidc, baris perintah (OS: user), sistem
            aksi VARCHAR NOT NULL,
            objek VARCHAR NOT NULL,
            hasil VARCHAR NOT NULL,               -- berhasil, ditolak, gagal
            rincian VARCHAR NOT NULL DEFAULT ''
        )""",
    ],
}


def record_audit(con, who: Principal, aksi: str, objek: str, hasil: str = "berhasil", rincian: str = "") -> None:
    """One line of the audit trail, on `con` (inside the caller's transaction, if any)."""
    con.execute("INSERT INTO audit (waktu, login, peran, via, aksi, objek, hasil, rincian) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [dt.datetime.now(dt.UTC).replace(tzinfo=None), who.login, who.peran, who.via, aksi, objek, hasil,
                 rincian])


def record_refusal(who: Principal, aksi: str, objek: str, e: Refused, path: str | None = None) -> None:
    """A refused write, audited in its own connection (the write itself changed nothing)."""
    with connect(path) as con:
        migrate(con)
        record_audit(con, who, aksi, objek, "ditolak", e.message)
# --- end accounts and audit -------------------------------------------------------------------------------------


def db_path() -> str:
    return setting("ATENSI_DB")


def _is_lock_error(e: Exception) -> bool:
    return "lock" in str(e).lower()


@contextlib.contextmanager
def connect(path: str | None = None, wait: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the database for one operation, waiting up to `wait` seconds (default: see `waiting`) while another
    process holds it; then DatabaseBusy."""
    path = path or db_path()
    wait = _wait.get() if wait is None else wait
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    deadline, delay, told = time.monotonic() + wait, 0.05, False
    while True:
        try:
            con = duckdb.connect(path)
            break
        except duckdb.IOException as e:
            if not _is_lock_error(e):
                raise DatabaseUnavailable("Database tidak dapat dibuka",
                                          "Berkas database (ATENSI_DB) tidak dapat dibuka. Periksa berkas dan hak "
                                          "aksesnya di server.", f"{path}: {e}") from None
            if time.monotonic() > deadline:
                raise DatabaseBusy(
                    "Database sedang dipakai",
                    f"Proses lain masih memakai database setelah {wait:.0f} detik. Coba lagi sebentar lagi.",
                    f"{path} dipegang proses lain: {e}",
                ) from None
            if not told and wait > SHORT_WAIT_S:  # a short wait is not announced: the page says it
                print(f"Menunggu database {path} yang sedang dipakai proses lain…", file=sys.stderr, flush=True)
                told = True
            time.sleep(delay)  # back off: another process holds DuckDB's write lock
            delay = min(delay * 2, 0.5)
    try:
        con.execute("SET enable_progress_bar = false")  # no progress bars on the command line's terminal
        yield con
    finally:
        con.close()


def schema_version(con) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    row = con.execute("SELECT nilai FROM meta WHERE kunci = 'schema_version'").fetchall()
    return int(row[0][0]) if row else 0


def migrate(con) -> int:
    """Bring the file to SCHEMA_VERSION, one migration per transaction. Returns the version found."""
    found = schema_version(con)
    if found > SCHEMA_VERSION:
        raise UserError(
            "Database dari versi lebih baru",
            f"Berkas ini berskema versi {found}, aplikasi ini hanya mengenal sampai versi {SCHEMA_VERSION}. "
            "Perbarui aplikasi.",
        )
    for v in range(found + 1, SCHEMA_VERSION + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            for sql in MIGRATIONS[v]:
                con.execute(sql)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(v)])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return found


def init_db(path: str | None = None) -> None:
    with connect(path) as con:
        migrate(con)


@dataclass
class NewBatch:
    """Rows of one dataset to be stored as one batch."""

    dataset: str
    rows: pd.DataFrame


@dataclass
class Comparison:
    """How incoming rows relate to the current values: each row's status and, where changed, its old values."""

    rows: pd.DataFrame  # incoming rows + `perubahan` ('baru' / 'berubah' / 'sama') + `lama_<col>` per value column

    def count(self, perubahan: str) -> int:
        return int((self.rows["perubahan"] == perubahan).sum())


def _canonical(ds: Dataset, df: pd.DataFrame) -> pd.DataFrame:
    """Columns in contract order, keys never NULL (a blank district in tindak_lanjut is '')."""
    missing = [c for c in ds.kolom_nama if c not in df.columns]
    if missing:
        raise ValueError(f"{ds.nama}: kolom hilang {missing}")
    out = df[ds.kolom_nama].copy()
    for k in ds.kunci:
        if ds.jenis(k) not in (BILANGAN, TAHUN):
            out[k] = out[k].fillna("").astype(str)
    return out


def _unregister(con) -> None:
    # Inside a failed transaction DuckDB refuses even this; the transaction's own error is the one to show.
    with contextlib.suppress(duckdb.TransactionException):
        con.unregister("incoming")


def compare_rows(con, ds: Dataset, df: pd.DataFrame) -> Comparison:
    incoming = _canonical(ds, df)
    con.register("incoming", incoming)
    try:
        on = " AND ".join(f"i.{k} = k.{k}" for k in ds.kunci)
        differs = " OR ".join(f"i.{c} IS DISTINCT FROM k.{c}" for c in ds.nilai)
        old = ", ".join(f"k.{c} AS lama_{c}" for c in ds.nilai)
        out = con.execute(
            f"""SELECT i.*, CASE WHEN k.{ds.kunci[0]} IS NULL THEN 'baru'
                                 WHEN {differs} THEN 'berubah' ELSE 'sama' END AS perubahan, {old}
                FROM incoming i LEFT JOIN {_view(ds)} k ON {on}"""
        ).df()
    finally:
        _unregister(con)
    return Comparison(out)


def compare(dataset_name: str, rows: pd.DataFrame, path: str | None = None) -> Comparison:
    """How rows would change the current values (for a preview), without writing anything."""
    with connect(path) as con:
        migrate(con)
        return compare_rows(con, dataset(dataset_name), rows)


def save_batches(
    batches: list[NewBatch],
    pengguna: Principal,
    nama_berkas: str | None = None,
    sha256: str | None = None,
    catatan: str | None = None,
    contoh: bool = False,
    path: str | None = None,
) -> list[int]:
    """Write several batches (one per dataset) and their rows in ONE transaction: all of them or nothing.
    `pengguna` is the signed-in principal: rows outside its scope are refused (lib.principal) and nothing is written."""
    try:
        for b in batches:
            check_rows(pengguna, b.dataset, b.rows)
    except Refused as e:
        record_refusal(pengguna, "simpan batch", nama_berkas or ", ".join(b.dataset for b in batches), e, path)
        raise
    ids = []
    with connect(path) as con:
        migrate(con)
        con.execute("BEGIN TRANSACTION")
        try:
            for b in batches:
                ds = dataset(b.dataset)
                cmp = compare_rows(con, ds, b.rows)
                now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
                batch_id = con.execute(
                    """INSERT INTO batch (dataset, pengguna, waktu, nama_berkas, sha256, baris_baru, baris_berubah,
                       baris_sama, catatan, contoh) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                    [ds.nama, pengguna.login, now, nama_berkas, sha256, cmp.count("baru"), cmp.count("berubah"),
                     cmp.count("sama"), catatan, contoh],
                ).fetchall()[0][0]
                rows = _canonical(ds, b.rows)
                con.register("incoming", rows)
                try:
                    cols = ", ".join(ds.kolom_nama)
                    con.execute(f"INSERT INTO {_table(ds)} (batch_id, {cols}) SELECT ?, {cols} FROM incoming",
                                [batch_id])
                finally:
                    _unregister(con)
                ids.append(batch_id)
                aksi = "ubah tindak lanjut" if ds.nama == "tindak_lanjut" and not nama_berkas else "simpan batch"
                record_audit(con, pengguna, aksi, f"batch #{batch_id} ({ds.nama})", rincian=", ".join(
                    x for x in (nama_berkas, f"{len(rows)} baris", catatan) if x))
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return ids


def save_batch(dataset_name: str, rows: pd.DataFrame, pengguna: Principal, **kw) -> int:
    return save_batches([NewBatch(dataset_name, rows)], pengguna, **kw)[0]


def rollback_batch(batch_id: int, pengguna: Principal, path: str | None = None) -> dict:
    """Deactivate a batch: the values it set give way to the previous ones. Returns the batch as it was.
    An admin rolls back any batch, an operator only one holding nothing but their districts' rows."""
    with connect(path) as con:
        migrate(con)
        rows = con.execute("SELECT id, dataset, aktif FROM batch WHERE id = ?", [batch_id]).fetchall()
        if not rows:
            raise Refused("Batch tidak ditemukan", f"Tidak ada batch dengan nomor {batch_id}.")
        if not rows[0][2]:
            raise Refused("Batch sudah dibatalkan", f"Batch {batch_id} sudah tidak aktif.")
        ds = dataset(rows[0][1])
        districts = [r[0] for r in con.execute(f"SELECT DISTINCT {DISTRICT} FROM {_table(ds)} WHERE batch_id = ?",
                                                [batch_id]).fetchall()] if DISTRICT in ds.kolom_nama else []
        try:
            check_rollback(pengguna, batch_id, ds.nama, districts)
        except Refused as e:
            record_audit(con, pengguna, "batalkan batch", f"batch #{batch_id} ({ds.nama})", "ditolak", e.message)
            raise
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        con.execute("BEGIN TRANSACTION")
        con.execute(
            "UPDATE batch SET aktif = FALSE, dibatalkan_oleh = ?, dibatalkan_pada = ? WHERE id = ?",
            [pengguna.login, now, batch_id],
        )
        record_audit(con, pengguna, "batalkan batch", f"batch #{batch_id} ({ds.nama})")
        con.execute("COMMIT")
        return {"id": rows[0][0], "dataset": rows[0][1]}


def current(dataset_name: str, path: str | None = None) -> pd.DataFrame:
    """Current values of a dataset, canonical columns, sorted by key."""
    ds = dataset(dataset_name)
    with connect(path) as con:
        migrate(con)
        return con.execute(
            f"SELECT {', '.join(ds.kolom_nama)} FROM {_view(ds)} ORDER BY {', '.join(ds.kunci)}"
        ).df()


def current_all(path: str | None = None) -> dict[str, pd.DataFrame]:
    """Every dataset's current values, read in one opening of the file."""
    out = {}
    with connect(path) as con:
        migrate(con)
        for ds in DATASETS.values():
            out[ds.nama] = con.execute(
                f"SELECT {', '.join(ds.kolom_nama)} FROM {_view(ds)} ORDER BY {', '.join(ds.kunci)}"
            ).df()
    return out


def history(path: str | None = None) -> pd.DataFrame:
    with connect(path) as con:
        migrate(con)
        return con.execute("SELECT * FROM batch ORDER BY id DESC").df()


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
        keys = ", ".join(ds.kunci)
        on = " AND ".join(f"d.{k} = p.{k}" for k in ds.kunci)
        differs = " OR ".join(f"d.{c} IS DISTINCT FROM p.{c}" for c in ds.nilai)
        old = ", ".join(f"p.{c} AS lama_{c}" for c in ds.nilai)
        cols = ", ".join(f"d.{c}" for c in ds.kolom_nama)
        return con.execute(
            f"""WITH p AS (SELECT DISTINCT ON ({keys}) x.* FROM {_table(ds)} x JOIN batch b ON b.id = x.batch_id
                           WHERE b.aktif AND x.batch_id < ? ORDER BY {keys}, x.batch_id DESC)
                SELECT {cols}, CASE WHEN p.{ds.kunci[0]} IS NULL THEN 'baru' WHEN {differs} THEN 'berubah'
                                    ELSE 'sama' END AS perubahan, {old}
                FROM {_table(ds)} d LEFT JOIN p ON {on} WHERE d.batch_id = ?
                ORDER BY (perubahan = 'sama'), {", ".join("d." + k for k in ds.kunci)}""",
            [batch_id, batch_id],
        ).df()


def state_token(path: str | None = None) -> tuple[int, int]:
    """Changes with every write (new batch or rollback): the key for every cached read."""
    with connect(path) as con:
        migrate(con)
        row = con.execute(
            "SELECT coalesce(max(id), 0), count(*) FILTER (WHERE NOT aktif) FROM batch"
        ).fetchall()[0]
    _last_token[path or db_path()] = (int(row[0]), int(row[1]))
    return _last_token[path or db_path()]


def last_state_token(path: str | None = None) -> tuple[int, int] | None:
    """The state token this process last read from the database (None: never): the last good state, whose cached
    figures a page keeps showing while another process holds the file."""
    return _last_token.get(path or db_path())


def file_stamp(path: str | None = None) -> tuple:
    """Modification time and size of the database file and its write-ahead log: changes with every write."""
    path = path or db_path()
    out = []
    for p in (Path(path), Path(path + ".wal")):
        try:
            s = p.stat()
            out.append((s.st_mtime_ns, s.st_size))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


def freshness(path: str | None = None) -> pd.DataFrame:
    """Per dataset: the latest active batch, when and by whom, and whether current rows include sample data."""
    parts = []
    with connect(path) as con:
        migrate(con)
        for ds in DATASETS.values():
            parts.append(
                f"""SELECT '{ds.nama}' AS dataset,
                    (SELECT max(b.id) FROM batch b WHERE b.aktif AND b.dataset = '{ds.nama}') AS batch_id,
                    (SELECT count(*) FROM {_view(ds)}) AS baris,
                    (SELECT count(*) FROM {_view(ds)} v JOIN batch b ON b.id = v.batch_id WHERE b.contoh) AS baris_contoh"""
            )
        out = con.execute(
            f"""SELECT f.dataset, f.batch_id, f.baris, f.baris_contoh, b.waktu, b.pengguna, b.nama_berkas
                FROM ({' UNION ALL '.join(parts)}) f LEFT JOIN batch b ON b.id = f.batch_id"""
        ).df()
    order = {name: i for i, name in enumerate(DATASETS)}
    return out.sort_values("dataset", key=lambda s: s.map(order)).reset_index(drop=True)


def is_empty(path: str | None = None) -> bool:
    with connect(path) as con:
        migrate(con)
        return con.execute("SELECT count(*) FROM batch").fetchall()[0][0] == 0
