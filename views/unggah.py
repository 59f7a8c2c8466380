"""Unggah Data: template, upload, every problem at once, preview of the changes, then an all-or-nothing import.
A file that cannot be read at all raises UserError, shown by app.py under the uploader."""

import streamlit as st

from lib import ui

cfg = ui.config()
st.title("Unggah Data")
st.caption(
    "Isi templat di Excel, unggah, periksa hasilnya, lalu simpan. Berkas yang masih bergalat tidak mengubah "
    "apa pun; unggahan yang tersimpan dapat dibatalkan di halaman Riwayat Data."
)
ui.show_flash()
ui.template_download(cfg)
who = ui.writer("mengunggah data")  # a pembaca sees no uploader
if who is None:
    ui.stop()

upload = ui.uploaded_file()
if upload is None:
    ui.stop()
data = upload.getvalue()
outcome = ui.preview_upload(data, upload.name)
if not ui.show_check(outcome, data, upload.name):
    ui.stop()
ui.show_changes(outcome, cfg)
ui.import_form(outcome, data, upload.name, who)
