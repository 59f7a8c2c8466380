"""Wide recaps and the period of a sheet without a period column.

A wide recap has districts down the rows and, across the columns, one column (or a pair, "ANAK RENTAN" over
"TERDATA" and "DILAYANI") per PAS group, service kind or month. Its header has one row ("Anak Rentan Terdata") or
two (a group label, merged or written once, over the columns' own labels; either row may hold the group). Each
value cell becomes one canonical long row; every row keeps the Excel row and each value its own column, so a
problem names the cell the person typed.

The period, when no column holds it, comes from a title row above the header ("KEADAAN BULAN APRIL 2025") or the
sheet name ("APRIL 2025", "JAN 2025"); the note says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from lib.config import Konfigurasi
from lib.fmt import bulan
from lib.ingest import cells, codes
from lib.ingest.layout import (
    IGNORED_LABELS,
    Layout,
    Sheet,
    _group_labels,
    _header_norm,
    column_letter,
    data_rows,
    match_row,
    sheet_ref,
)
from lib.ingest.margins import TOTALS, Mismatch
from lib.ingest.read import HEADER_SCAN_ROWS, Grid
from lib.schema import BILANGAN, DATASETS, KODE, Dataset

_MONTH_YEAR = re.compile(r"(?<![a-z])([a-z]+)\.?[\s\-'/]*((?:19|20)\d{2})(?!\d)")
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


# The period of a sheet ------------------------------------------------------------------------------------------


def period_in(text: str) -> str | None:
    """'KEADAAN BULAN APRIL 2025' -> '2025-04'; a month name followed by a year, or nothing."""
    for m in _MONTH_YEAR.finditer(text.lower()):
        if m.group(1) in cells.MONTHS:
            try:
                return cells.parse_periode(f"{m.group(1)} {m.group(2)}")
            except cells.CellError:
                return None
    return None


@dataclass
class SheetPeriod:
    periode: str | None  # 'YYYY-MM', None when neither the title nor the sheet name holds one
    source: str  # 'judul lembar, baris 2' or 'nama lembar'
    conflict: str = ""  # the title and the sheet name name different months


def sheet_period(grid: Grid, above: int) -> SheetPeriod:
    """The month named by a title row above row `above` (0-based), else by the sheet name."""
    title = None
    for r, row in enumerate(grid.cells[:above]):
        for v in row:
            if isinstance(v, str) and (p := period_in(v)):
                title = (p, f"judul lembar, baris {r + 1}")
                break
        if title:
            break
    by_name = period_in(grid.name)
    if title and by_name and title[0] != by_name:
        return SheetPeriod(
            None,
            "",
            f"judul lembar (baris {title[1].rsplit(' ', 1)[1]}) menyebut {bulan(title[0])}, "
            f"nama lembar menyebut {bulan(by_name)}",
        )
    if title:
        return SheetPeriod(*title)
    if by_name:
        return SheetPeriod(by_name, "nama lembar")
    return SheetPeriod(None, "")


def period_note(grid: Grid, sp: SheetPeriod) -> str:
    return f"{sheet_ref(grid.name)}: periode {bulan(str(sp.periode))} diambil dari {sp.source}."


PERIOD_FIX = (
    'Tambahkan kolom Periode, tulis bulannya di judul lembar (mis. "KEADAAN BULAN APRIL 2025"), '
    'atau beri nama lembar bulannya (mis. "APRIL 2025").'
)


def period_missing(grid: Grid, sp: SheetPeriod) -> str:
    if sp.conflict:
        return f"{sheet_ref(grid.name)}: periode tidak jelas: {sp.conflict}."
    return (
        f"{sheet_ref(grid.name)} tidak punya kolom Periode, dan judul maupun nama lembarnya tidak menyebut "
        "bulan dan tahun."
    )


# Wide layouts ---------------------------------------------------------------------------------------------------


@dataclass
class Spread:
    col: int  # column index in the sheet
    dims: tuple[tuple[str, Any], ...]  # (canonical column, value) the header gives, e.g. (('kategori_pas', 'Anak'),)
    measure: str  # the value column the cells hold
    label: str  # the header text


@dataclass
class WideLayout:
    layout: Layout  # the row columns (district, ...) as an ordinary layout
    spreads: list[Spread]
    totals: list[int]  # totals columns, skipped
    needs_period: bool  # no column and no header gives the period
    strays: list[int]  # value columns ('TERDATA') under a label that names no group, kind or month


def _lookups(cfg: Konfigurasi, ds: Dataset) -> dict[str, dict[str, str]]:
    """Per key column a header may spread across: normalised label -> canonical code."""
    out = {}
    for k in ds.kunci:
        column = ds.column(k)
        if column.kind == KODE and column.code_list and k != "kode_wilayah":
            out[k] = codes.CodeLookup.from_items(getattr(cfg, column.code_list)).mapping
    return out


def _dim(v: Any, lookups: dict[str, dict[str, str]], year: int | None, ds: Dataset) -> tuple[str, Any] | None:
    key = cells.norm(cells.text(v))
    for k, mapping in lookups.items():
        if key in mapping:
            return k, mapping[key]
    if "periode" in ds.kunci:
        try:
            return "periode", cells.parse_periode(v)
        except cells.CellError:
            pass
        if year and key in cells.MONTHS:  # 'JAN' under a title naming the year
            return "periode", f"{year:04d}-{cells.MONTHS[key]:02d}"
    return None


def _classify(parts: list[Any], ds: Dataset, aliases, lookups, year) -> tuple[dict[str, Any], str | None] | None:
    """The dims and measure a column's header parts name, or None when a part means nothing."""
    measures = [c for c in ds.nilai if ds.jenis(c) == BILANGAN]
    dims: dict[str, Any] = {}
    measure = None
    for v in parts:
        if cells.is_blank(v):
            continue
        key = _header_norm(v) if isinstance(v, str) else ""
        hit = next((m for m in measures if key and (key in aliases[m] or cells.norm(v) in aliases[m])), None)
        if hit:
            measure = hit
            continue
        d = _dim(v, lookups, year, ds)
        if d:
            dims[d[0]] = d[1]
            continue
        if not isinstance(v, str):
            return None
        split = None
        whole = cells.norm(v)
        for m in measures:  # 'Anak Rentan Terdata' in one cell: the measure at either end
            for a in sorted(aliases[m], key=len, reverse=True):
                rest = whole[: -len(a)] if whole.endswith(a) else whole[len(a) :] if whole.startswith(a) else None
                if a and rest and (d := _dim(rest, lookups, year, ds)):
                    split = (m, d)
                    break
            if split:
                break
        if not split:
            return None
        measure, dims[split[1][0]] = split[0], split[1][1]
    if not dims:
        return None
    if measure is None and len(measures) == 1:
        measure = measures[0]
    return dims, measure


