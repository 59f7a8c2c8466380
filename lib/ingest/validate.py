"""Validation of parsed upload rows with pandera: errors that block an import and warnings that do not.

The schemas are built from lib.schema.DATASETS and the configuration (allowed codes, statuses). Errors: blank
required cells, negative numbers, values outside the configured lists (a district outside the coverage area),
periods or years in the future, duplicate keys within the file, counts larger than the district's population.
Warnings: `dilayani` > `terdata`, `realisasi_anggaran` > `anggaran`, and a value more than 10x the previous
period's value for the same key (from the store's current values and the upload itself).

`validate_rows` returns findings by row position and column; lib.ingest.upload turns them into problems with
the sheet, Excel row and column the person can find.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from lib import periode as per
from lib import store
from lib.config import Konfigurasi
from lib.config import today as config_today
from lib.fmt import angka, bulan
from lib.ingest.codes import DistrictLookup
from lib.schema import BILANGAN, CODE_LISTS, DATASETS, KODE, PERIODE, TAHUN, Dataset, label

Severity = Literal["galat", "peringatan"]
GALAT: Severity = "galat"  # blocks the import
PERINGATAN: Severity = "peringatan"  # does not
LONJAKAN_KALI = 10  # a value more than this many times the previous period's is a warning

# Check names, read back from pandera's failure cases.
KOSONG, NEGATIF, TIDAK_DIKENAL, MASA_DEPAN, DUPLIKAT, PENDUDUK = (
    "not_nullable",
    "negatif",
    "tidak_dikenal",
    "masa_depan",
    "duplikat",
    "penduduk",
)
MELEBIHI, LONJAKAN = "melebihi", "lonjakan"

# Counts of people per district that cannot exceed its population.
COUNTS_OF_PEOPLE = {"pas": ("terdata", "dilayani"), "layanan": ("penerima",), "sdm": ("jumlah",)}
# Warnings: the first column should not exceed the second.
NOT_ABOVE = {"pas": (("dilayani", "terdata"),), "program": (("realisasi_anggaran", "anggaran"),)}
# Datasets whose values are compared with the previous period (program's realisasi is cumulative, so not it).
JUMP_CHECKED = ("pas", "layanan", "ska", "sdm", "penduduk")


@dataclass
class Finding:
    """A problem of a row (and column) of a validated frame, before it is placed in a sheet (lib.ingest.problems)."""

    pos: int  # position of the row in the validated frame
    kolom: str | None
    message: str
    fix: str
    severity: Severity


@dataclass
class Reference:
    """What the checks compare with: the store's current values, populations, and today's date."""

    current: dict[str, pd.DataFrame]
    penduduk: pd.Series  # population per kode_wilayah
    today: dt.date


def allowed_values(ds: Dataset, kolom: str, cfg: Konfigurasi) -> list[str] | None:
    """The codes (or statuses) a column may hold, from the configuration; None for free columns."""
    if kolom == "kode_wilayah":
        return cfg.kode_wilayah
    column = ds.column(kolom)
    if column.code_list is None:
        return None
    values = getattr(cfg, column.code_list)
    return [it.kode for it in values] if column.kind == KODE else list(values)


def _choices(ds: Dataset, kolom: str, cfg: Konfigurasi) -> str:
    if kolom == "kode_wilayah":
        first = cfg.kode_wilayah[0]
        return (
            f"Tulis kode Kemendagri (mis. {first} untuk {cfg.nama_wilayah(first)}), kode BPS, atau nama "
            "kabupaten/kota di wilayah jangkauan (daftarnya ada di lembar Petunjuk templat)."
        )
    column = ds.column(kolom)
    values = getattr(cfg, str(column.code_list))
    names = [it.nama for it in values] if column.kind == KODE else list(values)
    if len(names) > 12:
        return "Pilih salah satu nilai dari daftar pada lembar Petunjuk templat."
    return "Pilih salah satu: " + "; ".join(names) + "."


# Reference values ---------------------------------------------------------------------------------------------


def _store_exists() -> bool:
    path = store.db_path()
    return "://" in path or Path(path).exists()  # never create a database just to validate a file


def load_reference(
    names: list[str],
    cfg: Konfigurasi,
    uploaded: dict[str, pd.DataFrame],
    today: dt.date | None = None,
    path: str | None = None,
) -> Reference:
    """Current values of the datasets in the upload (and populations) from the store, if there is one."""
    wanted = set(names) | {"penduduk"}
    current = {}
    if path is not None or _store_exists():
        current = store.current_of([name for name in DATASETS if name in wanted], path)
    penduduk = cfg.wilayah["penduduk"].astype("float")
    for source in (current.get("penduduk"), uploaded.get("penduduk")):
        if source is not None and len(source):
            latest = source.dropna(subset=["tahun", "kode_wilayah", "jumlah"]).sort_values("tahun")
            latest = latest.drop_duplicates("kode_wilayah", keep="last").set_index("kode_wilayah")["jumlah"]
            penduduk = latest.astype("float").combine_first(penduduk)
    return Reference(current, penduduk, today or config_today(cfg))


# Schemas ------------------------------------------------------------------------------------------------------


def _not_above(a: str, b: str) -> Callable:
    return lambda df: df[a].isna() | df[b].isna() | ~(df[a] > df[b]).fillna(False)


def _not_above_population(kolom: str, pop: pd.Series) -> Callable:
    def check(df):
        codes, districts = pd.factorize(df["kode_wilayah"])  # looked up once per district, not once per row
        p = np.append(pop.reindex(districts).to_numpy(dtype=float), np.nan)[codes]
        v = df[kolom].to_numpy(dtype=float, na_value=np.nan)
        return pd.Series(~(v > p), index=df.index)  # NaN compares False: a blank or an unknown district passes

    return check


def _unique_keys(keys: list[str]) -> Callable:
    return lambda df: df[keys].isna().any(axis=1) | ~df.duplicated(keys, keep="first")


def error_schema(ds: Dataset, cfg: Konfigurasi, ref: Reference) -> pa.DataFrameSchema:
    this_month = f"{ref.today.year:04d}-{ref.today.month:02d}"
    columns = {}
    for k in ds.kolom:
        checks = []
        if k.kind == BILANGAN:
            checks.append(pa.Check(lambda s: s >= 0, name=NEGATIF))
        elif k.kind == PERIODE:
            checks.append(pa.Check(lambda s: s <= this_month, name=MASA_DEPAN))
        elif k.kind == TAHUN:
            checks.append(pa.Check(lambda s: s <= ref.today.year, name=MASA_DEPAN))
        allowed = allowed_values(ds, k.name, cfg)
        if allowed is not None:
            checks.append(pa.Check(lambda s, allowed=frozenset(allowed): s.isin(allowed), name=TIDAK_DIKENAL))
        columns[k.name] = pa.Column(nullable=not k.required, checks=checks, required=True)
    frame_checks = [pa.Check(_unique_keys(list(ds.kunci)), name=DUPLIKAT)]
    if "kode_wilayah" in ds.kolom_nama:
        for kolom in COUNTS_OF_PEOPLE.get(ds.nama, ()):
            frame_checks.append(pa.Check(_not_above_population(kolom, ref.penduduk), name=f"{PENDUDUK}:{kolom}"))
    return pa.DataFrameSchema(columns, checks=frame_checks, name=ds.nama)


def previous_values(ds: Dataset, rows: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """For each row, the previous period's (or year's) values of the same key, from the store and the upload."""
    time = "periode" if "periode" in ds.kunci else "tahun"
    others = [k for k in ds.kunci if k != time]
    values = [c for c in ds.nilai if ds.jenis(c) == BILANGAN]
    known = [f for f in (ref.current.get(ds.nama), rows[ds.kolom_nama]) if f is not None and len(f)]
    base = pd.concat([f[list(ds.kunci) + values] for f in known], ignore_index=True)
    base = base.dropna(subset=list(ds.kunci)).drop_duplicates(list(ds.kunci), keep="last")
    if time == "tahun":
        base_time, wanted = base[time].astype("Int64"), rows[time].astype("Int64") - 1
    else:
        base_time = base[time].astype(object)
        codes, months = pd.factorize(rows[time])  # the previous month of each distinct month, not of each row
        before = np.array([per.previous(p) for p in months] + [np.nan], dtype=object)
        wanted = pd.Series(before[codes], index=rows.index, dtype=object)
    # A lookup by key (the last of the values known for it): what a left merge gave, without building its frame.
    known_keys = pd.MultiIndex.from_arrays([base[k].fillna("").astype(str) for k in others] + [base_time])
    last = ~known_keys.duplicated(keep="last")
    probe = pd.MultiIndex.from_arrays([rows[k].fillna("").astype(str) for k in others] + [wanted])
    at = known_keys[last].get_indexer(probe)  # -1: no previous value
    out = pd.DataFrame({time: wanted.to_numpy()}, index=range(len(rows)))
    for c in values:
        out[c] = base[c][last].array.take(at, allow_fill=True)
    return out


def warning_schema(ds: Dataset, rows: pd.DataFrame, ref: Reference) -> tuple[pa.DataFrameSchema, pd.DataFrame | None]:
    checks = [pa.Check(_not_above(a, b), name=f"{MELEBIHI}:{a}:{b}") for a, b in NOT_ABOVE.get(ds.nama, ())]
    prev = None
    if ds.nama in JUMP_CHECKED:
        prev = previous_values(ds, rows, ref)
        for c in [c for c in ds.nilai if ds.jenis(c) == BILANGAN]:

            def jump(df, c=c):
                old = prev[c].astype("float").to_numpy()
                new = df[c].astype("float").to_numpy()
                return pd.Series(~((old > 0) & (new > LONJAKAN_KALI * old)), index=df.index)

            checks.append(pa.Check(jump, name=f"{LONJAKAN}:{c}"))
    return pa.DataFrameSchema(checks=checks, name=ds.nama), prev


def _failures(schema: pa.DataFrameSchema, rows: pd.DataFrame) -> pd.DataFrame:
    try:
        schema.validate(rows, lazy=True)
    except SchemaErrors as e:
        fc = e.failure_cases
        fc = fc[fc["index"].notna()]
        return fc.drop_duplicates(["check", "index", "column"] if len(fc) else None)
    return pd.DataFrame(columns=["check", "column", "index", "failure_case"])


# Findings -----------------------------------------------------------------------------------------------------


def validate_rows(
    name: str,
    rows: pd.DataFrame,
    cfg: Konfigurasi,
    ref: Reference,
    where: Callable[[int], str] = lambda pos: f"baris {pos + 1}",
) -> list[Finding]:
    """Every problem of the rows of one dataset (a frame with a RangeIndex), errors and warnings.

    `where(pos)` says where a row is, for messages that point at another row (duplicate keys).
    """
    ds = DATASETS[name]
    rows = rows.reset_index(drop=True)
    out: list[Finding] = []
    first: dict[int, int] = {}
    nearest = _nearest_names(cfg)
    for check, group in _failures(error_schema(ds, cfg, ref), rows).groupby("check", sort=False):
        if check.startswith((DUPLIKAT, PENDUDUK)):
            group = group.drop_duplicates("index")
        if check == DUPLIKAT:
            first = _first_of_key(ds, rows)
        for kolom, pos in zip(group["column"], group["index"]):
            out.append(_error(ds, str(check), kolom, int(pos), rows, cfg, ref, where, first, nearest))
    schema, prev = warning_schema(ds, rows, ref)
    has_error = {f.pos for f in out}  # a row with an error gets fixed first; its warnings would be noise
    for check, group in _failures(schema, rows).groupby("check", sort=False):
        for pos in group["index"].drop_duplicates():
            if int(pos) in has_error:
                continue
            out.append(_warning(ds, str(check), int(pos), rows, prev, cfg))
    return out


def _first_of_key(ds: Dataset, rows: pd.DataFrame) -> dict[int, int]:
    """Row position -> position of the first row with the same key."""
    group = rows.groupby(list(ds.kunci), dropna=False, sort=False).ngroup()
    firsts = pd.Series(range(len(rows)), index=rows.index).groupby(group).transform("min")
    return dict(zip(range(len(rows)), firsts.to_numpy().tolist()))


def _nearest_names(cfg: Konfigurasi) -> Callable[[object], str | None]:
    """The configured district nearest a written name (built on first use, once per distinct name)."""
    found: dict[object, str | None] = {}
    lookup: list[DistrictLookup] = []

    def nearest(v: object) -> str | None:
        if v not in found:
            if not lookup:
                lookup.append(DistrictLookup.from_wilayah(cfg.wilayah))
            found[v] = lookup[0].nearest(v)
        return found[v]

    return nearest


def _error(ds, check, kolom, pos, rows, cfg, ref, where, first, nearest) -> Finding:
    v = rows.at[pos, kolom] if kolom in rows.columns else None
    nama = label(kolom, cfg) if kolom else ""
    if check == KOSONG:
        fix = "Isi sel ini (tulis 0 bila memang nol)." if ds.jenis(kolom) == BILANGAN else "Isi sel ini."
        return Finding(pos, kolom, f"{nama} kosong, padahal wajib diisi.", fix, GALAT)
    if check == NEGATIF:
        return Finding(
            pos, kolom, f"{nama} bernilai negatif ({angka(v)}).", "Tulis bilangan bulat 0 atau lebih.", GALAT
        )
    if check == MASA_DEPAN:
        shown = bulan(str(v)) if ds.jenis(kolom) == PERIODE else str(v)
        return Finding(
            pos,
            kolom,
            f"{nama} {shown} belum terjadi (hari ini {ref.today:%d-%m-%Y}).",
            "Periksa bulan dan tahunnya: data hanya untuk periode yang sudah berjalan.",
            GALAT,
        )
    if check == TIDAK_DIKENAL:
        if kolom == "kode_wilayah":
            msg = f"'{v}' bukan kabupaten/kota di wilayah jangkauan."
            if guess := nearest(v):
                msg += f" Maksud Anda: {guess}?"
        else:
            msg = f"'{v}' bukan {nama} yang dikenal."
        return Finding(pos, kolom, msg, _choices(ds, kolom, cfg), GALAT)
    if check == DUPLIKAT:
        desc = ", ".join(f"{label(k, cfg)} {_shown(rows.at[pos, k], k, ds, cfg)}" for k in ds.kunci)
        return Finding(
            pos,
            None,
            f"Baris ganda: {desc} sudah ada di {where(first[pos])}.",
            "Hapus salah satu baris, atau perbaiki isi kolom kuncinya.",
            GALAT,
        )
    if check.startswith(PENDUDUK):
        kolom = check.split(":", 1)[1]
        kode = rows.at[pos, "kode_wilayah"]
        return Finding(
            pos,
            kolom,
            f"{label(kolom, cfg)} {angka(rows.at[pos, kolom])} melebihi jumlah penduduk "
            f"{cfg.nama_wilayah(kode)} ({angka(ref.penduduk.get(kode))}).",
            "Periksa angka ini: mungkin kelebihan digit atau tertukar dengan kolom lain.",
            GALAT,
        )
    return Finding(pos, kolom, f"{nama}: nilai '{v}' tidak memenuhi aturan ({check}).", "Periksa nilai ini.", GALAT)


def _shown(v, kolom, ds, cfg) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "(kosong)"
    if kolom == "kode_wilayah":
        return cfg.nama_wilayah(v)
    if kolom in CODE_LISTS:
        return cfg.label(CODE_LISTS[kolom], v)
    if ds.jenis(kolom) == PERIODE:
        return bulan(v)
    return str(v)


def _warning(ds, check, pos, rows, prev, cfg) -> Finding:
    parts = check.split(":")
    if parts[0] == MELEBIHI:
        a, b = parts[1], parts[2]
        return Finding(
            pos,
            a,
            f"{label(a, cfg)} ({angka(rows.at[pos, a])}) lebih besar dari {label(b, cfg).lower()} "
            f"({angka(rows.at[pos, b])}).",
            "Periksa kedua angka; bila memang benar, peringatan ini boleh diabaikan.",
            PERINGATAN,
        )
    kolom = parts[1]
    time = prev.columns[0]
    before = prev.at[pos, time]
    shown = bulan(before) if time == "periode" else str(before)
    return Finding(
        pos,
        kolom,
        f"{label(kolom, cfg)} {angka(rows.at[pos, kolom])} lebih dari {LONJAKAN_KALI} kali "
        f"nilai {shown} ({angka(prev.at[pos, kolom])}).",
        "Periksa angka ini (kelebihan digit?); bila memang benar, peringatan ini boleh diabaikan.",
        PERINGATAN,
    )
