"""Cell values as offices write them, turned into canonical values.

Periods, dates, years, whole numbers and text (districts and configuration codes: lib.ingest.codes). Each parser takes one raw cell value (as calamine or the CSV reader gives
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

from lib.fmt import BULAN, BULAN_PENDEK, bulan

Cell = Any  # a raw cell value as calamine or the CSV reader gives it: str, int, float, bool, date, datetime, None

DASHES = {"-", "\u2013", "\u2014"}  # the statistical sign for nil: 0 in a count or money cell, blank elsewhere
BLANKS = {"", *DASHES}  # an empty cell, or a dash written to mean "nothing"
# What Excel shows in a cell whose formula failed (calamine reads a cached error as empty: lib.ingest.read says which)
EXCEL_ERRORS = {
    "#REF!": "rumusnya merujuk sel atau lembar yang sudah dihapus",
    "#DIV/0!": "rumusnya membagi dengan nol atau sel kosong",
    "#N/A": "rumus pencariannya (mis. VLOOKUP) tidak menemukan nilainya",
    "#VALUE!": "rumusnya menghitung teks sebagai angka",
    "#NAME?": "rumusnya memakai nama fungsi atau rentang yang tidak dikenal",
    "#NUM!": "hasil rumusnya bukan angka yang sah",
    "#NULL!": "rentang dalam rumusnya tidak beririsan",
}
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
    def __init__(self, message: str, fix: str, at_cell: bool = False):
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.at_cell = at_cell  # the message begins with the cell's address (an Excel error cell)


def excel_error(v: Cell) -> CellError | None:
    """The problem of a cell holding a failed formula's result (#REF!, #DIV/0!, …), else None."""
    if not isinstance(v, str):
        return None
    code = v.strip().upper()
    if code not in EXCEL_ERRORS:
        return None
    return CellError(
        f"berisi galat rumus Excel {code} ({EXCEL_ERRORS[code]}), bukan nilai.",
        "Perbaiki rumusnya di Excel, atau salin sel lalu tempel sebagai nilai (Paste Special → Values), "
        "lalu unggah lagi.",
        at_cell=True,
    )


def is_dash(v: Cell) -> bool:
    return isinstance(v, str) and v.strip() in DASHES


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


def short_text(v: Cell, most: int = 40) -> str:
    """text(v), cut in the middle when longer than `most` characters (a message names a cell, it does not echo it)."""
    shown = text(v)
    return shown if len(shown) <= most else f"{shown[: most // 2]}…{shown[-(most // 4) :]}"


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
        return parse_bilangan(_whole(s, v))
    m = _ZERO_FRACTION.fullmatch(s)
    if m and (_PLAIN.fullmatch(m.group(1)) or _THOUSANDS.fullmatch(m.group(1))):
        if not (m.group(2).startswith(".") and len(m.group(2)) == 4):  # '1.000' is a thousand, not 1.0
            return parse_bilangan(_whole(m.group(1), v))
    if re.fullmatch(r"-?[\d.,]*\d\s*%", s):
        raise CellError(
            f"'{text(v)}' adalah persentase; kolom ini berisi jumlah, bukan persen.",
            "Tulis jumlahnya (bilangan bulat, mis. 85 orang, bukan 85%); persentase dihitung dasbor dari jumlah.",
        )
    if re.fullmatch(r"-?[\d.]*\d,\d+", s) or re.fullmatch(r"-?\d+\.\d+", s):
        raise CellError(
            f"'{text(v)}' bukan bilangan bulat (angka desimal tidak diperbolehkan).",
            "Tulis bilangan bulat; titik hanya sebagai pemisah ribuan (1.234), tanpa koma desimal.",
        )
    raise CellError(f"'{text(v)}' bukan angka.", FIX_BILANGAN)


def _whole(digits: str, v: Cell) -> int:
    """Written digits (thousands dots allowed) as an int; more digits than any count or amount has is an error
    before Python converts them (it refuses over 4.300 digits, and such a number is a typo anyway)."""
    plain = digits.replace(".", "")
    if len(plain.lstrip("-")) > len(str(BILANGAN_MAX)):
        raise CellError(
            f"'{short_text(v)}' terlalu besar ({len(plain.lstrip('-')):,} digit).".replace(",", "."),
            "Periksa angka ini (kelebihan digit?).",
        )
    return int(plain)


# Periods, years and dates ------------------------------------------------------------------------------------


def _periode(year: int, month: int, v) -> str:
    if not 1 <= month <= 12:
        raise CellError(f"'{text(v)}': bulan {month} tidak ada.", FIX_PERIODE)
    if not TAHUN_MIN <= year <= TAHUN_MAX:
        raise CellError(f"'{text(v)}': tahun {year} tidak masuk akal.", FIX_PERIODE)
    return f"{year:04d}-{month:02d}"


