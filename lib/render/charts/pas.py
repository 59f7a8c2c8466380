"""Charts of PAS figures: per klaster, trends, completeness, rankings, breakdowns, services, comparisons."""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib import fmt
from lib.present import palette
from lib.render.charts.base import FONT_SIZE, Spec, configure


def klaster_bars(table: pd.DataFrame, singkatan: str) -> Spec:
    """Per klaster: terdata as a wide light bar, dilayani as a narrower dark bar inside it, coverage as a label."""
    df = table.copy()
    df["terdata_teks"] = df["terdata"].map(fmt.angka)
    df["dilayani_teks"] = df["dilayani"].map(fmt.angka)
    df["cakupan_teks"] = df["cakupan"].map(fmt.persen)
    tooltip = [
        alt.Tooltip("nama:N", title="Klaster"),
        alt.Tooltip("terdata_teks:N", title="Terdata"),
        alt.Tooltip("dilayani_teks:N", title="Dilayani"),
        alt.Tooltip("cakupan_teks:N", title="Cakupan"),
    ]
    y = alt.Y("nama:N", title=None, sort=None, axis=alt.Axis(labelLimit=260))
    x_axis = alt.Axis(labelExpr=fmt.vega_angka(), title=f"Jumlah {singkatan}", tickCount=5)
    base = alt.Chart(df)
    room = alt.Scale(domain=[0, _room(df["terdata"], 1.2)])  # the coverage label stays inside the chart
    terdata = base.mark_bar(color=palette.TERDATA, height=alt.RelativeBandSize(0.6)).encode(
        y=y, x=alt.X("terdata:Q", axis=x_axis, scale=room), tooltip=tooltip
    )
    dilayani = base.mark_bar(color=palette.DILAYANI, height=alt.RelativeBandSize(0.28)).encode(
        y=y, x="dilayani:Q", tooltip=tooltip
    )
    label = base.mark_text(align="left", dx=6, fontSize=FONT_SIZE, fontWeight="bold").encode(
        y=y, x="terdata:Q", text="cakupan_teks:N"
    )
    return configure((terdata + dilayani + label).properties(height=alt.Step(44)))


def _room(values: pd.Series, factor: float) -> float:
    """The top of a bar chart's scale: room after the longest bar for the value written at its end."""
    top = pd.to_numeric(values, errors="coerce").max()
    return float(top) * factor if pd.notna(top) and top > 0 else 1.0


def trend_lines(trend: pd.DataFrame, selected: str, singkatan: str) -> Spec:
    """Terdata and dilayani per month, the selected month marked."""
    df = trend.copy()
    df["tanggal"] = pd.to_datetime(df["periode"] + "-01")
    df["bulan"] = df["periode"].map(fmt.bulan)
    long = df.melt(
        id_vars=["tanggal", "bulan", "periode"],
        value_vars=["terdata", "dilayani"],
        var_name="ukuran",
        value_name="jumlah",
    )
    long["ukuran"] = long["ukuran"].map({"terdata": "Terdata", "dilayani": "Dilayani"})
    long["jumlah_teks"] = long["jumlah"].map(fmt.angka)
    color = alt.Color(
        "ukuran:N",
        title=None,
        scale=alt.Scale(domain=["Terdata", "Dilayani"], range=[palette.TERDATA, palette.DILAYANI]),
    )
    x = alt.X("tanggal:T", title=None, axis=alt.Axis(labelExpr=fmt.vega_bulan(), tickCount=8, grid=False))
    lines = (
        alt.Chart(long)
        .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=30))
        .encode(
            x=x,
            y=alt.Y("jumlah:Q", title=f"Jumlah {singkatan}", axis=alt.Axis(labelExpr=fmt.vega_angka())),
            color=color,
            tooltip=[
                alt.Tooltip("bulan:N", title="Bulan"),
                alt.Tooltip("ukuran:N", title="Ukuran"),
                alt.Tooltip("jumlah_teks:N", title="Jumlah"),
            ],
        )
    )
    mark = df[df["periode"] == selected]
    rule = alt.Chart(mark).mark_rule(color=palette.HIGHLIGHT, strokeWidth=3, strokeDash=[6, 4]).encode(x="tanggal:T")
    return configure((lines + rule).properties(height=300))


