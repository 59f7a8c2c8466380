"""Reading uploaded spreadsheets: the files offices actually produce, turned into canonical rows or problems.

    read_upload(bytes, name)   -> ReadResult: parsed sheets, every problem at once (errors and warnings), notes
    preview_upload(...)        -> ImportOutcome: the same plus, per dataset, rows new / changed / unchanged
    import_upload(...)         -> ImportOutcome: all or nothing, one transaction for every dataset in the file
    problems_table(problems)   -> the Indonesian problem table (sheet, Excel row, column, value, what, how)
    annotated_workbook(...)    -> a copy of the person's own workbook with the bad cells coloured and commented

Formats: .xlsx, .xls, .ods (calamine), .csv with ',' or ';' in UTF-8 (with or without BOM) or Windows-1252.
A sheet is recognised by its name ('PAS', 'Data PAS') or by its header row, which may sit below title rows;
merged cells are filled in, `No` columns ignored, totals rows (`JUMLAH`, `TOTAL`) and the template's example rows
skipped with a note. Cell values are read by lib.cells; the checks are lib.validate's pandera schemas.
Limits that protect the server (size, rows, uncompressed size of a zip-based workbook) refuse a file with a
UserError (exit code 2) before it is parsed.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lib import cells, store
from lib.config import Konfigurasi, load_config, max_upload_mb
from lib.errors import UserError
from lib.fmt import angka
from lib.schema import BILANGAN, DATASETS, KODE, PERIODE, TAHUN, TANGGAL, TEKS, Dataset
from lib.validate import GALAT, PERINGATAN, Finding, label, load_reference, validate_rows

MAX_ROWS = 500_000  # rows over all sheets
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # of all members of an .xlsx/.ods, checked before parsing
MAX_RATIO = 200  # a member that compresses better than this (and is large) is a zip bomb
HEADER_SCAN_ROWS = 30  # the header row is looked for among the first rows
TEMPLATE_SHEETS = ("Petunjuk", "Daftar")  # the template's own sheets, skipped without a note
MARKER = "contoh"  # header of the template's column that marks example rows
EXTENSIONS = ".xlsx, .xls, .ods atau .csv"

TOTALS = ("jumlah", "total", "subtotal", "grandtotal")  # a totals row: a label starting with one of these
IGNORED_LABELS = {"no", "nomor", "nourut", "nomorurut", "num", ""}

# The labels people write for each column (besides the canonical name), best first: when two columns of a sheet
# mean the same thing (a code and a name column), the one with the earlier label is used.
ALIASES: dict[str, tuple[str, ...]] = {
    "periode": ("periode", "bulan", "bulan tahun", "periode laporan", "bulan laporan", "periode bulan", "masa"),
    "kode_wilayah": ("kode wilayah", "kode kemendagri", "kode kab kota", "kode kabupaten kota", "kode bps",
                     "kode daerah", "kabupaten kota", "kab kota", "kabupaten", "kota", "wilayah", "nama wilayah",
                     "daerah", "nama kabupaten kota", "nama kab kota", "kab", "kabkot"),
    "kategori_pas": ("kategori", "kategori pas", "kelompok pas", "kelompok", "jenis pmks", "pmks", "kategori pmks",
                     "pas", "jenis pas", "sasaran"),
    "terdata": ("terdata", "jumlah terdata", "data", "jumlah data", "pas terdata"),
    "dilayani": ("dilayani", "terlayani", "jumlah dilayani", "jumlah terlayani", "pas dilayani", "ditangani"),
    "jenis_layanan": ("jenis layanan", "layanan", "jenis layanan atensi", "bentuk layanan"),
    "pendekatan": ("pendekatan", "pendekatan layanan", "basis layanan"),
    "penerima": ("penerima", "jumlah penerima", "penerima manfaat", "jumlah penerima manfaat", "jumlah"),
    "kode_program": ("kode program", "kode kegiatan", "kode"),
    "nama_program": ("nama program", "program", "nama kegiatan", "kegiatan", "uraian program"),
    "klaster": ("klaster", "cluster", "kluster"),
    "satuan": ("satuan", "satuan target", "unit satuan"),
    "target": ("target", "target fisik", "sasaran target"),
    "realisasi": ("realisasi", "realisasi fisik", "capaian"),
    "anggaran": ("anggaran", "pagu", "pagu anggaran", "anggaran rp", "nilai anggaran"),
    "realisasi_anggaran": ("realisasi anggaran", "realisasi keuangan", "serapan anggaran", "serapan",
                           "realisasi anggaran rp"),
    "status": ("status", "status program", "status tindak lanjut", "keadaan"),
    "unit": ("unit", "unit ska", "nama unit", "ska", "gerai", "outlet"),
    "pengunjung": ("pengunjung", "jumlah pengunjung"),
    "produk_terjual": ("produk terjual", "terjual", "jumlah produk terjual", "produk"),
    "omzet": ("omzet", "omset", "omzet rp", "penjualan", "pendapatan"),
    "laba_kotor": ("laba kotor", "laba", "keuntungan"),
    "tahun": ("tahun", "thn", "tahun data"),
    "jenis_sdm": ("jenis sdm", "sdm", "jenis psks", "psks", "jenis"),
    "jumlah": ("jumlah", "total", "banyaknya", "jumlah penduduk", "penduduk", "jumlah sdm"),
    "rapat": ("rapat", "nama rapat", "kegiatan rapat"),
    "tanggal_rapat": ("tanggal rapat", "tgl rapat", "tanggal"),
    "uraian": ("uraian", "tindak lanjut", "uraian tindak lanjut", "rencana tindak lanjut", "kesepakatan"),
    "penanggung_jawab": ("penanggung jawab", "pj", "pic", "penanggungjawab"),
    "tenggat": ("tenggat", "batas waktu", "tenggat waktu", "target waktu", "deadline"),
    "catatan": ("catatan", "keterangan", "ket"),
}


# Results ------------------------------------------------------------------------------------------------------

@dataclass
class Problem:
    sheet: str  # sheet name as in the workbook ('' for CSV)
    row: int | None  # Excel row number (1-based, header rows counted), None for a whole sheet
    column: str | None  # Excel column letter, None for a whole row or sheet
    label: str | None  # the header text the person wrote in that column
    value: str | None  # the cell value as text
    message: str  # what is wrong
    fix: str  # how to fix it
    severity: str  # 'galat' (blocks the import) or 'peringatan' (does not)


@dataclass
class ParsedSheet:
    sheet: str
    dataset: str
    rows: pd.DataFrame  # canonical columns and values
    excel_rows: list[int]  # Excel row number of each row
    columns: dict[str, str]  # canonical column -> Excel column letter


@dataclass
class ReadResult:
    file_name: str
    sha256: str
    sheets: list[ParsedSheet]
    problems: list[Problem]
    notes: list[str]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == GALAT]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == PERINGATAN]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.sheets)

    def datasets(self) -> dict[str, pd.DataFrame]:
        """The rows per dataset, the sheets of one dataset put together."""
        out: dict[str, list[pd.DataFrame]] = {}
        for s in self.sheets:
            out.setdefault(s.dataset, []).append(s.rows)
        return {name: pd.concat(parts, ignore_index=True) for name, parts in out.items()}


@dataclass
class ImportOutcome:
    result: ReadResult
    comparisons: dict[str, store.Comparison]
    batch_ids: list[int] = field(default_factory=list)


# Helpers ------------------------------------------------------------------------------------------------------

def column_letter(i: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def max_upload_bytes() -> int:
    return int(max_upload_mb() * 1024 * 1024)


def _sheet_ref(sheet: str) -> str:
    return f'Lembar "{sheet}"' if sheet else "Berkas CSV"


# Reading the file into grids of raw cells ---------------------------------------------------------------------

@dataclass
class _Grid:
    name: str
    cells: list[list]  # cells[r][c]: row r is Excel row r + 1
    merged: list  # ((r1, c1), (r2, c2)), 0-based inclusive


def _kind(data: bytes, file_name: str) -> str:
    ext = Path(file_name).suffix.lower()
    if not data:
        raise UserError("Berkas kosong", f"'{file_name}' tidak berisi apa pun. Unggah berkas {EXTENSIONS}.")
    if data[:5] == b"%PDF-":
        raise UserError("Berkas bukan lembar kerja",
                        f"'{file_name}' adalah dokumen PDF, bukan lembar kerja (walau namanya berakhiran "
                        f"'{ext or '-'}'). Unggah berkas Excel atau CSV aslinya ({EXTENSIONS}).")
    if data[:4] == b"PK\x03\x04":
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    if ext in (".csv", ".txt", ".tsv"):
        return "csv"
    if ext not in (".xlsx", ".xls", ".ods", ".xlsm"):
        raise UserError("Jenis berkas tidak dikenal",
                        f"'{file_name}' bukan berkas {EXTENSIONS}. Simpan ulang dari Excel sebagai .xlsx atau .csv.")
    raise UserError("Berkas tidak dapat dibaca",
                    f"Isi '{file_name}' bukan lembar kerja {EXTENSIONS} yang dikenali (mungkin rusak atau berkas "
                    "jenis lain yang diganti namanya). Buka di Excel dan simpan ulang sebagai .xlsx.")


def _check_zip(data: bytes, file_name: str) -> str:
    """Refuse a zip bomb from the zip's directory and a bounded decompression; return 'xlsx' or 'ods'."""
    too_big = UserError(
        "Berkas terlalu besar setelah dibuka",
        f"Isi '{file_name}' berukuran lebih dari {MAX_UNCOMPRESSED_BYTES // 2**20} MB setelah dibuka (berkas "
        "terkompresi yang tidak wajar). Periksa berkasnya, atau bagi datanya ke beberapa berkas.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UserError("Berkas tidak dapat dibaca",
                        f"'{file_name}' rusak: bukan berkas .xlsx/.ods yang utuh. "
                        "Buka di Excel dan simpan ulang.") from None
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise too_big
    for i in infos:
        if i.file_size > 10 * 2**20 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise too_big
    names = {i.filename for i in infos}
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
    try:
        for i in infos:
            with zf.open(i) as f:
                while chunk := f.read(1 << 20):
                    seen += len(chunk)
                    if seen > MAX_UNCOMPRESSED_BYTES:
                        raise too_big
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError):
        raise UserError("Berkas tidak dapat dibaca",
                        f"'{file_name}' rusak (isi terkompresinya tidak utuh). "
                        "Buka di Excel dan simpan ulang.") from None
    return kind


