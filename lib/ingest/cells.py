"""Cell values as offices write them, turned into canonical values.

Districts (Kemendagri code, BPS code or name in any usual form), codes from the configuration (by code or label),
periods, dates, years and whole numbers. Each parser takes one raw cell value (as calamine or the CSV reader gives
it: str, int, float, date, datetime) and returns the canonical value, or raises `CellError` with what is wrong and
how to fix it, in Bahasa Indonesia. `parse_column` applies a parser to a whole column, calling it once per
distinct value, so 100.000 rows with 23 districts cost 23 calls.

A value that parses but is not allowed (a district outside the coverage, an unknown category) is passed through
as text: the pandera schemas in lib/ingest/validate.py report it, with the list of allowed values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from lib.config import Item, Konfigurasi
from lib.fmt import BULAN, BULAN_PENDEK
from lib.schema import BILANGAN, KODE, PERIODE, TAHUN, TANGGAL, Dataset

Cell = Any  # a raw cell value as calamine or the CSV reader gives it: str, int, float, bool, date, datetime, None

BLANKS = {"", "-", "\u2013", "\u2014"}  # an empty cell, or a dash written to mean "nothing"
TAHUN_MIN, TAHUN_MAX = 2000, 2099
BILANGAN_MAX = 10**15  # rupiah included; more is a typo (and would not fit the database)

# Month names: Indonesian in full and short, and English short/long, all lower case.
MONTHS: dict[str, int] = {}
for _i, (_full, _short) in enumerate(zip(BULAN, BULAN_PENDEK), start=1):
    MONTHS[_full.lower()] = _i
    MONTHS[_short.lower()] = _i
for _i, _name in enumerate(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    start=1,
):
    MONTHS[_name] = _i
    MONTHS[_name[:3]] = _i
MONTHS.update({"agt": 8, "agus": 8, "sept": 9, "peb": 2, "pebruari": 2, "nop": 11, "nopember": 11})

FIX_PERIODE = "Tulis periode sebagai 2025-03, 03/2025 atau Maret 2025 (atau isi tanggal Excel)."
FIX_BILANGAN = "Tulis bilangan bulat tanpa huruf, mis. 1234 atau 1.234."
FIX_TANGGAL = "Tulis tanggal sebagai 12/06/2025 (hari/bulan/tahun), 2025-06-12 atau 12 Juni 2025."
FIX_TAHUN = "Tulis tahun empat angka, mis. 2025."


class CellError(Exception):
    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message = message
        self.fix = fix


def is_blank(v: Cell) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    if isinstance(v, str):
        return v.strip() in BLANKS
    return False


def text(v: Cell) -> str:
    """A cell value as the person sees it, for messages."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M") if (v.hour or v.minute) else v.strftime("%Y-%m-%d")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v).strip()


def norm(s: object) -> str:
    """Lower case, letters and digits only: 'Kab./Kota' -> 'kabkota', 'Jumlah Terdata' -> 'jumlahterdata'."""
    return re.sub(r"[^0-9a-z]", "", str(s).lower())


# Whole numbers -------------------------------------------------------------------------------------------------

_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")
_PLAIN = re.compile(r"-?\d+")
_ZERO_FRACTION = re.compile(r"(-?[\d.]+?)(,0+|,-|\.0+)")


