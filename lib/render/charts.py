"""Chart builders: they return Altair specs (tested through `to_dict()`); pages only display them.

Axes and tooltips speak Indonesian: tooltips use pre-formatted text columns, axes use lib.fmt's Vega expressions.
Colours are from a colour-blind-safe pair (Okabe-Ito blue/orange) with thick marks that survive Zoom compression.
"""
from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from lib import fmt
from lib.figures import KELAS_URUTAN
from lib.present import palette
from lib.present.slides import ChartData

FONT_SIZE = 13
Spec = alt.Chart | alt.LayerChart | alt.FacetChart  # what a builder returns


def _config(chart: Spec) -> Spec:
    return chart.configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE).configure_legend(
        labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, orient="bottom"
    ).configure_view(strokeWidth=0)


def klaster_bars(table: pd.DataFrame, singkatan: str) -> Spec:
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
    terdata = base.mark_bar(color=palette.TERDATA, size=26).encode(
        y=y, x=alt.X("terdata:Q", axis=x_axis), tooltip=tooltip)
    dilayani = base.mark_bar(color=palette.DILAYANI, size=12).encode(y=y, x="dilayani:Q", tooltip=tooltip)
    label = base.mark_text(align="left", dx=6, fontSize=FONT_SIZE, fontWeight="bold").encode(
        y=y, x="terdata:Q", text="cakupan_teks:N")
    return _config((terdata + dilayani + label).properties(height=alt.Step(44)))


def trend_lines(trend: pd.DataFrame, selected: str, singkatan: str) -> Spec:
    """Terdata and dilayani per month, the selected month marked."""
    df = trend.copy()
    df["tanggal"] = pd.to_datetime(df["periode"] + "-01")
    df["bulan"] = df["periode"].map(fmt.bulan)
    long = df.melt(id_vars=["tanggal", "bulan", "periode"], value_vars=["terdata", "dilayani"],
                   var_name="ukuran", value_name="jumlah")
    long["ukuran"] = long["ukuran"].map({"terdata": "Terdata", "dilayani": "Dilayani"})
    long["jumlah_teks"] = long["jumlah"].map(fmt.angka)
    color = alt.Color("ukuran:N", title=None, scale=alt.Scale(domain=["Terdata", "Dilayani"],
                                                              range=[palette.TERDATA, palette.DILAYANI]))
    x = alt.X("tanggal:T", title=None, axis=alt.Axis(labelExpr=fmt.vega_bulan(), tickCount=8, grid=False))
    lines = alt.Chart(long).mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=30)).encode(
        x=x, y=alt.Y("jumlah:Q", title=f"Jumlah {singkatan}", axis=alt.Axis(labelExpr=fmt.vega_angka())),
        color=color,
        tooltip=[alt.Tooltip("bulan:N", title="Bulan"), alt.Tooltip("ukuran:N", title="Ukuran"),
                 alt.Tooltip("jumlah_teks:N", title="Jumlah")],
    )
    mark = df[df["periode"] == selected]
    rule = alt.Chart(mark).mark_rule(color=palette.HIGHLIGHT, strokeWidth=3, strokeDash=[6, 4]).encode(x="tanggal:T")
    return _config((lines + rule).properties(height=300))


def completeness_heatmap(table: pd.DataFrame) -> Spec:
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