def _read_workbook(data: bytes, file_name: str) -> list[_Grid]:
    import python_calamine as pc

    grids = []
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows_seen = 0
        for meta in wb.sheets_metadata:
            if str(meta.typ) != str(pc.SheetTypeEnum.WorkSheet):
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            rows_seen += sheet.height
            if rows_seen > MAX_ROWS + HEADER_SCAN_ROWS:
                raise _too_many_rows(file_name)
            merged = sheet.merged_cell_ranges or []
            grids.append(_Grid(meta.name, sheet.to_python(skip_empty_area=False), list(merged)))
    except UserError:
        raise
    except Exception as e:  # calamine's errors: a damaged or password-protected file
        kind = "dilindungi kata sandi" if "password" in str(e).lower() else "rusak atau bukan lembar kerja"
        raise UserError("Berkas tidak dapat dibaca",
                        f"'{file_name}' {kind}. "
                        "Buka di Excel dan simpan ulang sebagai .xlsx tanpa kata sandi.") from None
    return grids


def _too_many_rows(file_name: str) -> UserError:
    return UserError("Berkas terlalu banyak baris",
                     f"'{file_name}' berisi lebih dari {angka(MAX_ROWS)} baris. Bagi datanya ke beberapa berkas.")


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
    best, best_score = ",", -1
    for d in (";", ",", "\t", "|"):
        widths = [len(r) for r in csv.reader(sample, delimiter=d)]
        multi = [w for w in widths if w > 1]
        if not multi:
            continue
        mode = max(set(multi), key=multi.count)
        score = multi.count(mode) * mode
        if score > best_score:
            best, best_score = d, score
    return best