def parse_bilangan(v: Cell) -> int:
    """1234, 1234.0, '1234', '1.234', 'Rp 1.250.000', 'Rp 1.250.000,00' -> int. Decimals and words are errors."""
    if isinstance(v, bool):
        raise CellError(f"'{text(v)}' bukan angka.", FIX_BILANGAN)
    if isinstance(v, (int, float)) and abs(v) >= BILANGAN_MAX:
        raise CellError(f"'{text(v)}' terlalu besar.", "Periksa angka ini (kelebihan digit?).")
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if v.is_integer():
            return int(v)
        raise CellError(
            f"{text(v).replace('.', ',')} bukan bilangan bulat (angka desimal tidak diperbolehkan).",
            "Bulatkan menjadi bilangan bulat.",
        )
    if isinstance(v, (dt.date, dt.timedelta)):
        raise CellError(f"'{text(v)}' adalah tanggal, bukan angka.", FIX_BILANGAN + " Ubah format sel menjadi Angka.")
    s = str(v).strip().replace("\u00a0", " ")
    s = re.sub(r"^(rp\.?|idr)\s*", "", s, flags=re.IGNORECASE).replace(" ", "")
    s = s.replace("\u2212", "-")
    if _PLAIN.fullmatch(s) or _THOUSANDS.fullmatch(s):
        return parse_bilangan(int(s.replace(".", "")))
    m = _ZERO_FRACTION.fullmatch(s)
    if m and (_PLAIN.fullmatch(m.group(1)) or _THOUSANDS.fullmatch(m.group(1))):
        if not (m.group(2).startswith(".") and len(m.group(2)) == 4):  # '1.000' is a thousand, not 1.0
            return parse_bilangan(int(m.group(1).replace(".", "")))
    if re.fullmatch(r"-?[\d.]*\d,\d+", s) or re.fullmatch(r"-?\d+\.\d+", s):
        raise CellError(
            f"'{text(v)}' bukan bilangan bulat (angka desimal tidak diperbolehkan).",
            "Tulis bilangan bulat; titik hanya sebagai pemisah ribuan (1.234), tanpa koma desimal.",
        )
    raise CellError(f"'{text(v)}' bukan angka.", FIX_BILANGAN)


# Periods, years and dates ------------------------------------------------------------------------------------


def _periode(year: int, month: int, v) -> str:
    if not 1 <= month <= 12:
        raise CellError(f"'{text(v)}': bulan {month} tidak ada.", FIX_PERIODE)
    if not TAHUN_MIN <= year <= TAHUN_MAX:
        raise CellError(f"'{text(v)}': tahun {year} tidak masuk akal.", FIX_PERIODE)
    return f"{year:04d}-{month:02d}"


def parse_periode(v: Cell) -> str:
    """'2025-03', '2025/03', '03/2025', 'Maret 2025', 'Mar 2025', '2025-03-01', an Excel date -> '2025-03'."""
    if isinstance(v, (dt.date, dt.datetime)):
        return _periode(v.year, v.month, v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        hint = " Bila sel ini berisi tanggal, ubah format selnya menjadi Tanggal." if 20_000 < v < 80_000 else ""
        raise CellError(f"'{text(v)}' adalah angka, bukan periode.", FIX_PERIODE + hint)
    s = str(v).strip().lower()
    if m := re.fullmatch(r"(\d{4})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*\d{1,2}(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?)?", s):
        return _periode(int(m.group(1)), int(m.group(2)), v)
    if m := re.fullmatch(r"(\d{1,2})\s*[-/.]\s*(\d{4})", s):
        return _periode(int(m.group(2)), int(m.group(1)), v)
    if m := re.fullmatch(r"\d{1,2}\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})", s):  # a date, day first
        return _periode(int(m.group(2)), int(m.group(1)), v)
    if m := re.fullmatch(r"(?:\d{1,2}\s+)?([a-z]+)\.?\s*[-/ ,']?\s*(\d{4})", s):
        if m.group(1) in MONTHS:
            return _periode(int(m.group(2)), MONTHS[m.group(1)], v)
    if m := re.fullmatch(r"(\d{4})\s*[-/ ,]?\s*([a-z]+)", s):
        if m.group(2) in MONTHS:
            return _periode(int(m.group(1)), MONTHS[m.group(2)], v)
    raise CellError(f"'{text(v)}' tidak dikenali sebagai periode (bulan dan tahun).", FIX_PERIODE)


def parse_tahun(v: Cell) -> int:
    if isinstance(v, (dt.date, dt.datetime)):
        year = v.year
    else:
        try:
            year = parse_bilangan(v)
        except CellError:
            raise CellError(f"'{text(v)}' bukan tahun.", FIX_TAHUN) from None
    if not TAHUN_MIN <= year <= TAHUN_MAX:
        raise CellError(f"'{text(v)}' bukan tahun yang masuk akal.", FIX_TAHUN)
    return year


def _date(y: int, m: int, d: int, v) -> dt.date:
    try:
        out = dt.date(y, m, d)
    except ValueError:
        raise CellError(f"'{text(v)}' bukan tanggal yang ada.", FIX_TANGGAL) from None
    if not TAHUN_MIN <= y <= TAHUN_MAX:
        raise CellError(f"'{text(v)}': tahun {y} tidak masuk akal.", FIX_TANGGAL)
    return out


def parse_tanggal(v: Cell) -> dt.date:
    """An Excel date, '2025-06-12', '12/06/2025' (day first), '12-06-2025', '12 Juni 2025' -> date."""
    if isinstance(v, dt.datetime):
        return _date(v.year, v.month, v.day, v)
    if isinstance(v, dt.date):
        return _date(v.year, v.month, v.day, v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        raise CellError(f"'{text(v)}' adalah angka, bukan tanggal.", FIX_TANGGAL + " Ubah format sel menjadi Tanggal.")
    s = str(v).strip().lower()
    s = re.sub(r"^[a-z]+,\s*", "", s)  # 'Kamis, 12 Juni 2025'
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?", s):
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)), v)
    if m := re.fullmatch(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})", s):
        return _date(int(m.group(3)), int(m.group(2)), int(m.group(1)), v)
    if m := re.fullmatch(r"(\d{1,2})\s*[- ]\s*([a-z]+)\.?\s*[- ]\s*(\d{4})", s):
        if m.group(2) in MONTHS:
            return _date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)), v)
    raise CellError(f"'{text(v)}' tidak dikenali sebagai tanggal.", FIX_TANGGAL)


