"""The embedded backend: one DuckDB file, opened for each operation and closed after it.

DuckDB lets one process write at a time, so nobody keeps the file open: each operation opens it, works and
closes it, and waits while another process holds it (lib.store.unavailable: how long, and the errors).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Collection, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from lib.schema import Dataset
from lib.store import frames
from lib.store.unavailable import SHORT_WAIT_S, DatabaseBusy, DatabaseDamaged, DatabaseUnavailable, wait_s

Error = duckdb.Error
READ_BUFFER = "100MB"
# No extension is fetched or loaded by itself: a SQLite file named as the database must not make DuckDB download
# its SQLite reader (an outside request) and open it as if it were ours.
OPEN_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
HEADER = 4096  # DuckDB's file starts with three headers of this size: the main one, then two database headers
_checked: set[str] = set()  # files whose storage this process checked at its first opening
_first_open = threading.Lock()


class Connection:
    """The store's view of one open DuckDB file (the same methods as the PostgreSQL one)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.raw = con

    def execute(self, sql: str, params: list | tuple = ()):
        return self.raw.execute(sql, list(params))

    def changed(self, sql: str, params: list | tuple = ()) -> int:
        """Run an UPDATE; the number of rows it changed."""
        return int(self.raw.execute(sql, list(params)).fetchall()[0][0])

    def frame(self, sql: str, params: list | tuple = (), categories: Collection[str] = ()) -> pd.DataFrame:
        # through Arrow, not `.df()`: see lib.store.frames
        return frames.from_arrow(self.raw.sql(sql, params=list(params)).to_arrow_table(), categories)

    def arrow(self, sql: str) -> pa.Table:
        """A whole result as an Arrow table (a backup's table)."""
        return self.raw.sql(sql).to_arrow_table()

    def load(self, table: str, rows: pa.Table) -> None:
        """Add an Arrow table's rows (its columns named as the table's) to `table` (a restore)."""
        cols = ", ".join(rows.column_names)
        with self._registered(rows):
            self.raw.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM incoming")

    def continue_sequence(self, sequence: str, last: int) -> None:
        """The next value of `sequence` comes after `last` (DuckDB cannot set a sequence: it is advanced)."""
        now = self.raw.execute(f"SELECT nextval('{sequence}')").fetchall()[0][0]
        if now < last:
            self.raw.execute(f"SELECT max(nextval('{sequence}')) FROM range(?)", [last - now])

    def small_buffer(self) -> None:
        """For a read of every current row: DuckDB's buffer kept small (a sort beyond it goes to a temporary file),
        so the server's peak is not the sort of the largest dataset (about 160 MB nationally, by default)."""
        self.raw.execute(f"SET memory_limit = '{READ_BUFFER}'")

    def lock_schema(self) -> None:
        """Nothing to do: the file is held by this process alone while it is open."""

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Several reads that see one state: a write of another thread of this process committing meanwhile is in
        none of them (DuckDB's transactions are snapshots)."""
        self.raw.execute("BEGIN TRANSACTION")
        try:
            yield
        finally:
            self.raw.execute("ROLLBACK")

    def incoming(self, ds: Dataset, rows: pd.DataFrame) -> contextlib.AbstractContextManager[None]:
        """`rows` (canonical columns) readable as the table `incoming` while the block runs."""
        return self._registered(rows)

    @contextlib.contextmanager
    def _registered(self, rows: pd.DataFrame | pa.Table) -> Iterator[None]:
        self.raw.register("incoming", rows)
        try:
            yield
        finally:
            # Inside a failed transaction DuckDB refuses even this; the transaction's own error is the one to show.
            with contextlib.suppress(duckdb.TransactionException):
                self.raw.unregister("incoming")

    def append(self, table: str, columns: list[str], rows: pd.DataFrame, batch_id: int | None = None) -> None:
        """Add `rows` to `table` (with `batch_id` as the first column when given), in bulk."""
        cols = ", ".join(columns)
        with self._registered(rows):
            if batch_id is None:
                self.raw.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM incoming")
            else:
                self.raw.execute(f"INSERT INTO {table} (batch_id, {cols}) SELECT ?, {cols} FROM incoming", [batch_id])


def _is_lock_error(e: Exception) -> bool:
    return "lock" in str(e).lower()


def damage(path: str) -> str | None:
    """What the file's first bytes say is wrong with it (None: they look like a DuckDB file): empty, a SQLite file,
    something else. DuckDB's file has "DUCK" at byte 8."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(3 * HEADER)
    except FileNotFoundError:
        return None
    if not head:
        return "kosong (0 byte)"
    if head.startswith(b"SQLite format 3\0"):
        return "adalah berkas SQLite, bukan database DuckDB"
    if head[8:12] != b"DUCK":
        return "bukan berkas database DuckDB (isinya teks atau data lain)"
    if len(head) < 3 * HEADER:
        return "terpotong (tidak utuh)"
    return None


def cut_off(con: duckdb.DuckDBPyConnection, path: str) -> bool:
    """Whether a block the tables' storage uses lies beyond the end of the file (a copy cut short): the check at a
    process's first opening. DuckDB reads a block only when a query needs it, so a file cut in half may still
    answer `history` from its first half. Reads only the storage's metadata (pragma_storage_info), not the rows."""
    tables = con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()
    if not tables:
        return False
    used = " UNION ALL ".join(
        f"SELECT max(greatest(block_id, coalesce(list_max(additional_block_ids), -1))) AS b "
        f"FROM pragma_storage_info('{name}') WHERE persistent"
        for (name,) in tables
    )
    last = con.execute(f"SELECT max(b) FROM ({used})").fetchall()[0][0]
    block_size = con.execute("SELECT block_size FROM pragma_database_size()").fetchall()[0][0]
    return last is not None and last >= (Path(path).stat().st_size - 3 * HEADER) // block_size


def _damaged(path: str, e: Exception) -> DatabaseDamaged | None:
    """The error DuckDB gave, as damage of the file (None: another kind of error)."""
    text = str(e)
    if "not a valid DuckDB database" in text:
        why = damage(path) or "bukan berkas database DuckDB"
    elif "Could not read enough bytes" in text:
        why = "terpotong (tidak utuh)"
    elif "checksum" in text or "Corrupt database" in text:
        why = "rusak (isi bloknya tidak cocok dengan checksum-nya)"
    else:
        return None
    return DatabaseDamaged(path, why, f"{path}: {text.splitlines()[0]}")


def _open(path: str) -> duckdb.DuckDBPyConnection:
    """The file opened. At a process's first opening of it, its storage is checked (cut_off) while no other thread of
    this process can open it (so none writes meanwhile) and DuckDB's lock keeps other processes out."""
    if path in _checked:
        return duckdb.connect(path, config=OPEN_CONFIG)  # type: ignore[arg-type]
    with _first_open:
        con = duckdb.connect(path, config=OPEN_CONFIG)  # type: ignore[arg-type]
        if path not in _checked:
            try:
                if cut_off(con, path):
                    why = "terpotong (tidak utuh: bloknya ada di luar ujung berkas)"
                    raise DatabaseDamaged(path, why, f"{path}: {why}")
            except BaseException:
                con.close()
                raise
            _checked.add(path)
        return con


@contextlib.contextmanager
def connect(path: str, wait: float | None = None) -> Iterator[Connection]:
    """Open the file for one operation, waiting up to `wait` seconds (default: see lib.store.unavailable.waiting)
    while another process holds it; then DatabaseBusy. A damaged or foreign file: DatabaseDamaged, at opening or
    whenever a read finds the damage."""
    wait = wait_s(wait)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    deadline, delay, told = time.monotonic() + wait, 0.05, False
    while True:
        try:
            con = _open(path)
            break
        except duckdb.Error as e:
            if (found := _damaged(path, e)) is not None:
                raise found from None
            if not _is_lock_error(e) and (why := damage(path)):  # e.g. a SQLite file: DuckDB asks for its reader
                raise DatabaseDamaged(path, why, f"{path}: {str(e).splitlines()[0]}") from None
            if not isinstance(e, duckdb.IOException) or not _is_lock_error(e):
                raise DatabaseUnavailable(
                    "Database tidak dapat dibuka",
                    "Berkas database (ATENSI_DB) tidak dapat dibuka. Periksa berkas dan hak aksesnya di server.",
                    f"{path}: {e}",
                ) from None
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
        yield Connection(con)
    except duckdb.Error as e:
        if (found := _damaged(path, e)) is not None:
            raise found from None
        raise
    finally:
        con.close()


def file_stamp(path: str) -> tuple:
    """Modification time and size of a file and its write-ahead log: any file (the boundaries, the configuration);
    for the DuckDB file it changes with every write."""
    out: list[tuple[int, int] | None] = []
    for p in (Path(path), Path(path + ".wal")):
        try:
            s = p.stat()
            out.append((s.st_mtime_ns, s.st_size))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)