def _header_forms(grid: Grid, r: int) -> list[tuple[int | None, list[list[Any]], list[str]]]:
    """Row r as a one-row header, and rows r, r + 1 as a two-row one: (upper row, parts per column, labels)."""
    row = grid.cells[r]
    forms: list[tuple[int | None, list[list[Any]], list[str]]] = [
        (None, [[v] for v in row], [cells.text(v) for v in row])
    ]
    if r + 1 < len(grid.cells):
        upper, lower = grid.cells[r], grid.cells[r + 1]
        width = max(len(upper), len(lower))
        group = _group_labels(grid, r, width)
        parts, labels = [], []
        for c in range(width):
            lo = lower[c] if c < len(lower) else ""
            up = upper[c] if c < len(upper) else ""
            if cells.is_blank(lo):
                parts.append([up])
                labels.append(cells.text(up))
            else:
                parts.append([group[c], lo] if group[c] else [lo])
                labels.append(f"{group[c]} {cells.text(lo)}".strip())
        forms.append((r, parts, labels))
    return forms


def find_wide(
    grid: Grid, cfg: Konfigurasi, aliases: dict[str, list[str]], memo: dict | None = None
) -> WideLayout | None:
    """The best wide reading of the sheet's first rows: a district column and at least two columns whose headers
    name different groups (or service kinds, or months). `memo`, shared by the sheets of one upload, remembers
    what a header means (a sheet per month repeats the same header twelve times)."""
    memo = {} if memo is None else memo
    above = " ".join(cells.text(v) for row in grid.cells[:HEADER_SCAN_ROWS] for v in row[:3]) + " " + grid.name
    ym = _YEAR.search(above)
    year = int(ym.group(1)) if ym else None
    best = None
    district = set(aliases["kode_wilayah"])
    # Only rows with a district label can start a header: the rest of the scan is cheap then.
    has_district = [
        any(isinstance(v, str) and len(v) < 60 and _header_norm(v) in district for v in row)
        for row in grid.cells[: HEADER_SCAN_ROWS + 1]
    ]
    datasets = [d for d in DATASETS.values() if "kode_wilayah" in d.kunci]
    wanted = [(ds, _lookups(cfg, ds)) for ds in datasets]
    wanted = [(ds, lk) for ds, lk in wanted if lk or "periode" in ds.kunci]
    for r in range(min(len(grid.cells), HEADER_SCAN_ROWS)):
        if not (has_district[r] or (r + 1 < len(has_district) and has_district[r + 1])):
            continue
        for top, parts, labels in _header_forms(grid, r):
            if top is None and not has_district[r]:
                continue
            for ds, lookups in wanted:
                key = (ds.nama, year, tuple(tuple((type(v), v) for v in p) for p in parts))
                if key not in memo:
                    memo[key] = _read_header(ds, parts, labels, aliases, lookups, year)
                found = memo[key]
                if found is None:
                    continue
                rows, spreads, totals, strays = found
                score = (len(spreads), top is not None, -r)
                if best is None or score > best[0]:
                    best = (score, ds, r if top is None else r + 1, top, rows, spreads, totals, strays, labels)
    if best is None:
        return None
    _, ds, header, top, rows, spreads, totals, strays, labels = best
    dims = {k for k, _ in spreads[0].dims}
    taken = set(rows.values()) | {s.col for s in spreads} | set(totals) | set(strays)
    named = {c: t for c, t in enumerate(labels) if t}
    unknown = [c for c, t in named.items() if c not in taken and _header_norm(t) not in IGNORED_LABELS]
    lay = Layout(ds, header, dict(rows), named, None, unknown, top)
    needs = "periode" in ds.kunci and "periode" not in rows and "periode" not in dims
    return WideLayout(lay, spreads, totals, needs, strays)


