"""A content's chart (lib.present.content.ChartData) as Altair."""

from __future__ import annotations

from collections.abc import Callable

from lib.present.content import ChartData
from lib.render.charts.base import Spec
from lib.render.charts.pas import breakdown_bars, klaster_bars, ranked_bars, trend_lines
from lib.render.charts.program import ska_money_bars

# The charts a slide or a brief page names (lib.present.content.ChartData): built here, from the content's data.
BUILDERS: dict[str, Callable[..., Spec]] = {
    "klaster_bars": klaster_bars,
    "breakdown_bars": breakdown_bars,
    "ska_money_bars": ska_money_bars,
    "ranked_bars": ranked_bars,
    "trend_lines": trend_lines,
}


def from_data(chart: ChartData) -> Spec:
    """The Altair chart of a slide's or a brief page's chart content."""
    return BUILDERS[chart.kind](chart.table, **chart.params)


def band_count(spec: dict) -> int | None:
    """How many bars a horizontal bar chart has (rows of its nominal y), else None."""
    y = (spec.get("encoding") or {}).get("y") or next(
        (
            (layer.get("encoding") or {}).get("y")
            for layer in spec.get("layer", [])
            if (layer.get("encoding") or {}).get("y")
        ),
        None,
    )
    if not isinstance(y, dict) or y.get("type") != "nominal":
        return None
    datasets = spec.get("datasets") or {}
    return max((len(v) for v in datasets.values()), default=0) or None


def sized(spec: dict, width: float, height: float, font_size: float) -> dict:
    """A chart spec (labels already at `font_size`) drawn exactly `width` × `height` pixels, axes included; a bar
    chart only as tall as its bars need (a single bar stays a bar, not a wall of colour)."""
    spec = dict(spec)
    bars = band_count(spec)
    if bars:
        height = min(height, bars * font_size * 2.4 + 3.6 * font_size)
        if height < bars * font_size * 1.3 + 3.6 * font_size:  # too short for its labels: taller, then shrunk to fit
            height = bars * font_size * 1.3 + 3.6 * font_size
    spec.update(width=width, height=height, autosize={"type": "fit", "contains": "padding"})
    spec["layer"] = [
        {k: v for k, v in layer.items() if k not in ("width", "height")} for layer in spec.get("layer", [])
    ]
    if not spec["layer"]:
        del spec["layer"]
    return spec
