"""Mutu Data: which districts reported each month, on time or late, against the configuration's targets."""

import streamlit as st

from lib import fmt, present, ui
from lib.render import charts

cfg, f = ui.page("Mutu Data")
hari_ini = ui.today(cfg)
st.caption(
    f"{present.sentra_name(cfg)} · {present.place_text(cfg, f)} · 12 bulan sampai {fmt.bulan(f.periode)} · "
    f"tenggat dibandingkan dengan hari ini, {fmt.tanggal(hari_ini)}"
)
name = st.segmented_control(
    "Data", present.quality_datasets(cfg), default="pas", key="mutu_data", format_func=ui.dataset_title
)
model = ui.figure(present.quality_screen, name or "pas", f, hari_ini, dataset=ui.REPORTS)  # per version, every session
screen = model.value()
st.subheader(screen.title)
ui.kpi_grid(screen.cards)
ui.chart_with_download(charts.report_grid, model.part("grid"), name=f"status laporan {name} {f.periode}")
st.caption(screen.caption)

st.subheader("Per kabupaten/kota, yang terendah dahulu")
ui.table_with_downloads(screen.table, f"kelengkapan laporan {name} {f.periode}", height="content")

st.subheader("Nilai yang menyimpang dari riwayat wilayahnya sendiri")
method = st.segmented_control(
    "Metode", list(present.METHOD_TEXT), default="z_modifikasi", key="mutu_metode", format_func=present.METHOD_TEXT.get
)
flags = ui.shared(present.outlier_screen, f, method or "z_modifikasi")
st.caption(flags.caption)
ui.flag_list(flags.shown, flags.every, f"nilai menyimpang {f.periode}", "Tidak ada nilai yang menyimpang bulan ini.")

st.subheader("Data yang tidak konsisten")
rules = ui.shared(present.consistency_screen, f)
st.caption(rules.caption)
ui.flag_list(
    rules.shown, rules.every, f"konsistensi data {f.periode}", "Tidak ada data yang tidak konsisten bulan ini."
)
