"""What is wrong with an upload, where: the Problem, the Indonesian problem table, and the annotated workbook.

problems_table(problems)   -> the table people read (sheet, Excel row, column, value, what, how)
annotated_workbook(...)    -> a copy of the person's own workbook with the bad cells coloured and commented
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.fmt import angka
from lib.ingest import cells, read
from lib.ingest.layout import Sheet, column_letter
from lib.ingest.validate import GALAT, PERINGATAN, Severity


@dataclass
class Problem:
    sheet: str  # sheet name as in the workbook ('' for CSV)
    row: int | None  # Excel row number (1-based, header rows counted), None for a whole sheet
    column: str | None  # Excel column letter, None for a whole row or sheet
    label: str | None  # the header text the person wrote in that column
    value: str | None  # the cell value as text
    message: str  # what is wrong
    fix: str  # how to fix it
    severity: Severity  # 'galat' (blocks the import) or 'peringatan' (does not)
    personal: bool = False  # a by-name list refused (lib.ingest.personal): its message is shown whole, no copy made


def problem_at(sheet: Sheet, pos: int | None, kolom: str | None, message: str, fix: str, severity: Severity) -> Problem:
    """A problem of a cell (row position `pos`, column `kolom`), a row (no column) or a header (no position)."""
    lay = sheet.layout
    c = lay.columns.get(kolom) if kolom else None
    if kolom in sheet.cell_columns and pos is not None:  # a wide sheet: the cell's own column
        c = int(sheet.cell_columns[kolom][pos])
        c = None if c < 0 else c
    return Problem(
        sheet=sheet.grid.name,
        row=int(sheet.excel_rows[pos]) if pos is not None else None,
        column=column_letter(c) if c is not None else None,
        label=lay.labels.get(c) if c is not None else None,
        value=cells.short_text(sheet.raw.at[pos, kolom], 80)
        if (pos is not None and kolom in sheet.raw.columns)
        else None,
        message=message,
        fix=fix,
        severity=severity,
    )


def subtotal_problems(sheet: Sheet) -> list[Problem]:
    """A warning for each subtotal of a parent area that differs from the sum of its section's rows."""
    out = []
    for m in sheet.mismatches:
        shown = sheet.layout.labels.get(m.column) or column_letter(m.column)
        a, b = m.rows
        out.append(
            Problem(
                sheet.grid.name,
                m.row,
                column_letter(m.column),
                sheet.layout.labels.get(m.column),
                angka(m.value),
                f"Subtotal {m.label} ({shown}) {angka(m.value)} tidak sama dengan jumlah baris di atasnya "
                f"(baris {a}–{b}): {angka(m.total)}.",
                "Periksa subtotal dan angka kabupaten/kota di atasnya. Subtotal tidak diimpor (dasbor menjumlahkan "
                "sendiri); bila angka kabupaten/kotanya benar, peringatan ini boleh diabaikan.",
                PERINGATAN,
            )
        )
    return out


TABLE_COLUMNS = ["Lembar", "Baris", "Kolom", "Nilai", "Masalah", "Cara memperbaiki", "Jenis"]


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    """The table people read: sheet, Excel row, 'D (Jumlah Terdata)', value, what is wrong, how to fix it."""
    rows = [
        {
            "Lembar": p.sheet,
            "Baris": p.row,
            "Kolom": (f"{p.column} ({p.label})" if p.label else p.column) if p.column else "",
            "Nilai": p.value or "",
            "Masalah": p.message,
            "Cara memperbaiki": p.fix,
            "Jenis": "Galat" if p.severity == GALAT else "Peringatan",
        }
        for p in problems
    ]
    out = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    out["Baris"] = out["Baris"].astype("Int64")
    return out


def annotated_workbook(data: bytes, file_name: str, problems: list[Problem]) -> bytes:
    """The person's own workbook with each bad cell filled (red: error, yellow: warning) and commented."""
    # openpyxl takes about 80 ms to import and only this copy needs it.
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    kind = read.file_kind(data, file_name)
    if kind == "xlsx":
        wb = openpyxl.load_workbook(io.BytesIO(data))
    else:  # .xls, .ods, .csv: the same cells in a new .xlsx
        grids = read.read_grids(data, file_name, kind)
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for g in (g for g in grids if not g.hidden):
            ws = wb.create_sheet(_safe_title(g.name or Path(file_name).stem))
            for r, row in enumerate(g.cells, start=1):
                for c, v in enumerate(row, start=1):
                    if not (isinstance(v, str) and v == ""):
                        ws.cell(r, c, v)
        if not wb.sheetnames:  # every sheet was hidden
            wb.create_sheet("Data")
    fills = {GALAT: PatternFill("solid", fgColor="FFC7CE"), PERINGATAN: PatternFill("solid", fgColor="FFEB9C")}
    notes: dict[tuple[str, str], list[str]] = {}
    for p in sorted(problems, key=lambda p: p.severity != GALAT):  # errors win the colour
        title = p.sheet if p.sheet in wb.sheetnames else wb.sheetnames[0]
        ws = wb[title] if p.sheet or kind == "csv" else wb[wb.sheetnames[0]]
        ref = f"{p.column or 'A'}{p.row or 1}"
        cell = ws[ref]
        if (title, ref) not in notes:
            cell.fill = fills[p.severity]
        notes.setdefault((title, ref), []).append(
            f"{'GALAT' if p.severity == GALAT else 'PERINGATAN'}: {p.message} Perbaikan: {p.fix}"
        )
    for (title, ref), texts in notes.items():
        comment = Comment("\n\n".join(texts), "Dasbor ATENSI")
        comment.width, comment.height = 320, 60 + 40 * len(texts)
        wb[title][ref].comment = comment
    ws = wb.create_sheet("Daftar Masalah")
    table = problems_table(problems)
    ws.append(list(table.columns))
    for row in table.itertuples(index=False):
        ws.append([None if pd.isna(v) else v for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _safe_title(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "Data"
