"""The configured indicators' values (lib.indicators parses and checks them), from the current values.

Time rules, by the dataset's `waktu` (lib.schema): a count is the month's own rows; a cumulative dataset (programme
`realisasi`) is each key's latest row up to the month within its budget year; a yearly stock (`sdm`, `penduduk`) is
each district's latest year up to the month's year (else the earliest after, as the population always was). A
dataset without districts (`ska`) has one value for the Sentra, and no district breakdown.

Missing stays missing: a district with no rows in a dataset it reads has no value, and a zero or missing
denominator gives None (shown "tidak ada data"), never 0 or infinity. Within a report that exists, rows that a
filter leaves out count 0 (a kind of outcome nobody reached). A set of districts (a province, the coverage) is a
ratio of sums: Σ numerator ÷ Σ denominator over the districts that have both; `rata_rata_baris` is the mean of the
rows' ratios (programmes of different units).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from lib.config import Konfigurasi, module_on
from lib.figures.filters import Filter, districts, kategori_codes
from lib.indicators import MODUL_DATASET, Indicator, Term, parse
from lib.schema import DATASETS

SENTRA = ""  # the one key of a dataset without districts


def indicators(cfg: Konfigurasi, tingkat: str | None = None) -> list[Indicator]:
    """The configuration's indicators, without those reading a dataset of a module this deployment leaves out;
    with `tingkat`, only those of that level ('wilayah': the map, Bandingkan and Profil can show them)."""
    out = [i for i in cfg.indikator if all(module_on(cfg, MODUL_DATASET[d]) for d in i.datasets if d in MODUL_DATASET)]
    return [i for i in out if tingkat is None or i.tingkat == tingkat]


def indicator(cfg: Konfigurasi, kode: str) -> Indicator | None:
    return next((i for i in cfg.indikator if i.kode == kode), None)


class Rows:
    """Each dataset's rows for one month and filter, after its time rule, cut once for every indicator of a call."""

    def __init__(self, data: dict[str, pd.DataFrame], cfg: Konfigurasi, periode: str, klaster: str | None,
                 kategori: str | None = None, unit: str | None = None):  # fmt: skip
        self.data, self.cfg, self.periode = data, cfg, periode
        self.klaster, self.kategori, self.unit = klaster, kategori, unit  # unit: one SKA unit (None: all)
        self._cut: dict[str, pd.DataFrame] = {}
        self.sums: dict[tuple, Any] = {}  # a term's sums, an indicator's pairs: shared by the sets of districts

    def of(self, name: str) -> pd.DataFrame:
        if name not in self._cut:
            self._cut[name] = self._rows(name)
        return self._cut[name]

    def _rows(self, name: str) -> pd.DataFrame:
        ds, p = DATASETS[name], self.periode
        rows = self.data.get(name, pd.DataFrame(columns=ds.kolom_nama))  # a store older than the dataset: no rows
        cols = rows.columns
        if ds.waktu == "bulan":
            rows = rows[rows["periode"] == p]  # the month first: far fewer rows
        elif ds.waktu == "kumulatif":
            rows = rows[(rows["periode"].str[:4] == p[:4]) & (rows["periode"] <= p)]
            key = [k for k in ds.kunci if k != "periode"]
            rows = rows.sort_values("periode", kind="stable").drop_duplicates(key, keep="last")
        if "kode_wilayah" in cols:
            rows = rows[rows["kode_wilayah"].isin(self.cfg.kode_wilayah)]
        if "kategori_pas" in cols:
            kinds = [k for k in kategori_codes(self.cfg, Filter(p, self.klaster)) if k == (self.kategori or k)]
            rows = rows[rows["kategori_pas"].isin(kinds)]
        elif "klaster" in cols and self.klaster:
            rows = rows[rows["klaster"] == self.klaster]
        if "unit" in cols and self.unit:
            rows = rows[rows["unit"] == self.unit]
        return rows


def _mask(rows: pd.DataFrame, term: Term) -> pd.Series:
    keep = pd.Series(True, index=rows.index)
    for c in term.conditions:
        hit = rows[c.column].astype(str).isin(c.values)
        keep &= ~hit if c.negated else hit
    return keep