def _read_csv(data: bytes, file_name: str) -> list[_Grid]:
    text = _decode(data)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
        raise _too_many_rows(file_name)
    return [_Grid("", rows, [])]


# Finding the header and the data ------------------------------------------------------------------------------

@dataclass
class _Layout:
    dataset: Dataset
    header: int  # 0-based row of the header
    columns: dict[str, int]  # canonical -> column index
    labels: dict[int, str]  # column index -> header text
    marker: int | None  # column of the template's example marker
    unknown: list[int]  # columns with a header that means nothing to us


def _alias_table(cfg: Konfigurasi) -> dict[str, list[str]]:
    out = {k: [cells.norm(a) for a in v] for k, v in ALIASES.items()}
    for ds in DATASETS.values():
        for k in ds.kolom_nama:
            out.setdefault(k, []).insert(0, cells.norm(k))
    extra = [cfg.kategori_judul, cfg.kategori_singkatan, f"kategori {cfg.kategori_singkatan}",
             f"kelompok {cfg.kategori_singkatan}", f"jenis {cfg.kategori_singkatan}"]
    out["kategori_pas"][1:1] = [cells.norm(e) for e in extra]
    out["terdata"].append(cells.norm(f"{cfg.kategori_singkatan} terdata"))
    out["dilayani"].append(cells.norm(f"{cfg.kategori_singkatan} dilayani"))
    return out