FIX_PERIODE_SHORT = "Tulis tahunnya empat angka, mis. Sep 2025 atau 09/2025."
# month and a two-digit year: 'Sep-25', 'Sept 25', "September '25", 'Sep'25' (read as 20YY)
_MONTH_YY = re.compile(r"([a-z]+)\.?\s*(?:[-/ ,]\s*'?|')\s*(\d{2})")
_MM_YY = re.compile(r"(\d{1,2})\s*[/-]\s*(\d{2})")  # '09/25', '9-25'


def short_year(v: Cell) -> bool:
    """The cell names a month with a two-digit year ('Sep-25', '09/25'): parse_periode reads it as 20YY."""
    if not isinstance(v, str):
        return False
    s = v.strip().lower()
    m = _MONTH_YY.fullmatch(s)
    return bool((m and m.group(1) in MONTHS) or _MM_YY.fullmatch(s))


def parse_periode(v: Cell) -> str:
    """'2025-03', '2025/03', '03/2025', 'Maret 2025', 'Mar 2025', '2025-03-01', an Excel date -> '2025-03';
    a two-digit year ('Sep-25', "September '25", '09/25') is 20YY."""
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
    if (m := _MONTH_YY.fullmatch(s)) and m.group(1) in MONTHS:
        return _periode(2000 + int(m.group(2)), MONTHS[m.group(1)], v)
    if m := _MM_YY.fullmatch(s):
        return _periode(2000 + int(m.group(2)), int(m.group(1)), v)
    raise CellError(f"'{text(v)}' tidak dikenali sebagai periode (bulan dan tahun).", FIX_PERIODE)


def short_year_note(distinct: Iterable[Cell], where: str) -> str | None:
    """The note for periods written with a two-digit year ('Sep-25'), read as 20YY: how each was read
    (`distinct`: the column's distinct raw values)."""
    written = [v for v in distinct if short_year(v)]
    shown = []
    for v in written[:3]:
        try:
            shown.append(f"'{text(v)}' → {bulan(parse_periode(v))}")
        except CellError:
            continue  # reported as a problem
    if not shown:
        return None
    more = f" dan {len(written) - 3} lainnya" if len(written) > 3 else ""
    return f"{where}: tahun dua angka dibaca sebagai 20YY — {', '.join(shown)}{more}. Periksa bila maksudnya lain."


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


# Whole columns -----------------------------------------------------------------------------------------------


@dataclass
class ParsedColumn:
    values: np.ndarray  # object array of canonical values, None where blank or unparseable
    blank: np.ndarray  # bool: the cell is empty
    errors: dict[int, CellError]  # position -> what is wrong, only for cells that could not be parsed
    distinct: np.ndarray | None = None  # the canonical value of each distinct cell (None last) …
    which: np.ndarray | None = None  # … and each row's index into it: values == distinct[which]
    dashes: int = 0  # cells written '-' read as 0 (dash_zero)

    def integers(self) -> pd.api.extensions.ExtensionArray:
        """The values as a nullable Int64 array, converted once per distinct value rather than once per row."""
        if self.distinct is None or self.which is None:
            return pd.array(self.values, dtype="Int64")
        return pd.array(self.distinct, dtype="Int64").take(self.which)


def parse_column(
    raw: pd.Series,
    parse: Callable[[Cell], Any],
    factorized: tuple[np.ndarray, np.ndarray] | None = None,
    dash_zero: bool = False,
) -> ParsedColumn:
    """Apply `parse` once per distinct value of the column (`factorized`: the column's pd.factorize, if known).
    `dash_zero`: a count or money column, where '-' (and en/em dashes) is nil, 0; counted in `dashes`."""
    codes, uniques = factorized or pd.factorize(raw.to_numpy(dtype=object), use_na_sentinel=True)
    n = len(uniques)
    out_u = np.empty(n + 1, dtype=object)  # the last slot is for NaN (code -1)
    blank_u = np.zeros(n + 1, dtype=bool)
    blank_u[n] = True
    err_u: dict[int, CellError] = {}
    dash_u = []
    for i, v in enumerate(uniques):
        if dash_zero and is_dash(v):
            out_u[i] = 0
            dash_u.append(i)
            continue
        if is_blank(v):
            blank_u[i] = True
            continue
        if (failed := excel_error(v)) is not None:
            err_u[i] = failed
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
    dashes = int(np.isin(idx, dash_u).sum()) if dash_u else 0
    return ParsedColumn(out_u[idx], blank_u[idx], errors, out_u, idx, dashes)
