"""Rapat: the meetings (admins set them up): name, kind, series, date, place, participants, slides in order."""

import streamlit as st

from lib import ui

cfg, by = ui.admin_page(
    "Rapat",
    "Rapat yang disiapkan di sini memberi nama, tanggal dan urutan slide kepada mode presentasi, berkas PPTX dan "
    "profil wilayah (PDF). Tanpa rapat, dipakai bawaan konfigurasi. Setiap penyimpanan tercatat di jejak audit.",
)
ui.meeting_form(cfg, by)
st.subheader("Rapat yang sudah disiapkan")
ui.meeting_table(cfg)