def ranked_bars(table: pd.DataFrame, label: str, jenis: str, selected: str | None = None) -> Spec:
    """The map's companion: every district as a bar, highest first, in its class colour, with its value written
    at the end (read without hovering); districts without data last, as grey text 'tidak ada data'."""
    df = table.copy()
    df["urut"] = pd.to_numeric(df["peringkat"], errors="coerce").fillna(len(df) + 1)
    df = df.sort_values(["urut", "nama_pendek"])
    df["x"] = pd.to_numeric(df["nilai"], errors="coerce").fillna(0.0)
    order = df["nama_pendek"].tolist()
    axis = alt.Axis(labelExpr=fmt.vega_persen() if jenis == "persen" else fmt.vega_angka(), tickCount=4,
                    title=None, grid=False)
    y = alt.Y("nama_pendek:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=200, labelFontSize=12, labelOverlap=False, ticks=False, labelColor="#222222"))
    tooltip = [alt.Tooltip("nama:N", title="Wilayah"), alt.Tooltip("teks:N", title=label),
               alt.Tooltip("peringkat_teks:N", title="Peringkat"), alt.Tooltip("ubah_teks:N", title="Perubahan")]
    base = alt.Chart(df).encode(y=y, tooltip=tooltip)
    bars = base.mark_bar(stroke="#555555", strokeWidth=0.5, height=alt.RelativeBandSize(0.8)).encode(
        x=alt.X("x:Q", axis=axis), color=alt.Color("warna_hex:N", scale=None),
        strokeWidth=alt.condition(f"datum.kode_wilayah == '{selected or ''}'", alt.value(2.5), alt.value(0.5)))
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(
        x="x:Q", text="teks:N",
        color=alt.condition("isValid(datum.peringkat)", alt.value("#222222"), alt.value("#757575")))
    return _config((bars + text).properties(height=alt.Step(16)))


# Program, SKA and Tindak Lanjut screens -------------------------------------------------------------------------

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
    color = alt.Color("kelas:N", title="Status jadwal", sort=present,
                      scale=alt.Scale(domain=present, range=[palette.KELAS_COLORS.get(k, "#999999") for k in present]),
                      legend=alt.Legend(symbolOpacity=1, symbolType="square", symbolSize=200, columns=4))
    y = alt.Y("program:N", title=None, sort=order, axis=alt.Axis(labelLimit=340, labelColor="#222222"))
    x_scale = alt.Scale(domain=[f"{year}-01-01", f"{int(year) + 1}-01-01"])
    months = [alt.DateTime(year=int(year), month=m, date=1) for m in range(1, 13)]
    names = ", ".join(repr(b) for b in fmt.BULAN_PENDEK)
    x = alt.X("dari:T", title=None, scale=x_scale,
              axis=alt.Axis(values=months, labelExpr=f"[{names}][month(datum.value)]", labelAlign="left",
                            grid=True, orient="top"))
    tooltip = [alt.Tooltip("program:N", title="Program"), alt.Tooltip("kelas:N", title="Status jadwal"),
               alt.Tooltip("periode_teks:N", title="Berjalan"), alt.Tooltip("capaian_teks:N", title="Capaian")]
    base = alt.Chart(df)
    done = base.mark_bar(size=18, cornerRadius=3).encode(y=y, x=x, x2="sampai:T", color=color, tooltip=tooltip)
    rest = base.transform_filter("!datum.selesai").mark_bar(size=18, opacity=0.22).encode(
        y=y, x="sampai:T", x2="akhir_tahun:T", color=color, tooltip=tooltip)
    label = base.mark_text(align="left", dx=5, fontSize=FONT_SIZE, fontWeight="bold", color="#222222").encode(
        y=y, x="sampai:T", text="capaian_teks:N")
    now = pd.DataFrame({"t": [_month_end(periode)], "teks": [fmt.bulan_pendek(periode)]})
    rule = alt.Chart(now).mark_rule(color="#333333", strokeWidth=2, strokeDash=[6, 4]).encode(x="t:T")
    return _config((done + rest + label + rule).properties(height=alt.Step(30)))


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
    tooltip = [alt.Tooltip("bulan:N", title="Bulan"), alt.Tooltip("omzet_teks:N", title="Omzet"),
               alt.Tooltip("laba_teks:N", title="Laba kotor"), alt.Tooltip("margin_teks:N", title="Margin")]
    x = alt.X("yearmonth(tanggal):T", title=None,
              axis=alt.Axis(labelExpr=fmt.vega_bulan(), tickCount=8, grid=False))
    y_axis = alt.Axis(labelExpr=fmt.vega_angka(), title="Juta rupiah", tickCount=5)
    base = alt.Chart(df)
    omzet = base.mark_bar(color=palette.TERDATA, size=16).encode(x=x, y=alt.Y("omzet_juta:Q", axis=y_axis),
                                                               tooltip=tooltip)
    laba = base.mark_bar(color=palette.DILAYANI, size=8).encode(x=x, y="laba_juta:Q", tooltip=tooltip)
    mark = df[df["periode"] == periode]
    rule = alt.Chart(mark).mark_rule(color=palette.HIGHLIGHT, strokeWidth=3, strokeDash=[6, 4]).encode(
        x="yearmonth(tanggal):T")
    label = alt.Chart(mark).mark_text(dy=-10, fontSize=FONT_SIZE, fontWeight="bold").encode(
        x="yearmonth(tanggal):T", y="omzet_juta:Q", text="omzet_teks:N")
    return _config((omzet + laba + rule + label).properties(height=300))


def ska_year_lines(table: pd.DataFrame, label: str, uang: bool) -> Spec:
    """One measure by month of the year: this year (dark) against last year (light), values written at the points."""
    df = table.copy()
    df["nilai_tampil"] = _juta(df["nilai"]) if uang else df["nilai"]
    df["teks"] = df["nilai"].map(fmt.rupiah if uang else fmt.angka)
    df["nama_bulan"] = df["bulan"].map(lambda m: fmt.BULAN_PENDEK[m - 1])
    years = sorted(df["tahun"].unique().tolist())
    color = alt.Color("tahun:N", title=None, scale=alt.Scale(
        domain=years, range=[palette.LAST_YEAR, palette.DILAYANI][-len(years):] if years else []))
    x = alt.X("bulan:O", title=None, scale=alt.Scale(domain=list(range(1, 13))),
              axis=alt.Axis(labelExpr=f"[{', '.join(repr(b) for b in fmt.BULAN_PENDEK)}][datum.value - 1]",
                            labelAngle=0))
    y = alt.Y("nilai_tampil:Q", title=f"{label} (juta rupiah)" if uang else label,
              axis=alt.Axis(labelExpr=fmt.vega_angka()))
    tooltip = [alt.Tooltip("tahun:N", title="Tahun"), alt.Tooltip("nama_bulan:N", title="Bulan"),
               alt.Tooltip("teks:N", title=label)]
    lines = alt.Chart(df).mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=50)).encode(
        x=x, y=y, color=color, tooltip=tooltip)
    return _config(lines.properties(height=300))


