"""Tindak Lanjut: follow-ups agreed at each meeting — owner, due date, status — overdue first, editable in place."""

import streamlit as st

from lib import figures, fmt, present, ui

EDITOR = "tindak_lanjut_editor"

cfg, f = ui.page("Tindak Lanjut")
tl = ui.follow_up_data()
hari_ini = ui.today(cfg)
st.caption(
    f"{present.sentra_name(cfg)} · {present.place_text(cfg, f)}, ditambah tindak lanjut untuk semua wilayah · "
    f"tenggat dibandingkan dengan hari ini, {fmt.tanggal(hari_ini)}. Tindak lanjut tidak dibagi per klaster "
    "atau periode."
)
ui.show_flash()

rows = figures.follow_ups(tl, cfg, f)
if rows.empty:
    st.info("Belum ada tindak lanjut untuk pilihan ini. Unggah lembar Tindak Lanjut di halaman Unggah Data.")
    ui.stop()
ui.kpi_grid(present.follow_up_kpis(tl, cfg, f, hari_ini))

rapat = st.selectbox(
    "Rapat",
    figures.meetings(rows),
    placeholder="Pilih…",
    key="tindak_lanjut_rapat",
    format_func=lambda r: present.meeting_title(rows, r),
    on_change=ui.forget,
    args=(EDITOR,),
)
table = present.follow_up_table(tl, cfg, f, rapat, hari_ini)
late = present.overdue_text(table)
if late:
    st.error(late)
who = ui.principal()
can_edit = who is not None and who.may_write  # operators: their districts' rows (lib refuses the others)
edited = ui.follow_up_editor(table, cfg, key=EDITOR, editable=can_edit)
st.caption(
    f"Baris merah: lewat tenggat dan belum {figures.follow_up_done(cfg)}. Kolom bertanda ✎ (Status, Catatan) dapat "
    "diubah oleh operator (kabupaten/kotanya) dan admin yang sudah masuk. Hanya baris yang berubah yang disimpan, "
    "sebagai satu batch atas nama akun Anda yang dapat dibatalkan di halaman Riwayat Data."
)
ui.table_downloads(table, f"tindak lanjut {rapat}")

if can_edit:
    with st.form("simpan_tindak_lanjut", border=False):
        if st.form_submit_button("Simpan perubahan", type="primary", key="tindak_lanjut_simpan"):
            ui.save_follow_ups(tl, edited, cfg, rapat, who, EDITOR)
