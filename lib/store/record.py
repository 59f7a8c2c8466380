"""The meeting's record as the store's write transactions see it: where a captured follow-up came from, the slide
shown, and `register`, which gives every new follow-up key of a `tindak_lanjut` batch its id in the batch's own
transaction (lib.store.save_batches). Reading and the other writes: lib.store.follow_ups."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.principal import Principal
from lib.store import sql
from lib.store.audit import record_audit

OUTCOMES = {"selesai": "Ditutup", "tunda": "Ditunda", "bawa": "Dibawa lagi"}  # the actions on a carried follow-up


@dataclass(frozen=True)
class Origin:
    """Where a follow-up captured while presenting came from: the meeting, the slide (its entry and number), the
    measure on it (an [[indikator]] code, '' none), the month shown and the figure then (None: no value)."""

    rapat_id: int
    slide: str
    nomor_slide: int
    kode_indikator: str = ""
    periode: str = ""
    nilai_awal: float | None = None
    klaster: str = ""


@dataclass(frozen=True)
class Carried:
    """A follow-up of an earlier meeting of a series, carried into the next (its values: the dataset's current ones):
    its id and key, its measure and figure then (month, klaster), and the meeting where it was agreed."""

    id: int
    rapat: str
    kode_wilayah: str
    uraian: str
    asal: str  # the meeting where it was agreed: name · date
    kode_indikator: str = ""
    periode: str = ""
    klaster: str = ""
    nilai_awal: float | None = None


@dataclass(frozen=True)
class SlideShown:
    """The slide a meeting's presenter last showed, with the presenter's filters then."""

    rapat_id: int
    nomor: int
    slide: str
    periode: str = ""
    klaster: str = ""
    kode_wilayah: str = ""


def register(con, batch_id: int, origin: Origin | None, pengguna: Principal) -> None:
    """In a `tindak_lanjut` batch's transaction: a meeting for a meeting name not set up, an id for each new key;
    with `origin` (a capture: one row), that follow-up's meeting, slide, measure and figure, and its audit line."""
    con.execute(sql.new_follow_up_meetings("d.batch_id = ?"), [batch_id])
    con.execute(sql.register_follow_ups("d.batch_id = ?"), [batch_id])
    if origin is None:
        return
    found = con.execute(
        "SELECT t.id FROM tindak_lanjut t JOIN data_tindak_lanjut d ON d.rapat = t.rapat AND "
        "d.kode_wilayah = t.kode_wilayah AND d.uraian = t.uraian WHERE d.batch_id = ?",
        [batch_id],
    ).fetchall()
    follow_up_id = int(found[0][0])
    con.execute(
        "UPDATE tindak_lanjut SET rapat_id = ?, slide = ?, nomor_slide = ?, kode_indikator = ?, periode = ?, "
        "nilai_awal = ?, klaster = ? WHERE id = ?",
        [
            origin.rapat_id,
            origin.slide,
            origin.nomor_slide,
            origin.kode_indikator,
            origin.periode,
            origin.nilai_awal,
            origin.klaster,
            follow_up_id,
        ],
    )
    record_audit(
        con,
        pengguna,
        "catat tindak lanjut",
        f"tindak lanjut #{follow_up_id} (rapat #{origin.rapat_id})",
        rincian=f"slide {origin.nomor_slide} ({origin.slide})",
    )


def read_tables(con) -> dict[str, pd.DataFrame]:
    """The record's tables as they are (a copy of the store, lib.store.copy_to)."""
    return {t: con.frame(f"SELECT * FROM {t} ORDER BY 1") for t in sql.RECORD_TABLES}


def copy_tables(con, tables: dict[str, pd.DataFrame]) -> None:
    """The record's tables into an empty PostgreSQL store; the next follow-up id after the copied ones."""
    for t, df in tables.items():
        con.append(t, list(df.columns), df)
    if len(tables["tindak_lanjut"]):
        con.execute("SELECT setval('tindak_lanjut_id_seq', ?)", [int(tables["tindak_lanjut"]["id"].max())])
