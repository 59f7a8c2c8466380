"""The server backend: PostgreSQL (`ATENSI_DB=postgresql://…`) for several processes sharing one store.

psycopg 3 with one connection pool per URL and process. Connections run in autocommit mode, so the store's
`BEGIN TRANSACTION … COMMIT` means the same as on DuckDB; rows arrive by COPY; frames come back with the dtypes
DuckDB's `.df()` gives (the tests compare the two).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Collection, Iterator

import pandas as pd
import psycopg
import psycopg_pool
import pyarrow as pa

from lib.errors import UserError
from lib.schema import Dataset
from lib.store import frames, sql
from lib.store.unavailable import SHORT_WAIT_S, DatabaseDown, wait_s

Error = psycopg.Error
POOL_SIZE = 4  # connections per process: a Streamlit process serves its sessions from a few threads
CONNECT_TIMEOUT_S = 10.0
MIGRATION_LOCK = 4_727_001  # pg_advisory_xact_lock key: one process migrates, the others wait and find it done

_pools: dict[str, psycopg_pool.ConnectionPool] = {}
_pools_lock = threading.Lock()

_INTS = {20: "int64", 23: "int32", 21: "int16"}  # type OIDs: int8, int4, int2
_BOOL, _DATE, _TIMESTAMP, _TIMESTAMPTZ = 16, 1082, 1114, 1184
_TEXTS = {25, 1043, 1042, 705, 19}  # text, varchar, char, unknown, name


def _series(values: tuple, type_code: int) -> pd.Series:
    """One result column as DuckDB's `.df()` would give it: NULLs make int and bool columns nullable, text with
    no value at all (no rows, or only NULLs) is an object column."""
    has_null = any(v is None for v in values)
    if type_code in _INTS:
        kind = _INTS[type_code]
        return pd.Series(values, dtype=kind.capitalize() if has_null else kind)
    if type_code == _BOOL:
        return pd.Series(values, dtype="boolean" if has_null else bool)
    if type_code in (_DATE, _TIMESTAMP, _TIMESTAMPTZ):
        return pd.Series(pd.to_datetime(list(values)), dtype="datetime64[us]")
    if type_code in _TEXTS:
        return pd.Series(values, dtype="str" if any(v is not None for v in values) else object)
    return pd.Series(values, dtype=object)


def to_frame(rows: list[tuple], description) -> pd.DataFrame:
    columns = list(zip(*rows)) if rows else [()] * len(description)
    return pd.DataFrame({d.name: _series(c, d.type_code) for d, c in zip(description, columns)})


# Type OIDs read into Arrow (then pandas as DuckDB gives them, lib.store.frames); any other type: to_frame.
_ARROW = {20: pa.int64(), 23: pa.int32(), 21: pa.int16(), _BOOL: pa.bool_(), _DATE: pa.date32()}
_ARROW |= {_TIMESTAMP: pa.timestamp("us")} | {t: pa.string() for t in _TEXTS}
_ARROW[701] = pa.float64()  # float8: a follow-up's figure then (lib.store.follow_ups)
CHUNK_ROWS = 50_000  # rows made Python objects at a time: the national `layanan` at once is ~700 MB of them


def _arrow(cur: psycopg.Cursor) -> pa.Table:
    """The cursor's rows as an Arrow table, CHUNK_ROWS at a time."""
    schema = pa.schema([(d.name, _ARROW[d.type_code]) for d in cur.description or []])
    chunks = []
    while rows := cur.fetchmany(CHUNK_ROWS):
        columns = zip(*rows)
        chunks.append(pa.table([pa.array(c, f.type) for c, f in zip(columns, schema)], schema=schema))
        del rows, columns
    return pa.concat_tables(chunks) if chunks else schema.empty_table()


def _python(rows: pd.DataFrame) -> Iterator[tuple]:
    """Rows as tuples of plain Python values (None for every kind of missing), for COPY."""
    out = rows.astype(object).where(rows.notna(), None)
    return out.itertuples(index=False, name=None)


def _pg(query: str) -> str:
    return query.replace("%", "%%").replace("?", "%s")


