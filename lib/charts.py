"""Chart builders: they return Altair specs (tested through `to_dict()`); pages only display them.

Axes and tooltips speak Indonesian: tooltips use pre-formatted text columns, axes use lib.fmt's Vega expressions.
Colours are from a colour-blind-safe pair (Okabe-Ito blue/orange) with thick marks that survive Zoom compression.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from lib import fmt

TERDATA_COLOR = "#9ecae1"  # light blue: all recorded
DILAYANI_COLOR = "#0b4f8a"  # dark blue: served
HIGHLIGHT_COLOR = "#e69f00"  # orange: the selected period
FONT_SIZE = 13


def _config(chart: alt.Chart) -> alt.Chart:
    return chart.configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE).configure_legend(
        labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, orient="bottom"
    ).configure_view(strokeWidth=0)


def klaster_bars(table: pd.DataFrame, singkatan: str) -> alt.Chart:
    """Per klaster: terdata as a wide light bar, dilayani as a narrower dark bar inside it, coverage as a label."""
    df = table.copy()
    df["terdata_teks"] = df["terdata"].map(fmt.angka)
    df["dilayani_teks"] = df["dilayani"].map(fmt.angka)
    df["cakupan_teks"] = df["cakupan"].map(fmt.persen)
    tooltip = [alt.Tooltip("nama:N", title="Klaster"), alt.Tooltip("terdata_teks:N", title="Terdata"),
               alt.Tooltip("dilayani_teks:N", title="Dilayani"), alt.Tooltip("cakupan_teks:N", title="Cakupan")]
    y = alt.Y("nama:N", title=None, sort=None, axis=alt.Axis(labelLimit=260))
    x_axis = alt.Axis(labelExpr=fmt.vega_angka(), title=f"Jumlah {singkatan}", tickCount=5)
    base = alt.Chart(df)
    terdata = base.mark_bar(color=TERDATA_COLOR, size=26).encode(
        y=y, x=alt.X("terdata:Q", axis=x_axis), tooltip=tooltip)
    dilayani = base.mark_bar(color=DILAYANI_COLOR, size=12).encode(y=y, x="dilayani:Q", tooltip=tooltip)
    label = base.mark_text(align="left", dx=6, fontSize=FONT_SIZE, fontWeight="bold").encode(
        y=y, x="terdata:Q", text="cakupan_teks:N")
    return _config((terdata + dilayani + label).properties(height=alt.Step(44)))


def trend_lines(trend: pd.DataFrame, selected: str, singkatan: str) -> alt.Chart:
    """Terdata and dilayani per month, the selected month marked."""
    df = trend.copy()
    df["tanggal"] = pd.to_datetime(df["periode"] + "-01")
    df["bulan"] = df["periode"].map(fmt.bulan)
    long = df.melt(id_vars=["tanggal", "bulan", "periode"], value_vars=["terdata", "dilayani"],
                   var_name="ukuran", value_name="jumlah")
    long["ukuran"] = long["ukuran"].map({"terdata": "Terdata", "dilayani": "Dilayani"})
    long["jumlah_teks"] = long["jumlah"].map(fmt.angka)
    color = alt.Color("ukuran:N", title=None, scale=alt.Scale(domain=["Terdata", "Dilayani"],
                                                              range=[TERDATA_COLOR, DILAYANI_COLOR]))
    x = alt.X("tanggal:T", title=None, axis=alt.Axis(labelExpr=fmt.vega_bulan(), tickCount=8, grid=False))
    lines = alt.Chart(long).mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=30)).encode(
        x=x, y=alt.Y("jumlah:Q", title=f"Jumlah {singkatan}", axis=alt.Axis(labelExpr=fmt.vega_angka())),
        color=color,
        tooltip=[alt.Tooltip("bulan:N", title="Bulan"), alt.Tooltip("ukuran:N", title="Ukuran"),
                 alt.Tooltip("jumlah_teks:N", title="Jumlah")],
    )
    mark = df[df["periode"] == selected]
    rule = alt.Chart(mark).mark_rule(color=HIGHLIGHT_COLOR, strokeWidth=3, strokeDash=[6, 4]).encode(x="tanggal:T")
    return _config((lines + rule).properties(height=300))


def completeness_heatmap(table: pd.DataFrame) -> alt.Chart:
    """District × month: how complete each report is; grey = no report at all."""
    df = table.copy()
    df["keterangan"] = [fmt.persen(x, 0) if pd.notna(x) else "tidak ada laporan" for x in df["lengkap"]]
    df["label_waktu"] = [fmt.bulan_pendek(w) if "-" in w else w for w in df["waktu"]]
    df["baris_teks"] = df["baris"].map(fmt.angka)
    order = list(dict.fromkeys(df["label_waktu"]))
    base = alt.Chart(df).encode(
        x=alt.X("label_waktu:O", title=None, sort=order, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("wilayah:N", title=None, sort=None, axis=alt.Axis(labelLimit=220)),
        tooltip=[alt.Tooltip("wilayah:N", title="Wilayah"), alt.Tooltip("label_waktu:O", title="Waktu"),
                 alt.Tooltip("baris_teks:N", title="Baris"), alt.Tooltip("keterangan:N", title="Kelengkapan")],
    )
    reported = base.transform_filter("isValid(datum.lengkap)").mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("lengkap:Q", title="Kelengkapan", scale=alt.Scale(domain=[0, 1], scheme="blues"),
                        legend=alt.Legend(labelExpr=fmt.vega_persen(), format=".0%")))
    missing = base.transform_filter("!isValid(datum.lengkap)").mark_rect(
        color="#bdbdbd", stroke="white", strokeWidth=1)
    cross = base.transform_filter("!isValid(datum.lengkap)").mark_text(text="×", color="#616161", fontSize=12)
    return _config((reported + missing + cross).properties(height=alt.Step(18)))
