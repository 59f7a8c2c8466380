"""Mutu Data, numbers only: completeness and timeliness of each district's monthly reports.

A district's month of a monthly dataset (store.sql.MONTHLY: pas, layanan, program) is *reported* when the current
values hold a row of it (the one completeness function, figures.completeness, that Riwayat's grid uses too), and *on
time* when the earliest active batch holding it was saved on or before the deadline: day `[mutu] tenggat_hari` of the
next month, in the Sentra's time zone (store.Snapshot.reports). A month whose deadline has not passed and has no
report yet is not yet due: it counts neither for nor against. Rates are ratios of counts over the reports expected
and due (WHO Data Quality Review: completeness = received ÷ expected, timeliness = on time ÷ expected).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lib import periode as per
from lib.config import Konfigurasi, quality_setting, zone
from lib.figures.filters import Filter, districts
from lib.figures.pas import completeness
from lib.store import Snapshot

# A district's month: on time, late, missing (due, no report), not yet due, or not expected (no programme that year).
TEPAT, TERLAMBAT, HILANG, BELUM, TIDAK_WAJIB = "tepat", "terlambat", "hilang", "belum", "tidak_wajib"
STATUS = (TEPAT, TERLAMBAT, HILANG, BELUM, TIDAK_WAJIB)
WINDOW = 12  # months of the grid: the year up to the selected month (23 districts × 12 months reads on Zoom)


def deadline(cfg: Konfigurasi, periode: str) -> dt.date:
    """The last day (Sentra date) a report of `periode` is on time: day tenggat_hari of the next month."""
    y, m = map(int, per.shift(periode, 1).split("-"))
    day = int(quality_setting(cfg, "tenggat_hari"))
    return dt.date(y, m, min(day, calendar.monthrange(y, m)[1]))


def report_status(state: Snapshot, cfg: Konfigurasi, dataset_name: str, today: dt.date) -> pd.DataFrame:
    """District × month of the completeness grid: kode_wilayah, wilayah, periode, baris, the saved time of the first
    report (`tersimpan`, Sentra time, naive), its deadline and its status (STATUS)."""
    grid = completeness(state.current, cfg, dataset_name).rename(columns={"waktu": "periode"})
    first = state.reports[state.reports["dataset"] == dataset_name][["kode_wilayah", "periode", "waktu"]]
    first = first.astype({"kode_wilayah": str, "periode": str})
    out = grid.merge(first, on=["kode_wilayah", "periode"], how="left")
    saved = pd.to_datetime(out["waktu"]).dt.tz_localize("UTC").dt.tz_convert(zone(cfg)).dt.tz_localize(None)
    due = {p: deadline(cfg, p) for p in out["periode"].unique()}
    out["tenggat"] = pd.to_datetime(out["periode"].map(due))
    out["tersimpan"] = saved
    reported = out["baris"] > 0
    on_time = saved.dt.normalize() <= out["tenggat"]
    passed = out["tenggat"] < pd.Timestamp(today)
    out["status"] = TIDAK_WAJIB
    out.loc[out["diharapkan"] & ~reported & ~passed, "status"] = BELUM
    out.loc[out["diharapkan"] & ~reported & passed, "status"] = HILANG
    out.loc[reported & on_time, "status"] = TEPAT
    out.loc[reported & ~on_time, "status"] = TERLAMBAT
    out["jatuh_tempo"] = passed
    return out[["kode_wilayah", "wilayah", "periode", "baris", "tersimpan", "tenggat", "jatuh_tempo", "status"]]


@dataclass(frozen=True)
class Timeliness:
    """One monthly dataset over a window of months: the grid, the rates per district and overall, the targets."""

    dataset: str
    months: list[str]
    grid: pd.DataFrame  # report_status rows of the window
    districts: pd.DataFrame  # per district: diharapkan, masuk, tepat, terlambat, hilang, belum, kelengkapan, ketepatan
    kelengkapan: float | None  # overall, 0–1 (None: nothing due)
    ketepatan: float | None
    target_kelengkapan: float  # 0–1
    target_ketepatan: float


def rates(grid: pd.DataFrame) -> pd.DataFrame:
    """Per district (in the grid's order), over the months whose deadline has passed: counts per status, reports
    expected (`diharapkan`), received (`masuk`) and the rates kelengkapan = masuk ÷ diharapkan and ketepatan =
    tepat ÷ diharapkan (NA when nothing is expected). A month not yet due counts neither way, reported or not."""
    due = grid[grid["jatuh_tempo"]]
    counts = pd.crosstab(due["kode_wilayah"], due["status"]).reindex(columns=list(STATUS), fill_value=0)
    counts = counts.reindex(list(dict.fromkeys(grid["kode_wilayah"])), fill_value=0)
    out = counts.assign(masuk=counts[TEPAT] + counts[TERLAMBAT])
    out["diharapkan"] = out["masuk"] + out[HILANG]
    due = out["diharapkan"].where(out["diharapkan"] > 0)
    out["kelengkapan"] = out["masuk"] / due
    out["ketepatan"] = out[TEPAT] / due
    names = grid.drop_duplicates("kode_wilayah").set_index("kode_wilayah")["wilayah"]
    return out.assign(wilayah=names).reset_index()


def timeliness(state: Snapshot, cfg: Konfigurasi, dataset_name: str, f: Filter, today: dt.date) -> Timeliness:
    """Completeness and timeliness of `dataset_name` for the filter's districts in the WINDOW months up to its month,
    against [mutu]'s targets (the klaster filter does not apply: a report is the district's whole month)."""
    grid = report_status(state, cfg, dataset_name, today)
    months = [m for m in per.month_range(per.shift(f.periode, 1 - WINDOW), f.periode) if m in set(grid["periode"])]
    grid = grid[grid["periode"].isin(months) & grid["kode_wilayah"].isin(districts(cfg, f))].reset_index(drop=True)
    table = rates(grid)
    due, received, on_time = (int(table[c].sum()) for c in ("diharapkan", "masuk", TEPAT))
    return Timeliness(
        dataset_name,
        months,
        grid,
        table,
        received / due if due else None,
        on_time / due if due else None,
        quality_setting(cfg, "target_kelengkapan") / 100,
        quality_setting(cfg, "target_ketepatan") / 100,
    )
