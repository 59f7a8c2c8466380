"""Where the data is in a sheet: the dataset and its header row, the columns it names, the rows that hold data.

A sheet is recognised by its name ('PAS', 'Data PAS') or by its header row, which may sit below title rows; header
labels are matched against the column registry's aliases (lib.schema). A header may span two rows: a group label
over several columns (merged, or written once followed by blanks) above the columns' own labels, e.g. "Jumlah PAS"
over "Terdata" and "Dilayani"; both rows' words together, or the lower label alone, name the column. Merged cells
are filled in, `No` columns ignored, totals rows (`JUMLAH`, `TOTAL`) and the template's example rows skipped with
a note. Rows of a parent area ("PROVINSI MALUKU") are section rows, skipped with a note; a subtotal naming one
("JUMLAH SULTRA") is checked against its section's rows. Below the data, an office's letter ends: the place and
date, the signer's title, "ttd", name and "NIP." lines, "Mengetahui", "Keterangan:"; the table ends at the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from lib.config import Konfigurasi, dataset_title
from lib.ingest import cells, codes
from lib.ingest.margins import Mismatch, check_subtotals, footer_row, is_total, section_rows, total_area
from lib.ingest.read import HEADER_SCAN_ROWS, Grid
from lib.schema import BILANGAN, COLUMNS, DATASETS, KODE, PERIODE, TAHUN, Dataset, fill

TEMPLATE_SHEETS = ("Petunjuk", "Daftar")  # the template's own sheets, skipped without a note
MARKER = "contoh"  # header of the template's column that marks example rows
MAX_LABEL = 200  # a longer cell is data (a note), never a header label: not normalised for every dataset
IGNORED_LABELS = {"no", "nomor", "nourut", "nomorurut", "num", ""}


def column_letter(i: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def sheet_ref(sheet: str) -> str:
    return f'Lembar "{sheet}"' if sheet else "Berkas CSV"


@dataclass
class Layout:
    dataset: Dataset
    header: int  # 0-based row of the header (its lower row when it spans two)
    columns: dict[str, int]  # canonical -> column index
    labels: dict[int, str]  # column index -> header text
    marker: int | None  # column of the template's example marker
    unknown: list[int]  # columns with a header that means nothing to us
    top: int | None = None  # 0-based upper row of a two-row header
    parents: dict[str, str] = field(default_factory=dict)  # the deployment's parent areas (codes.parent_areas)

    @property
    def header_rows(self) -> str:
        """The header's Excel row(s): '3' or '1–2'."""
        return f"{self.top + 1}–{self.header + 1}" if self.top is not None else str(self.header + 1)


def alias_table(cfg: Konfigurasi) -> dict[str, list[str]]:
    """Canonical column -> the normalised header labels that name it, best first (the name itself first)."""
    return {c.name: [cells.norm(a) for a in (c.name, *(fill(a, cfg) for a in c.aliases))] for c in COLUMNS.values()}


def _header_norm(v: Any) -> str:
    s = cells.text(v)
    return cells.norm(re.sub(r"\(.*?\)", "", s)) or cells.norm(s)


def match_row(row: list[Any], ds: Dataset, aliases: dict[str, list[str]]) -> dict[str, int]:
    """Canonical column -> index of the header cell that names it (best alias wins). A cell is a value or a tuple
    of candidate labels (a two-row header's)."""
    best: dict[str, tuple[int, int]] = {}
    for c, v in enumerate(row):
        labels = v if isinstance(v, tuple) else (v,)
        keys = {
            k
            for t in labels
            if isinstance(t, str) and t.strip() and len(t) <= MAX_LABEL
            for k in (_header_norm(t), cells.norm(t))
        }
        if not keys:
            continue
        for kolom in ds.kolom_nama:
            ranks = [aliases[kolom].index(k) for k in keys if k in aliases[kolom]]
            if ranks and (kolom not in best or min(ranks) < best[kolom][0]):
                best[kolom] = (min(ranks), c)
    # A header cell names one column only: give it to the column for which it is the better label.
    used: dict[int, tuple[int, str]] = {}
    for kolom, (rank, c) in best.items():
        if c not in used or rank < used[c][0]:
            used[c] = (rank, kolom)
    return {kolom: c for c, (rank, kolom) in used.items()}


