"""The meeting's record as people read it: a follow-up's figure then and now ("Cakupan layanan Kabupaten Muna
42,6% → 48,1%"), and the slide that opens the next meeting of a series with what is still open (`terbawa`)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from lib import fmt
from lib.config import Konfigurasi
from lib.figures import Filter
from lib.figures.follow_ups import follow_up_done
from lib.figures.indicators import indicator
from lib.figures.record import figure
from lib.present.content import SlideContent, table_heading
from lib.present.kpi import Kpi
from lib.store.meetings import Rapat
from lib.store.record import Carried

CARRIED = "terbawa"  # the slide kind: after the title, the series' open follow-ups
CARRIED_TITLES = {CARRIED: "Tindak lanjut rapat sebelumnya"}
CARRIED_TABLE = "Tindak lanjut yang masih terbuka"
ROWS = 6  # rows a slide holds at 1280×720 (lib.present.slides.TABLE_ROWS)
KEY = ["rapat", "kode_wilayah", "uraian"]


def value_text(cfg: Konfigurasi, kode: str, value: float | None) -> str:
    """A value of indicator `kode` written as the screens write it."""
    ind = indicator(cfg, kode)
    if value is None or ind is None:
        return fmt.TIDAK_ADA_DATA
    if ind.kind == "persen":
        return fmt.persen(value)
    if ind.kind == "rupiah":
        return fmt.rupiah(value)
    return fmt.angka(value, 1 if ind.kind == "per10rb" else 0)


def place(cfg: Konfigurasi, district: str) -> str:
    return cfg.nama_wilayah(district) if district else "seluruh wilayah"


def figure_text(cfg: Konfigurasi, kode: str, district: str, *values: float | None) -> str:
    """'Cakupan layanan Kabupaten Muna 42,6%' (the figure then), or with the figure now: '… 42,6% → 48,1%';
    '' when the follow-up has no measure."""
    ind = indicator(cfg, kode)
    if ind is None:
        return ""
    return f"{ind.nama} {place(cfg, district)} {' → '.join(value_text(cfg, kode, v) for v in values)}"


def carried_rows(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, today: dt.date, rapat: Rapat) -> pd.DataFrame:  # fmt: skip
    """The meeting's carried follow-ups that are still open, overdue first, then by due date: their current values
    (the dataset's), `lewat` (overdue), `sekarang` (the figure in the month shown) and `angka` (then → now)."""
    columns = [x.name for x in dataclasses.fields(Carried)]
    items = pd.DataFrame([dataclasses.astuple(c) for c in rapat.terbawa], columns=columns)
    rows = items.merge(data["tindak_lanjut"], on=KEY, how="inner")  # a follow-up rolled back is gone
    rows = rows[rows["status"] != follow_up_done(cfg)].copy()
    due = pd.to_datetime(rows["tenggat"])
    rows["lewat"] = due.dt.date < today
    rows = (
        rows.assign(_due=due).sort_values(["lewat", "_due", "id"], ascending=[False, True, True]).drop(columns="_due")
    )
    rows["nilai_awal"] = rows["nilai_awal"].astype(object).where(rows["nilai_awal"].notna(), None)
    rows["sekarang"] = [
        figure(data, cfg, k, f.periode, kl or None, w) if k else None
        for k, kl, w in zip(rows["kode_indikator"], rows["klaster"], rows["kode_wilayah"])
    ]
    rows["angka"] = [
        figure_text(cfg, k, w, then, now)
        for k, w, then, now in zip(rows["kode_indikator"], rows["kode_wilayah"], rows["nilai_awal"], rows["sekarang"])
    ]
    return rows.reset_index(drop=True)


def carried_content(
    kind: str,
    title: str,
    data: dict[str, pd.DataFrame],
    cfg: Konfigurasi,
    f: Filter,
    today: dt.date,
    rapat: Rapat | None,
) -> SlideContent:
    """The slide after the title of a meeting whose series met before: what is still open, overdue first, each with
    its figure when agreed and now."""
    if kind != CARRIED or rapat is None:
        raise ValueError(kind)
    sub = f"Seri {rapat.seri} · lewat tenggat lebih dulu · hari ini {fmt.tanggal(today)}"
    if not rapat.terbawa:
        return SlideContent(title, sub, empty="Belum ada tindak lanjut dari rapat sebelumnya dalam seri ini.")
    rows = carried_rows(data, cfg, f, today, rapat)
    done = len(rapat.terbawa) - len(rows)
    kpis = [
        Kpi(label="Masih terbuka", value=len(rows), previous=None, kind="angka", help="Belum selesai."),
        Kpi(
            label="Lewat tenggat",
            value=int(rows["lewat"].sum()),
            previous=None,
            kind="angka",
            help="Terbuka, tenggat lewat.",
        ),  # fmt: skip
        Kpi(label=follow_up_done(cfg), value=done, previous=None, kind="angka", help="Dari rapat sebelumnya."),
    ]
    if rows.empty:
        return SlideContent(title, sub, kpis=kpis, empty="Semua tindak lanjut rapat sebelumnya dalam seri ini selesai.")
    table = pd.DataFrame(
        {
            "Uraian": rows["uraian"],
            "Wilayah": [cfg.nama_wilayah(k) if k else "Semua wilayah" for k in rows["kode_wilayah"]],
            "Tenggat": [fmt.tanggal(d) for d in pd.to_datetime(rows["tenggat"])],
            "Status": [f"{s} · lewat tenggat" if late else s for s, late in zip(rows["status"], rows["lewat"])],
            f"Angka saat disepakati → {fmt.bulan(f.periode)}": rows["angka"],
            "Rapat asal": rows["asal"],
        }
    )
    shown = table.head(ROWS)
    return SlideContent(
        title,
        sub,
        kpis=kpis,
        table=shown,
        table_title=table_heading(CARRIED_TABLE, len(shown), len(table)),
        table_label=CARRIED_TABLE,
        table_total=len(table),
        note="Ditutup, ditunda atau dibawa lagi di tab notulen rapat ini; riwayat statusnya tersimpan.",
    )


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """A follow-up's versions as people read them, oldest first: when, who, status, due date, note
    (`history`: lib.store.follow_ups.history)."""
    return pd.DataFrame(
        {
            "Waktu (UTC)": [t.strftime("%d/%m/%Y %H:%M") for t in pd.to_datetime(history["waktu"])],
            "Oleh": history["pengguna"].to_numpy(),
            "Status": history["status"].to_numpy(),
            "Tenggat": [fmt.tanggal(d) if pd.notna(d) else "" for d in pd.to_datetime(history["tenggat"])],
            "Catatan": history["catatan"].fillna("").to_numpy(),
        }
    )
