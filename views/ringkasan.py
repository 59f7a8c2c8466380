"""Ringkasan: the meeting's opening screen — KPI cards, the klaster breakdown, the trend, data freshness."""

import streamlit as st

from lib import figures, present, ui
from lib.render import charts


def klaster_chart(pas, cfg, f):
    return charts.klaster_bars(figures.pas_by_klaster(pas, cfg, f), cfg.kategori_singkatan)


def trend_chart(pas, cfg, f):
    return charts.trend_lines(figures.pas_trend(pas, cfg, f), f.periode, cfg.kategori_singkatan)


# KPI cards and charts are made once per store state and filter, shared by every session (ui.shared)
cfg, f = ui.page("Ringkasan")
pas = ui.pas_data()
st.caption(present.screen_caption(cfg, f))

ui.kpi_grid(ui.shared(present.overview_kpis, ui.data(), cfg, f))
st.caption("Angka kecil berpanah: perubahan dibanding bulan sebelumnya (untuk persentase: dalam poin).")

left, right = st.columns([1, 1])
with left:
    st.subheader(f"{cfg.kategori_singkatan} per klaster")
    ui.chart_with_download(ui.shared(klaster_chart, pas, cfg, f), f"klaster {f.periode}")
    st.caption("Batang muda: terdata · batang tua: dilayani · angka: cakupan layanan.")
with right:
    st.subheader("Tren bulanan")
    ui.chart_with_download(ui.shared(trend_chart, pas, cfg, f), f"tren {f.periode}")

st.subheader("Kemutakhiran data")
ui.table_with_downloads(present.freshness_rows(ui.freshness(), cfg), "kemutakhiran data")
