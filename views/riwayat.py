"""Riwayat Data: every batch stored, newest first, and how fresh each dataset is."""
import streamlit as st

from lib import metrics, ui

cfg = ui.config()
st.title("Riwayat Data")
st.caption("Setiap unggahan disimpan sebagai batch. Batch yang dibatalkan tetap tercatat; nilainya tidak dipakai lagi.")
st.subheader("Kemutakhiran per data")
st.dataframe(metrics.freshness_rows(ui.freshness(), cfg), hide_index=True, width="stretch")
st.subheader("Semua batch")
st.dataframe(metrics.history_rows(ui.history(), cfg), hide_index=True, width="stretch")
