"""The meeting's record around the slides: the meeting in force with the follow-ups its series carries into it (and
the slide that opens with them), the slide a follow-up came from, and the notes tab's table of what was recorded."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from lib import fmt
from lib.config import Konfigurasi
from lib.present import slides
from lib.present.content import Slide
from lib.present.record import CARRIED, figure_text
from lib.store.meetings import Rapat
from lib.store.record import Carried


def _order(r: Rapat) -> tuple:
    return (r.tanggal or dt.date.min, r.id or 0)


def with_carried(rapat: Rapat, every: list[Rapat], records: pd.DataFrame, cfg: Konfigurasi) -> Rapat:
    """`rapat` with the follow-ups agreed in the earlier meetings of its series (`every`: all meetings, set up or
    only named by follow-ups; `records`: lib.store.follow_ups.records) and, when there are any, the slide that shows
    the open ones right after the title (unless its slide list places it)."""
    if rapat.id is None or not rapat.seri:
        return rapat
    earlier = {m.id: m for m in every if m.seri == rapat.seri and _order(m) < _order(rapat)}
    rows = records[records["rapat_id"].isin(list(earlier))]
    if rows.empty:
        return rapat
    items = tuple(
        Carried(
            id=int(r.id),
            rapat=r.rapat,
            kode_wilayah=r.kode_wilayah,
            uraian=r.uraian,
            asal=f"{earlier[r.rapat_id].nama} · {fmt.tanggal(earlier[r.rapat_id].tanggal)}",
            kode_indikator=r.kode_indikator,
            periode=r.periode,
            klaster=r.klaster,
            nilai_awal=None if pd.isna(r.nilai_awal) else float(r.nilai_awal),
        )
        for r in rows.itertuples()
    )
    entries = list(rapat.slide) or [str(x) for x in slides.settings(cfg).get("slides", slides.DEFAULT_SEQUENCE)]
    if CARRIED not in entries:
        entries.insert(entries.index("judul") + 1 if "judul" in entries else 0, CARRIED)
    return dataclasses.replace(rapat, slide=tuple(entries), terbawa=items)


def slide_text(cfg: Konfigurasi, entry: str, nomor: float | int) -> str:
    """'3. Peta wilayah jangkauan': the slide a follow-up came from ('' : uploaded, or before the presentation)."""
    if not entry:
        return ""
    kind, _, klaster = entry.partition(":")
    title = slides.slide_title(cfg, Slide(kind, klaster or None))  # type: ignore[arg-type]
    return f"{int(nomor)}. {title}" if nomor else title


def _values(series: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in series]


def meeting_table(records: pd.DataFrame, tl: pd.DataFrame, cfg: Konfigurasi, rapat_id: int) -> pd.DataFrame:
    """The follow-ups recorded in meeting `rapat_id`, the latest first: what, where, who, by when, status, the slide
    it came from and the figure then (`records`: lib.store.follow_ups.records; `tl`: the dataset's current values)."""
    rows = records[records["rapat_id"] == rapat_id].sort_values("id", ascending=False)
    now = rows.merge(tl, on=["rapat", "kode_wilayah", "uraian"], how="left")
    return pd.DataFrame(
        {
            "No.": now["id"].to_numpy(),
            "Uraian": now["uraian"].to_numpy(),
            "Wilayah": [cfg.nama_wilayah(k) if k else "Semua wilayah" for k in now["kode_wilayah"]],
            "Penanggung jawab": now["penanggung_jawab"].fillna("").to_numpy(),
            "Tenggat": [fmt.tanggal(d) if pd.notna(d) else "" for d in now["tenggat"]],
            "Status": now["status"].fillna("").to_numpy(),
            "Slide": [slide_text(cfg, s, n) for n, s in zip(now["nomor_slide"].fillna(0), now["slide"])],
            "Angka saat itu": [
                figure_text(cfg, k, w, v)
                for k, w, v in zip(now["kode_indikator"], now["kode_wilayah"], _values(now["nilai_awal"]))
            ],
        }
    )
