"""Unggah Data: template, upload, every problem at once, preview of the changes, then an all-or-nothing import."""
import streamlit as st

from lib import fmt, ui
from lib.config import max_upload_streamlit_mb
from lib.errors import UserError

cfg = ui.config()
st.title("Unggah Data")
st.caption("Isi templat di Excel, unggah, periksa hasilnya, lalu simpan. Berkas yang masih bergalat tidak mengubah "
           "apa pun; unggahan yang tersimpan dapat dibatalkan di halaman Riwayat Data.")
if "pesan_unggah" in st.session_state:
    st.success(st.session_state.pop("pesan_unggah"))

st.download_button("Unduh templat (.xlsx)", ui.template_bytes(str(cfg.path)), file_name="templat_atensi.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="unduh_templat")

upload = st.file_uploader("Berkas data (.xlsx, .xls, .ods atau .csv)", type=["xlsx", "xls", "ods", "csv"],
                          max_upload_size=max_upload_streamlit_mb(),  # the browser refuses bigger files
                          key=f"berkas_{st.session_state.get('unggah_versi', 0)}")
if upload is None:
    st.stop()

data = upload.getvalue()
try:
    outcome = ui.preview_upload(data, upload.name)
except UserError as e:
    ui.show_error(e)
    st.stop()

result = outcome.result
for note in result.notes:
    st.info(note)
errors, warnings = len(result.errors), len(result.warnings)
if not result.ok:
    st.error(f"Berkas tidak dapat diimpor: {fmt.angka(errors)} galat, {fmt.angka(warnings)} peringatan. "
             "Tidak ada data yang diubah. Perbaiki sel yang ditandai lalu unggah lagi.")
    ui.show_problems(outcome, data, upload.name)
    st.stop()

st.subheader("Pratinjau")
st.dataframe(ui.upload_summary(outcome), hide_index=True, width="stretch")
if warnings:
    st.warning(f"{fmt.angka(warnings)} peringatan. Peringatan tidak menghalangi impor, tetapi periksalah dulu.")
    ui.show_problems(outcome, data, upload.name)
ui.show_changes(outcome, cfg)
ui.import_form(data, upload.name)