# Klaster (drill-down), Bandingkan Wilayah (compare), Profil Wilayah (district profile) ---------------------------

def breakdown_bars(table: pd.DataFrame, singkatan: str, judul: str) -> Spec:
    """lib.figures.pas_breakdown, in its ranked order: terdata as a wide light bar, dilayani as a dark bar inside it,
    and both written at the end of the bar ('12.345 · 41,5%' = terdata · cakupan), so nothing needs hovering."""
    df = table.copy()
    df["x"] = pd.to_numeric(df["terdata"], errors="coerce").fillna(0.0)
    df["terdata_teks"] = df["terdata"].map(fmt.angka)
    df["dilayani_teks"] = df["dilayani"].map(fmt.angka)
    df["cakupan_teks"] = df["cakupan"].map(fmt.persen)
    df["label"] = [f"{t} · {c}" if pd.notna(v) else fmt.TIDAK_ADA_DATA
                   for t, c, v in zip(df["terdata_teks"], df["cakupan_teks"], df["terdata"])]
    order = df["nama"].tolist()
    step = 40 if len(df) <= 8 else 24
    y = alt.Y("nama:N", title=None, sort=order, axis=alt.Axis(labelLimit=280, labelFontSize=FONT_SIZE))
    tooltip = [alt.Tooltip("nama:N", title=judul), alt.Tooltip("terdata_teks:N", title="Terdata"),
               alt.Tooltip("dilayani_teks:N", title="Dilayani"), alt.Tooltip("cakupan_teks:N", title="Cakupan")]
    base = alt.Chart(df).encode(y=y, tooltip=tooltip)
    top = float(df["x"].max()) * 1.5 if len(df) and df["x"].max() > 0 else 1.0
    x = alt.X("x:Q", title=f"Jumlah {singkatan}",
              scale=alt.Scale(domain=[0, top]), axis=alt.Axis(labelExpr=fmt.vega_angka(), tickCount=5))
    terdata = base.mark_bar(color=palette.TERDATA, height=alt.RelativeBandSize(0.8)).encode(x=x)
    dilayani = base.mark_bar(color=palette.DILAYANI, height=alt.RelativeBandSize(0.4)).encode(x="dilayani:Q")
    label = base.mark_text(align="left", dx=6, fontSize=FONT_SIZE, fontWeight="bold").encode(x="x:Q", text="label:N")
    return _config((terdata + dilayani + label).properties(height=alt.Step(step)))


