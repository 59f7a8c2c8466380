"""Follow-ups (tindak lanjut). The LAST entry of the configuration's follow-up statuses means finished
(see konfigurasi.toml); overdue = the due date is before today and the status is not that last one.
"""

from __future__ import annotations

import pandas as pd

from lib.config import Konfigurasi
from lib.figures.filters import Filter, blank_text, districts

# Tindak lanjut. The LAST entry of the configuration's follow-up statuses means finished (see konfigurasi.toml).
# Overdue = the due date is before today and the status is not that last one.
TL_SELESAI = -1


TL_KOLOM_UBAH = ("status", "catatan")  # what the page lets people edit


def follow_up_done(cfg: Konfigurasi) -> str:
    return cfg.status_tindak_lanjut[TL_SELESAI]


def is_overdue(tenggat, status: str, cfg: Konfigurasi, today) -> bool:
    if tenggat is None or pd.isna(tenggat):
        return False
    return pd.Timestamp(tenggat).date() < today and status != follow_up_done(cfg)


def follow_ups(tl: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """Follow-ups of the selected districts plus those for all districts (blank district)."""
    return tl[tl["kode_wilayah"].isin(districts(cfg, f)) | (tl["kode_wilayah"].fillna("") == "")]


def meetings(tl: pd.DataFrame) -> list[str]:
    """Meetings, the latest first."""
    order = tl.groupby("rapat")["tanggal_rapat"].max().sort_values(ascending=False, kind="stable")
    return order.index.tolist()


def follow_up_changes(tl: pd.DataFrame, edited: pd.DataFrame, cfg: Konfigurasi) -> pd.DataFrame:
    """The follow-ups whose status or note the editor changed, as canonical `tindak_lanjut` rows (new values).

    `edited` is the editor's output (index = position in `tl`). Only changed rows are returned: the batch holds
    exactly what was edited. Whether they are valid is the write path's to check (lib.ingest.write).
    """
    changed = []
    for i, row in edited.iterrows():
        old = tl.loc[i]
        status, note = blank_text(row["status"]), blank_text(row["catatan"])
        if status != blank_text(old["status"]) or note != blank_text(old["catatan"]):
            changed.append({**old.to_dict(), "status": status, "catatan": note or None})
    out = pd.DataFrame(changed, columns=tl.columns)
    for c in ("tanggal_rapat", "tenggat"):
        out[c] = pd.to_datetime(out[c]).dt.date
    out["catatan"] = out["catatan"].astype(object).where(out["catatan"].notna(), None)
    return out
