"""PAS figures: totals and trend, per klaster, populations, the drill levels (klaster → group → district →
services) and the completeness of reports.
"""

from __future__ import annotations

import pandas as pd

from lib.config import Konfigurasi
from lib.figures.filters import (
    Filter,
    coverage_rate,
    districts,
    filter_pas,
    kategori_codes,
    periods,
    ratio,
)
from lib.periode import month_range


def pas_trend(pas: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """Per period: terdata, dilayani, cakupan, for the selected districts and klaster."""
    rows = filter_pas(pas, cfg, f)
    out = rows.groupby("periode", as_index=False)[["terdata", "dilayani"]].sum()
    out["cakupan"] = [coverage_rate(d, t) for d, t in zip(out["dilayani"], out["terdata"])]
    return out


def pas_by_klaster(pas: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """For the selected period: terdata, dilayani and cakupan per klaster (all klaster listed, missing = NA)."""
    rows = filter_pas(pas, cfg, f)
    rows = rows[rows["periode"] == f.periode].assign(klaster=lambda d: d["kategori_pas"].map(cfg.klaster_kategori()))
    sums = rows.groupby("klaster")[["terdata", "dilayani"]].sum()
    shown = [k for k in cfg.klaster if not f.klaster or k.kode == f.klaster]
    out = pd.DataFrame({"klaster": [k.kode for k in shown], "nama": [k.pendek for k in shown]})
    out = out.merge(sums, left_on="klaster", right_index=True, how="left")
    out["cakupan"] = [coverage_rate(d, t) for d, t in zip(out["dilayani"], out["terdata"])]
    return out


def populations(penduduk: pd.DataFrame, year: int) -> pd.Series:
    """Population per district for a year (index kode_wilayah): the latest figure up to that year, else the
    earliest after it. One pass for all districts."""
    # Years up to `year` first (closest first), then later years (closest first): each district's first row wins.
    ranked = penduduk.assign(_after=penduduk["tahun"] > year, _gap=(penduduk["tahun"] - year).abs())
    pick = ranked.sort_values(["_after", "_gap"]).drop_duplicates("kode_wilayah")
    return pick.set_index("kode_wilayah")["jumlah"].astype(float)


def population(penduduk: pd.DataFrame, kodes: list[str], year: int) -> float | None:
    """Population of the districts for a year (see populations); None unless every district has a figure."""
    per = populations(penduduk[penduduk["kode_wilayah"].isin(kodes)], year)
    return float(per.sum()) if len(per) and len(per) == len(set(kodes)) else None


def pas_totals(pas: pd.DataFrame, periode: str) -> tuple[float | None, float | None]:
    rows = pas[pas["periode"] == periode]
    if rows.empty:
        return None, None
    return float(rows["terdata"].sum()), float(rows["dilayani"].sum())


# Reports expected per district and period (or year), by dataset: what "complete" means for the matrix. A district
# reports `program` only in the years it has a programme (a row in any month of that year).
COMPLETENESS = {"pas": "kategori", "layanan": None, "program": None, "sdm": "jenis_sdm", "penduduk": None}


def completeness(data: dict[str, pd.DataFrame], cfg: Konfigurasi, dataset_name: str) -> pd.DataFrame:
    """District × period (× year for sdm/penduduk): rows reported and the share of what is expected.

    Every district and period of the range appears, so a missing report is a row with `baris` 0 and
    `lengkap` None ("tidak ada laporan"), not an absent row; `diharapkan` False where no report is expected (a
    district without a programme that year). The one completeness of reports: Riwayat's grid and Mutu Data's.
    """
    rows = data[dataset_name]
    by = "tahun" if "tahun" in rows.columns else "periode"
    if by == "periode":
        present = periods(data) or sorted(rows["periode"].unique())
        # from [bawaan] periode_awal, also when no office reported yet then: those months show as missing
        start = cfg.bawaan.get("periode_awal") or (present[0] if present else "")
        span = month_range(start, present[-1]) if present and start <= present[-1] else []
    else:
        years = sorted(rows["tahun"].unique().tolist())
        span = [str(y) for y in range(min(years), max(years) + 1)] if years else []
    counts = rows.groupby(["kode_wilayah", by]).size().rename("baris")
    grid = pd.MultiIndex.from_product([cfg.kode_wilayah, span], names=["kode_wilayah", by])
    out = counts.reindex(grid, fill_value=0).reset_index()
    per = COMPLETENESS.get(dataset_name)
    expected = len(getattr(cfg, per)) if per else 1
    out["lengkap"] = [min(n / expected, 1.0) if n else None for n in out["baris"]]
    out["diharapkan"] = True
    if dataset_name == "program":
        active = {(k, str(p)[:4]) for k, p in zip(rows["kode_wilayah"], rows["periode"])}
        out["diharapkan"] = [(k, str(p)[:4]) in active for k, p in zip(out["kode_wilayah"], out[by])]
    out["wilayah"] = out["kode_wilayah"].map(cfg.wilayah["nama_pendek"])
    out = out.rename(columns={by: "waktu"})
    out["waktu"] = out["waktu"].astype(str)
    return out


# The drill path: klaster → PAS group → district → services. Level 0 lists klaster, 1 the groups of a klaster,
# 2 the districts for a group, 3 the services of a group in a district. The klaster and district of the path are the
# shared sidebar filters; a chosen district skips level 2.
DRILL_BY = ("klaster", "kategori_pas", "kode_wilayah", None)


def drill_level(f: Filter, kategori: str | None) -> int:
    if not f.klaster:
        return 0
    if not kategori:
        return 1
    return 3 if f.wilayah else 2


def pas_breakdown(pas: pd.DataFrame, cfg: Konfigurasi, f: Filter, by: str, kategori: str | None = None) -> pd.DataFrame:
    """For the selected period, one row per klaster, PAS group or district (`by`) of the filters' scope:
    terdata, dilayani, cakupan, share of all terdata (`bagian`) and rank by terdata (1 = most).

    Every item of the level is listed; one without data has NA figures, no rank, and comes last.
    """
    rows = filter_pas(pas, cfg, f)
    if kategori:
        rows = rows[rows["kategori_pas"] == kategori]
    rows = rows[rows["periode"] == f.periode]
    if by == "klaster":
        rows = rows.assign(klaster=rows["kategori_pas"].map(cfg.klaster_kategori()))
        items = [(k.kode, k.pendek) for k in cfg.klaster if not f.klaster or k.kode == f.klaster]
    elif by == "kategori_pas":
        kats = kategori_codes(cfg, f)
        items = [(k.kode, k.pendek) for k in cfg.kategori if k.kode in kats and (not kategori or k.kode == kategori)]
    else:
        items = [(k, cfg.wilayah.at[k, "nama_pendek"]) for k in districts(cfg, f)]
    sums = rows.groupby(by)[["terdata", "dilayani"]].sum()
    out = pd.DataFrame(items, columns=["kode", "nama"])
    for col in ("terdata", "dilayani"):
        out[col] = pd.Series(
            [float(sums.at[k, col]) if k in sums.index else None for k in out["kode"]], dtype="float64"
        )
    total = out["terdata"].sum() if out["terdata"].notna().any() else None
    out["cakupan"] = [coverage_rate(d, t) for d, t in zip(out["dilayani"], out["terdata"])]
    out["bagian"] = [ratio(t, total) for t in out["terdata"]]
    out = out.sort_values("terdata", ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    out["peringkat"] = out["terdata"].rank(ascending=False, method="min").astype("Int64")
    return out


def drill_trend(pas: pd.DataFrame, cfg: Konfigurasi, f: Filter, kategori: str | None = None) -> pd.DataFrame:
    """pas_trend for the drill path's scope (filters plus an optional PAS group)."""
    return pas_trend(pas[pas["kategori_pas"] == kategori] if kategori else pas, cfg, f)


def service_breakdown(
    layanan: pd.DataFrame, cfg: Konfigurasi, kodes: list[str], kategoris: list[str], periode: str
) -> pd.DataFrame:
    """Penerima per ATENSI service kind × approach in the period, kinds ranked by their total.

    Empty when the scope reported no services that month (missing, not zero). When it did, a kind or approach
    it did not report delivered nothing (0): the report lists what was given.
    """
    rows = layanan[
        (layanan["periode"] == periode) & layanan["kode_wilayah"].isin(kodes) & layanan["kategori_pas"].isin(kategoris)
    ]
    cols = ["jenis_layanan", "nama_jenis", "pendekatan", "nama_pendekatan", "penerima", "jumlah_jenis"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    sums = rows.groupby(["jenis_layanan", "pendekatan"])["penerima"].sum()
    grid = pd.MultiIndex.from_product(
        [[j.kode for j in cfg.jenis_layanan], [p.kode for p in cfg.pendekatan]], names=["jenis_layanan", "pendekatan"]
    )
    out = sums.reindex(grid, fill_value=0).astype(float).reset_index()
    out["nama_jenis"] = [cfg.label("jenis_layanan", k) for k in out["jenis_layanan"]]
    out["nama_pendekatan"] = [cfg.label("pendekatan", k) for k in out["pendekatan"]]
    out["jumlah_jenis"] = out.groupby("jenis_layanan")["penerima"].transform("sum")
    order = out.groupby("jenis_layanan", sort=False)["penerima"].sum().sort_values(ascending=False, kind="stable")
    out["urut"] = out["jenis_layanan"].map({k: i for i, k in enumerate(order.index)})
    return out.sort_values(["urut"], kind="stable").drop(columns="urut").reset_index(drop=True)[cols]


def drill_options(table: pd.DataFrame) -> dict[str, str]:
    """The items of a pas_breakdown one can drill into (those with data), ranked: {kode: nama}."""
    rows = table[table["terdata"].notna()]
    return dict(zip(rows["kode"], rows["nama"]))