def _header_norm(v) -> str:
    s = cells.text(v)
    return cells.norm(re.sub(r"\(.*?\)", "", s)) or cells.norm(s)


def _match_row(row: list, ds: Dataset, aliases: dict[str, list[str]]) -> dict[str, int]:
    """Canonical column -> index of the header cell that names it (best alias wins)."""
    best: dict[str, tuple[int, int]] = {}
    for c, v in enumerate(row):
        if not isinstance(v, str) or not v.strip():
            continue
        keys = {_header_norm(v), cells.norm(v)}
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


def _datasets_by_name(sheet: str, cfg: Konfigurasi) -> list[Dataset]:
    tokens = re.findall(r"[a-z0-9]+", sheet.lower())
    found = []
    for ds in DATASETS.values():
        names = [ds.judul, ds.nama.replace("_", " ")] + ([cfg.kategori_singkatan] if ds.nama == "pas" else [])
        for name in names:
            t = re.findall(r"[a-z0-9]+", name.lower())
            if any(tokens[i:i + len(t)] == t for i in range(len(tokens) - len(t) + 1)):
                found.append(ds)
                break
    return found


def _layout(grid: _Grid, cfg: Konfigurasi, aliases) -> tuple[_Layout | None, list[Dataset]]:
    by_name = _datasets_by_name(grid.name, cfg)
    candidates = by_name or list(DATASETS.values())
    best = None  # (score, -row, ds, row, matched)
    for r, row in enumerate(grid.cells[:HEADER_SCAN_ROWS]):
        for ds in candidates:
            matched = _match_row(row, ds, aliases)
            score = (len(matched), len(matched) / len(ds.kolom), -r)
            if best is None or score > best[0]:
                best = (score, ds, r, matched)
    if best is None:
        return None, by_name
    (count, share, _), ds, r, matched = best
    wajib = [k for k in ds.kolom if k.wajib]
    if count < 2 or (not by_name and count < max(2, (len(wajib) + 1) // 2)):
        return None, by_name
    row = grid.cells[r]
    labels = {c: cells.text(v) for c, v in enumerate(row) if cells.text(v)}
    marker = next((c for c, t in labels.items() if cells.norm(t) == MARKER), None)
    unknown = [c for c, t in labels.items()
               if c not in matched.values() and c != marker and _header_norm(t) not in IGNORED_LABELS]
    return _Layout(ds, r, matched, labels, marker, unknown), by_name


def _fill_merged(grid: _Grid, lay: _Layout) -> None:
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


def _is_total(v) -> bool:
    return isinstance(v, str) and cells.norm(v).startswith(TOTALS)


# Parsing the columns ------------------------------------------------------------------------------------------

def _parser(ds: Dataset, kolom: str, cfg: Konfigurasi, districts: cells.DistrictLookup):
    jenis = ds.jenis(kolom)
    if jenis == PERIODE:
        return cells.parse_periode
    if jenis == BILANGAN:
        return cells.parse_bilangan
    if jenis == TAHUN:
        return cells.parse_tahun
    if jenis == TANGGAL:
        return cells.parse_tanggal
    if kolom == "kode_wilayah":
        return districts
    if jenis == KODE:
        from lib.validate import CODE_LISTS

        return cells.CodeLookup.from_items(getattr(cfg, CODE_LISTS[kolom]))
    if kolom == "status":
        from lib.validate import STATUS_LISTS

        return cells.CodeLookup.from_labels(getattr(cfg, STATUS_LISTS[ds.nama]))
    return cells.parse_teks


@dataclass
class _Sheet:
    """A recognised sheet on its way: raw cells of the data rows, then canonical rows."""

    grid: _Grid
    layout: _Layout
    raw: pd.DataFrame  # raw values of the data rows, one column per canonical column present
    excel_rows: np.ndarray
    rows: pd.DataFrame | None = None
    bad_cells: set = field(default_factory=set)  # (position, canonical column) that could not be parsed


def _extract(grid: _Grid, lay: _Layout, notes: list[str]) -> _Sheet:
    _fill_merged(grid, lay)
    body = grid.cells[lay.header + 1:]
    frame = pd.DataFrame(body, dtype=object) if body else pd.DataFrame()
    excel = np.arange(lay.header + 2, lay.header + 2 + len(frame))
    ds, where = lay.dataset, _sheet_ref(grid.name)
    used = [c for c in lay.columns.values() if c < frame.shape[1]]
    if len(frame):
        keep = np.zeros(len(frame), bool)
        for c in used:
            keep |= ~_blank_mask(frame[c])
        # Totals rows: a label starting with JUMLAH/TOTAL in a column that is not a number or free text.
        scan = [c for c in range(frame.shape[1])
                if c not in lay.columns.values() or ds.jenis(_name_of(lay, c)) in (KODE, PERIODE, TAHUN)]
        total = np.zeros(len(frame), bool)
        for c in scan:
            col = frame[c]
            codes, uniques = pd.factorize(col.to_numpy(dtype=object))
            hit = [i for i, u in enumerate(uniques) if _is_total(u)]
            if hit:
                total |= np.isin(codes, hit)
        if total.any():
            last = int(np.flatnonzero(total)[-1])
            for i in np.flatnonzero(total):
                shown = next(cells.text(v) for v in frame.iloc[i] if _is_total(v))
                notes.append(f"{where}: baris {excel[i]} ({shown}) dilewati sebagai baris total.")
            after = np.flatnonzero(keep[last + 1:]) + last + 1
            if len(after):
                span = f"{excel[after[0]]}" + (f"–{excel[after[-1]]}" if len(after) > 1 else "")
                notes.append(f"{where}: baris {span} di bawah baris total diabaikan (mis. tanda tangan atau "
                             "catatan kaki).")
            keep[last:] = False
            keep &= ~total
        if lay.marker is not None and lay.marker < frame.shape[1]:
            example = ~_blank_mask(frame[lay.marker]) & keep
            for i in np.flatnonzero(example):
                notes.append(f"{where}: baris {excel[i]} adalah baris contoh dan dilewati.")
            keep &= ~example
        frame, excel = frame[keep], excel[keep]
    raw = pd.DataFrame(index=range(len(frame)))
    for kolom in ds.kolom_nama:
        c = lay.columns.get(kolom)
        raw[kolom] = frame[c].to_numpy(dtype=object) if c is not None and c < frame.shape[1] else ""
    return _Sheet(grid, lay, raw, excel)


def _blank_mask(col: pd.Series) -> np.ndarray:
    codes, uniques = pd.factorize(col.to_numpy(dtype=object), use_na_sentinel=True)
    blank_u = np.array([cells.is_blank(u) for u in uniques] + [True], dtype=bool)
    return blank_u[np.where(codes < 0, len(uniques), codes)]


def _name_of(lay: _Layout, c: int) -> str:
    return next(k for k, i in lay.columns.items() if i == c)


def _parse(sheet: _Sheet, cfg: Konfigurasi, districts, problems: list[Problem]) -> None:
    ds, lay = sheet.layout.dataset, sheet.layout
    out = {}
    for kolom in ds.kolom_nama:
        parsed = cells.parse_column(sheet.raw[kolom], _parser(ds, kolom, cfg, districts))
        values = parsed.values
        if ds.jenis(kolom) in (BILANGAN, TAHUN):
            values = pd.array(values, dtype="Int64")
        out[kolom] = values
        for pos, err in parsed.errors.items():
            sheet.bad_cells.add((pos, kolom))
            problems.append(_problem(sheet, pos, kolom, err.message, err.fix, GALAT))
    rows = pd.DataFrame(out, index=range(len(sheet.raw)))
    sheet.rows = rows


def _problem(sheet: _Sheet, pos: int | None, kolom: str | None, message: str, fix: str, severity: str) -> Problem:
    lay = sheet.layout
    c = lay.columns.get(kolom) if kolom else None
    return Problem(
        sheet=sheet.grid.name,
        row=int(sheet.excel_rows[pos]) if pos is not None else None,
        column=column_letter(c) if c is not None else None,
        label=lay.labels.get(c) if c is not None else None,
        value=cells.text(sheet.raw.at[pos, kolom]) if (pos is not None and kolom in sheet.raw.columns) else None,
        message=message, fix=fix, severity=severity,
    )


# The whole upload ---------------------------------------------------------------------------------------------

def read_upload(data: bytes, file_name: str, cfg: Konfigurasi | None = None) -> ReadResult:
    """Read and check an upload. Unreadable files raise UserError; everything else is a Problem."""
    cfg = cfg or load_config()
    limit = max_upload_bytes()
    if len(data) > limit:
        mb = limit / 2**20
        raise UserError("Berkas terlalu besar",
                        f"'{file_name}' berukuran {angka(len(data) / 2**20, 1)} MB; batasnya "
                        f"{angka(mb, 0 if mb.is_integer() else 2)} MB (ATENSI_MAX_UPLOAD_MB). "
                        "Bagi datanya ke beberapa berkas.")
    kind = _kind(data, file_name)
    if kind == "zip":
        kind = _check_zip(data, file_name)
    grids = _read_csv(data, file_name) if kind == "csv" else _read_workbook(data, file_name)
    sha = hashlib.sha256(data).hexdigest()

    aliases = _alias_table(cfg)
    districts = cells.DistrictLookup.from_wilayah(cfg.wilayah)
    notes: list[str] = []
    problems: list[Problem] = []
    sheets: list[_Sheet] = []
    total_rows = 0
    for grid in grids:
        where = _sheet_ref(grid.name)
        if grid.name in TEMPLATE_SHEETS:
            continue
        if not any(not cells.is_blank(v) for row in grid.cells[:HEADER_SCAN_ROWS] for v in row):
            if grid.cells and any(not cells.is_blank(v) for row in grid.cells for v in row):
                notes.append(f"{where} tidak dikenali dan dilewati.")
            continue
        lay, by_name = _layout(grid, cfg, aliases)
        if lay is None:
            if by_name:
                expected = ", ".join(by_name[0].kolom_nama)
                problems.append(Problem(grid.name, None, None, None, None,
                                        f"{where} tampaknya berisi data {by_name[0].judul}, tetapi baris judul "
                                        "kolomnya tidak ditemukan.",
                                        f"Beri baris judul kolom: {expected} (atau pakai templat).", GALAT))
            else:
                notes.append(f"{where} tidak dikenali dan dilewati.")
            continue
        ds = lay.dataset
        for c in lay.unknown:
            notes.append(f'{where}: kolom {column_letter(c)} ("{lay.labels[c]}") tidak dikenali dan diabaikan.')
        missing = [k for k in ds.kolom if k.wajib and k.nama not in lay.columns]
        if missing:
            for k in missing:
                known = ", ".join(f"'{a}'" for a in (k.nama, *ALIASES.get(k.nama, ())[:3]))
                problems.append(Problem(grid.name, lay.header + 1, None, None, None,
                                        f"Kolom {label(k.nama, cfg)} tidak ada di baris judul "
                                        f"(baris {lay.header + 1}).",
                                        f"Tambahkan kolom dengan judul {known}.", GALAT))
            continue
        sheet = _extract(grid, lay, notes)
        if not len(sheet.raw):
            notes.append(f"{where} ({ds.judul}) tidak berisi baris data.")
            continue
        total_rows += len(sheet.raw)
        if total_rows > MAX_ROWS:
            raise _too_many_rows(file_name)
        _parse(sheet, cfg, districts, problems)
        sheets.append(sheet)

    if not sheets and not problems:
        problems.append(Problem("", None, None, None, None, "Tidak ada data yang dapat dibaca di berkas ini.",
                                "Isi templat unggah (lembar PAS, Layanan, …) lalu unggah lagi; judul lembar atau "
                                "judul kolom harus dikenali.", GALAT))
    _validate(sheets, cfg, problems)
    order = {g.name: i for i, g in enumerate(grids)}
    problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0, p.column or "", p.severity))
    parsed = [ParsedSheet(s.grid.name, s.layout.dataset.nama, _canonical(s.layout.dataset, s.rows),
                          [int(r) for r in s.excel_rows],
                          {k: column_letter(c) for k, c in s.layout.columns.items()}) for s in sheets]
    return ReadResult(file_name, sha, parsed, problems, notes)