class Connection:
    """The store's view of one pooled PostgreSQL connection (the same methods as the DuckDB one)."""

    def __init__(self, con: psycopg.Connection):
        self.raw = con

    def execute(self, query: str, params: list | tuple = ()) -> psycopg.Cursor:
        return self.raw.execute(_pg(query) if params else query, list(params) if params else None)

    def changed(self, query: str, params: list | tuple = ()) -> int:
        """Run an UPDATE; the number of rows it changed."""
        return self.execute(query, params).rowcount

    def frame(self, query: str, params: list | tuple = (), categories: Collection[str] = ()) -> pd.DataFrame:
        cur = self.execute(query, params)
        if all(d.type_code in _ARROW for d in cur.description or []):
            return frames.from_arrow(_arrow(cur), categories)
        out = to_frame(cur.fetchall(), cur.description)
        for col in categories:
            if out[col].dtype != object:  # an empty or all-NULL column stays as DuckDB's gives it
                out[col] = out[col].astype("category")
        return out

    def arrow(self, query: str) -> pa.Table:
        """A whole result as an Arrow table (a backup's table)."""
        return _arrow(self.execute(query))

    def load(self, table: str, rows: pa.Table) -> None:
        """Add an Arrow table's rows (its columns named as the table's) to `table` by COPY (a restore)."""
        with self.raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(rows.column_names)}) FROM STDIN") as copy:
            for chunk in rows.to_batches(CHUNK_ROWS):
                for row in zip(*(c.to_pylist() for c in chunk.columns)):
                    copy.write_row(row)

    def continue_sequence(self, sequence: str, last: int) -> None:
        """The next value of `sequence` comes after `last`."""
        self.raw.execute("SELECT setval(%s, %s)", [sequence, last])

    def small_buffer(self) -> None:
        """Nothing to do: the server's memory is not this process's."""

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Several reads that see one state: REPEATABLE READ takes one snapshot for the whole transaction."""
        self.raw.execute("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield
        finally:
            self.raw.execute("ROLLBACK")

    def lock_schema(self) -> None:
        """Within a transaction: wait until no other process is migrating."""
        self.raw.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK])

    @contextlib.contextmanager
    def incoming(self, ds: Dataset, rows: pd.DataFrame) -> Iterator[None]:
        """`rows` (canonical columns) readable as the table `incoming` while the block runs: a TEMP table."""
        self.raw.execute("DROP TABLE IF EXISTS pg_temp.incoming")
        self.raw.execute(f"CREATE TEMP TABLE incoming ({sql.column_types(ds)})")
        try:
            self.append("incoming", ds.kolom_nama, rows)
            yield
        finally:
            # Inside a failed transaction this fails too; the ROLLBACK that follows drops the table.
            with contextlib.suppress(psycopg.errors.InFailedSqlTransaction):
                self.raw.execute("DROP TABLE IF EXISTS pg_temp.incoming")

    def append(self, table: str, columns: list[str], rows: pd.DataFrame, batch_id: int | None = None) -> None:
        """Add `rows` to `table` (with `batch_id` as the first column when given) by COPY."""
        cols = ", ".join(["batch_id", *columns] if batch_id is not None else columns)
        with self.raw.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in _python(rows[columns]):
                copy.write_row((batch_id, *row) if batch_id is not None else row)


def _pool(url: str) -> psycopg_pool.ConnectionPool:
    """This process's pool for `url`, made on first use, after one direct connection shows the server answers
    (else the OperationalError: a pool would retry in the background for its whole timeout)."""
    with _pools_lock:
        pool = _pools.get(url)
        if pool is None:
            psycopg.connect(url, connect_timeout=int(CONNECT_TIMEOUT_S)).close()
            pool = psycopg_pool.ConnectionPool(
                url,
                min_size=1,
                max_size=POOL_SIZE,
                kwargs={"autocommit": True},
                timeout=CONNECT_TIMEOUT_S,
                check=psycopg_pool.ConnectionPool.check_connection,  # a connection the server dropped is replaced
                open=False,
            )
            try:
                pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
            except psycopg_pool.PoolTimeout:
                pool.close()
                raise psycopg.OperationalError("the pool's first connection timed out") from None
            _pools[url] = pool
        return pool


def _drop(url: str, pool: psycopg_pool.ConnectionPool) -> None:
    """Forget a pool whose server went away: the next operation makes a new one (at once, where the pool's own
    reconnection backs off to minutes)."""
    with _pools_lock:
        if _pools.get(url) is pool:
            del _pools[url]
    pool.close(timeout=1.0)


def _server_down(e: psycopg.OperationalError) -> bool:
    """The server does not answer or is stopping/starting (no SQLSTATE: refused, unreachable; class 08: the
    connection; 57P: shut down by its operator), rather than refusing us (password, unknown database)."""
    state = e.sqlstate or ""
    return not state or state.startswith(("08", "57P"))


def _down(url: str, e: Exception, waited: float | None = None) -> DatabaseDown:
    """`waited`: how long the server was waited for; None: it went away during the operation."""
    when = "memutus sambungan" if waited is None else f"tidak menjawab setelah {waited:.0f} detik"
    return DatabaseDown(
        "Server database tidak menjawab",
        f"Server PostgreSQL {when} (berhenti, sedang dimulai ulang, atau jaringannya putus). Coba lagi sebentar "
        "lagi; bila berlanjut, hubungi pengelola server.",
        f"{_safe(url)}: {e}",
    )


def _unopenable(url: str, e: Exception) -> UserError:
    return UserError(
        "Database tidak dapat dibuka",
        f"PostgreSQL {_safe(url)} menolak sambungan (pengguna, kata sandi atau nama database di ATENSI_DB). "
        f"Pesan server: {str(e).strip().splitlines()[-1] if str(e).strip() else e}",
    )


def _checkout(url: str, wait: float) -> tuple[psycopg_pool.ConnectionPool, psycopg.Connection]:
    """A checked connection of the pool. While the server does not answer: retried until `wait` seconds have
    passed (the command line says it waits), then DatabaseDown. A pool merely busy is waited for as before."""
    deadline, delay, told = time.monotonic() + wait, 0.1, False
    while True:
        pool = None
        try:
            pool = _pool(url)
            try:
                return pool, pool.getconn(timeout=max(deadline - time.monotonic(), SHORT_WAIT_S))
            except psycopg_pool.PoolTimeout:
                psycopg.connect(url, connect_timeout=int(CONNECT_TIMEOUT_S)).close()  # does the server answer?
                return pool, pool.getconn(timeout=CONNECT_TIMEOUT_S)  # yes: all connections busy, wait as before
        except psycopg.OperationalError as e:
            if not _server_down(e):
                raise _unopenable(url, e) from None
            if pool is not None:
                _drop(url, pool)
            if time.monotonic() + delay > deadline:
                raise _down(url, e, wait) from None
            if not told and wait > SHORT_WAIT_S:  # a short wait is not announced: the page says it
                print(
                    f"Menunggu server database {_safe(url)} yang belum menjawab (hingga {wait:.0f} detik)…",
                    file=sys.stderr,
                    flush=True,
                )
                told = True
            time.sleep(delay)  # back off: the server is stopped or restarting
            delay = min(delay * 2, 1.0)
        except psycopg_pool.PoolTimeout as e:  # busy for CONNECT_TIMEOUT_S more although the server answers
            raise _down(url, e, CONNECT_TIMEOUT_S) from None


def _safe(url: str) -> str:
    """The URL without a password, for messages."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    return f"{info.get('dbname', '')}@{info.get('host', '')}"


def close(url: str) -> None:
    """Close this process's pool for `url` (tests drop their databases after)."""
    with _pools_lock:
        pool = _pools.pop(url, None)
    if pool is not None:
        pool.close()


@contextlib.contextmanager
def connect(url: str, wait: float | None = None) -> Iterator[Connection]:
    """A connection from the pool for one operation; an unfinished transaction is rolled back on return. While the
    server does not answer, or when it goes away during the operation: DatabaseDown (see _checkout)."""
    pool, con = _checkout(url, wait_s(wait))
    try:
        yield Connection(con)
    except psycopg.OperationalError as e:
        if not (con.broken or con.closed):  # the server answered: an error of the operation itself
            raise
        _drop(url, pool)
        raise _down(url, e) from None
    finally:
        pool.putconn(con)


def stamp(url: str) -> tuple:
    """The server's write counter (bumped in the transaction of every write): one tiny query."""
    with connect(url) as con:
        try:
            return ("perubahan", con.raw.execute(sql.READ_CHANGES).fetchall()[0][0])
        except (psycopg.errors.UndefinedTable, IndexError):
            return ("perubahan", None)  # not migrated yet
