"""Building upload files in tests: workbooks as offices make them, the filled template, and reading problems."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import xlsxwriter

from lib import periode
from lib.ingest import Problem, ReadResult, build_template

PAS_HEADER = ["periode", "kode_wilayah", "kategori_pas", "terdata", "dilayani"]


def this_month() -> str:
    today = dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"


def months_ago(n: int) -> str:
    return periode.shift(this_month(), -n)


def xlsx(
    sheets: dict[str, list[list]],
    merged: dict[str, list[tuple[str, object]]] | None = None,
    hidden: dict[str, str] | None = None,
) -> bytes:
    """A workbook: rows of cells per sheet (None = empty cell; dates get a date format), merged ranges per sheet
    as (range, value), sheets hidden ('hidden', or 'very' for very hidden: shown only by a macro)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    date_fmt = wb.add_format({"num_format": "mmm yyyy"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
                else:
                    ws.write(r, c, v)
        for rng, value in (merged or {}).get(name, []):
            ws.merge_range(rng, value)
        how = (hidden or {}).get(name)
        if how:
            ws.hide() if how == "hidden" else ws.very_hidden()
    wb.close()
    return buf.getvalue()


def csv_bytes(rows: list[list], delimiter: str = ",") -> bytes:
    """A CSV file as Excel writes it (UTF-8)."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode("utf-8")


def filled_template(rows: dict[str, list[list]], cfg=None) -> bytes:
    """The template as a person fills it in Excel: data from row 3 under the example row of each sheet."""
    from lib.config import dataset_title, load_config
    from lib.schema import DATASETS

    wb = openpyxl.load_workbook(io.BytesIO(build_template(cfg)))
    for name, data in rows.items():
        if not data:
            continue  # a module this deployment does not have ([modul]) has no sheet, and no sample rows
        ws = wb[dataset_title(cfg or load_config(), name, DATASETS[name].judul)]
        for r, row in enumerate(data, start=3):
            for c, v in enumerate(row, start=1):
                if v is not None and v != "":
                    ws.cell(r, c, v)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def at(result: ReadResult, row: int | None, column: str | None, severity: str = "galat") -> list[Problem]:
    """The problems of one cell (or row, with column=None)."""
    return [p for p in result.problems if p.row == row and p.column == column and p.severity == severity]


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods(sheets: dict[str, list[list]], hidden: set[str] = frozenset()) -> bytes:
    """An OpenDocument spreadsheet (as LibreOffice saves it, reduced): text and number cells, hidden tables."""

    def cell(v) -> str:
        if isinstance(v, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{v}"/>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'

    tables = "".join(
        f'<table:table table:name="{escape(name)}" table:style-name="{"ta2" if name in hidden else "ta1"}">'
        + "".join(f"<table:table-row>{''.join(cell(v) for v in row)}</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.2">'
        "<office:automatic-styles>"
        '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/>'
        '</style:style><style:style style:name="ta2" style:family="table">'
        '<style:table-properties table:display="false"/></style:style></office:automatic-styles>'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
            'vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>',
        )
    return buf.getvalue()


def import_command(path: Path, db: str, user: str) -> subprocess.CompletedProcess:
    """`python -m lib import FILE --user USER` against `db`, as staff run it; its exit code and output."""
    return subprocess.run(
        [sys.executable, "-m", "lib", "import", str(path), "--user", user],
        cwd=Path(__file__).resolve().parents[2],
        env={"ATENSI_DB": db, "PATH": "/usr/bin:/bin", "ATENSI_CONTOH_HARI_INI": "2026-01-15"},
        capture_output=True,
        text=True,
        timeout=120,
    )
