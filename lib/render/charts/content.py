"""A content's chart (lib.present.content.ChartData) as Altair.
"""
from __future__ import annotations

from collections.abc import Callable

from lib.present.content import ChartData
from lib.render.charts.base import Spec
from lib.render.charts.pas import breakdown_bars, klaster_bars, ranked_bars
from lib.render.charts.program import ska_money_bars

# The charts a slide or a brief page names (lib.present.content.ChartData): built here, from the content's data.
BUILDERS: dict[str, Callable[..., Spec]] = {
    "klaster_bars": klaster_bars, "breakdown_bars": breakdown_bars, "ska_money_bars": ska_money_bars,
    "ranked_bars": ranked_bars}


def from_data(chart: ChartData) -> Spec:
    """The Altair chart of a slide's or a brief page's chart content."""
    return BUILDERS[chart.kind](chart.table, **chart.params)