def service_bars(long: pd.DataFrame, pendekatan: list[str]) -> Spec:
    """lib.figures.service_breakdown: recipients per service kind, stacked by approach, the total written at the end."""
    df = long.copy()
    df["penerima_teks"] = df["penerima"].map(fmt.angka)
    order = list(dict.fromkeys(df["nama_jenis"]))
    totals = df.drop_duplicates("nama_jenis").assign(total_teks=lambda d: d["jumlah_jenis"].map(fmt.angka))
    y = alt.Y("nama_jenis:N", title=None, sort=order, axis=alt.Axis(labelLimit=340, labelFontSize=FONT_SIZE))
    top = float(df["jumlah_jenis"].max()) * 1.2 if len(df) and df["jumlah_jenis"].max() > 0 else 1.0
    bars = alt.Chart(df).mark_bar(height=alt.RelativeBandSize(0.75)).encode(
        y=y,
        x=alt.X("sum(penerima):Q", title="Penerima layanan", scale=alt.Scale(domain=[0, top]),
                axis=alt.Axis(labelExpr=fmt.vega_angka(), tickCount=5)),
        color=alt.Color("nama_pendekatan:N", title="Pendekatan", sort=pendekatan,
                        scale=alt.Scale(domain=pendekatan, range=palette.OKABE_ITO[:len(pendekatan)])),
        order=alt.Order("urut_pendekatan:Q"),
        tooltip=[alt.Tooltip("nama_jenis:N", title="Jenis layanan"),
                 alt.Tooltip("nama_pendekatan:N", title="Pendekatan"),
                 alt.Tooltip("penerima_teks:N", title="Penerima")],
    ).transform_calculate(urut_pendekatan=f"indexof({pendekatan!r}, datum.nama_pendekatan)")
    label = alt.Chart(totals).mark_text(align="left", dx=6, fontSize=FONT_SIZE, fontWeight="bold").encode(
        y=y, x="jumlah_jenis:Q", text="total_teks:N")
    return _config((bars + label).properties(height=alt.Step(36)))


def trend_small_multiples(long: pd.DataFrame, judul_y: str, selected: str, desimal: int = 0,
                          columns: int = 3) -> Spec:
    """lib.figures.compare_trend: one small chart per district on a shared y axis, terdata and dilayani lines,
    the selected month marked."""
    df = long.copy()
    df["tanggal"] = pd.to_datetime(df["periode"] + "-01")
    df["bulan"] = df["periode"].map(fmt.bulan)
    df["nama"] = df["nama"].astype(str)
    order = list(dict.fromkeys(df["nama"]))
    color = alt.Color("ukuran:N", title=None, scale=alt.Scale(domain=["Terdata", "Dilayani"],
                                                              range=[palette.TERDATA, palette.DILAYANI]))
    lines = alt.Chart().mark_line(strokeWidth=3).encode(
        x=alt.X("tanggal:T", title=None, axis=alt.Axis(labelExpr=fmt.vega_bulan(), tickCount=4, grid=False)),
        y=alt.Y("nilai:Q", title=judul_y, axis=alt.Axis(labelExpr=fmt.vega_angka(desimal=desimal), tickCount=4)),
        color=color,
        tooltip=[alt.Tooltip("nama:N", title="Wilayah"), alt.Tooltip("bulan:N", title="Bulan"),
                 alt.Tooltip("ukuran:N", title="Ukuran"), alt.Tooltip("teks:N", title="Nilai")],
    )
    mark = pd.Timestamp(selected + "-01")
    rule = alt.Chart().mark_rule(color=palette.HIGHLIGHT, strokeWidth=2, strokeDash=[6, 4]).encode(
        x=alt.datum(mark, type="temporal"))
    chart = alt.layer(lines, rule, data=df).properties(width=225, height=170).facet(
        facet=alt.Facet("nama:N", title=None, sort=order, header=alt.Header(labelFontSize=15, labelFontWeight="bold")),
        columns=columns)
    return _config(chart)


