"""Numbers, money and months the Indonesian way: 1.234.567 · 12,5% · Rp 28,4 juta · Maret 2025 · +12,3% · −4.

Used everywhere a number is shown, chart axes and tooltips included (see the Vega expressions at the end).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

TIDAK_ADA_DATA = "tidak ada data"
MINUS = "\u2212"  # a real minus sign, as in print; '-' is a hyphen

BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
BULAN_PENDEK = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
SKALA = [(1e12, "triliun"), (1e9, "miliar"), (1e6, "juta")]


def _missing(x) -> bool:
    try:
        return x is None or bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _group(digits: str) -> str:
    out: list[str] = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def _round(x: float, desimal: int) -> Decimal:
    """Halves round up (2,5 -> 3), as people round by hand; Python's round() would give 2."""
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP)


def angka(x, desimal: int = 0) -> str:
    """1234567 -> '1.234.567'; 3.14159, 2 -> '3,14'. Negative numbers get a real minus sign."""
    if _missing(x):
        return TIDAK_ADA_DATA
    r = _round(x, desimal)
    whole, _, frac = f"{abs(r):.{desimal}f}".partition(".")
    out = _group(whole) + ("," + frac if frac else "")
    return (MINUS + out) if r < 0 else out


def persen(ratio, desimal: int = 1) -> str:
    """A ratio as a percentage: 0.125 -> '12,5%'."""
    if _missing(ratio):
        return TIDAK_ADA_DATA
    return angka(float(ratio) * 100, desimal) + "%"


def _compact(x: float) -> str:
    """28_400_000 -> '28,4 juta'; 950_000 -> '950.000'; 28_000_000 -> '28 juta'; 999_950_000 -> '1 miliar'."""
    for i, (size, word) in enumerate(SKALA):  # largest first
        if abs(x) >= size:
            v = _round(x / size, 1)
            if abs(v) >= 1000 and i > 0:  # 999,95 juta rounds to 1.000 juta: say '1 miliar'
                size, word = SKALA[i - 1]
                v = _round(x / size, 1)
            text = angka(v, 0 if v == v.to_integral_value() else 1)
            return f"{text} {word}"
    return angka(x)


def rupiah(x) -> str:
    """'Rp 28,4 juta', 'Rp 1,2 miliar', 'Rp 950.000'."""
    if _missing(x):
        return TIDAK_ADA_DATA
    return (MINUS if float(x) < 0 else "") + f"Rp {_compact(abs(float(x)))}"


def bulan(periode: str) -> str:
    """'2025-03' -> 'Maret 2025'."""
    if _missing(periode):
        return TIDAK_ADA_DATA
    return f"{BULAN[int(periode[5:7]) - 1]} {periode[:4]}"


def bulan_pendek(periode: str) -> str:
    """'2025-03' -> 'Mar 2025'."""
    if _missing(periode):
        return TIDAK_ADA_DATA
    return f"{BULAN_PENDEK[int(periode[5:7]) - 1]} {periode[:4]}"


def tanggal(d) -> str:
    """A date: '12 Juni 2025'."""
    if _missing(d):
        return TIDAK_ADA_DATA
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def _signed(text: str, x: float) -> str:
    if text.lstrip(MINUS).strip("0,%.") == "" or x == 0:
        return text.lstrip(MINUS)  # no sign on a zero change
    return text if x < 0 else "+" + text


def ubah(x, desimal: int = 0) -> str:
    """A signed change in a count: +1.234, −4, 0."""
    if _missing(x):
        return TIDAK_ADA_DATA
    return _signed(angka(x, desimal), float(x))


def ubah_persen(ratio, desimal: int = 1) -> str:
    """A signed relative change: 0.123 -> '+12,3%', -0.04 -> '−4,0%'."""
    if _missing(ratio):
        return TIDAK_ADA_DATA
    return _signed(persen(ratio, desimal), float(ratio))


def ubah_poin(ratio_change, desimal: int = 1) -> str:
    """A change between two percentages, in percentage points: 0.012 -> '+1,2 poin'."""
    if _missing(ratio_change):
        return TIDAK_ADA_DATA
    return _signed(angka(float(ratio_change) * 100, desimal), float(ratio_change)) + " poin"


# Vega-Lite expressions, so chart axes speak Indonesian too. d3-format writes 1,234.5; swap the separators.
def vega_angka(field: str = "datum.value", desimal: int = 0) -> str:
    raw = f"format({field}, ',.{desimal}f')"
    return f"replace(replace(replace({raw}, /,/g, '#'), /\\./g, ','), /#/g, '.')"


def vega_persen(field: str = "datum.value", desimal: int = 0) -> str:
    """For a ratio field (0.125): '12,5%'."""
    return vega_angka(f"{field} * 100", desimal) + " + '%'"


def vega_bulan(field: str = "datum.value") -> str:
    """For a temporal axis: 'Mar 2025'."""
    names = ", ".join(f"'{b}'" for b in BULAN_PENDEK)
    return f"[{names}][month({field})] + ' ' + year({field})"


def waktu(ts, zona: str) -> str:
    """A UTC timestamp in the Sentra's time zone: '12 Juni 2025 14.05 WITA'."""
    if _missing(ts):
        return TIDAK_ADA_DATA
    from zoneinfo import ZoneInfo

    local = pd.Timestamp(ts).tz_localize("UTC").tz_convert(ZoneInfo(zona))
    return f"{tanggal(local)} {local:%H.%M} {local.tzname()}"