def completeness_heatmap(table: pd.DataFrame) -> Spec:
    """District × month: how complete each report is; grey = no report at all."""
    df = table.copy()
    df["keterangan"] = [fmt.persen(x, 0) if pd.notna(x) else "tidak ada laporan" for x in df["lengkap"]]
    df["label_waktu"] = [fmt.bulan_pendek(w) if "-" in w else w for w in df["waktu"]]
    df["baris_teks"] = df["baris"].map(fmt.angka)
    order = list(dict.fromkeys(df["label_waktu"]))
    base = alt.Chart(df).encode(
        x=alt.X("label_waktu:O", title=None, sort=order, axis=alt.Axis(labelAngle=-45)),
        # Streamlit's theme turns labelOverlap on, which drops every other district: each one is labelled.
        y=alt.Y("wilayah:N", title=None, sort=None, axis=alt.Axis(labelLimit=220, labelOverlap=False)),
        tooltip=[
            alt.Tooltip("wilayah:N", title="Wilayah"),
            alt.Tooltip("label_waktu:O", title="Waktu"),
            alt.Tooltip("baris_teks:N", title="Baris"),
            alt.Tooltip("keterangan:N", title="Kelengkapan"),
        ],
    )
    reported = (
        base.transform_filter("isValid(datum.lengkap)")
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            color=alt.Color(
                "lengkap:Q",
                title="Kelengkapan",
                scale=alt.Scale(domain=[0, 1], scheme="blues"),
                legend=alt.Legend(labelExpr=fmt.vega_persen(), format=".0%"),
            )
        )
    )
    # the missing cells are said by the legend and the caption: not announced (an empty layer's unnamed ARIA group
    # is an image without a text alternative to axe)
    # a cell where no report is expected (a district without a programme that year) stays blank
    missing = base.transform_filter("!isValid(datum.lengkap) && datum.diharapkan").mark_rect(
        color="#bdbdbd", stroke="white", strokeWidth=1, aria=False
    )
    cross = base.transform_filter("!isValid(datum.lengkap) && datum.diharapkan").mark_text(
        text="×", color="#616161", fontSize=12, aria=False
    )
    return configure((reported + missing + cross).properties(height=alt.Step(22)))


def ranked_bars(table: pd.DataFrame, label: str, jenis: str, selected: str | None = None) -> Spec:
    """The map's companion: every district as a bar, highest first, in its class colour, with its value written
    at the end (read without hovering); districts without data last, as grey text 'tidak ada data'."""
    df = table.copy()
    df["urut"] = pd.to_numeric(df["peringkat"], errors="coerce").fillna(len(df) + 1)
    df = df.sort_values(["urut", "nama_pendek"])
    df["x"] = pd.to_numeric(df["nilai"], errors="coerce").fillna(0.0)
    order = df["nama_pendek"].tolist()
    axis = alt.Axis(
        labelExpr=fmt.vega_persen() if jenis == "persen" else fmt.vega_angka(), tickCount=4, title=None, grid=False
    )
    y = alt.Y(
        "nama_pendek:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelLimit=200, labelFontSize=12, labelOverlap=False, ticks=False, labelColor="#222222"),
    )
    tooltip = [
        alt.Tooltip("nama:N", title="Wilayah"),
        alt.Tooltip("teks:N", title=label),
        alt.Tooltip("peringkat_teks:N", title="Peringkat"),
        alt.Tooltip("ubah_teks:N", title="Perubahan"),
    ]
    base = alt.Chart(df).encode(y=y, tooltip=tooltip)
    bars = base.mark_bar(stroke="#555555", strokeWidth=0.5, height=alt.RelativeBandSize(0.8)).encode(
        x=alt.X("x:Q", axis=axis, scale=alt.Scale(domain=[0, _room(df["x"], 1.25)])),
        color=alt.Color("warna_hex:N", scale=None),
        strokeWidth=alt.condition(f"datum.kode_wilayah == '{selected or ''}'", alt.value(2.5), alt.value(0.5)),
    )
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(
        x="x:Q",
        text="teks:N",
        color=alt.condition("isValid(datum.peringkat)", alt.value("#222222"), alt.value("#757575")),
    )
    return configure((bars + text).properties(height=alt.Step(16)))