def compare_ranking(ranking: pd.DataFrame, picked: list[str], label: str, jenis: str,
                    average: float | None = None) -> Spec:
    """Every district's value for one measure, highest first; the picked districts coloured, the others grey, every
    value written at the end of its bar; the coverage average as a dashed line."""
    df = ranking.copy()
    df["urut"] = pd.to_numeric(df["peringkat"], errors="coerce").fillna(len(df) + 1)
    df = df.sort_values(["urut", "nama_pendek"])
    df["x"] = pd.to_numeric(df["nilai"], errors="coerce").fillna(0.0)
    df["dipilih"] = ["dibandingkan" if k in picked else "lainnya" for k in df["kode_wilayah"]]
    order = df["nama_pendek"].tolist()
    axis = alt.Axis(labelExpr=fmt.vega_persen() if jenis == "persen" else fmt.vega_angka(), tickCount=4,
                    title=label, grid=False)
    y = alt.Y("nama_pendek:N", sort=order, title=None, axis=alt.Axis(labelLimit=220, labelFontSize=13, labelOverlap=False))
    base = alt.Chart(df).encode(y=y, tooltip=[alt.Tooltip("nama:N", title="Wilayah"),
                                              alt.Tooltip("teks:N", title=label)])
    bars = base.mark_bar(height=alt.RelativeBandSize(0.8)).encode(
        x=alt.X("x:Q", axis=axis),
        color=alt.Color("dipilih:N", legend=None, scale=alt.Scale(domain=["dibandingkan", "lainnya"],
                                                                  range=[palette.HIGHLIGHT, palette.MUTED])))
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(x="x:Q", text="teks:N").transform_filter(
        "datum.dipilih != 'dibandingkan'")
    bold = base.mark_text(align="left", dx=4, fontSize=13, fontWeight="bold").encode(
        x="x:Q", text="teks:N").transform_filter("datum.dipilih == 'dibandingkan'")
    layers = [bars, text, bold]
    if average is not None:
        avg = pd.DataFrame({"x": [average], "teks": [f"rata-rata {fmt.persen(average) if jenis == 'persen' else fmt.angka(average, 1)}"]})
        rule = alt.Chart(avg).mark_rule(color="#333333", strokeWidth=2, strokeDash=[6, 4]).encode(x="x:Q")
        note = alt.Chart(avg).mark_text(align="left", dx=4, dy=-6, fontSize=12, baseline="bottom").encode(
            x="x:Q", y=alt.value(0), text="teks:N")
        layers += [rule, note]
    return _config(alt.layer(*layers).properties(height=alt.Step(22)))


# The charts a slide or a brief page names (lib.present.slides.ChartData): built here, from the content's data.
BUILDERS: dict[str, Callable[..., Spec]] = {
    "klaster_bars": klaster_bars, "breakdown_bars": breakdown_bars, "ska_money_bars": ska_money_bars,
    "ranked_bars": ranked_bars}


def from_data(chart: ChartData) -> Spec:
    """The Altair chart of a slide's or a brief page's chart content."""
    return BUILDERS[chart.kind](chart.table, **chart.params)
