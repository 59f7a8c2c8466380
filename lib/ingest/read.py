"""Reading an upload into grids of raw cells: what kind of file it is, limits that protect the server, readers.

Formats: .xlsx, .xls, .ods (calamine), .csv with ',' or ';' in UTF-8 (with or without BOM) or Windows-1252.
Limits (size, rows, columns, uncompressed size of a zip-based workbook) refuse a file with a UserError (exit code 2)
before it is parsed; so does anything a reader rejects. Hidden and very hidden sheets are not read (`Grid.hidden`):
the person never saw them.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import python_calamine as pc

from lib.config import max_upload_mb
from lib.errors import UserError
from lib.fmt import angka

MAX_ROWS = 500_000  # rows over all sheets
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # of all members of an .xlsx/.ods, checked before parsing
MAX_COLUMNS = 1_000  # columns of a sheet or CSV line: a dataset has at most a few dozen
MAX_RATIO = 200  # a member that compresses better than this (and is large) is a zip bomb
HEADER_SCAN_ROWS = 30  # the header row is looked for among the first rows
EXTENSIONS = ".xlsx, .xls, .ods atau .csv"

FileKind = Literal["xlsx", "ods", "xls", "csv"]


@dataclass
class Grid:
    """One sheet's raw cells."""

    name: str  # the sheet name ('' for CSV)
    cells: list[list[Any]]  # cells[r][c]: row r is Excel row r + 1
    merged: list[tuple[tuple[int, int], tuple[int, int]]]  # ((r1, c1), (r2, c2)), 0-based inclusive
    hidden: bool = False  # a hidden or very hidden sheet: its cells are not read


ERROR_MARK = b't="e"'  # an .xlsx cell holding an error value (#REF!, #DIV/0!, …), which calamine reads as empty


def max_upload_bytes() -> int:
    return int(max_upload_mb() * 1024 * 1024)


def check_size(data: bytes, file_name: str) -> None:
    """Refuse a file over ATENSI_MAX_UPLOAD_MB."""
    limit = max_upload_bytes()
    if len(data) > limit:
        mb = limit / 2**20
        raise UserError(
            "Berkas terlalu besar",
            f"'{file_name}' berukuran {angka(len(data) / 2**20, 1)} MB; batasnya "
            f"{angka(mb, 0 if mb.is_integer() else 2)} MB (ATENSI_MAX_UPLOAD_MB). "
            "Bagi datanya ke beberapa berkas.",
        )


def file_kind(data: bytes, file_name: str) -> FileKind:
    """What the bytes are (whatever the name says); a zip-based workbook is checked for a zip bomb first."""
    return scan(data, file_name)[0]


def scan(data: bytes, file_name: str) -> tuple[FileKind, frozenset[str]]:
    """file_kind, and the members of an .xlsx that hold error cells (found while checking for a zip bomb)."""
    kind = _sniff(data, file_name)
    if kind == "zip":
        return check_zip(data, file_name)
    return kind, frozenset()


def read_grids(data: bytes, file_name: str, kind: FileKind, with_errors: frozenset[str] = frozenset()) -> list[Grid]:
    """Every worksheet's cells (one grid for a CSV file). `with_errors`: the .xlsx members holding error cells,
    whose error values are put back where calamine left the cell empty."""
    if kind == "csv":
        return read_csv(data, file_name)
    grids = read_workbook(data, file_name)
    if with_errors:
        _restore_errors(data, grids, with_errors)
    return grids