def _validate(sheets: list[_Sheet], cfg: Konfigurasi, problems: list[Problem]) -> None:
    by_ds: dict[str, list[_Sheet]] = {}
    for s in sheets:
        by_ds.setdefault(s.layout.dataset.nama, []).append(s)
    if not by_ds:
        return
    uploaded = {name: pd.concat([s.rows for s in group], ignore_index=True) for name, group in by_ds.items()}
    ref = load_reference(list(by_ds), cfg, uploaded)
    for name, group in by_ds.items():
        rows = uploaded[name]
        owner = np.concatenate([np.full(len(s.rows), i) for i, s in enumerate(group)])
        offset = np.concatenate([np.arange(len(s.rows)) for s in group])
        several = len(group) > 1

        def where(pos: int) -> str:
            s = group[owner[pos]]
            text = f"baris {s.excel_rows[offset[pos]]}"
            return text + (f" lembar \"{s.grid.name}\"" if several else "")

        bad_rows = [{p for p, _ in s.bad_cells} for s in group]
        for f in validate_rows(name, rows, cfg, ref, where):
            s, pos = group[owner[f.pos]], int(offset[f.pos])
            if f.kolom and (pos, f.kolom) in s.bad_cells:
                continue  # already reported: the cell could not be read
            if f.jenis == PERINGATAN and pos in bad_rows[owner[f.pos]]:
                continue  # the row has an error to fix first
            problems.append(_problem(s, pos, f.kolom, f.pesan, f.perbaikan, f.jenis))


