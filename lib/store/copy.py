"""A copy of the whole store into an empty PostgreSQL database (`python -m lib salin-ke`): moving a deployment from one
laptop's DuckDB file to a server."""

from __future__ import annotations

from lib import store  # the package's connect, migrate, _transaction (this module is part of it)
from lib.errors import Refused, UserError
from lib.principal import Principal, require_admin
from lib.store import record, sql
from lib.store.audit import record_audit


def copy_to(target: str, source: str | None = None, *, pengguna: Principal) -> dict[str, int]:
    """Copy the whole store (every batch as it is: ids, users, times, rollbacks, notes; every data row; the
    accounts and the audit trail) from `source` (ATENSI_DB) into the empty PostgreSQL database `target`, in one
    transaction, by an admin (audited in the copy). Returns rows per table."""
    require_admin(pengguna, "menyalin database")
    source = source or store.db_path()
    if not store.is_server(target):
        raise UserError("Tujuan bukan PostgreSQL", f"Tujuan harus berupa alamat postgresql://…, bukan {target}.")
    if target == source:
        raise UserError("Tujuan sama dengan sumber", "Sebutkan database PostgreSQL lain sebagai tujuan.")
    with store.connect(source) as src:
        store.migrate(src)
        batches = src.frame(f"SELECT {', '.join(sql.BATCH_COLUMNS)} FROM batch ORDER BY id")
        rows = {
            ds.nama: src.frame(f"SELECT batch_id, {', '.join(ds.kolom_nama)} FROM {sql.table(ds)} ORDER BY batch_id")
            for ds in store.DATASETS.values()
        }
        akun = src.frame(f"SELECT {', '.join(sql.AKUN_COLUMNS)} FROM akun ORDER BY login")
        audit = src.frame(f"SELECT {', '.join(sql.AUDIT_COLUMNS)} FROM audit ORDER BY id")
        rapat = src.frame(f"SELECT {', '.join(sql.RAPAT_COLUMNS)} FROM rapat ORDER BY id")
        kept = record.read_tables(src)
    with store.connect(target) as dst:
        store.migrate(dst)
        with store._transaction(dst):
            dst.lock_schema()  # two copies at once: the second waits, then finds batches and refuses
            found = dst.execute("SELECT (SELECT count(*) FROM batch) + (SELECT count(*) FROM akun)").fetchall()[0][0]
            if found:
                raise Refused(
                    "Database tujuan sudah berisi data",
                    f"Tujuan sudah memiliki {found} batch atau akun; salinan hanya ke database yang masih kosong.",
                )
            dst.append("batch", sql.BATCH_COLUMNS, batches)
            for ds in store.DATASETS.values():
                dst.append(sql.table(ds), ["batch_id", *ds.kolom_nama], rows[ds.nama])
            dst.append("akun", sql.AKUN_COLUMNS, akun)
            dst.append("audit", sql.AUDIT_COLUMNS, audit)
            dst.append("rapat", sql.RAPAT_COLUMNS, rapat)
            record.copy_tables(dst, kept)
            for table, ids in (("batch", batches["id"]), ("audit", audit["id"]), ("rapat", rapat["id"])):
                if len(ids):  # the next id continues after the copied ones
                    dst.execute(f"SELECT setval('{table}_id_seq', ?)", [int(ids.max())])
            record_audit(dst, pengguna, "salin database", "ke PostgreSQL ini", rincian=f"{len(batches)} batch")
            dst.execute(sql.BUMP_CHANGES)
    return {
        "batch": len(batches),
        **{name: len(df) for name, df in rows.items()},
        "akun": len(akun),
        "audit": len(audit),
        "rapat": len(rapat),
        **{t: len(df) for t, df in kept.items()},
    }
