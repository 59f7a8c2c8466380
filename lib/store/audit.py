"""The audit trail's writes: one line per action, inside the caller's transaction when there is one; and who may
write what (lib.principal's checks, with a refusal audited on its own)."""

from __future__ import annotations

import datetime as dt

from lib.errors import Refused
from lib.principal import DISTRICT, Principal, check_rollback
from lib.schema import Dataset
from lib.store import sql


def record_audit(con, who: Principal, aksi: str, objek: str, hasil: str = "berhasil", rincian: str = "") -> None:
    """One line of the audit trail, on `con` (inside the caller's transaction, if any)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.execute(sql.INSERT_AUDIT, [now, who.login, who.peran, who.via, aksi, objek, hasil, rincian])


def batch_districts(con, ds: Dataset, batch_id: int) -> list[str]:
    """The districts a batch holds rows of (none for a dataset without districts)."""
    if DISTRICT not in ds.kolom_nama:
        return []
    rows = con.execute(f"SELECT DISTINCT {DISTRICT} FROM {sql.table(ds)} WHERE batch_id = ?", [batch_id]).fetchall()
    return [r[0] for r in rows]


def check_rollback_audited(con, who: Principal, batch_id: int, ds: Dataset) -> None:
    """Refused (and audited) unless `who` may roll the batch back: an admin any, an operator only their own
    districts' batches."""
    try:
        check_rollback(who, batch_id, ds.nama, batch_districts(con, ds, batch_id))
    except Refused as e:
        record_audit(con, who, "batalkan batch", f"batch #{batch_id} ({ds.nama})", "ditolak", e.message)
        raise
