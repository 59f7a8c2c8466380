"""When the database cannot be used: the errors (no server path in their message: a browser shows it) and how
long an operation waits for a DuckDB file another process holds, or for a PostgreSQL server that does not answer.

DuckDB lets one process write at a time and nobody keeps the file open, so an operation may find it held: it waits
briefly by default (the dashboard then shows a waiting notice and its last good figures), up to LOCK_TIMEOUT_S on
the command line (`waiting(LOCK_TIMEOUT_S)`, with a message).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from lib.errors import UserError

LOCK_TIMEOUT_S = 30.0  # the command line's wait for a file another process holds
SHORT_WAIT_S = 1.0  # everyone else's (the dashboard's): a page says "wait" at once instead of hanging for 30 s
_wait: contextvars.ContextVar[float] = contextvars.ContextVar("store_wait", default=SHORT_WAIT_S)


class DatabaseUnavailable(UserError):
    """The database cannot be used. The message names no server path (a browser shows it); `where` (the path and
    the driver's words) is for the command line and the server's log."""

    def __init__(self, title: str, message: str, where: str):
        super().__init__(title, message)
        self.where = where


class DatabaseBusy(DatabaseUnavailable):
    """Another process holds the file (DuckDB lets one process open it for writing); it is free again soon."""


class DatabaseDamaged(DatabaseUnavailable):
    """The DuckDB file is damaged (cut off, blocks that fail their checksum) or is no DuckDB database at all (a
    SQLite file, text, random bytes): nothing in it is read; the way out is the last backup."""

    def __init__(self, path: str, why: str, where: str):
        name = path.replace("\\", "/").rsplit("/", 1)[-1]
        super().__init__(
            f"Berkas database {name} rusak atau bukan database ATENSI",
            f"Berkas database {name} (ATENSI_DB) {why}, sehingga isinya tidak dapat dibaca dengan aman; tidak ada "
            "yang diubah. Yang perlu dilakukan: simpan berkas ini untuk diperiksa (jangan dihapus), lalu pulihkan "
            "cadangan terakhir ke berkas baru: `python -m lib pulihkan CADANGAN.zip --user ADMIN` dengan ATENSI_DB "
            "menunjuk berkas baru itu (lihat README, Backup and restore), dan jalankan dasbor dengannya.",
            where,
        )


class DatabaseDown(DatabaseBusy):
    """The PostgreSQL server does not answer (stopped, restarting, unreachable). Waited for as a busy file is: the
    dashboard shows its waiting notice and retries by itself, the command line waits up to LOCK_TIMEOUT_S."""


@contextlib.contextmanager
def waiting(seconds: float) -> Iterator[None]:
    """Within the block, opening a file another process holds waits up to `seconds` (default SHORT_WAIT_S)."""
    before = _wait.set(seconds)
    try:
        yield
    finally:
        _wait.reset(before)


def wait_s(wait: float | None) -> float:
    """The wait in force: `wait` when given, else the block's (see waiting)."""
    return _wait.get() if wait is None else wait
