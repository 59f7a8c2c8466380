"""Charts of the Program and SKA screens: the year timeline, turnover and profit bars, year-on-year lines."""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib import fmt
from lib.figures import KELAS_URUTAN
from lib.present import palette
from lib.render.charts.base import FONT_SIZE, Spec, configure


def _month_start(periode: str) -> pd.Timestamp:
    return pd.Timestamp(periode + "-01")


def _month_end(periode: str) -> pd.Timestamp:
    return _month_start(periode) + pd.offsets.MonthBegin(1)


def program_timeline(table: pd.DataFrame, periode: str) -> Spec:
    """Programmes over the budget year: a solid bar from the first active month to the month finished (or the
    selected month), a faint bar for the rest of the year still to go, coloured by schedule class, achievement
    written at the end of the solid bar, the selected month as a dashed line."""
    df = table.copy()
    year = periode[:4]
    df["dari"] = df["mulai"].map(_month_start)
    df["sampai"] = df["akhir"].map(_month_end)
    df["akhir_tahun"] = pd.Timestamp(f"{int(year) + 1}-01-01")
    df["program"] = [f"{n} ({k})" for n, k in zip(df["nama_program"], df["kode_program"])]
    df["capaian_teks"] = df["capaian"].map(lambda x: fmt.persen(x, 0))
    df["periode_teks"] = [f"{fmt.bulan_pendek(a)} – {fmt.bulan_pendek(b)}" for a, b in zip(df["mulai"], df["akhir"])]
    order = df["program"].tolist()
    present = [k for k in KELAS_URUTAN if k in set(df["kelas"])]
    color = alt.Color(
        "kelas:N",
        title="Status jadwal",
        sort=present,
        scale=alt.Scale(domain=present, range=[palette.KELAS_COLORS.get(k, "#999999") for k in present]),
        legend=alt.Legend(symbolOpacity=1, symbolType="square", symbolSize=200, columns=4),
    )
    y = alt.Y("program:N", title=None, sort=order, axis=alt.Axis(labelLimit=340, labelColor="#222222"))
    x_scale = alt.Scale(domain=[f"{year}-01-01", f"{int(year) + 1}-01-01"])
    months = [alt.DateTime(year=int(year), month=m, date=1) for m in range(1, 13)]
    names = ", ".join(repr(b) for b in fmt.BULAN_PENDEK)
    x = alt.X(
        "dari:T",
        title=None,
        scale=x_scale,
        axis=alt.Axis(
            values=months, labelExpr=f"[{names}][month(datum.value)]", labelAlign="left", grid=True, orient="top"
        ),
    )
    tooltip = [
        alt.Tooltip("program:N", title="Program"),
        alt.Tooltip("kelas:N", title="Status jadwal"),
        alt.Tooltip("periode_teks:N", title="Berjalan"),
        alt.Tooltip("capaian_teks:N", title="Capaian"),
    ]
    base = alt.Chart(df)
    done = base.mark_bar(size=18, cornerRadius=3).encode(y=y, x=x, x2="sampai:T", color=color, tooltip=tooltip)
    rest = (
        base.transform_filter("!datum.selesai")
        .mark_bar(size=18, opacity=0.22)
        .encode(y=y, x="sampai:T", x2="akhir_tahun:T", color=color, tooltip=tooltip)
    )
    label = base.mark_text(align="left", dx=5, fontSize=FONT_SIZE, fontWeight="bold", color="#222222").encode(
        y=y, x="sampai:T", text="capaian_teks:N"
    )
    now = pd.DataFrame({"t": [_month_end(periode)], "teks": [fmt.bulan_pendek(periode)]})
    rule = alt.Chart(now).mark_rule(color="#333333", strokeWidth=2, strokeDash=[6, 4]).encode(x="t:T")
    return configure((done + rest + label + rule).properties(height=alt.Step(30)))


def _juta(series: pd.Series) -> pd.Series:
    return series.astype(float) / 1e6


