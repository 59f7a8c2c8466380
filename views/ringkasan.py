"""Ringkasan: the meeting's opening screen — KPI cards, the klaster breakdown, the trend, data freshness."""

import streamlit as st

from lib import figures, present, ui

cfg, f = ui.page("Ringkasan")
s = cfg.kategori_singkatan
st.caption(present.screen_caption(cfg, f))

ui.kpi_grid(ui.shared(present.overview_kpis, f))  # made once per data version and filter, for every session
st.caption("Angka kecil berpanah: perubahan dibanding bulan sebelumnya (untuk persentase: dalam poin).")

from lib.render import charts  # noqa: E402  (here: Altair loads after the KPI cards are sent, on a server's first run)

left, right = st.columns([1, 1])
with left:
    st.subheader(f"{s} per klaster")
    by_klaster = ui.figure(figures.pas_by_klaster, f, dataset="pas")
    ui.chart_with_download(charts.klaster_bars, by_klaster, s, name=f"klaster {f.periode}")
    st.caption("Batang muda: terdata · batang tua: dilayani · angka: cakupan layanan.")
with right:
    st.subheader("Tren bulanan")
    trend = ui.figure(figures.pas_trend, f, dataset="pas")
    ui.chart_with_download(charts.trend_lines, trend, f.periode, s, name=f"tren {f.periode}")

ui.output_impact(ui.shared(present.output_impact, f))  # the configured indicators: output beside impact

st.subheader("Kemutakhiran data")
ui.table_with_downloads(ui.shared_table(present.freshness_rows, dataset=ui.FRESHNESS), "kemutakhiran data")