def _group_labels(grid: Grid, r: int, width: int) -> list[str]:
    """The upper row's label over each column: a merged range's value across the range; without merges in the
    row (CSV, "centre across selection"), a label carried right across the blanks after it."""
    row = [cells.text(grid.cells[r][c]) if c < len(grid.cells[r]) else "" for c in range(width)]
    spans = [(c1, c2) for (r1, c1), (r2, c2) in grid.merged if r1 <= r <= r2 and c2 > c1]
    out = list(row)
    if spans:
        for c1, c2 in spans:
            for c in range(c1 + 1, min(c2, width - 1) + 1):
                out[c] = out[c] or row[c1]
    else:
        for c in range(1, width):
            out[c] = out[c] or out[c - 1]
    return out


def two_row_header(grid: Grid, r: int) -> list[tuple[str, ...]]:
    """Rows r and r + 1 read as one header: per column, the candidate labels (the lower label, the group label
    with it, or the upper cell's own label where the lower one is blank), the combined text first."""
    upper, lower = grid.cells[r], grid.cells[r + 1]
    width = max(len(upper), len(lower))
    group = _group_labels(grid, r, width)
    out: list[tuple[str, ...]] = []
    for c in range(width):
        lo = cells.text(lower[c]) if c < len(lower) else ""
        up = cells.text(upper[c]) if c < len(upper) else ""
        if lo:
            out.append((f"{group[c]} {lo}", lo) if group[c] else (lo,))
        else:
            out.append((up,) if up else ())
    return out


def _datasets_by_name(sheet: str, cfg: Konfigurasi) -> list[Dataset]:
    tokens = re.findall(r"[a-z0-9]+", sheet.lower())
    found = []
    for ds in DATASETS.values():
        names = [ds.judul, dataset_title(cfg, ds.nama, ds.judul), ds.nama.replace("_", " ")]
        names += [cfg.kategori_singkatan] if ds.nama == "pas" else []
        for name in names:
            t = re.findall(r"[a-z0-9]+", name.lower())
            if any(tokens[i : i + len(t)] == t for i in range(len(tokens) - len(t) + 1)):
                found.append(ds)
                break
    return found


def find_layout(grid: Grid, cfg: Konfigurasi, aliases: dict[str, list[str]]) -> tuple[Layout | None, list[Dataset]]:
    """The best header row among the first rows, and the datasets the sheet's name suggests."""
    by_name = _datasets_by_name(grid.name, cfg)
    candidates = by_name or list(DATASETS.values())
    best = None  # (score, ds, header row, matched, upper row of a two-row header)
    for r, row in enumerate(grid.cells[:HEADER_SCAN_ROWS]):
        forms: list[tuple[list[Any], int | None]] = [(row, None)]
        if r + 1 < len(grid.cells):
            forms.append((two_row_header(grid, r), r))  # wins only with more columns named than one row
        for cand, top in forms:
            for ds in candidates:
                matched = match_row(cand, ds, aliases)
                score = (len(matched), len(matched) / len(ds.kolom), top is None, -r)
                if best is None or score > best[0]:
                    best = (score, ds, r if top is None else r + 1, matched, top, cand)
    if best is None:
        return None, by_name
    (count, share, _, _), ds, r, matched, top, cand = best
    wajib = [k for k in ds.kolom if k.required]
    if count < 2 or (not by_name and count < max(2, (len(wajib) + 1) // 2)):
        return None, by_name
    labels = {c: (v[0] if v else "") if isinstance(v, tuple) else cells.text(v) for c, v in enumerate(cand)}
    labels = {c: t for c, t in labels.items() if t}
    marker = next((c for c, t in labels.items() if cells.norm(t) == MARKER), None)
    unknown = [
        c
        for c, t in labels.items()
        if c not in matched.values() and c != marker and _header_norm(t) not in IGNORED_LABELS
    ]
    return Layout(ds, r, matched, labels, marker, unknown, top), by_name


def fill_merged(grid: Grid, lay: Layout) -> None:
    """A merged cell spanning rows (a district written once for several rows) fills each row it covers."""
    fill_cols = {c for k, c in lay.columns.items() if lay.dataset.jenis(k) != BILANGAN}
    for (r1, c1), (r2, c2) in grid.merged:
        if r2 <= r1 or r1 <= lay.header or c1 not in fill_cols:
            continue
        value = grid.cells[r1][c1] if r1 < len(grid.cells) and c1 < len(grid.cells[r1]) else ""
        for r in range(r1 + 1, min(r2, len(grid.cells) - 1) + 1):
            row = grid.cells[r]
            for c in range(c1, min(c2, len(row) - 1) + 1):
                if cells.is_blank(row[c]):
                    row[c] = value


@dataclass
class Sheet:
    """A recognised sheet on its way: raw cells of the data rows, then canonical rows."""

    grid: Grid
    layout: Layout
    raw: pd.DataFrame  # raw values of the data rows, one column per canonical column present
    excel_rows: np.ndarray
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)  # set once the cells are parsed
    bad_cells: set = field(default_factory=set)  # (position, canonical column) that could not be parsed
    # A wide sheet's rows come from several columns: canonical column -> the column index of each row's cell
    # (-1: no cell, e.g. a period from the title). Columns not named here are at layout.columns.
    cell_columns: dict[str, np.ndarray] = field(default_factory=dict)
    # canonical column -> its raw cells' (codes, distinct values) when data_rows already computed them
    distinct: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)  # subtotals that differ from their section