def _year_pick(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each district's rows of its latest year up to `year`, else of the earliest after (as populations())."""
    if rows.empty:
        return rows
    years = rows[["kode_wilayah", "tahun"]].drop_duplicates()
    ranked = years.assign(_after=years["tahun"] > year, _gap=(years["tahun"] - year).abs())
    pick = ranked.sort_values(["_after", "_gap"]).drop_duplicates("kode_wilayah")
    chosen = pd.MultiIndex.from_frame(pick[["kode_wilayah", "tahun"]].astype({"kode_wilayah": str}))
    keys = pd.MultiIndex.from_arrays([rows["kode_wilayah"].astype(str), rows["tahun"]])
    return rows[keys.isin(chosen)]


def _term_sums(rows: Rows, term: Term) -> pd.Series:
    """The term per district (index kode_wilayah; SENTRA for a dataset without districts); absent = no report."""
    key = (term.dataset, term.column, term.conditions)
    if key not in rows.sums:
        rows.sums[key] = _sums(rows, term)
    return rows.sums[key] * term.sign


def _sums(rows: Rows, term: Term) -> pd.Series:
    ds, cut = DATASETS[term.dataset], rows.of(term.dataset)
    if ds.waktu == "tahun":  # a stock: the year with this stock (after the filter), per district
        cut = _year_pick(cut[_mask(cut, term)], int(rows.periode[:4]))
        values = cut[term.column].astype(float)
    else:
        values = cut[term.column].astype(float).where(_mask(cut, term), 0.0)
    if "kode_wilayah" not in cut.columns:
        return pd.Series({SENTRA: float(values.sum())} if len(cut) else {}, dtype=float)
    sums = values.groupby(cut["kode_wilayah"], observed=True).sum()
    return sums.set_axis(sums.index.astype(str))


def _expression(rows: Rows, terms: tuple[Term, ...]) -> pd.Series:
    """Σ of the terms per district; a district one term has no report for has no value."""
    parts = [_term_sums(rows, t) for t in terms]
    return pd.concat(parts, axis=1).sum(axis=1, skipna=False) if len(parts) > 1 else parts[0]


def _pairs(rows: Rows, ind: Indicator) -> pd.DataFrame:
    """Numerator and denominator per district (columns n, d; d = 1 for a count), districts that have both."""
    if ("pairs", ind) not in rows.sums:
        rows.sums[("pairs", ind)] = _pairs_of(rows, ind)
    return rows.sums[("pairs", ind)]


def _pairs_of(rows: Rows, ind: Indicator) -> pd.DataFrame:
    n = _expression(rows, ind.pembilang)
    d = _expression(rows, ind.penyebut) if ind.penyebut else pd.Series(1.0, index=n.index)
    if ind.tingkat == "sentra":  # no district pairing: the Sentra's totals
        both = pd.DataFrame({"n": [n.sum() if len(n) else None], "d": [d.sum() if len(d) else None]}, index=[SENTRA])
        return both.dropna()
    return pd.DataFrame({"n": n, "d": d}).dropna()


def _row_ratios(rows: Rows, ind: Indicator) -> pd.DataFrame:
    """rata_rata_baris: each row's numerator ÷ denominator (rows with a denominator above 0), with its district."""
    if ("rows", ind) not in rows.sums:
        rows.sums[("rows", ind)] = _row_ratios_of(rows, ind)
    return rows.sums[("rows", ind)]


def _row_ratios_of(rows: Rows, ind: Indicator) -> pd.DataFrame:
    name = ind.pembilang[0].dataset
    cut = rows.of(name)
    if DATASETS[name].waktu == "tahun":
        cut = _year_pick(cut, int(rows.periode[:4]))

    def side(terms: tuple[Term, ...]) -> pd.Series:
        return sum((cut[t.column].astype(float).where(_mask(cut, t), 0.0) * t.sign for t in terms), pd.Series(0.0, index=cut.index))  # fmt: skip

    n, d = side(ind.pembilang), side(ind.penyebut)
    keys = cut["kode_wilayah"].astype(str) if "kode_wilayah" in cut.columns else pd.Series(SENTRA, index=cut.index)
    return pd.DataFrame({"kode_wilayah": keys, "rasio": n / d.where(d > 0)}).dropna()


def _ratio(n: float, d: float, ind: Indicator) -> float | None:
    return None if pd.isna(n) or pd.isna(d) or d == 0 else float(n) / float(d) * ind.skala


def district_values(rows: Rows, ind: Indicator) -> pd.Series:
    """The indicator for every covered district (index: the configuration's districts; NaN = tidak ada data)."""
    kodes = rows.cfg.kode_wilayah
    if ind.tingkat == "sentra":
        return pd.Series(float("nan"), index=pd.Index(kodes, name="kode_wilayah"))
    if ind.agregasi == "rata_rata_baris":
        r = _row_ratios(rows, ind)
        return (r.groupby("kode_wilayah")["rasio"].mean() * ind.skala).reindex(kodes).astype(float)
    p = _pairs(rows, ind)
    out = p["n"] / p["d"].where(p["d"] != 0) * ind.skala
    return out.reindex(kodes).astype(float).rename_axis("kode_wilayah")


def area_value(rows: Rows, ind: Indicator, kodes: list[str] | None = None, per_district: bool = False) -> float | None:
    """The indicator of a set of districts (None: the whole coverage): Σ numerator ÷ Σ denominator over the
    districts with both, or the mean of the rows' ratios. `per_district`: a count is given per reporting district
    (Bandingkan's averages), not summed."""
    if ind.tingkat == "sentra" and kodes is not None and set(kodes) != set(rows.cfg.kode_wilayah):
        return None  # no district breakdown: only the whole coverage has a value
    if ind.agregasi == "rata_rata_baris":
        r = _row_ratios(rows, ind)
        r = r if kodes is None or ind.tingkat == "sentra" else r[r["kode_wilayah"].isin(kodes)]
        return float(r["rasio"].mean()) * ind.skala if len(r) else None
    p = _pairs(rows, ind)
    if kodes is not None and ind.tingkat == "wilayah":
        p = p[p.index.isin(kodes)]
    if p.empty:
        return None
    if not ind.penyebut:  # a count: the sum, or per reporting district
        return float(p["n"].sum()) / (len(p) if per_district else 1) * ind.skala
    return _ratio(p["n"].sum(), p["d"].sum(), ind)


def indicator_table(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, periode: str,
                    kategori: str | None = None) -> pd.DataFrame:  # fmt: skip
    """Every district-level indicator for every covered district in one month (columns: the indicators' codes)."""
    rows = Rows(data, cfg, periode, f.klaster, kategori)
    out = pd.DataFrame(index=pd.Index(cfg.kode_wilayah, name="kode_wilayah"))
    for ind in indicators(cfg, "wilayah"):
        out[ind.kode] = district_values(rows, ind)
    return out.astype(float)


PENDUDUK = parse("penduduk.jumlah")


def per_population(ind: Indicator) -> Indicator:
    """A count indicator per 10.000 penduduk (Bandingkan's per-10.000 scale): its numerator over the districts'
    population, a ratio of sums over the districts with both."""
    return replace(ind, kode=f"{ind.kode}_per10rb", nama=f"{ind.nama} per 10.000 penduduk",
                   satuan="per 10.000 penduduk", penyebut=PENDUDUK, faktor=10_000.0)  # fmt: skip


def over_population(ind: Indicator) -> bool:
    """Its denominator is the population alone: a count on the per-10.000 scale (per10rb is terdata's)."""
    return ind.penyebut == PENDUDUK


def monthly_trend(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, inds: list[Indicator]) -> dict[str, list[float]]:  # fmt: skip
    """Each indicator's value of the filters' districts in every month with data (oldest first, months without a
    value left out): the cards' small trend line. For district-level ratios of sums over monthly counts (waktu
    bulan): area_value of every month at once, each term summed on a month × district grid in one pass."""
    inds = [i for i in inds if i.agregasi == "rasio_jumlah" and i.tingkat == "wilayah"
            and all(DATASETS[d].waktu == "bulan" and "kode_wilayah" in DATASETS[d].kolom_nama for d in i.datasets)]  # fmt: skip
    kodes, kinds = pd.Index(districts(cfg, f)), kategori_codes(cfg, f)
    cuts: dict[str, tuple[pd.DataFrame, np.ndarray]] = {}
    names = list(dict.fromkeys(d for i in inds for d in i.datasets))
    for name in names:
        rows = data.get(name, pd.DataFrame(columns=DATASETS[name].kolom_nama))
        rows = rows[rows["kode_wilayah"].isin(kodes)]
        if "kategori_pas" in rows.columns:
            rows = rows[rows["kategori_pas"].isin(kinds)]
        elif "klaster" in rows.columns and f.klaster:
            rows = rows[rows["klaster"] == f.klaster]
        cuts[name] = (rows, np.empty(0))
    months = pd.Index(sorted({str(p) for rows, _ in cuts.values() for p in rows["periode"].unique()}))
    size = len(months) * len(kodes)
    for name, (rows, _) in cuts.items():  # each row's cell of the grid
        cuts[name] = (rows, months.get_indexer(rows["periode"].astype(str)) * len(kodes) + kodes.get_indexer(rows["kode_wilayah"].astype(str)))  # fmt: skip

    def grid(terms: tuple[Term, ...]) -> np.ndarray:
        """Σ of the terms per month × district; NaN where a term's dataset has no row (no report)."""
        out = np.zeros(size)
        for t in terms:
            rows, cell = cuts[t.dataset]
            values = rows[t.column].astype(float).where(_mask(rows, t), 0.0).to_numpy() * t.sign
            reported = np.bincount(cell, minlength=size) > 0
            out = out + np.where(reported, np.bincount(cell, weights=values, minlength=size), np.nan)
        return out.reshape(len(months), len(kodes))

    result: dict[str, list[float]] = {}
    for i in inds:
        n = grid(i.pembilang)
        d = grid(i.penyebut) if i.penyebut else np.where(np.isnan(n), np.nan, 1.0)
        both = ~np.isnan(n) & ~np.isnan(d)
        ns, ds = np.where(both, n, 0.0).sum(axis=1), np.where(both, d, 0.0).sum(axis=1)
        ok = both.any(axis=1) & (ds != 0 if i.penyebut else True)
        values = ns / np.where(ds != 0, ds, 1.0) if i.penyebut else ns
        result[i.kode] = [float(v) * i.skala for v, keep in zip(values, ok) if keep]
    return result


def district_pairs(rows: Rows, ind: Indicator) -> pd.DataFrame:
    """Numerator and denominator (columns n, d) per district with both (SENTRA for the Sentra's own datasets)."""
    return _pairs(rows, ind)
