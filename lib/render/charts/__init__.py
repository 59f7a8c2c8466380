"""Chart builders: they return Altair specs (tested through `to_dict()`); pages only display them.

Axes and tooltips speak Indonesian: tooltips use pre-formatted text columns, axes use lib.fmt's Vega expressions.
Colours are from a colour-blind-safe pair (Okabe-Ito blue/orange) with thick marks that survive Zoom compression.
base (the spec type, type size, configuration), pas (PAS figures), program (Program and SKA), quality (Mutu Data), content (a
slide's or brief page's chart content as Altair).
"""

from __future__ import annotations

from lib.render.charts.base import FONT_SIZE, Spec  # noqa: F401
from lib.render.charts.content import BUILDERS, band_count, from_data, sized  # noqa: F401
from lib.render.charts.pas import (  # noqa: F401
    breakdown_bars,
    compare_ranking,
    completeness_heatmap,
    klaster_bars,
    ranked_bars,
    service_bars,
    trend_lines,
    trend_small_multiples,
)
from lib.render.charts.program import program_timeline, ska_money_bars, ska_year_lines  # noqa: F401
from lib.render.charts.quality import report_grid  # noqa: F401