def breakdown_bars(table: pd.DataFrame, singkatan: str, judul: str) -> Spec:
    """lib.figures.pas_breakdown, in its ranked order: terdata as a wide light bar, dilayani as a dark bar inside it,
    and both written at the end of the bar ('12.345 · 41,5%' = terdata · cakupan), so nothing needs hovering."""
    df = table.copy()
    df["x"] = pd.to_numeric(df["terdata"], errors="coerce").fillna(0.0)
    df["terdata_teks"] = df["terdata"].map(fmt.angka)
    df["dilayani_teks"] = df["dilayani"].map(fmt.angka)
    df["cakupan_teks"] = df["cakupan"].map(fmt.persen)
    df["label"] = [
        f"{t} · {c}" if pd.notna(v) else fmt.TIDAK_ADA_DATA
        for t, c, v in zip(df["terdata_teks"], df["cakupan_teks"], df["terdata"])
    ]
    order = df["nama"].tolist()
    step = 40 if len(df) <= 8 else 24
    y = alt.Y(
        "nama:N", title=None, sort=order, axis=alt.Axis(labelLimit=280, labelFontSize=FONT_SIZE, labelOverlap=False)
    )
    tooltip = [
        alt.Tooltip("nama:N", title=judul),
        alt.Tooltip("terdata_teks:N", title="Terdata"),
        alt.Tooltip("dilayani_teks:N", title="Dilayani"),
        alt.Tooltip("cakupan_teks:N", title="Cakupan"),
    ]
    base = alt.Chart(df).encode(y=y, tooltip=tooltip)
    top = float(df["x"].max()) * 1.5 if len(df) and df["x"].max() > 0 else 1.0
    x = alt.X(
        "x:Q",
        title=f"Jumlah {singkatan}",
        scale=alt.Scale(domain=[0, top]),
        axis=alt.Axis(labelExpr=fmt.vega_angka(), tickCount=5),
    )
    terdata = base.mark_bar(color=palette.TERDATA, height=alt.RelativeBandSize(0.8)).encode(x=x)
    dilayani = base.mark_bar(color=palette.DILAYANI, height=alt.RelativeBandSize(0.4)).encode(x="dilayani:Q")
    label = base.mark_text(align="left", dx=6, fontSize=FONT_SIZE, fontWeight="bold").encode(x="x:Q", text="label:N")
    return configure((terdata + dilayani + label).properties(height=alt.Step(step)))


def service_bars(long: pd.DataFrame, pendekatan: list[str]) -> Spec:
    """lib.figures.service_breakdown: recipients per service kind, stacked by approach, the total written at the end."""
    df = long.copy()
    df["penerima_teks"] = df["penerima"].map(fmt.angka)
    order = list(dict.fromkeys(df["nama_jenis"]))
    totals = df.drop_duplicates("nama_jenis").assign(total_teks=lambda d: d["jumlah_jenis"].map(fmt.angka))
    y = alt.Y(
        "nama_jenis:N",
        title=None,
        sort=order,
        axis=alt.Axis(labelLimit=340, labelFontSize=FONT_SIZE, labelOverlap=False),
    )
    top = float(df["jumlah_jenis"].max()) * 1.2 if len(df) and df["jumlah_jenis"].max() > 0 else 1.0
    bars = (
        alt.Chart(df)
        .mark_bar(height=alt.RelativeBandSize(0.75))
        .encode(
            y=y,
            x=alt.X(
                "sum(penerima):Q",
                title="Penerima layanan",
                scale=alt.Scale(domain=[0, top]),
                axis=alt.Axis(labelExpr=fmt.vega_angka(), tickCount=5),
            ),
            color=alt.Color(
                "nama_pendekatan:N",
                title="Pendekatan",
                sort=pendekatan,
                scale=alt.Scale(domain=pendekatan, range=palette.OKABE_ITO[: len(pendekatan)]),
            ),
            order=alt.Order("urut_pendekatan:Q"),
            tooltip=[
                alt.Tooltip("nama_jenis:N", title="Jenis layanan"),
                alt.Tooltip("nama_pendekatan:N", title="Pendekatan"),
                alt.Tooltip("penerima_teks:N", title="Penerima"),
            ],
        )
        .transform_calculate(urut_pendekatan=f"indexof({pendekatan!r}, datum.nama_pendekatan)")
    )
    label = (
        alt.Chart(totals)
        .mark_text(align="left", dx=6, fontSize=FONT_SIZE, fontWeight="bold")
        .encode(y=y, x="jumlah_jenis:Q", text="total_teks:N")
    )
    return configure((bars + label).properties(height=alt.Step(36)))


