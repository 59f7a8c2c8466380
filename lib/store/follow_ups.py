"""The meeting's record: every follow-up its own id in the meeting where it was agreed, the meeting's notulis, and the
slide its presenter last showed.

A follow-up's values (who, by when, status, notes) stay in the dataset `tindak_lanjut`, one version per batch: an
upload, an edit on Tindak Lanjut, a capture while presenting and a carry-over are batches like any other, so the
status history is the batches that held the follow-up's key, and a rollback brings the previous values back. The
table `tindak_lanjut` gives each key (rapat, kode_wilayah, uraian) an id and its meeting (`rapat.id`), and, for one
captured while presenting, where it came from: the slide, the measure on it and the figure then. `register` runs in
the transaction of every `tindak_lanjut` batch (lib.store.save_batches), so a key never lacks an id.

The writes here are called only by the one write path (lib.ingest.write), which checked the principal's right.
"""

from __future__ import annotations

import pandas as pd

from lib import store  # the package's connect, migrate, _transaction, _write_lock (this module is part of it)
from lib.errors import Refused
from lib.principal import Principal
from lib.schema import dataset
from lib.store import sql
from lib.store.audit import record_audit
from lib.store.record import Carried, Origin, SlideShown, copy_tables, read_tables, register  # noqa: F401  (follow_ups.X)

RECORD_COLUMNS = [
    "id",
    "rapat_id",
    "slide",
    "nomor_slide",
    "kode_indikator",
    "periode",
    "klaster",
    "nilai_awal",
    "dicatat_oleh",
    "dicatat",
]
KEY = ("rapat", "kode_wilayah", "uraian")


def find(key: dict, path: str | None = None) -> int | None:
    """The id of the follow-up with this key (rapat, kode_wilayah, uraian), None when there is none."""
    with store.connect(path) as con:
        store.migrate(con)
        found = con.execute(
            "SELECT id FROM tindak_lanjut WHERE rapat = ? AND kode_wilayah = ? AND uraian = ?",
            [str(key[k]) for k in KEY],
        ).fetchall()
    return int(found[0][0]) if found else None


def records(path: str | None = None) -> pd.DataFrame:
    """Every follow-up with an id: its id, meeting id and origin (RECORD_COLUMNS) and its key."""
    cols = ", ".join(f"t.{c}" for c in (*RECORD_COLUMNS, *KEY))
    with store.connect(path) as con:
        store.migrate(con)
        return con.frame(f"SELECT {cols} FROM tindak_lanjut t ORDER BY t.id")


def history(follow_up_id: int, path: str | None = None) -> pd.DataFrame:
    """Every version of a follow-up, oldest first: the batch (number, who, when, its note) and the values it held.
    Rolled-back batches are left out (their values no longer count)."""
    cols = ", ".join(f"d.{c}" for c in dataset("tindak_lanjut").nilai)
    with store.connect(path) as con:
        store.migrate(con)
        return con.frame(
            f"SELECT b.id AS batch_id, b.waktu, b.pengguna, b.catatan AS catatan_batch, {cols} "
            "FROM tindak_lanjut t JOIN data_tindak_lanjut d ON d.rapat = t.rapat AND d.kode_wilayah = t.kode_wilayah "
            "AND d.uraian = t.uraian JOIN batch b ON b.id = d.batch_id WHERE t.id = ? AND b.aktif ORDER BY b.id",
            [follow_up_id],
        )


def notulis(path: str | None = None) -> dict[int, str]:
    """Each meeting's notulis (login), by meeting id."""
    with store.connect(path) as con:
        store.migrate(con)
        return {int(r[0]): str(r[1]) for r in con.execute("SELECT rapat_id, login FROM notulis").fetchall()}


def save_notulis(rapat_id: int, login: str, pengguna: Principal, path: str | None = None) -> None:
    """Name `login` the meeting's notulis ('' : none), audited in the same transaction."""
    with store._write_lock, store.connect(path) as con:
        store.migrate(con)
        with store._transaction(con):
            if not con.execute("SELECT 1 FROM rapat WHERE id = ?", [rapat_id]).fetchall():
                raise Refused("Rapat tidak ditemukan", f"Tidak ada rapat dengan nomor {rapat_id}.")
            was = con.execute("SELECT login FROM notulis WHERE rapat_id = ?", [rapat_id]).fetchall()
            con.execute("DELETE FROM notulis WHERE rapat_id = ?", [rapat_id])
            if login:
                con.execute("INSERT INTO notulis VALUES (?, ?, ?, ?)", [rapat_id, login, pengguna.login, store._now()])
            before = f" (sebelumnya: {was[0][0]})" if was else ""
            record_audit(
                con, pengguna, "tunjuk notulis", f"rapat #{rapat_id}", rincian=f"{login or 'tidak ada'}{before}"
            )
            con.execute(sql.BUMP_CHANGES)


def slide_shown(rapat_id: int, path: str | None = None, wait: float | None = None) -> SlideShown | None:
    """The slide the meeting's presenter last showed (None: not presented yet)."""
    with store.connect(path, wait) as con:
        store.migrate(con)
        found = con.execute(
            "SELECT rapat_id, nomor, slide, periode, klaster, kode_wilayah FROM slide_tampil WHERE rapat_id = ?",
            [rapat_id],
        ).fetchall()
    return SlideShown(*found[0]) if found else None


def save_slide_shown(shown: SlideShown, path: str | None = None, wait: float | None = None) -> None:
    """Keep the slide the presenter shows. Not audited and not a change of the data (no batch, the data version
    stays): a pointer that moves with every slide, which only the notes tab reads."""
    with store._write_lock, store.connect(path, wait) as con:
        store.migrate(con)
        with store._transaction(con):
            con.execute("DELETE FROM slide_tampil WHERE rapat_id = ?", [shown.rapat_id])
            con.execute(
                "INSERT INTO slide_tampil VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    shown.rapat_id,
                    shown.nomor,
                    shown.slide,
                    shown.periode,
                    shown.klaster,
                    shown.kode_wilayah,
                    store._now(),
                ],
            )
