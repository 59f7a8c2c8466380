"""Riwayat Data: how fresh each dataset is, which reports are missing, every batch, and undoing one."""

import streamlit as st

from lib import figures, present, ui
from lib.render import charts

cfg = ui.snapshot().cfg
st.title("Riwayat Data")
st.caption("Setiap unggahan disimpan sebagai batch. Batch yang dibatalkan tetap tercatat; nilainya tidak dipakai lagi.")

st.subheader("Kemutakhiran per data")
ui.table_with_downloads(ui.shared_table(present.freshness_rows, dataset=ui.FRESHNESS), "kemutakhiran data")

st.subheader("Kelengkapan laporan")
choice = st.segmented_control(
    "Data", list(figures.COMPLETENESS), default="pas", key="kelengkapan", format_func=ui.dataset_title
)
if choice:
    table = ui.figure(figures.completeness, choice)  # per data version, every session
    st.caption(present.completeness_caption(table.value()))
    ui.chart_with_download(charts.completeness_heatmap, table, name=f"kelengkapan laporan {choice}")

st.subheader("Semua batch")
history = ui.history()
ui.table_with_downloads(present.history_rows(history, cfg), "riwayat batch")
ui.remove_sample(history, ui.principal())  # admins, while sample batches are active

st.subheader("Jejak audit")
ui.audit_trail(cfg)

st.subheader("Isi batch")
chosen = ui.batch_choice(history)
if chosen is not None:
    ui.batch_detail(history, chosen, cfg, ui.principal())