def trend_small_multiples(long: pd.DataFrame, judul_y: str, selected: str, desimal: int = 0, columns: int = 3) -> Spec:
    """lib.figures.compare_trend: one small chart per district on a shared y axis, terdata and dilayani lines,
    the selected month marked."""
    df = long.copy()
    df["tanggal"] = pd.to_datetime(df["periode"] + "-01")
    df["bulan"] = df["periode"].map(fmt.bulan)
    df["nama"] = df["nama"].astype(str)
    order = list(dict.fromkeys(df["nama"]))
    color = alt.Color(
        "ukuran:N",
        title=None,
        scale=alt.Scale(domain=["Terdata", "Dilayani"], range=[palette.TERDATA, palette.DILAYANI]),
    )
    lines = (
        alt.Chart()
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("tanggal:T", title=None, axis=alt.Axis(labelExpr=fmt.vega_bulan(), tickCount=4, grid=False)),
            y=alt.Y("nilai:Q", title=judul_y, axis=alt.Axis(labelExpr=fmt.vega_angka(desimal=desimal), tickCount=4)),
            color=color,
            tooltip=[
                alt.Tooltip("nama:N", title="Wilayah"),
                alt.Tooltip("bulan:N", title="Bulan"),
                alt.Tooltip("ukuran:N", title="Ukuran"),
                alt.Tooltip("teks:N", title="Nilai"),
            ],
        )
    )
    # The marker from the selected month's own rows: a datum date string is read as UTC, the lines' dates as
    # local time, and Vega drew the constant at the first month.
    rule = (
        alt.Chart()
        .transform_filter(alt.datum.periode == selected)
        .mark_rule(color=palette.HIGHLIGHT, strokeWidth=2, strokeDash=[6, 4])
        .encode(x="tanggal:T")
    )
    chart = (
        alt.layer(lines, rule, data=df)
        .properties(width=225, height=170)
        .facet(
            facet=alt.Facet(
                "nama:N", title=None, sort=order, header=alt.Header(labelFontSize=15, labelFontWeight="bold")
            ),
            columns=columns,
        )
    )
    return configure(chart)


def compare_ranking(
    ranking: pd.DataFrame, picked: list[str], label: str, jenis: str, average: float | None = None
) -> Spec:
    """Every district's value for one measure, highest first; the picked districts coloured, the others grey, every
    value written at the end of its bar; the coverage average as a dashed line."""
    df = ranking.copy()
    df["urut"] = pd.to_numeric(df["peringkat"], errors="coerce").fillna(len(df) + 1)
    df = df.sort_values(["urut", "nama_pendek"])
    df["x"] = pd.to_numeric(df["nilai"], errors="coerce").fillna(0.0)
    df["dipilih"] = ["dibandingkan" if k in picked else "lainnya" for k in df["kode_wilayah"]]
    order = df["nama_pendek"].tolist()
    axis = alt.Axis(
        labelExpr=fmt.vega_persen() if jenis == "persen" else fmt.vega_angka(), tickCount=4, title=label, grid=False
    )
    y = alt.Y(
        "nama_pendek:N", sort=order, title=None, axis=alt.Axis(labelLimit=220, labelFontSize=13, labelOverlap=False)
    )
    base = alt.Chart(df).encode(
        y=y, tooltip=[alt.Tooltip("nama:N", title="Wilayah"), alt.Tooltip("teks:N", title=label)]
    )
    bars = base.mark_bar(height=alt.RelativeBandSize(0.8)).encode(
        x=alt.X("x:Q", axis=axis),
        color=alt.Color(
            "dipilih:N",
            legend=None,
            scale=alt.Scale(domain=["dibandingkan", "lainnya"], range=[palette.HIGHLIGHT, palette.MUTED]),
        ),
    )
    text = (
        base.mark_text(align="left", dx=4, fontSize=12)
        .encode(x="x:Q", text="teks:N")
        .transform_filter("datum.dipilih != 'dibandingkan'")
    )
    bold = (
        base.mark_text(align="left", dx=4, fontSize=13, fontWeight="bold")
        .encode(x="x:Q", text="teks:N")
        .transform_filter("datum.dipilih == 'dibandingkan'")
    )
    layers = [bars, text, bold]
    if average is not None:
        avg = pd.DataFrame(
            {
                "x": [average],
                "teks": [f"rata-rata {fmt.persen(average) if jenis == 'persen' else fmt.angka(average, 1)}"],
            }
        )
        rule = alt.Chart(avg).mark_rule(color="#333333", strokeWidth=2, strokeDash=[6, 4]).encode(x="x:Q")
        note = (
            alt.Chart(avg)
            .mark_text(align="left", dx=4, dy=-6, fontSize=12, baseline="bottom")
            .encode(x="x:Q", y=alt.value(0), text="teks:N")
        )
        layers += [rule, note]
    return configure(alt.layer(*layers).properties(height=alt.Step(22)))