def _restore_errors(data: bytes, grids: list[Grid], members: frozenset[str]) -> None:
    """Write '#REF!', '#DIV/0!', … into the cells of an .xlsx that hold them (calamine reads them as empty)."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    book = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = {
        m.group(1): m.group(2) for m in re.finditer(r'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)
    }
    targets |= {
        m.group(2): m.group(1) for m in re.finditer(r'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)
    }
    by_name = {g.name: g for g in grids if not g.hidden}
    for m in re.finditer(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"', book):
        name = m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        target = targets.get(m.group(2), "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        grid = by_name.get(name)
        if grid is None or member not in members:
            continue
        xml = zf.read(member)
        for cell in re.finditer(rb'<c\b([^>]*\bt="e"[^>]*)>(.*?)</c>', xml, re.DOTALL):
            ref = re.search(rb'\br="([A-Z]+)(\d+)"', cell.group(1))
            value = re.search(rb"<v>([^<]*)</v>", cell.group(2))
            if ref is None or value is None:
                continue
            r, c = int(ref.group(2)) - 1, _column_index(ref.group(1).decode())
            if r < len(grid.cells) and c < len(grid.cells[r]) and grid.cells[r][c] in ("", None):
                grid.cells[r][c] = value.group(1).decode("utf-8", "replace")


def _column_index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26."""
    out = 0
    for ch in letters:
        out = out * 26 + ord(ch) - 64
    return out - 1


def _sniff(data: bytes, file_name: str) -> Literal["zip", "xls", "csv"]:
    ext = Path(file_name).suffix.lower()
    if not data:
        raise UserError("Berkas kosong", f"'{file_name}' tidak berisi apa pun. Unggah berkas {EXTENSIONS}.")
    if data[:5] == b"%PDF-":
        raise UserError(
            "Berkas bukan lembar kerja",
            f"'{file_name}' adalah dokumen PDF, bukan lembar kerja (walau namanya berakhiran "
            f"'{ext or '-'}'). Unggah berkas Excel atau CSV aslinya ({EXTENSIONS}).",
        )
    if data[:4] == b"PK\x03\x04":
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    if ext in (".csv", ".txt", ".tsv"):
        return "csv"
    if ext not in (".xlsx", ".xls", ".ods", ".xlsm"):
        raise UserError(
            "Jenis berkas tidak dikenal",
            f"'{file_name}' bukan berkas {EXTENSIONS}. Simpan ulang dari Excel sebagai .xlsx atau .csv.",
        )
    raise UserError(
        "Berkas tidak dapat dibaca",
        f"Isi '{file_name}' bukan lembar kerja {EXTENSIONS} yang dikenali (mungkin rusak atau berkas "
        "jenis lain yang diganti namanya). Buka di Excel dan simpan ulang sebagai .xlsx.",
    )


def check_zip(data: bytes, file_name: str) -> tuple[FileKind, frozenset[str]]:
    """Refuse a zip bomb from the zip's directory and a bounded decompression; return 'xlsx' or 'ods', and the
    worksheet members holding error cells (searched in the same pass)."""
    too_big = UserError(
        "Berkas terlalu besar setelah dibuka",
        f"Isi '{file_name}' berukuran lebih dari {MAX_UNCOMPRESSED_BYTES // 2**20} MB setelah dibuka (berkas "
        "terkompresi yang tidak wajar). Periksa berkasnya, atau bagi datanya ke beberapa berkas.",
    )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UserError(
            "Berkas tidak dapat dibaca",
            f"'{file_name}' rusak: bukan berkas .xlsx/.ods yang utuh. Buka di Excel dan simpan ulang.",
        ) from None
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise too_big
    for i in infos:
        if i.file_size > 10 * 2**20 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise too_big
    names = {i.filename for i in infos}
    kind: FileKind
    if "xl/workbook.xml" in names:
        kind = "xlsx"
    elif "mimetype" in names and b"spreadsheet" in zf.read("mimetype")[:200]:
        kind = "ods"
    elif "word/document.xml" in names:
        raise UserError("Berkas bukan lembar kerja", f"'{file_name}' adalah dokumen Word. Unggah berkas {EXTENSIONS}.")
    else:
        raise UserError("Berkas tidak dapat dibaca", f"'{file_name}' bukan lembar kerja {EXTENSIONS}.")
    # The directory can lie: decompress every member in chunks, never holding more than one chunk, and stop at
    # the limit (zipfile also stops at each member's declared size and checks its CRC).
    seen = 0
    with_errors = set()
    try:
        for i in infos:
            sheet = kind == "xlsx" and i.filename.startswith("xl/worksheets/")
            tail = b""
            with zf.open(i) as f:
                while chunk := f.read(1 << 20):
                    seen += len(chunk)
                    if seen > MAX_UNCOMPRESSED_BYTES:
                        raise too_big
                    if sheet and ERROR_MARK in tail + chunk[:16] or sheet and ERROR_MARK in chunk:
                        with_errors.add(i.filename)
                    tail = chunk[-8:]
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError):
        raise UserError(
            "Berkas tidak dapat dibaca",
            f"'{file_name}' rusak (isi terkompresinya tidak utuh). Buka di Excel dan simpan ulang.",
        ) from None
    return kind, frozenset(with_errors)


