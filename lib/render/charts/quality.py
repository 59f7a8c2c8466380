"""Mutu Data's chart: the district × month grid of report status."""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib import fmt
from lib.present import palette
from lib.present.quality import STATUS_TEXT
from lib.render.charts.base import FONT_SIZE, Spec, configure

# On time blue, late orange, missing grey with a cross (Okabe-Ito: told apart without colour vision too; each late
# or missing cell also carries a letter or a cross, so a Zoom picture and a greyscale print read the same).
STATUS_COLOUR = {
    "tepat": palette.OKABE_ITO[0],
    "terlambat": palette.OKABE_ITO[1],
    "hilang": palette.NO_DATA,
    "belum": "#f0f0f0",
    "tidak_wajib": palette.WHITE,
}
STATUS_MARK = {"tepat": "", "terlambat": "T", "hilang": "×", "belum": "…", "tidak_wajib": ""}


def report_grid(grid: pd.DataFrame) -> Spec:
    """Every district (rows, in the configuration's order) × month (columns): its report's status."""
    df = grid.copy()
    df["bulan"] = df["periode"].map(fmt.bulan_pendek)
    df["tanda"] = df["status"].map(STATUS_MARK)
    order = list(dict.fromkeys(df["bulan"]))
    shown = [s for s in STATUS_COLOUR if s in set(df["status"])]
    base = alt.Chart(df).encode(
        # every month labelled, slanted so twelve fit at 1280 px (Streamlit's theme would drop every other one)
        x=alt.X("bulan:O", title=None, sort=order, axis=alt.Axis(labelAngle=-35, orient="top", labelOverlap=False)),
        # Streamlit's theme turns labelOverlap on, which drops every other district: each one is labelled.
        y=alt.Y("wilayah:N", title=None, sort=None, axis=alt.Axis(labelLimit=240, labelOverlap=False)),
        tooltip=[
            alt.Tooltip("wilayah:N", title="Wilayah"),
            alt.Tooltip("bulan:O", title="Bulan"),
            alt.Tooltip("keterangan:N", title="Status"),
            alt.Tooltip("tersimpan:N", title="Tersimpan"),
            alt.Tooltip("tenggat:N", title="Tenggat"),
        ],
    )
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color(
            "status:N",
            title="Status laporan",
            scale=alt.Scale(domain=shown, range=[STATUS_COLOUR[s] for s in shown]),
            legend=alt.Legend(labelExpr=_legend_labels(shown), symbolType="square", symbolSize=300),
        )
    )
    marks = base.mark_text(fontSize=FONT_SIZE + 1, fontWeight="bold", color="#000000", aria=False).encode(
        text="tanda:N"
    )
    return configure((cells + marks).properties(height=alt.Step(26)))


def _legend_labels(shown: list[str]) -> str:
    """The legend's words (the data keep the status codes): a Vega expression mapping each code to its text."""
    pairs = ", ".join(
        f"'{s}': '{STATUS_TEXT[s]}{' (' + STATUS_MARK[s] + ')' if STATUS_MARK[s] else ''}'" for s in shown
    )
    return f"({{{pairs}}})[datum.label]"
