"""The sample data (DATA CONTOH) in the store: removing it in one step when a Sentra goes live.

Every active sample batch (`batch.contoh`) is rolled back in one transaction by an admin, as one line of the audit
trail: the figures then come from real uploads only, and the sample stays in the history (a rollback never deletes).
"""

from __future__ import annotations

from lib import store  # the package's connect, migrate, _transaction, _write_lock (this module is part of it)
from lib.errors import Refused
from lib.principal import Principal, require_admin
from lib.store import sql
from lib.store.audit import record_audit

SAMPLE_FILE = "Data contoh"  # what a sample batch names as its file (no person gave one; never a code path)
ACTIVE_SAMPLE = "SELECT id, dataset FROM batch WHERE contoh AND aktif ORDER BY id"


def roll_back_sample(pengguna: Principal, path: str | None = None) -> list[int]:
    """Roll back every active sample batch at once (admins only); audited as one step. Returns their ids; Refused
    when there is none."""
    require_admin(pengguna, "menghapus data contoh")
    with store._write_lock, store.connect(path) as con:
        store.migrate(con)
        with store._transaction(con):
            found = con.execute(ACTIVE_SAMPLE).fetchall()
            if not found:
                raise Refused("Tidak ada data contoh", "Tidak ada batch data contoh yang masih aktif.")
            con.execute(
                "UPDATE batch SET aktif = FALSE, dibatalkan_oleh = ?, dibatalkan_pada = ? WHERE contoh AND aktif",
                [pengguna.login, store._now()],
            )
            ids = [int(r[0]) for r in found]
            listed = ", ".join(f"#{i} ({d})" for i, d in found)
            record_audit(con, pengguna, "hapus data contoh", f"{len(ids)} batch", rincian=listed)
            con.execute(sql.BUMP_CHANGES)
    return ids