def read_workbook(data: bytes, file_name: str) -> list[Grid]:
    grids = []
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows_seen = 0
        for meta in wb.sheets_metadata:
            if str(meta.typ) != str(pc.SheetTypeEnum.WorkSheet):
                continue
            if meta.visible != pc.SheetVisibleEnum.Visible:
                grids.append(Grid(meta.name, [], [], hidden=True))
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            rows_seen += sheet.height
            if rows_seen > MAX_ROWS + HEADER_SCAN_ROWS:
                raise too_many_rows(file_name)
            if sheet.width > MAX_COLUMNS:
                raise too_many_columns(file_name, f'Lembar "{meta.name}"', sheet.width)
            merged = sheet.merged_cell_ranges or []
            grids.append(Grid(meta.name, sheet.to_python(skip_empty_area=False), list(merged)))
    except UserError:
        raise
    except BaseException as e:  # calamine's errors (and a panic of its Rust code): damaged, password-protected
        if not isinstance(e, Exception) and type(e).__name__ != "PanicException":
            raise  # KeyboardInterrupt, SystemExit
        kind = "dilindungi kata sandi" if "password" in str(e).lower() else "rusak atau bukan lembar kerja"
        raise UserError(
            "Berkas tidak dapat dibaca",
            f"'{file_name}' {kind}. Buka di Excel dan simpan ulang sebagai .xlsx tanpa kata sandi.",
        ) from None
    return grids


def too_many_rows(file_name: str) -> UserError:
    return UserError(
        "Berkas terlalu banyak baris",
        f"'{file_name}' berisi lebih dari {angka(MAX_ROWS)} baris. Bagi datanya ke beberapa berkas.",
    )


def too_many_columns(file_name: str, where: str, width: int) -> UserError:
    return UserError(
        "Berkas terlalu banyak kolom",
        f"{where} di '{file_name}' berisi {angka(width)} kolom; batasnya {angka(MAX_COLUMNS)}. "
        "Data unggahan disusun per baris (satu kolom per isian); simpan hanya tabel datanya, "
        "atau periksa apakah pemisah kolomnya benar.",
    )


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # what Excel on Windows writes as "CSV"


def _delimiter(text: str) -> str:
    sample = [ln for ln in text.splitlines()[:50] if ln.strip()]
    best, best_score = ",", (-1, -1)
    # The delimiter that gives the most lines of one width wins (then the wider): a note full of ';' in one row
    # must not outvote the header and every other row agreeing on ','.
    for d in (";", ",", "\t", "|"):
        try:
            widths = [len(r) for r in csv.reader(sample, delimiter=d)]
        except csv.Error:  # the reader below says where
            continue
        multi = [w for w in widths if w > 1]
        if not multi:
            continue
        mode = max(set(multi), key=multi.count)
        score = (multi.count(mode), mode)
        if score > best_score:
            best, best_score = d, score
    return best


def read_csv(data: bytes, file_name: str) -> list[Grid]:
    """One grid; a line as long as the upload limit reads (a long note), one of over MAX_COLUMNS fields does not."""
    text = _decode(data)
    csv.field_size_limit(max(csv.field_size_limit(), max_upload_bytes()))  # process-wide; the default is 128 KiB
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise too_many_columns(file_name, f"Baris {reader.line_num}", len(row))
            rows.append(row)
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise too_many_rows(file_name)
    except csv.Error:
        raise UserError(
            "Berkas tidak dapat dibaca",
            f"'{file_name}' baris {reader.line_num} tidak dapat dibaca sebagai CSV. "
            "Buka di Excel dan simpan ulang sebagai .csv atau .xlsx.",
        ) from None
    return [Grid("", rows, [])]