def _read_header(ds, parts, labels, aliases, lookups, year):
    matched = match_row([tuple(cells.text(v) for v in p) for p in parts], ds, aliases)
    rows = {k: c for k, c in matched.items() if k in ds.kunci}
    if "kode_wilayah" not in rows:
        return None
    spreads, totals, strays = [], [], []
    measures = {a for m in ds.nilai if ds.jenis(m) == BILANGAN for a in aliases[m]}
    for c, p in enumerate(parts):
        if c in rows.values():
            continue
        got = _classify(p, ds, aliases, lookups, year)
        if got is None:
            if any(isinstance(v, str) and cells.norm(v).startswith(TOTALS) for v in p):
                totals.append(c)
            elif len(p) > 1 and any(isinstance(v, str) and _header_norm(v) in measures for v in p):
                strays.append(c)  # 'TERDATA' under a group label that names no group: its values would be lost
            continue
        dims, measure = got
        if measure is None or any(k in rows for k in dims):
            continue
        spreads.append(Spread(c, tuple(sorted(dims.items())), measure, labels[c]))
    if len({s.dims for s in spreads}) < 2 or len({tuple(k for k, _ in s.dims) for s in spreads}) != 1:
        return None
    covered = set(rows) | {k for k, _ in spreads[0].dims} | {"periode"}
    if not set(ds.kunci) <= covered:
        return None
    return rows, spreads, totals, strays


def extract_wide(grid: Grid, wl: WideLayout, periode: str | None, notes: list[str]) -> Sheet:
    """One canonical row per data row and group of spread columns; a group left blank in a row is no row."""
    lay, ds = wl.layout, wl.layout.dataset
    where = sheet_ref(grid.name)
    if wl.totals:
        left, right = column_letter(wl.totals[0]), column_letter(wl.totals[-1])
        span = left if left == right else f"{left}–{right}"
        label = lay.labels.get(wl.totals[0], "").split(" ")[0]
        notes.append(f'{where}: kolom {span} ("{label}") dilewati sebagai kolom total.')
    mismatches: list[Mismatch] = []
    frame, excel = data_rows(grid, lay, notes, tuple(s.col for s in wl.spreads), mismatches=mismatches)
    n = len(frame)
    groups: dict[tuple, dict[str, int]] = {}
    for s in wl.spreads:
        groups.setdefault(s.dims, {})[s.measure] = s.col
    measures = [c for c in ds.nilai if ds.jenis(c) == BILANGAN]

    def column(c: int | None) -> np.ndarray:
        if c is None or c >= frame.shape[1]:
            return np.full(n, "", dtype=object)
        return frame[c].to_numpy(dtype=object)

    blank = {s.col: _blank(column(s.col)) & ~_dash(column(s.col)) for s in wl.spreads}  # '-' is 0: a row
    fixed = {k: column(lay.columns.get(k)) for k in ds.kolom_nama if k in lay.columns}
    values: dict[str, list[np.ndarray]] = {k: [] for k in ds.kolom_nama}
    at: dict[str, list[np.ndarray]] = {k: [] for k in ds.kolom_nama}
    rows_at = []
    for dims, by_measure in groups.items():
        filled = ~np.logical_and.reduce([blank[c] for c in by_measure.values()])
        m = int(filled.sum())
        given = dict(dims)
        first = next(iter(by_measure.values()))
        for k in ds.kolom_nama:
            if k in fixed:
                v, c = fixed[k][filled], lay.columns[k]
            elif k in given:
                v, c = np.full(m, given[k], dtype=object), first
            elif k in measures:
                v, c = column(by_measure.get(k))[filled], by_measure.get(k, -1)
            elif k == "periode" and periode is not None:
                v, c = np.full(m, periode, dtype=object), -1
            else:
                v, c = np.full(m, "", dtype=object), -1
            values[k].append(v)
            at[k].append(np.full(m, c))
        rows_at.append(excel[filled])
    order = np.argsort(np.concatenate(rows_at), kind="stable")  # row by row, as the person reads the sheet
    raw = pd.DataFrame({k: np.concatenate(v)[order] for k, v in values.items()})
    cols = {k: np.concatenate(v)[order] for k, v in at.items()}
    return Sheet(grid, lay, raw, np.concatenate(rows_at)[order], cell_columns=cols, mismatches=mismatches)


def _blank(a: np.ndarray) -> np.ndarray:
    return np.array([cells.is_blank(v) for v in a], dtype=bool)


def _dash(a: np.ndarray) -> np.ndarray:
    return np.array([cells.is_dash(v) for v in a], dtype=bool)