def _canonical(ds: Dataset, rows: pd.DataFrame) -> pd.DataFrame:
    out = rows[ds.kolom_nama].copy()
    for k in ds.kolom:
        if k.nama in ds.kunci and k.jenis in (KODE, TEKS, PERIODE):
            out[k.nama] = out[k.nama].where(out[k.nama].notna(), "")
    return out


# The problem table and the annotated workbook -----------------------------------------------------------------

TABLE_COLUMNS = ["Lembar", "Baris", "Kolom", "Nilai", "Masalah", "Cara memperbaiki", "Jenis"]


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    """The table people read: sheet, Excel row, 'D (Jumlah Terdata)', value, what is wrong, how to fix it."""
    rows = [{
        "Lembar": p.sheet,
        "Baris": p.row,
        "Kolom": (f"{p.column} ({p.label})" if p.label else p.column) if p.column else "",
        "Nilai": p.value or "",
        "Masalah": p.message,
        "Cara memperbaiki": p.fix,
        "Jenis": "Galat" if p.severity == GALAT else "Peringatan",
    } for p in problems]
    out = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    out["Baris"] = out["Baris"].astype("Int64")
    return out


def annotated_workbook(data: bytes, file_name: str, problems: list[Problem]) -> bytes:
    """The person's own workbook with each bad cell filled (red: error, yellow: warning) and commented."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    kind = _kind(data, file_name)
    if kind == "zip":
        kind = _check_zip(data, file_name)
    if kind == "xlsx":
        wb = openpyxl.load_workbook(io.BytesIO(data))
    else:  # .xls, .ods, .csv: the same cells in a new .xlsx
        grids = _read_csv(data, file_name) if kind == "csv" else _read_workbook(data, file_name)
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for g in grids:
            ws = wb.create_sheet(_safe_title(g.name or Path(file_name).stem))
            for r, row in enumerate(g.cells, start=1):
                for c, v in enumerate(row, start=1):
                    if not (isinstance(v, str) and v == ""):
                        ws.cell(r, c, v)
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
            f"{'GALAT' if p.severity == GALAT else 'PERINGATAN'}: {p.message} Perbaikan: {p.fix}")
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


# Preview and import -------------------------------------------------------------------------------------------

def _compare(result: ReadResult) -> dict[str, store.Comparison]:
    return {name: store.compare(name, rows) for name, rows in result.datasets().items()}


def preview_upload(data: bytes, file_name: str, cfg: Konfigurasi | None = None) -> ImportOutcome:
    """Read, check and compare with the current values; writes nothing."""
    result = read_upload(data, file_name, cfg)
    comparisons = _compare(result) if result.ok else {}
    return ImportOutcome(result, comparisons, [])


def import_upload(data: bytes, file_name: str, user: str, note: str | None = None,
                  cfg: Konfigurasi | None = None) -> ImportOutcome:
    """All or nothing: a file with any error raises UserError (exit code 1) and changes nothing; otherwise every
    dataset in the file is stored as one batch each, in one transaction."""
    result = read_upload(data, file_name, cfg)
    if not result.ok:
        n = len(result.errors)
        raise UserError("Berkas tidak diimpor",
                        f"'{file_name}' berisi {n} galat; tidak ada data yang diubah. Perbaiki lalu unggah lagi.",
                        details=problems_table(result.problems), exit_code=1)
    comparisons = _compare(result)
    batches = [store.NewBatch(name, rows) for name, rows in result.datasets().items()]
    ids = store.save_batches(batches, pengguna=user, nama_berkas=file_name, sha256=result.sha256, catatan=note)
    return ImportOutcome(result, comparisons, ids)