def parse_teks(v: Cell) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return text(v)


# Districts and codes -----------------------------------------------------------------------------------------

_LIST_ITEM = re.compile(r"\s*(\S+?)\s+[\u2014\u2013-]\s+.+")  # '74.71 — Kota Kendari' (the template's dropdowns)
_PREFIX = re.compile(r"^(kabupaten|kab|kota\s*madya|kotamadya|kodya|kota)\b\.?\s*", re.IGNORECASE)


def _kind(word: str) -> str:
    return "kota" if word.lower().startswith(("kota", "kodya")) else "kabupaten"


@dataclass
class DistrictLookup:
    """Kemendagri code, BPS code, or name ('KAB. KONAWE', 'Kabupaten Konawe', 'Konawe', 'Kota Bau Bau')."""

    codes: set[str]
    bps: dict[str, str]
    by_kind: dict[tuple[str, str], str]  # ('kota', 'baubau') -> code
    by_base: dict[str, list[str]]  # 'baubau' -> [codes]
    names: dict[str, str]

    @classmethod
    def from_wilayah(cls, wilayah: pd.DataFrame) -> DistrictLookup:
        by_kind: dict[tuple[str, str], str] = {}
        by_base: dict[str, list[str]] = {}
        others = wilayah["nama_lain"] if "nama_lain" in wilayah else pd.Series("", index=wilayah.index)
        for kode, nama in wilayah["nama"].items():
            m = _PREFIX.match(nama)
            kind, base = (_kind(m.group(1)), norm(nama[m.end() :])) if m else ("", norm(nama))
            # Other names (wilayah.csv nama_lain: 'Konsel', 'MTB') are matched like the name, with or without
            # 'Kab.'; norm() makes 'Bau-Bau', 'bau bau' and 'BAUBAU' one spelling.
            alts = [norm(a) for a in str(others.get(kode, "")).split(";") if norm(a)]
            for b in dict.fromkeys([base, *alts]):
                by_kind.setdefault((kind, b), kode)
                if kode not in by_base.setdefault(b, []):
                    by_base[b].append(kode)
        return cls(
            set(wilayah.index),
            # a district without a BPS code (the 2022 provinces) has none to match, not the code "nan"
            {str(b): k for b, k in zip(wilayah["kode_bps"], wilayah.index) if pd.notna(b) and str(b).strip()},
            by_kind,
            by_base,
            dict(wilayah["nama"]),
        )

    def __call__(self, v: Cell) -> str:
        if isinstance(v, bool):
            raise CellError(f"'{text(v)}' bukan kabupaten/kota.", "Tulis kode atau nama kabupaten/kota.")
        if isinstance(v, (int, float)):
            if float(v).is_integer() and 1000 <= v <= 9999:
                return self.bps.get(str(int(v)), str(int(v)))  # a BPS code
            if 10 <= v < 100:
                return f"{v:.2f}"  # Excel turned 74.10 into 74.1
            return text(v)
        s = str(v).strip()
        if m := _LIST_ITEM.fullmatch(s):
            if re.fullmatch(r"\d{2}\.\d{1,2}|\d{4}", m.group(1)):
                s = m.group(1)
        if re.fullmatch(r"\d{2}\.\d{2}", s):
            return s
        if re.fullmatch(r"\d{2}\.\d", s):
            return s + "0"
        if re.fullmatch(r"\d{4}", s):
            return self.bps.get(s, s)
        m = _PREFIX.match(s)
        if m:
            code = self.by_kind.get((_kind(m.group(1)), norm(s[m.end() :])))
            return code if code else s
        found = self.by_base.get(norm(s), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            options = " atau ".join(f"'{self.names[k]}'" for k in found)
            raise CellError(f"'{s}' bisa berarti {options}.", f"Tulis nama lengkapnya, mis. {options}, atau kodenya.")
        return s  # unknown: validation says it is not in the coverage area


@dataclass
class CodeLookup:
    """A taxonomy list: accepts the code or the label (any case, spacing, punctuation), or 'kode — label'."""

    mapping: dict[str, str]

    @classmethod
    def from_items(cls, items: Iterable[Item]) -> CodeLookup:
        mapping: dict[str, str] = {}
        for it in items:
            for key in (it.kode, it.nama, getattr(it, "nama_pendek", "")):
                if key:
                    mapping.setdefault(norm(key), it.kode)
        return cls(mapping)

    @classmethod
    def from_labels(cls, labels: Iterable[str]) -> CodeLookup:
        return cls({norm(s): s for s in labels})

    def __call__(self, v: Cell) -> str:
        s = parse_teks(v)
        found = self.mapping.get(norm(s))
        if found:
            return found
        if m := _LIST_ITEM.fullmatch(s):
            found = self.mapping.get(norm(m.group(1)))
            if found:
                return found
        return s


def column_parser(ds: Dataset, kolom: str, cfg: Konfigurasi, districts: DistrictLookup) -> Callable[[Cell], Any]:
    """The parser of one column's cells: by its kind, or by the configuration list naming its values."""
    jenis = ds.jenis(kolom)
    if jenis == PERIODE:
        return parse_periode
    if jenis == BILANGAN:
        return parse_bilangan
    if jenis == TAHUN:
        return parse_tahun
    if jenis == TANGGAL:
        return parse_tanggal
    if kolom == "kode_wilayah":
        return districts
    column = ds.column(kolom)
    if column.code_list is None:
        return parse_teks
    values = getattr(cfg, column.code_list)
    return CodeLookup.from_items(values) if column.kind == KODE else CodeLookup.from_labels(values)


# Whole columns -----------------------------------------------------------------------------------------------


@dataclass
class ParsedColumn:
    values: np.ndarray  # object array of canonical values, None where blank or unparseable
    blank: np.ndarray  # bool: the cell is empty
    errors: dict[int, CellError]  # position -> what is wrong, only for cells that could not be parsed
    distinct: np.ndarray | None = None  # the canonical value of each distinct cell (None last) …
    which: np.ndarray | None = None  # … and each row's index into it: values == distinct[which]

    def integers(self) -> pd.api.extensions.ExtensionArray:
        """The values as a nullable Int64 array, converted once per distinct value rather than once per row."""
        if self.distinct is None or self.which is None:
            return pd.array(self.values, dtype="Int64")
        return pd.array(self.distinct, dtype="Int64").take(self.which)


def parse_column(
    raw: pd.Series, parse: Callable[[Cell], Any], factorized: tuple[np.ndarray, np.ndarray] | None = None
) -> ParsedColumn:
    """Apply `parse` once per distinct value of the column (`factorized`: the column's pd.factorize, if known)."""
    codes, uniques = factorized or pd.factorize(raw.to_numpy(dtype=object), use_na_sentinel=True)
    n = len(uniques)
    out_u = np.empty(n + 1, dtype=object)  # the last slot is for NaN (code -1)
    blank_u = np.zeros(n + 1, dtype=bool)
    blank_u[n] = True
    err_u: dict[int, CellError] = {}
    for i, v in enumerate(uniques):
        if is_blank(v):
            blank_u[i] = True
            continue
        try:
            out_u[i] = parse(v)
        except CellError as e:
            err_u[i] = e
    idx = np.where(codes < 0, n, codes)
    errors: dict[int, CellError] = {}
    if err_u:
        bad = np.flatnonzero(np.isin(idx, list(err_u)))
        errors = {int(p): err_u[int(idx[p])] for p in bad}
    return ParsedColumn(out_u[idx], blank_u[idx], errors, out_u, idx)
