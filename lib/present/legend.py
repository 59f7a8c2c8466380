"""The map's classes as a reader sees them: each class's colour and range in words, each district's class,
colour and rank (the Peta page, the map slide, the deck and the brief all read this table)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib import fmt
from lib.config import Konfigurasi
from lib.figures import Filter, Measure, district_measures
from lib.figures.breaks import natural_breaks
from lib.figures.filters import ValueKind
from lib.present import palette
from lib.present.kpi import district_ranking

NO_DATA_TEXT = fmt.TIDAK_ADA_DATA


@dataclass
class Kelas:
    """One class of the legend: its colour (hex) and the range of values it holds (as text)."""

    warna: str
    rentang: str
    jumlah: int
    bawah: float | None = None
    atas: float | None = None


def format_value(x: float | None, kind: ValueKind | str) -> str:
    if x is None or pd.isna(x):
        return NO_DATA_TEXT
    if kind == "persen":
        return fmt.persen(x)
    if kind == "per10rb":
        return fmt.angka(x, 1)
    return fmt.angka(x)


def classify(values: pd.Series, kind: ValueKind | str, k: int = 5) -> tuple[list[int | None], list[Kelas]]:
    """Natural breaks into at most k classes: the class of each value (None = no data), the legend."""
    labels, ranges = natural_breaks(values, k)
    colors = palette.class_colors(len(ranges))
    legend = []
    for color, r in zip(colors, ranges):
        lo, hi = r.bawah, r.atas
        text = format_value(lo, kind) if lo == hi else f"{format_value(lo, kind)} – {format_value(hi, kind)}"
        legend.append(Kelas(color, text, r.jumlah, lo, hi))
    return labels, legend


def map_table(ranking: pd.DataFrame, kind: ValueKind | str) -> tuple[pd.DataFrame, list[Kelas]]:
    """The ranking (lib.present.district_ranking) with each district's class, colour (`warna` as RGB for pydeck,
    `warna_hex` for Vega-Lite) and rank in words."""
    df = ranking.copy()
    kelas, legend = classify(df["nilai"], kind)
    colors = [legend[c].warna if c is not None else palette.NO_DATA for c in kelas]
    df["kelas"] = kelas
    df["warna"] = [list(palette.rgb(w)) for w in colors]
    df["warna_hex"] = colors
    df["peringkat_teks"] = [
        f"ke-{int(r)} dari {n}" if pd.notna(r) else NO_DATA_TEXT for r, n in zip(df["peringkat"], df["n"])
    ]
    return df, legend


@dataclass(frozen=True)
class MapScreen:
    """What Peta draws for a filter, measure and PAS group: every district's measures, the map's table (ranking,
    classes, colours) and its legend."""

    measures: dict[str, pd.DataFrame]
    table: pd.DataFrame
    legend: list[Kelas]


def map_screen(
    data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kategori: str | None, ukuran: Measure
) -> MapScreen:
    measures = district_measures(data, cfg, f, kategori)
    table, legend = map_table(district_ranking(measures, cfg, ukuran), ukuran.kind)
    return MapScreen(measures, table, legend)
