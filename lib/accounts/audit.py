"""The audit trail outside a store write (sign-ins, account changes, boundaries): store.save_batches and
store.rollback_batch record theirs inside their own transaction."""

from __future__ import annotations

import pandas as pd

from lib import store

SIGN_IN = "masuk"  # the action of a sign-in line (success, failure, lockout)


def audit_log(limit: int | None = None, path: str | None = None, sign_ins: bool = True) -> pd.DataFrame:
    """The audit trail, newest first: waktu (UTC), login, peran, via, aksi, objek, hasil, rincian. `sign_ins=False`
    leaves out the sign-in lines (who tried to sign in, from where): those are an admin's to read."""
    with store.connect(path) as con:
        store.migrate(con)
        where = "" if sign_ins else f" WHERE aksi <> '{SIGN_IN}'"
        sql = f"SELECT id, waktu, login, peran, via, aksi, objek, hasil, rincian FROM audit{where} ORDER BY id DESC"
        return con.frame(sql + (f" LIMIT {int(limit)}" if limit else ""))
