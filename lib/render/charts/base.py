"""What every chart shares: the spec type, the type size, the common configuration."""

from __future__ import annotations

import altair as alt

FONT_SIZE = 13


Spec = alt.Chart | alt.LayerChart | alt.FacetChart  # what a builder returns


def configure(chart: Spec) -> Spec:
    return (
        chart.configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, orient="bottom")
        .configure_view(strokeWidth=0)
    )
