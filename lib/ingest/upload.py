"""An upload from bytes to stored batches: read, locate the layout, parse the cells, validate, report problems.

read_upload(bytes, name)   -> ReadResult: parsed sheets, every problem at once (errors and warnings), notes
preview_upload(...)        -> ImportOutcome: the same plus, per dataset, rows new / changed / unchanged
import_upload(...)         -> ImportOutcome: all or nothing, one transaction for every dataset in the file
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib import store
from lib.config import Konfigurasi, load_config
from lib.errors import Refused
from lib.fmt import angka
from lib.ingest import personal, read, wide
from lib.ingest.cells import is_blank, norm, parse_column, short_year_note
from lib.ingest.codes import DistrictLookup, column_parser, parent_areas
from lib.ingest.layout import (
    TEMPLATE_SHEETS,
    Layout,
    Sheet,
    alias_table,
    column_letter,
    extract,
    find_layout,
    sheet_ref,
)
from lib.ingest.problems import Problem, problem_at, problems_table, subtotal_problems
from lib.ingest.validate import GALAT, PERINGATAN, load_reference, validate_rows
from lib.ingest.write import write_batches
from lib.principal import Principal
from lib.schema import BILANGAN, KODE, PERIODE, TAHUN, TEKS, Dataset, label


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
    state: tuple[int, int] | None = None  # the store's state token the comparisons were computed against


def _parse(
    sheet: Sheet, cfg: Konfigurasi, districts: DistrictLookup, problems: list[Problem], notes: list[str]
) -> None:
    """The sheet's canonical rows (sheet.rows); a cell that cannot be read is a problem and a bad cell. What was
    read in a way the person may not expect ('-' as 0, a two-digit year as 20YY) is noted."""
    ds = sheet.layout.dataset
    where = sheet_ref(sheet.grid.name)
    out = {}
    dashes: dict[str, int] = {}
    for kolom in ds.kolom_nama:
        numbers = ds.jenis(kolom) == BILANGAN
        parsed = parse_column(
            sheet.raw[kolom], column_parser(ds, kolom, cfg, districts), sheet.distinct.get(kolom), dash_zero=numbers
        )
        out[kolom] = parsed.integers() if ds.jenis(kolom) in (BILANGAN, TAHUN) else parsed.values
        if parsed.dashes:
            dashes[label(kolom, cfg)] = parsed.dashes
        if ds.jenis(kolom) == PERIODE:
            known = sheet.distinct.get(kolom)  # the raw cells' distinct values, when the layout factorized them
            distinct = known[1] if known is not None else pd.unique(sheet.raw[kolom].to_numpy(dtype=object))
            if note := short_year_note(distinct, where):
                notes.append(note)
        for pos, err in parsed.errors.items():
            sheet.bad_cells.add((pos, kolom))
            p = problem_at(sheet, pos, kolom, err.message, err.fix, GALAT)
            if err.at_cell:
                p.message = f"Sel {p.column or ''}{p.row} {err.message}"
            problems.append(p)
    if dashes:
        n = sum(dashes.values())
        notes.append(
            f'{where}: {angka(n)} sel berisi tanda "-" dibaca sebagai 0 (nihil) — '
            + ", ".join(f"{k}: {angka(v)}" for k, v in dashes.items())
            + "."
        )
    problems += subtotal_problems(sheet)
    rows = pd.DataFrame(out, index=range(len(sheet.raw)))
    sheet.rows = rows


# The whole upload ---------------------------------------------------------------------------------------------


def read_upload(data: bytes, file_name: str, cfg: Konfigurasi | None = None) -> ReadResult:
    """Read and check an upload. Unreadable files raise UserError; everything else is a Problem."""
    cfg = cfg or load_config()
    read.check_size(data, file_name)
    kind, with_errors = read.scan(data, file_name)
    grids = read.read_grids(data, file_name, kind, with_errors)
    sha = hashlib.sha256(data).hexdigest()

    aliases = alias_table(cfg)
    districts = DistrictLookup.from_wilayah(cfg.wilayah)
    parents = parent_areas(cfg)
    notes: list[str] = []
    problems: list[Problem] = []
    sheets: list[Sheet] = []
    total_rows = 0
    memo: dict = {}
    for grid in grids:
        where = sheet_ref(grid.name)
        if grid.name in TEMPLATE_SHEETS:
            continue
        if grid.hidden:
            notes.append(
                f'Lembar tersembunyi "{grid.name}" dilewati: isinya tidak diimpor. Bila datanya memang '
                "harus diunggah, tampilkan lembarnya di Excel (klik kanan tab lembar → Unhide)."
            )
            continue
        if not any(not is_blank(v) for row in grid.cells[: read.HEADER_SCAN_ROWS] for v in row):
            if grid.cells and any(not is_blank(v) for row in grid.cells for v in row):
                notes.append(f"{where} tidak dikenali dan dilewati.")
            continue
        if (by_name_list := personal.by_name_columns(grid)) is not None:
            # Refused before a cell of it is parsed: nothing of it reaches the preview, the store or a message.
            header_row, what = by_name_list
            message, fix = personal.refusal(where, what)
            problems.append(Problem(grid.name, header_row, None, None, None, message, fix, GALAT, personal=True))
            continue
        wl = wide.find_wide(grid, cfg, aliases, memo)
        if wl is not None:
            wl.layout.parents = parents
            _wide_header(grid, wl, cfg, notes, problems)
            periode = _period(grid, wl.layout, notes, problems) if wl.needs_period else None
            if wl.needs_period and periode is None:
                continue
            sheet = wide.extract_wide(grid, wl, periode, notes)
            if _add(sheet, file_name, cfg, districts, notes, problems, sheets, total_rows):
                total_rows += len(sheet.raw)
            continue
        lay, by_name = find_layout(grid, cfg, aliases)
        if lay is None:
            if by_name:
                expected = ", ".join(by_name[0].kolom_nama)
                problems.append(
                    Problem(
                        grid.name,
                        None,
                        None,
                        None,
                        None,
                        f"{where} tampaknya berisi data {by_name[0].judul}, tetapi baris judul "
                        "kolomnya tidak ditemukan.",
                        f"Beri baris judul kolom: {expected} (atau pakai templat).",
                        GALAT,
                    )
                )
            else:
                notes.append(f"{where} tidak dikenali dan dilewati.")
            continue
        ds = lay.dataset
        lay.parents = parents
        for c in lay.unknown:
            notes.append(f'{where}: kolom {column_letter(c)} ("{lay.labels[c]}") tidak dikenali dan diabaikan.')
        missing = [k for k in ds.kolom if k.required and k.name not in lay.columns]
        periode = None
        if "periode" in [k.name for k in missing]:  # the month may be in the title or the sheet name
            periode = _period(grid, lay, notes, problems)
            missing = [k for k in missing if k.name != "periode"]
            if periode is None and not missing:
                continue
        if missing:
            for k in missing:
                fixed = [a for a in k.aliases if "{" not in a]  # the suggestion names labels every deployment has
                spellings = {norm(a): a for a in reversed((k.name, *fixed))}  # one per spelling, the first kept
                known = ", ".join(
                    f"'{a}'" for a in list(dict.fromkeys(spellings[norm(a)] for a in (k.name, *fixed)))[:4]
                )
                problems.append(
                    Problem(
                        grid.name,
                        lay.header + 1,
                        None,
                        None,
                        None,
                        f"Kolom {label(k.name, cfg)} tidak ada di baris judul (baris {lay.header_rows}).",
                        f"Tambahkan kolom dengan judul {known}.",
                        GALAT,
                    )
                )
            continue
        sheet = extract(grid, lay, notes)
        if periode is not None:
            sheet.raw["periode"] = periode
        if _add(sheet, file_name, cfg, districts, notes, problems, sheets, total_rows):
            total_rows += len(sheet.raw)

    if not sheets and not problems:
        problems.append(
            Problem(
                "",
                None,
                None,
                None,
                None,
                "Tidak ada data yang dapat dibaca di berkas ini.",
                "Isi templat unggah (lembar PAS, Layanan, …) lalu unggah lagi; judul lembar atau "
                "judul kolom harus dikenali.",
                GALAT,
            )
        )
    _validate(sheets, cfg, problems)
    # A wide sheet's district cell is in every row made from its row: say what is wrong with it once.
    problems = list({(p.sheet, p.row, p.column, p.message, p.severity): p for p in problems}.values())
    order = {g.name: i for i, g in enumerate(grids)}
    problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0, p.column or "", p.severity))
    parsed = [
        ParsedSheet(
            s.grid.name,
            s.layout.dataset.nama,
            _canonical(s.layout.dataset, s.rows),
            np.asarray(s.excel_rows).tolist(),
            {k: column_letter(c) for k, c in s.layout.columns.items()},
        )
        for s in sheets
    ]
    return ReadResult(file_name, sha, parsed, problems, notes)


def _wide_header(grid: read.Grid, wl: wide.WideLayout, cfg: Konfigurasi, notes: list, problems: list) -> None:
    """Unknown columns of a wide header are noted; a value column under a label naming no group is an error."""
    lay, where = wl.layout, sheet_ref(grid.name)
    for c in lay.unknown:
        notes.append(f'{where}: kolom {column_letter(c)} ("{lay.labels[c]}") tidak dikenali dan diabaikan.')
    kind = ", ".join(label(k, cfg) for k, _ in wl.spreads[0].dims)
    for c in wl.strays:
        problems.append(
            Problem(
                grid.name,
                lay.header + 1,
                column_letter(c),
                lay.labels.get(c),
                lay.labels.get(c),
                f'Judul kolom "{lay.labels.get(c)}" tidak menyebut {kind} yang dikenal; angkanya tidak dapat diimpor.',
                f"Tulis {kind} seperti pada daftar di lembar Petunjuk templat, atau hapus kolom ini.",
                GALAT,
            )
        )


def _period(grid: read.Grid, lay: Layout, notes: list[str], problems: list[Problem]) -> str | None:
    """The month of a sheet without a period column, from its title or name (noted); None with a problem."""
    sp = wide.sheet_period(grid, lay.top if lay.top is not None else lay.header)
    if sp.periode:
        notes.append(wide.period_note(grid, sp))
        return sp.periode
    problems.append(Problem(grid.name, None, None, None, None, wide.period_missing(grid, sp), wide.PERIOD_FIX, GALAT))
    return None


def _add(sheet: Sheet, file_name, cfg, districts, notes, problems, sheets, total_rows: int) -> bool:
    """Parse a sheet's cells and keep it; False (with a note) when it holds no data rows."""
    if not len(sheet.raw):
        notes.append(f"{sheet_ref(sheet.grid.name)} ({sheet.layout.dataset.judul}) tidak berisi baris data.")
        return False
    if total_rows + len(sheet.raw) > read.MAX_ROWS:
        raise read.too_many_rows(file_name)
    _parse(sheet, cfg, districts, problems, notes)
    sheets.append(sheet)
    return True


