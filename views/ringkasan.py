"""Ringkasan: the meeting's opening screen — KPI cards, the klaster breakdown, the trend, data freshness."""

import streamlit as st

from lib import figures, present, ui
from lib.ui import charts  # the builders of lib.render.charts, each chart shared per exact data

cfg, f = ui.page("Ringkasan")
pas = ui.pas_data()
st.caption(present.screen_caption(cfg, f))

ui.kpi_grid(ui.shared(present.overview_kpis, ui.data(), cfg, f))  # made once per store state and filter
st.caption("Angka kecil berpanah: perubahan dibanding bulan sebelumnya (untuk persentase: dalam poin).")

left, right = st.columns([1, 1])
with left:
    st.subheader(f"{cfg.kategori_singkatan} per klaster")
    table = ui.shared(figures.pas_by_klaster, pas, cfg, f)
    ui.chart_with_download(charts.klaster_bars(table, cfg.kategori_singkatan), f"klaster {f.periode}")
    st.caption("Batang muda: terdata · batang tua: dilayani · angka: cakupan layanan.")
with right:
    st.subheader("Tren bulanan")
    trend = ui.shared(figures.pas_trend, pas, cfg, f)
    ui.chart_with_download(charts.trend_lines(trend, f.periode, cfg.kategori_singkatan), f"tren {f.periode}")

st.subheader("Kemutakhiran data")
ui.table_with_downloads(present.freshness_rows(ui.freshness(), cfg), "kemutakhiran data")
