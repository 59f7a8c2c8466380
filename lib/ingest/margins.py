"""The rows of an office's recap around and between its data: totals and subtotals, section rows naming a parent
area ("PROVINSI MALUKU"), and what follows the table (a signature block, footnotes). Used by lib.ingest.layout to
tell data rows from the rest; a subtotal of a parent area is checked against its section's rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from lib.ingest import cells, codes

TOTALS = ("jumlah", "total", "subtotal", "grandtotal")  # a totals row: a label starting with one of these
MAX_TEXT = 200  # a longer cell is a note, never a footer line
# The first line of what follows an office's table: a signature block or footnotes (matched on a cell's text)
FOOTER = re.compile(
    r"""(
      t\.?\s*t\.?\s*d\.?|dto\.?                                   # 'ttd', 't.t.d', 'dto'
    | nip\b.*|nip\.?\s*[:.]?\s*\d.*                               # 'NIP. 19700101 199503 1 001'
    | (mengetahui|menyetujui|keterangan|catatan|ket|sumber)\b\s*[:,.]?.*
    | (kepala|sekretaris|kabid|kasi|kasubbag|kasubag|plt|plh|pj|a\.\s?n|u\.\s?b|yang\s+membuat|dibuat\s+oleh)\b.*
    | [a-z][a-z .'-]{1,40},\s*(\d{1,2}\s*)?[a-z]+\.?\s+\d{4}          # 'Kota X, 5 Februari 2025'
    | [a-z][a-z .'-]{1,40},\s*\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}  # 'Kota X, 05/02/2025'
    )""",
    re.IGNORECASE | re.VERBOSE,
)
FOOTER_CELLS = 3  # a footer line has at most this many filled cells (a data row has more, or other values)

Factorize = Callable[[int], tuple[np.ndarray, np.ndarray]]  # column index -> its (codes, distinct values)


def is_total(v: Any) -> bool:
    return isinstance(v, str) and cells.norm(v).startswith(TOTALS)


def is_footer(v: Any) -> bool:
    return isinstance(v, str) and len(v) <= MAX_TEXT and FOOTER.fullmatch(v.strip()) is not None


def total_area(v: Any, parents: dict[str, str]) -> str | None:
    """The parent area a totals label names: 'JUMLAH SULTRA', 'Sub Total Provinsi Maluku' -> its name."""
    if not parents or not isinstance(v, str):
        return None
    m = re.match(r"\s*(sub\s*-?\s*total|grand\s*total|jumlah|total)\b\.?\s*", v, re.IGNORECASE)
    return codes.parent_area(v[m.end() :], parents) if m else None


@dataclass
class Mismatch:
    """A subtotal row of a parent area whose number differs from the sum of its section's rows (a warning)."""

    row: int  # Excel row of the subtotal
    column: int  # its column index
    label: str  # 'JUMLAH SULTRA'
    value: int
    total: int  # the sum of the section's rows
    rows: tuple[int, int]  # Excel rows of the section's first and last data rows


def _hits(frame: pd.DataFrame, factorize: Factorize, test: Callable[[Any], Any]) -> np.ndarray:
    """Rows with a cell passing `test`, tested once per distinct value of each column."""
    found = np.zeros(len(frame), bool)
    for c in range(frame.shape[1]):
        at, uniques = factorize(c)
        hit = [i for i, u in enumerate(uniques) if isinstance(u, str) and test(u)]
        if hit:
            found |= np.isin(at, hit)
    return found


def section_rows(frame: pd.DataFrame, parents: dict[str, str], used: list[int], factorize: Factorize) -> np.ndarray:
    """Rows naming a parent area ('PROVINSI MALUKU') with every other cell of the table blank."""
    if not parents:
        return np.zeros(len(frame), bool)
    out = _hits(frame, factorize, lambda u: codes.parent_area(u, parents))
    for i in np.flatnonzero(out):
        row = frame.iloc[i]
        named = [c for c in used if not cells.is_blank(row[c])]
        out[i] = len(named) <= 1 and all(codes.parent_area(row[c], parents) for c in named)
    return out


def footer_row(frame: pd.DataFrame, table: set[int], factorize: Factorize) -> int | None:
    """The first row of a signature block or footnotes: a line like 'Kota X, 5 Februari 2025', 'Kepala Dinas
    Sosial', 'ttd', 'NIP. …', 'Mengetahui,' or 'Keterangan:' with at most FOOTER_CELLS cells filled, every one in
    the table's columns such a line (a data row of follow-ups may name 'Kepala Dinas' beside its other cells)."""
    for i in np.flatnonzero(_hits(frame, factorize, is_footer)):
        filled = [(c, v) for c, v in enumerate(frame.iloc[i]) if not cells.is_blank(v)]
        if len(filled) <= FOOTER_CELLS and all(is_footer(v) for c, v in filled if c in table):
            return int(i)
    return None


def check_subtotals(
    frame: pd.DataFrame,
    excel: np.ndarray,
    parents: dict[str, str],
    numbers: list[int],
    labels: list[int],
    rows_of: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> list[Mismatch]:
    """Each subtotal naming a parent area against the sum of the data rows since the previous subtotal or section
    row (those with the subtotal's other labels, e.g. its month or group), number column by number column.
    `rows_of`: per row, (kept as data, a totals row, a section row)."""
    keep, total, section = rows_of
    out: list[Mismatch] = []
    start = 0
    for i in range(len(frame)):
        if section[i]:
            start = i + 1
        if not total[i]:
            continue
        row = frame.iloc[i]
        label = next((v for v in row if is_total(v)), None)
        if total_area(label, parents) is None:
            start = i + 1
            continue
        rows = [j for j in range(start, i) if keep[j] and not total[j]]
        same = [c for c in labels if not cells.is_blank(row[c]) and not is_total(row[c])]
        rows = [j for j in rows if all(cells.text(frame.iat[j, c]) == cells.text(row[c]) for c in same)]
        start = i + 1
        for c in numbers if rows else []:
            try:
                value = _number(row[c])
                parts = [_number(frame.iat[j, c]) for j in rows]
            except cells.CellError:
                continue  # an unreadable cell is reported where it is
            summed = sum(p for p in parts if p is not None)
            if value is not None and summed != value:
                first, last = int(excel[rows[0]]), int(excel[rows[-1]])
                out.append(Mismatch(int(excel[i]), c, cells.text(label), value, summed, (first, last)))
    return out


def _number(v: Any) -> int | None:
    if cells.is_dash(v):
        return 0
    return None if cells.is_blank(v) else cells.parse_bilangan(v)