def _validate(sheets: list[Sheet], cfg: Konfigurasi, problems: list[Problem]) -> None:
    by_ds: dict[str, list[Sheet]] = {}
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

        def where(pos: int, group=group, owner=owner, offset=offset, several=several) -> str:
            s = group[owner[pos]]
            text = f"baris {s.excel_rows[offset[pos]]}"
            return text + (f' lembar "{s.grid.name}"' if several else "")

        bad_rows = [{p for p, _ in s.bad_cells} for s in group]
        for f in validate_rows(name, rows, cfg, ref, where):
            s, pos = group[owner[f.pos]], int(offset[f.pos])
            if f.kolom and (pos, f.kolom) in s.bad_cells:
                continue  # already reported: the cell could not be read
            if f.severity == PERINGATAN and pos in bad_rows[owner[f.pos]]:
                continue  # the row has an error to fix first
            problems.append(problem_at(s, pos, f.kolom, f.message, f.fix, f.severity))


def _canonical(ds: Dataset, rows: pd.DataFrame) -> pd.DataFrame:
    out = rows[ds.kolom_nama].copy()
    for k in ds.kolom:
        if k.name in ds.kunci and k.kind in (KODE, TEKS, PERIODE):
            out[k.name] = out[k.name].where(out[k.name].notna(), "")
    return out


