"""Per-district and per-area figures: the map's measures for every district, a set of districts compared
(a district, the coverage and a province read alike).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib import fmt
from lib.config import Konfigurasi
from lib.figures.filters import (
    Filter,
    ValueKind,
    districts,
    filter_pas,
    num,
    per_10k,
)
from lib.figures.indicators import Rows, area_value, indicator_table, indicators, per_population
from lib.figures.pas import populations
from lib.periode import previous


@dataclass(frozen=True)
class Measure:
    """A measure the map can colour districts by."""

    kode: str
    label: str
    kind: ValueKind  # 'angka' | 'persen' | 'per10rb'
    help: str
    up_is_good: bool | None = None
    by_kategori: bool = True  # False for programme measures (programmes have a klaster, not a PAS group)


def map_measures(cfg: Konfigurasi) -> list[Measure]:
    """The measures of the map, Bandingkan and Profil: the configuration's district-level indicators
    ([[indikator]], or the built-in ones), without those of a module the deployment leaves out."""
    return [
        Measure(i.kode, i.nama, i.kind, i.keterangan, i.naik_baik, i.by_kategori) for i in indicators(cfg, "wilayah")
    ]


def _district_values(
    data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, periode: str, kategori: str | None
) -> pd.DataFrame:
    """Every district-level indicator for every covered district in one period (missing = NaN)."""
    return indicator_table(data, cfg, f, periode, kategori)


def district_measures(
    data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kategori: str | None = None
) -> dict[str, pd.DataFrame]:
    """{'kini': …, 'lalu': …}: the six measures for every covered district, this period and the one before.

    The klaster filter (and an optional PAS group) applies; the province and district filters do not: the map
    shows the whole coverage, and a district's rank is among all of it.
    """
    return {
        "kini": _district_values(data, cfg, f, f.periode, kategori),
        "lalu": _district_values(data, cfg, f, previous(f.periode), kategori),
    }


def area_values(
    data: dict[str, pd.DataFrame],
    cfg: Konfigurasi,
    klaster: str | None,
    periode: str,
    kodes: list[str],
    rows: Rows | None = None,
) -> dict[str, float | None]:
    """The figures of a set of districts in one period, with the klaster filter.

    Every district-level indicator by its code (lib.figures.indicators): counts per district (the mean over the
    districts that reported; for one district, its count), ratios pooled (Σ numerator ÷ Σ denominator over the
    districts with both: cakupan = Σ dilayani ÷ Σ terdata, per 10.000 = Σ terdata ÷ Σ penduduk × 10.000), means of
    row ratios as configured (capaian program); each count also per 10.000 penduduk (`terdata_per10rb`). Missing
    stays None.
    """
    rows = rows or Rows(data, cfg, periode, klaster)  # one month's cut, shared by the sets of districts compared
    out: dict[str, float | None] = {}
    for i in indicators(cfg, "wilayah"):
        out[i.kode] = area_value(rows, i, kodes, per_district=True)
        if not i.penyebut:  # Bandingkan's per-10.000 scale: a count over the districts' population
            out[f"{i.kode}_per10rb"] = area_value(rows, per_population(i), kodes)
    # The comparison's sentences read these: no data when the configuration has no such indicator.
    return {k: None for k in ("cakupan", "per10rb", "capaian")} | out


def province_name(cfg: Konfigurasi, kode_provinsi: str) -> str:
    """The province's display name (lib.names.short_province: "DKI Jakarta", "Kep. Riau")."""
    return cfg.wilayah.loc[cfg.wilayah["kode_provinsi"] == kode_provinsi, "provinsi_pendek"].iloc[0]