def extract(grid: Grid, lay: Layout, notes: list[str]) -> Sheet:
    factorized: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    mismatches: list[Mismatch] = []
    frame, excel = data_rows(grid, lay, notes, factorized=factorized, mismatches=mismatches)
    n = len(frame)
    columns = {}
    for kolom in lay.dataset.kolom_nama:
        at = lay.columns.get(kolom)
        present = at is not None and at < frame.shape[1]
        columns[kolom] = frame[at].to_numpy(dtype=object) if present else np.full(n, "", dtype=object)
    # dtype=object: the cells as read, not turned into pandas strings only to be turned back when parsed
    sheet = Sheet(grid, lay, pd.DataFrame(columns, index=range(n), dtype=object), excel)
    sheet.distinct = {k: factorized[c] for k, c in lay.columns.items() if c in factorized}
    sheet.mismatches = mismatches
    return sheet


def data_rows(
    grid: Grid,
    lay: Layout,
    notes: list[str],
    values: tuple[int, ...] = (),
    factorized: dict[int, tuple[np.ndarray, np.ndarray]] | None = None,
    mismatches: list[Mismatch] | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows below the header that hold data (any of the layout's columns, or of `values`, filled), without
    totals rows, what follows the last one, section rows of parent areas, a signature block or footnotes and what
    follows them, and example rows; with their Excel row numbers. `factorized`, when given, receives per column
    index the kept rows' (codes, distinct values), as pd.factorize gives them; `mismatches` the subtotals of parent
    areas that differ from the sum of their section's rows."""
    fill_merged(grid, lay)
    body = grid.cells[lay.header + 1 :]
    frame = pd.DataFrame(body, dtype=object) if body else pd.DataFrame()
    excel = np.arange(lay.header + 2, lay.header + 2 + len(frame))
    ds, where = lay.dataset, sheet_ref(grid.name)
    used = [c for c in (*lay.columns.values(), *values) if c < frame.shape[1]]
    if factorized is None:
        factorized = {}

    def factorize(c: int) -> tuple[np.ndarray, np.ndarray]:  # once per column: for blanks and for totals
        if c not in factorized:
            factorized[c] = pd.factorize(frame[c].to_numpy(dtype=object), use_na_sentinel=True)
        return factorized[c]

    if len(frame):
        keep = np.zeros(len(frame), bool)
        for c in used:
            keep |= ~_blank_mask(*factorize(c))
        if _column_numbers(body[0]):  # '(1) (2) (3) …' under the header, as many recaps number their columns
            keep[0] = False
            notes.append(f"{where}: baris {excel[0]} (nomor kolom) dilewati.")
        # Totals rows: a label starting with JUMLAH/TOTAL in a column that is not a number or free text.
        scan = [
            c
            for c in range(frame.shape[1])
            if c not in lay.columns.values() or ds.jenis(_name_of(lay, c)) in (KODE, PERIODE, TAHUN)
        ]
        total = np.zeros(len(frame), bool)
        for c in scan:
            codes_, uniques = factorize(c)
            hit = [i for i, u in enumerate(uniques) if is_total(u)]
            if hit:
                total |= np.isin(codes_, hit)
        skipped: list[tuple[int, str]] = []  # (row, note): noted in the order of the sheet's rows
        section = section_rows(frame, lay.parents, used, factorize)
        for i in np.flatnonzero(section):
            shown = next(cells.text(v) for v in frame.iloc[i] if codes.parent_area(v, lay.parents))
            skipped.append(
                (int(i), f"{where}: baris {excel[i]} ({shown}) dilewati sebagai baris judul bagian (provinsi).")
            )
        keep &= ~section
        # A subtotal of a parent area ('JUMLAH SULTRA') is followed by the next section; a grand total ends the table.
        totals = {int(i): next(v for v in frame.iloc[i] if is_total(v)) for i in np.flatnonzero(total)}
        grand = [i for i, v in totals.items() if total_area(v, lay.parents) is None]
        if not grand:
            footer = footer_row(frame, set(lay.columns.values()), factorize)
            if footer is not None:
                after = np.flatnonzero(keep[footer:]) + footer
                span = f"{excel[footer]}" + (f"–{excel[after[-1]]}" if len(after) and after[-1] > footer else "")
                skipped.append(
                    (
                        footer,
                        f"{where}: baris {span} di bawah tabel diabaikan (tanda tangan, tanggal surat atau keterangan).",
                    )
                )
                keep[footer:] = False
        if len(grand) < len(totals) and mismatches is not None:
            numbers = [c for k, c in lay.columns.items() if ds.jenis(k) == BILANGAN] + list(values)
            numbers = [c for c in dict.fromkeys(numbers) if c < frame.shape[1]]
            labels = [c for k, c in lay.columns.items() if ds.jenis(k) != BILANGAN and c < frame.shape[1]]
            mismatches += check_subtotals(frame, excel, lay.parents, numbers, labels, (keep, total, section))
        for t, v in totals.items():
            skipped.append((t, f"{where}: baris {excel[t]} ({cells.text(v)}) dilewati sebagai baris total."))
        if grand:
            last = grand[-1]
            after = np.flatnonzero(keep[last + 1 :]) + last + 1
            if len(after):
                span = f"{excel[after[0]]}" + (f"–{excel[after[-1]]}" if len(after) > 1 else "")
                skipped.append(
                    (
                        last + 1,
                        f"{where}: baris {span} di bawah baris total diabaikan (mis. tanda tangan atau catatan kaki).",
                    )
                )
            keep[last:] = False
        keep &= ~total
        notes += [note for _, note in sorted(skipped, key=lambda x: x[0])]
        if lay.marker is not None and lay.marker < frame.shape[1]:
            example = ~_blank_mask(*factorize(lay.marker)) & keep
            for i in np.flatnonzero(example):
                notes.append(f"{where}: baris {excel[i]} adalah baris contoh dan dilewati.")
            keep &= ~example
        frame, excel = frame[keep], excel[keep]
        for c, (at, uniques) in factorized.items():
            factorized[c] = (at[keep], uniques)
    return frame, excel


def _column_numbers(row: list[Any]) -> bool:
    """A row of column numbers: at least three cells, each 1, 2, … or (1), (2), …, increasing."""
    found = []
    for v in row:
        if cells.is_blank(v):
            continue
        m = re.fullmatch(r"\(?(\d{1,2})\)?", cells.text(v)) if not isinstance(v, bool) else None
        if not m:
            return False
        found.append(int(m.group(1)))
    return len(found) >= 3 and all(b > a for a, b in zip(found, found[1:]))


def _blank_mask(codes: np.ndarray, uniques: np.ndarray) -> np.ndarray:
    """Per row: the cell is blank (from the column's factorization)."""
    blank_u = np.array([cells.is_blank(u) for u in uniques] + [True], dtype=bool)
    return blank_u[np.where(codes < 0, len(uniques), codes)]


def _name_of(lay: Layout, c: int) -> str:
    return next(k for k, i in lay.columns.items() if i == c)
