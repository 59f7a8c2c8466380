"""Pengguna: the accounts (admins only) — who may read, who uploads for which district, who administers."""

import streamlit as st

from lib import ui

cfg, by = ui.admin_page(
    "Pengguna",
    "Peran: pembaca (membaca), operator (mengunggah dan menyunting hanya untuk kabupaten/kota yang "
    "ditugaskan), admin (semua wilayah, pembatalan batch, batas wilayah, akun). Setiap perubahan tercatat "
    "di jejak audit (halaman Riwayat Data).",
)
logins = ui.users_table(cfg)
left, right = st.columns(2)
with left:
    ui.add_user_form(cfg, by)
with right:
    ui.change_user_form(cfg, by, logins)