def compare_table(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kodes: list[str]) -> pd.DataFrame:
    """One row per picked district, then the coverage average and the average of each picked district's province
    (unless that province is the whole coverage).

    Columns: kode (district code, or '' for a reference row), nama, jenis ('wilayah' | 'rata-rata'), the figures
    of area_values for the period, and each figure's value in the previous period (suffix `_lalu`).
    """
    w = cfg.wilayah
    groups = [(k, w.at[k, "nama_pendek"], "wilayah", [k]) for k in kodes]
    groups.append(("", "Rata-rata wilayah jangkauan", "rata-rata", cfg.kode_wilayah))
    for prov in dict.fromkeys(w.at[k, "kode_provinsi"] for k in kodes):
        members = list(w.index[w["kode_provinsi"] == prov])
        if len(members) == len(w):  # one-province coverage: its average is the coverage's, shown once
            continue
        groups.append(("", f"Rata-rata Provinsi {province_name(cfg, prov)}", "rata-rata", members))
    before = previous(f.periode)
    rows = []
    cut_now, cut_before = Rows(data, cfg, f.periode, f.klaster), Rows(data, cfg, before, f.klaster)
    for kode, nama, jenis, members in groups:
        now = area_values(data, cfg, f.klaster, f.periode, members, cut_now)
        lalu = area_values(data, cfg, f.klaster, before, members, cut_before)
        rows.append({"kode": kode, "nama": nama, "jenis": jenis, **now, **{f"{k}_lalu": v for k, v in lalu.items()}})
    return pd.DataFrame(rows)


def compare_trend(
    data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kodes: list[str], per10rb: bool
) -> pd.DataFrame:
    """Long table for small multiples: periode, kode, nama, ukuran ('Terdata' | 'Dilayani'), nilai, teks.

    Per 10.000 penduduk uses each year's population (latest up to that year, else the nearest); a district
    without population has no per-10.000 values.
    """
    rows = filter_pas(data["pas"], cfg, Filter(periode=f.periode, klaster=f.klaster))
    rows = rows[rows["kode_wilayah"].isin(kodes)]
    out = rows.groupby(["kode_wilayah", "periode"], as_index=False)[["terdata", "dilayani"]].sum()
    out[["terdata", "dilayani"]] = out[["terdata", "dilayani"]].astype(float)
    if per10rb:
        by_year = {y: populations(data["penduduk"], y) for y in {int(p[:4]) for p in out["periode"]}}
        pops = {(k, y): by_year[y].get(k) for k in kodes for y in by_year}
        pop = [pops[(k, int(p[:4]))] for k, p in zip(out["kode_wilayah"], out["periode"])]
        for col in ("terdata", "dilayani"):
            out[col] = [per_10k(x, n) for x, n in zip(out[col], pop)]
    long = out.melt(
        id_vars=["kode_wilayah", "periode"], value_vars=["terdata", "dilayani"], var_name="ukuran", value_name="nilai"
    )
    long["ukuran"] = long["ukuran"].map({"terdata": "Terdata", "dilayani": "Dilayani"})
    long["nama"] = long["kode_wilayah"].map(cfg.wilayah["nama_pendek"])
    long["teks"] = [fmt.angka(x, 1 if per10rb else 0) for x in long["nilai"]]
    # from plain names: the codes may be a categorical of every district (lib.store.frames), and the names with it
    long["nama"] = pd.Categorical(list(long["nama"]), [cfg.wilayah.at[k, "nama_pendek"] for k in kodes])
    return long.sort_values(["nama", "ukuran", "periode"]).reset_index(drop=True)


def compare_defaults(cfg: Konfigurasi, f: Filter, n: int = 3) -> list[str]:
    """Districts compared when the URL names none: the sidebar's district and its province's first others, else
    the first districts of the filters' scope."""
    if f.wilayah:
        prov = cfg.wilayah.at[f.wilayah, "kode_provinsi"]
        others = [k for k in districts(cfg, Filter(periode=f.periode, provinsi=prov)) if k != f.wilayah]
        return [f.wilayah] + others[: n - 1]
    return districts(cfg, f)[:n]


def coverage_average(table: pd.DataFrame, ukuran: Measure) -> float | None:
    """The coverage-average row's value of a measure in a compare_table."""
    return num(table.loc[table["jenis"] == "rata-rata", ukuran.kode].iloc[0])