# Preview and import -------------------------------------------------------------------------------------------


def _compare(result: ReadResult) -> dict[str, store.Comparison]:
    return {name: store.compare(name, rows) for name, rows in result.datasets().items()}


def preview_upload(data: bytes, file_name: str, cfg: Konfigurasi | None = None) -> ImportOutcome:
    """Read, check and compare with the current values; writes nothing."""
    result = read_upload(data, file_name, cfg)
    state = store.state_token()  # before comparing: a write in between makes the import re-check, never miss it
    comparisons = _compare(result) if result.ok else {}
    return ImportOutcome(result, comparisons, [], state)


def import_upload(
    data: bytes,
    file_name: str,
    user: Principal,
    note: str | None = None,
    cfg: Konfigurasi | None = None,
    expect_state: tuple[int, int] | None = None,
    checked: ReadResult | None = None,
) -> ImportOutcome:
    """All or nothing: a file with any error raises UserError (exit code 1) and changes nothing; otherwise every
    dataset in the file is stored as one batch each, in one transaction. Imports wait for each other; the counts
    are relative to what was stored when this one wrote. `expect_state`: the preview's state token; if the data
    changed since, store.StateChanged (exit code 1) and nothing is written. `user` is the signed-in principal: a
    row outside its districts refuses the whole file, naming the sheet, Excel row and district (lib.principal).
    `checked`: the preview's reading of these very bytes (the dashboard's), used instead of reading them again."""
    same = checked is not None and checked.sha256 == hashlib.sha256(data).hexdigest()
    result = checked if same and checked is not None else read_upload(data, file_name, cfg)
    if not result.ok:
        n = len(result.errors)
        raise Refused(
            "Berkas tidak diimpor",
            f"'{file_name}' berisi {n} galat; tidak ada data yang diubah. Perbaiki lalu unggah lagi.",
            details=problems_table(result.problems),
        )
    batches = [store.NewBatch(name, rows) for name, rows in result.datasets().items()]
    done = write_batches(
        batches,
        user,
        what=f"unggahan '{file_name}'",
        file_name=file_name,
        sha256=result.sha256,
        note=note,
        sheets=result.sheets,
        cfg=cfg,
        expect_state=expect_state,
    )
    return ImportOutcome(result, done.comparisons, done.batch_ids)
