"""Pengguna: the accounts (admins only) — who may read, who uploads for which district, who administers."""

import streamlit as st

from lib import ui

cfg = ui.config()
st.title("Pengguna")
by = ui.admin_only()
if by is None:
    ui.stop()
st.caption(
    "Peran: pembaca (membaca), operator (mengunggah dan menyunting hanya untuk kabupaten/kota yang "
    "ditugaskan), admin (semua wilayah, pembatalan batch, batas wilayah, akun). Setiap perubahan tercatat "
    "di jejak audit (halaman Riwayat Data)."
)
ui.show_flash()
logins = ui.users_table(cfg)
left, right = st.columns(2)
with left:
    ui.add_user_form(cfg, by)
with right:
    ui.change_user_form(cfg, by, logins)