def ska_money_bars(monthly: pd.DataFrame, periode: str, months: int = 24) -> Spec:
    """Omzet (wide light bar) and laba kotor (narrow dark bar inside it) per month, in millions of rupiah, for the
    `months` months up to the selected one, which is marked."""
    df = monthly[monthly["periode"] <= periode].tail(months).copy()
    df["tanggal"] = df["periode"].map(_month_start)
    df["bulan"] = df["periode"].map(fmt.bulan)
    df["omzet_juta"], df["laba_juta"] = _juta(df["omzet"]), _juta(df["laba_kotor"])
    df["omzet_teks"], df["laba_teks"] = df["omzet"].map(fmt.rupiah), df["laba_kotor"].map(fmt.rupiah)
    df["margin_teks"] = df["margin"].map(fmt.persen)
    tooltip = [
        alt.Tooltip("bulan:N", title="Bulan"),
        alt.Tooltip("omzet_teks:N", title="Omzet"),
        alt.Tooltip("laba_teks:N", title="Laba kotor"),
        alt.Tooltip("margin_teks:N", title="Margin"),
    ]
    # one band per month, labelled with its own name (a time axis put 'Jan 2026' under the Desember 2025 bar)
    df["label_bulan"] = df["periode"].map(fmt.bulan_pendek)
    x = alt.X(
        "label_bulan:O",
        title=None,
        sort=df["label_bulan"].tolist(),
        axis=alt.Axis(labelAngle=0, labelOverlap="parity", grid=False),
    )
    y_axis = alt.Axis(labelExpr=fmt.vega_angka(), title="Juta rupiah", tickCount=5)
    base = alt.Chart(df)
    omzet = base.mark_bar(color=palette.TERDATA, width=alt.RelativeBandSize(0.7)).encode(
        x=x, y=alt.Y("omzet_juta:Q", axis=y_axis, scale=alt.Scale(domainMin=0)), tooltip=tooltip
    )
    laba = base.mark_bar(color=palette.DILAYANI, width=alt.RelativeBandSize(0.35)).encode(
        x=x, y="laba_juta:Q", tooltip=tooltip
    )
    mark = df[df["periode"] == periode]
    # the selected month: an orange frame around its bar, its value above it (a full-height line cut the value)
    rule = (
        alt.Chart(mark)
        .mark_bar(
            fill=None, stroke=palette.HIGHLIGHT, strokeWidth=3, strokeDash=[6, 4], width=alt.RelativeBandSize(0.9)
        )
        .encode(x=x, y="omzet_juta:Q")
    )
    label = (
        alt.Chart(mark)
        .mark_text(dy=-10, fontSize=FONT_SIZE, fontWeight="bold", baseline="bottom")
        .encode(x=x, y="omzet_juta:Q", text="omzet_teks:N")
    )
    return configure((omzet + laba + rule + label).properties(height=300))


def ska_year_lines(table: pd.DataFrame, label: str, uang: bool) -> Spec:
    """One measure by month of the year: this year (dark) against last year (light), values written at the points."""
    df = table.copy()
    df["nilai_tampil"] = _juta(df["nilai"]) if uang else df["nilai"]
    df["teks"] = df["nilai"].map(fmt.rupiah if uang else fmt.angka)
    df["nama_bulan"] = df["bulan"].map(lambda m: fmt.BULAN_PENDEK[m - 1])
    years = sorted(df["tahun"].unique().tolist())
    color = alt.Color(
        "tahun:N",
        title=None,
        scale=alt.Scale(domain=years, range=[palette.LAST_YEAR, palette.DILAYANI][-len(years) :] if years else []),
    )
    x = alt.X(
        "bulan:O",
        title=None,
        scale=alt.Scale(domain=list(range(1, 13))),
        axis=alt.Axis(labelExpr=f"[{', '.join(repr(b) for b in fmt.BULAN_PENDEK)}][datum.value - 1]", labelAngle=0),
    )
    y = alt.Y(
        "nilai_tampil:Q", title=f"{label} (juta rupiah)" if uang else label, axis=alt.Axis(labelExpr=fmt.vega_angka())
    )
    tooltip = [
        alt.Tooltip("tahun:N", title="Tahun"),
        alt.Tooltip("nama_bulan:N", title="Bulan"),
        alt.Tooltip("teks:N", title=label),
    ]
    lines = (
        alt.Chart(df)
        .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=50))
        .encode(x=x, y=y, color=color, tooltip=tooltip)
    )
    return configure(lines.properties(height=300))
