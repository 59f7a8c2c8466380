"""The one content model of a slide and a brief page: title, cards, chart data, tables, the map's classes, notes
(numbers already written the Indonesian way), and how a card's change reads. Drawn by lib.ui.presentation,
lib.render.pptx and lib.render.pdf; charts are held as their data and kind (ChartData).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from lib import fmt
from lib.figures import ValueKind
from lib.present import Kpi
from lib.present.legend import Kelas
from lib.present.palette import Tone

SlideKind = Literal["judul", "terbawa", "ringkasan", "peta", "klaster", "program", "ska", "tindak_lanjut"]


ChartKind = Literal["klaster_bars", "breakdown_bars", "ska_money_bars", "ranked_bars", "trend_lines"]


@dataclass(frozen=True)
class Slide:
    kind: SlideKind
    klaster: str | None = None  # for 'klaster'


@dataclass
class ChartData:
    """A chart as content: which builder of lib.render.charts (`kind`), its table and its other arguments."""

    kind: ChartKind
    table: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class MapContent:
    table: pd.DataFrame  # lib.present.legend.map_table
    legend: list[Kelas]
    label: str
    kind: ValueKind  # the measure's kind (persen, angka, per10rb)
    selected: str | None = None  # outlined
    ranking: ChartData | None = None  # the districts ranked, highest first


@dataclass
class SlideContent:
    """What one slide shows, ready to draw (numbers already formatted the Indonesian way)."""

    title: str
    subtitle: str = ""
    lines: list[str] = field(default_factory=list)  # the title slide's lines
    kpis: list[Kpi] = field(default_factory=list)
    chart: ChartData | None = None
    chart_title: str = ""
    table: pd.DataFrame | None = None
    table_title: str = ""  # table_heading(table_label, rows shown, table_total) when the table is a top-n
    table_label: str = ""
    table_total: int = 0
    map: MapContent | None = None
    # a klaster with few groups: its districts ranked and its months beside the groups' bars (no half-empty slide)
    ranking: ChartData | None = None
    ranking_title: str = ""  # ranking_heading(ranking_label, districts shown, ranking_total)
    ranking_label: str = ""
    ranking_total: int = 0
    trend: ChartData | None = None
    trend_title: str = ""
    note: str = ""  # one line under the content
    empty: str = ""  # said instead of the content when there is nothing to show


@dataclass
class Section:
    """A titled table of a brief page, with its note; `empty` is said instead when there are no rows."""

    title: str
    table: pd.DataFrame | None
    note: str = ""
    empty: str = ""


@dataclass
class DistrictPage:
    """What the brief shows of one district: header, its province's map, key figures, klaster chart, programmes and
    open follow-ups."""

    title: str
    subtitle: str
    sample: bool  # DATA CONTOH
    map: MapContent
    map_title: str
    kpis: list[Kpi]
    kpi_note: str
    chart: ChartData
    chart_title: str
    chart_note: str
    programs: Section
    follow_ups: Section


def table_heading(label: str, shown: int, total: int) -> str:
    """'Program yang perlu perhatian lebih dulu (6 dari 14)': a top-n table's title."""
    return f"{label} ({shown} dari {total})"


def cell_text(v: Any) -> str:
    """A table cell as drawn on a slide, in the deck and in the brief: missing reads 'tidak ada data'."""
    return fmt.TIDAK_ADA_DATA if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def kpi_change(k: Kpi) -> str:
    """The card's change as text: '+1,2 poin', 'tetap' when it reads as zero; '' when none (Kpi.change_text)."""
    return k.change_text or ""


def kpi_tone(k: Kpi) -> Tone:
    """'baik', 'buruk' or 'netral': how to colour a card's change (Kpi.tone; no change is neutral)."""
    return k.tone


def kpi_arrow(k: Kpi) -> str:
    """'▲ ', '▼ ' or '' (no change, no comparison): the arrow in front of a card's change."""
    return {"naik": "▲ ", "turun": "▼ "}.get(k.direction, "")
