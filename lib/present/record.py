"""The meeting's record as people read it: a follow-up's figure then and now ("Cakupan layanan Kabupaten Muna
42,6% → 48,1%"), the slide it came from."""

from __future__ import annotations

import pandas as pd

from lib import fmt
from lib.config import Konfigurasi
from lib.figures.indicators import indicator
from lib.present import slides
from lib.present.content import Slide


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
