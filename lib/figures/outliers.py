"""Mutu Data, numbers only: values far from their own district's history (outliers).

A *series* is one figure of one district over the months: PAS terdata and dilayani per PAS group, services received
per service kind, a programme's realisation in the month (its cumulative figure's increase; the first month of its
budget year: the figure itself). The chosen month's value is judged against the series' own earlier months (up to
HISTORY of them), never against other districts; a series with fewer than MIN_HISTORY earlier months is counted,
not judged. Two methods (WHO Data Quality Review, DHIS2's Data Quality app):

- `z_modifikasi` (the default): M = 0,6745 · (x − median) / MAD, MAD the median absolute deviation from the median;
  moderate from 3,5, extreme from 5. When MAD = 0 (half the history or more equal), the mean absolute deviation takes
  its place: M = (x − median) / (1,253314 · MeanAD) (IBM's rule, as DHIS2's); when that is 0 too (a constant
  history), a value equal to it scores 0 and any other value is extreme (score ±∞).
- `z`: z = (x − mean) / SD (sample SD, n − 1); moderate from 2, extreme from 3; SD = 0 as above.

Rows are sorted by impact, the absolute deviation |x − centre|, largest first.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib import periode as per
from lib.config import Konfigurasi
from lib.figures.filters import Filter, districts

Z_MODIFIKASI, Z = "z_modifikasi", "z"
METHODS = {Z_MODIFIKASI: (3.5, 5.0), Z: (2.0, 3.0)}  # (moderate, extreme) thresholds of |score|
SEDANG, EKSTREM = "sedang", "ekstrem"
MIN_HISTORY = 6  # earlier months a series needs before it is judged
HISTORY = 24  # earlier months it is judged against, at most
MAD_FACTOR, MEAN_AD_FACTOR = 0.6745, 1.253314

# (dataset, measured column, the series' detail column): the series judged
SERIES = (
    ("pas", "terdata", "kategori_pas"),
    ("pas", "dilayani", "kategori_pas"),
    ("layanan", "penerima", "jenis_layanan"),
    ("program", "realisasi", "kode_program"),
)


def scores(history: np.ndarray, x: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the centre of its history (median or mean; NaN cells are months without a value) and the score of
    x against it (see the module's text). history: rows × months; x: rows."""
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a row's NaN cells: months without a value
        if method == Z_MODIFIKASI:
            centre = np.nanmedian(history, axis=1)
            gap = np.abs(history - centre[:, None])
            mad = np.nanmedian(gap, axis=1)
            scale = np.where(mad > 0, mad / MAD_FACTOR, MEAN_AD_FACTOR * np.nanmean(gap, axis=1))
        elif method == Z:
            centre = np.nanmean(history, axis=1)
            scale = np.nanstd(history, axis=1, ddof=1)
        else:
            raise ValueError(f"unknown outlier method {method!r}")
        deviation = x - centre
        score = np.where(scale > 0, deviation / scale, np.where(deviation == 0, 0.0, np.sign(deviation) * np.inf))
    return centre, score


def monthly_matrix(
    data: dict[str, pd.DataFrame], dataset_name: str, column: str, detail: str, months: list[str], keep: set[str]
) -> tuple[pd.DataFrame, np.ndarray]:
    """The series of `column` per district and `detail` over `months` (summed over the other categories): the keys
    (kode_wilayah, rincian) and a keys × months matrix, NaN where a month has no row. Numpy on the codes: a frame of
    text columns would cost more than the whole computation."""
    rows = data[dataset_name]
    rows = rows[rows["periode"].isin(months) & rows["kode_wilayah"].isin(keep)]
    w, w_names = pd.factorize(rows["kode_wilayah"])
    d, d_names = pd.factorize(rows[detail])
    p, p_names = pd.factorize(rows["periode"])
    col = np.array([months.index(str(x)) for x in p_names], dtype=int)[p] if len(rows) else p
    keys, row = np.unique(w.astype(np.int64) * max(len(d_names), 1) + d, return_inverse=True)
    matrix = np.zeros((len(keys), len(months)))
    seen = np.zeros(matrix.shape, dtype=bool)
    np.add.at(matrix, (row, col), rows[column].to_numpy(dtype=float))
    seen[row, col] = True
    matrix[~seen] = np.nan
    n = max(len(d_names), 1)
    names = pd.DataFrame(
        {
            "kode_wilayah": np.asarray(w_names, dtype=object)[keys // n],
            "rincian": np.asarray(d_names, dtype=object)[keys % n],
        }
    )
    if dataset_name == "program":  # cumulative within the budget year: the month's increase
        first = np.array([m.endswith("-01") for m in months])
        before = np.concatenate([np.full((len(keys), 1), np.nan), matrix[:, :-1]], axis=1)
        matrix = np.where(first, matrix, matrix - before)
    return names.astype(str), matrix


@dataclass(frozen=True)
class Outliers:
    """The chosen month's values judged against their own series: every flagged row, worst impact first."""

    periode: str
    method: str
    moderate: float
    extreme: float
    flags: pd.DataFrame  # dataset, ukuran, kode_wilayah, rincian, nilai, pusat, deviasi, skor, riwayat, tingkat
    judged: int  # series judged (with at least MIN_HISTORY earlier months)
    short: int  # series with a value this month but too short a history


def outliers(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, method: str = Z_MODIFIKASI) -> Outliers:
    """The filter's month and districts; every series of SERIES (the klaster filter does not apply)."""
    months = per.month_range(per.shift(f.periode, -HISTORY - 1), f.periode)  # one more: a programme's increase
    keep = set(districts(cfg, f))
    parts, judged, short = [], 0, 0
    for name, column, detail in SERIES:
        if data[name].empty:
            continue
        names, matrix = monthly_matrix(data, name, column, detail, months, keep)
        now, history = matrix[:, -1], matrix[:, 1:-1]
        count = (~np.isnan(history)).sum(axis=1)
        has = ~np.isnan(now)
        enough = has & (count >= MIN_HISTORY)
        judged += int(enough.sum())
        short += int((has & ~enough).sum())
        if not enough.any():
            continue
        x = now[enough]
        centre, score = scores(history[enough], x, method)
        parts.append(
            names[enough].assign(
                dataset=name,
                ukuran=column,
                nilai=x,
                pusat=centre,
                deviasi=x - centre,
                skor=score,
                riwayat=count[enough],
            )
        )
    moderate, extreme = METHODS[method]
    cols = ["dataset", "ukuran", "kode_wilayah", "rincian", "nilai", "pusat", "deviasi", "skor", "riwayat", "tingkat"]
    if not parts:
        return Outliers(f.periode, method, moderate, extreme, pd.DataFrame(columns=cols), judged, short)
    every = pd.concat(parts, ignore_index=True)
    flagged = every[every["skor"].abs() >= moderate].copy()
    flagged["tingkat"] = np.where(flagged["skor"].abs() >= extreme, EKSTREM, SEDANG)
    flagged = flagged.assign(_impact=flagged["deviasi"].abs()).sort_values(
        ["_impact", "dataset", "kode_wilayah", "rincian"], ascending=[False, True, True, True], kind="stable"
    )
    return Outliers(f.periode, method, moderate, extreme, flagged[cols].reset_index(drop=True), judged, short)
