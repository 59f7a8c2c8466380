"""Riwayat Data: how fresh each dataset is, which reports are missing, every batch, and undoing one."""
import streamlit as st

from lib import charts, metrics, ui

cfg = ui.config()
st.title("Riwayat Data")
st.caption("Setiap unggahan disimpan sebagai batch. Batch yang dibatalkan tetap tercatat; nilainya tidak dipakai lagi.")

st.subheader("Kemutakhiran per data")
st.dataframe(metrics.freshness_rows(ui.freshness(), cfg), hide_index=True, width="stretch")

st.subheader("Kelengkapan laporan")
choice = st.segmented_control("Data", list(metrics.COMPLETENESS), default="pas", key="kelengkapan",
                              format_func=ui.dataset_title)
if choice:
    table = metrics.completeness(ui.data(), cfg, choice)
    missing = int(table["lengkap"].isna().sum())
    st.caption(f"{missing} sel tanpa laporan (abu-abu, ×) dari {len(table)} kombinasi wilayah dan waktu.")
    st.altair_chart(charts.completeness_heatmap(table), width="stretch")

st.subheader("Semua batch")
history = ui.history()
st.dataframe(metrics.history_rows(history, cfg), hide_index=True, width="stretch")

st.subheader("Isi batch")
chosen = st.selectbox("Batch", history["id"].tolist(), key="batch_terpilih",
                      format_func=lambda b: ui.batch_title(history, b))
if chosen is not None:
    ui.batch_detail(history, int(chosen), cfg)
