"""The audit trail outside a store write (sign-ins, account changes, boundaries): store.save_batches and
store.rollback_batch record theirs inside their own transaction."""

from __future__ import annotations

import pandas as pd

from lib import store


def audit_log(limit: int | None = None, path: str | None = None) -> pd.DataFrame:
    """The audit trail, newest first: waktu (UTC), login, peran, via, aksi, objek, hasil, rincian."""
    with store.connect(path) as con:
        store.migrate(con)
        sql = "SELECT id, waktu, login, peran, via, aksi, objek, hasil, rincian FROM audit ORDER BY id DESC"
        return con.frame(sql + (f" LIMIT {int(limit)}" if limit else ""))
