"""Meetings (rapat) set up in the app: name, kind, series, date, place, participating districts, slides in order.

A meeting has an id (`rapat.id`) that the meeting's record hangs on (decisions and follow-ups will refer to it); its
series (`seri`) links the meetings that follow each other. Stored by `save_meeting`, called only by the one write
path (lib.ingest.write.write_meeting: an admin, the column registry's checks), which audits in the same transaction.
An edit changes the row in place; the audit line keeps what it was. A meeting named by follow-ups (an upload, the
records before migration 7) but never set up is kept too (`disiapkan` false): it holds those follow-ups, is never the
meeting in force, and becomes the one set up when an admin sets up a meeting of its name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from lib import store  # the package's connect, migrate, _transaction, _write_lock (this module is part of it)
from lib.errors import Refused
from lib.principal import Principal
from lib.store import sql
from lib.store.audit import record_audit
from lib.store.record import Carried

COLUMNS = ["id", "seri", "nama", "jenis", "tanggal", "tempat", "wilayah", "slide"]


@dataclass(frozen=True)
class Rapat:
    """A meeting. `id` None: not set up in the app (the configuration's defaults, lib.present.slides)."""

    nama: str
    tanggal: dt.date | None  # None: the day the slides are shown or made (no meeting set up, no date configured)
    jenis: str = ""
    seri: str = ""
    tempat: str = ""
    wilayah: tuple[str, ...] = ()  # participating districts (Kemendagri codes); () = the whole coverage
    slide: tuple[str, ...] = ()  # slides in order ('judul', 'klaster:anak'); () = the configured sequence
    id: int | None = None
    terbawa: tuple[Carried, ...] = ()  # follow-ups of the series' earlier meetings (lib.present.notulen)


def _joined(values: tuple[str, ...]) -> str:
    return ",".join(values)


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(x for x in (text or "").split(",") if x)


def _rapat(row: tuple) -> Rapat:
    values = dict(zip(COLUMNS, row))
    day = values["tanggal"]
    return Rapat(
        id=int(values["id"]),
        seri=values["seri"],
        nama=values["nama"],
        jenis=values["jenis"],
        tanggal=day.date() if isinstance(day, dt.datetime) else day,
        tempat=values["tempat"],
        wilayah=_split(values["wilayah"]),
        slide=_split(values["slide"]),
    )


def meetings(path: str | None = None, wait: float | None = None, every: bool = False) -> list[Rapat]:
    """Every meeting set up in the app (`every`: those only named by follow-ups too), by date then id. `wait`: how
    long to wait for a database another process holds."""
    where = "" if every else "WHERE disiapkan "
    with store.connect(path, wait) as con:
        store.migrate(con)
        rows = con.execute(f"SELECT {', '.join(COLUMNS)} FROM rapat {where}ORDER BY tanggal, id").fetchall()
    return [_rapat(r) for r in rows]


def save_meeting(rapat: Rapat, pengguna: Principal, path: str | None = None) -> int:
    """Store a new meeting (`rapat.id` None) or change one, audited in the same transaction; returns its id.
    `pengguna`'s right to it was checked by the write path (lib.ingest.write), the only caller."""
    values = [
        rapat.seri,
        rapat.nama,
        rapat.jenis,
        rapat.tanggal,
        rapat.tempat,
        _joined(rapat.wilayah),
        _joined(rapat.slide),
        pengguna.login,
        store._now(),
    ]
    with store._write_lock, store.connect(path) as con:
        store.migrate(con)
        with store._transaction(con):
            named = con.execute("SELECT min(id) FROM rapat WHERE nama = ? AND NOT disiapkan", [rapat.nama]).fetchall()
            if rapat.id is None and named[0][0] is not None:  # its follow-ups were uploaded before: this meeting
                rapat = replace(rapat, id=int(named[0][0]))
                con.execute(
                    "UPDATE rapat SET disiapkan = TRUE, dibuat_oleh = ? WHERE id = ?", [pengguna.login, rapat.id]
                )
            if rapat.id is None:
                found = con.execute(
                    "INSERT INTO rapat (seri, nama, jenis, tanggal, tempat, wilayah, slide, diubah_oleh, diubah, "
                    "dibuat_oleh, dibuat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    [*values, pengguna.login, values[-1]],
                ).fetchall()
                meeting_id, aksi, before = int(found[0][0]), "buat rapat", ""
            else:
                old = con.execute(f"SELECT {', '.join(COLUMNS)} FROM rapat WHERE id = ?", [rapat.id]).fetchall()
                if not old:
                    raise Refused("Rapat tidak ditemukan", f"Tidak ada rapat dengan nomor {rapat.id}.")
                con.execute(
                    "UPDATE rapat SET seri = ?, nama = ?, jenis = ?, tanggal = ?, tempat = ?, wilayah = ?, slide = ?, "
                    "diubah_oleh = ?, diubah = ? WHERE id = ?",
                    [*values, rapat.id],
                )
                meeting_id, aksi = rapat.id, "ubah rapat"
                was = _rapat(old[0])
                before = f" (sebelumnya: {was.nama}, {was.tanggal})"
            record_audit(con, pengguna, aksi, f"rapat #{meeting_id}", rincian=f"{rapat.nama}, {rapat.tanggal}{before}")
            con.execute(sql.BUMP_CHANGES)
    return meeting_id
