"""Sign-in attempts as the store counts them (lib.accounts.signin decides what they mean).

Every attempt is counted *before* its password is checked, each count one atomic statement (`UPDATE … SET gagal =
gagal + 1 … RETURNING`, an upsert for the per-address rows), all of an attempt's counts in one transaction: on
PostgreSQL the rows stay locked until it commits, so attempts on one account take turns across processes; on DuckDB
(one process writes the file) a lock in the process does the same. Parallel guesses therefore each see the count of
the ones before them, and the lock those set.

Three counts: the account's failures in a row (`akun.gagal`, any address; shown to admins), the typed login at one
client address and the address as a whole (`percobaan_masuk`). The typed login is kept only as an HMAC with a key of
the database's own (`meta.kunci_masuk`), so a password typed into the login field is never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import threading
from collections.abc import Callable
from dataclasses import dataclass

from lib.store import duckdb_backend

FORGET_AFTER = dt.timedelta(hours=1)  # failures of a login or an address older than this (and unlocked) are dropped
ADDRESS = ""  # `akun` of the row counting an address's failures whatever the login
_turns = threading.Lock()  # this process's attempts take turns in the store (DuckDB: one writer, conflicting rows)


@dataclass(frozen=True)
class Claim:
    """An attempt, counted: the account's failures in a row (None: no such account), the typed login's at this
    address and the address's, each including this attempt; `locked` when an earlier attempt's lock holds."""

    account: int | None
    pair: int
    address: int
    locked: bool


def turns() -> threading.Lock:
    """Held around each of an attempt's operations on the store."""
    return _turns


def is_database_error(e: BaseException) -> bool:
    """A database's own error (DuckDB or psycopg), never to be shown to a person signing in."""
    return isinstance(e, duckdb_backend.Error) or type(e).__module__.split(".")[0] == "psycopg"


def login_key(con, login: str) -> str:
    """The HMAC of a normalised login under this database's key: what `percobaan_masuk.akun` holds."""
    key = con.execute("SELECT nilai FROM meta WHERE kunci = 'kunci_masuk'").fetchall()[0][0].encode()
    return hmac.new(key, login.encode(), hashlib.sha256).hexdigest()[:32]


_COUNT = """INSERT INTO percobaan_masuk (akun, alamat, gagal, terkunci_sampai, terakhir) VALUES (?, ?, 1, NULL, ?)
            ON CONFLICT (akun, alamat) DO UPDATE SET
                gagal = CASE WHEN percobaan_masuk.terakhir < ?
                             AND coalesce(percobaan_masuk.terkunci_sampai, percobaan_masuk.terakhir) < ?
                        THEN 1 ELSE percobaan_masuk.gagal + 1 END,
                terakhir = excluded.terakhir
            RETURNING gagal, terkunci_sampai"""


def _count(con, akun: str, alamat: str, now: dt.datetime, wait: Callable[[int], int]) -> tuple[int, bool]:
    """One more failure of (akun, alamat); its count and whether an earlier lock holds. Sets its lock anew."""
    n, until = con.execute(_COUNT, [akun, alamat, now, now - FORGET_AFTER, now]).fetchall()[0]
    seconds = wait(int(n))
    if seconds:
        con.execute(
            "UPDATE percobaan_masuk SET terkunci_sampai = ? WHERE akun = ? AND alamat = ?",
            [now + dt.timedelta(seconds=seconds), akun, alamat],
        )
    return int(n), until is not None and now < until


def claim(
    con,
    login: str,
    akun: str,
    alamat: str,
    now: dt.datetime,
    pair_wait: Callable[[int], int],
    address_wait: Callable[[int], int],
) -> Claim:
    """Count an attempt as a failure before its password is checked (`succeeded` takes it back), in one
    transaction. `pair_wait(n)` / `address_wait(n)`: seconds refused after the n-th failure in a row."""
    con.execute("BEGIN TRANSACTION")
    try:
        rows = con.execute("UPDATE akun SET gagal = gagal + 1 WHERE login = ? RETURNING gagal", [login]).fetchall()
        pair, pair_locked = _count(con, akun, alamat, now, pair_wait)
        address, address_locked = _count(con, ADDRESS, alamat, now, address_wait)
        con.execute(
            "DELETE FROM percobaan_masuk WHERE terakhir < ? AND coalesce(terkunci_sampai, terakhir) < ?",
            [now - FORGET_AFTER, now],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return Claim(int(rows[0][0]) if rows else None, pair, address, pair_locked or address_locked)


def succeeded(con, login: str, akun: str, alamat: str) -> None:
    """A right password: the account's failures in a row and this login's at this address are forgotten (the
    address's count stays: one valid account must not reset an address guessing at others)."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("UPDATE akun SET gagal = 0, terkunci_sampai = NULL WHERE login = ?", [login])
        con.execute("DELETE FROM percobaan_masuk WHERE akun = ? AND alamat = ?", [akun, alamat])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def unlock(con, login: str | None, akun: str | None, alamat: str | None) -> int:
    """An admin's unlock: the account's count and every lock of its login (at any address), and/or every lock of an
    address. Returns the rows of `percobaan_masuk` removed."""
    removed = 0
    if login is not None and akun is not None:
        con.execute("UPDATE akun SET gagal = 0, terkunci_sampai = NULL WHERE login = ?", [login])
        removed += len(con.execute("DELETE FROM percobaan_masuk WHERE akun = ? RETURNING 1", [akun]).fetchall())
    if alamat:
        removed += len(con.execute("DELETE FROM percobaan_masuk WHERE alamat = ? RETURNING 1", [alamat]).fetchall())
    return removed
