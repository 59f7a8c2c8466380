"""The Pengguna screen's widgets (accounts: add, change, delete; admins only), and on Riwayat Data the audit trail and
the admin's going-live step (removing the sample data)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import accounts, present
from lib.config import Konfigurasi
from lib.present.texts import as_text
from lib.principal import OPERATOR, ROLE_HELP, ROLES, Principal
from lib.ui import state
from lib.ui.auth import principal
from lib.ui.batches import dataset_title
from lib.ui.errors import shown_inline
from lib.ui.export import table_with_downloads

SAMPLE_SURE = "hapus_contoh_yakin"  # the checkbox confirming the removal of the sample data
AUDIT_ROWS = 500  # the latest lines shown; `python -m lib audit --n 0` prints them all


NEW_ACCOUNT_KEYS = ("akun_login", "akun_nama", "akun_peran", "akun_wilayah", "akun_sandi")
DISTRICTS_PLACEHOLDER = "Pilih kabupaten/kota"  # an operator's; admins and pembaca have none


def audit_trail(cfg: Konfigurasi) -> None:
    """Who did what, when: every batch, rollback, follow-up edit, boundary change and account change, for signed-in
    accounts; the sign-ins (who tried to sign in, from which address) for admins only."""
    who = principal()
    if who is None:
        st.caption("Masuk untuk melihat jejak audit (siapa melakukan apa, kapan).")
        return
    st.caption(
        "Setiap batch, pembatalan, suntingan tindak lanjut, pemasangan batas wilayah dan perubahan akun"
        + (", dan setiap percobaan masuk" if who.is_admin else " (percobaan masuk hanya terlihat oleh admin)")
        + f", dengan akun yang melakukannya ({AUDIT_ROWS} terbaru)."
    )
    log = accounts.audit_log(AUDIT_ROWS, sign_ins=who.is_admin)
    table_with_downloads(present.audit_rows(log, cfg), "jejak audit")


def _role_label(peran: str) -> str:
    return f"{peran}: {ROLE_HELP[peran]}"


def _district_label(cfg: Konfigurasi):
    return lambda k: f"{cfg.nama_wilayah(k)} ({k})"


def users_table(cfg: Konfigurasi) -> list[str]:
    """Every account; returns the logins."""
    users = accounts.list_users()
    st.dataframe(present.user_rows(users, cfg), hide_index=True, width="stretch")
    return users["login"].tolist()


def add_user_form(cfg: Konfigurasi, by: Principal) -> None:
    """A new account: login or e-mail, name, role, an operator's districts, a password (none: OIDC only)."""
    with st.form("akun_baru", clear_on_submit=False):
        st.markdown("**Tambah akun**")
        login = st.text_input("Login atau e-mail", key="akun_login")
        nama = st.text_input("Nama lengkap", key="akun_nama")
        peran = st.selectbox(
            "Peran", ROLES, index=ROLES.index(OPERATOR), format_func=_role_label, placeholder="Pilih…", key="akun_peran"
        )
        wilayah = st.multiselect(
            "Kabupaten/kota (operator)",
            cfg.kode_wilayah,
            format_func=_district_label(cfg),
            key="akun_wilayah",
            placeholder=DISTRICTS_PLACEHOLDER,
        )
        sandi = st.text_input("Kata sandi awal (kosong: hanya masuk lewat OIDC)", type="password", key="akun_sandi")
        if st.form_submit_button("Tambah akun", type="primary"):
            with shown_inline():
                accounts.add_user(by, login, peran, wilayah, nama, sandi or None)
                state.flash(f"Akun {as_text(accounts.normal_login(login))} ({peran}) ditambahkan.")
                for key in NEW_ACCOUNT_KEYS:  # the form starts empty for the next account
                    state.forget(key)
                st.rerun()


def change_user_form(cfg: Konfigurasi, by: Principal, logins: list[str]) -> None:
    """Change an account's role, districts, name or password; deactivate or delete it."""
    if not logins:
        return
    login = st.selectbox("Akun", logins, placeholder="Pilih…", key="ubah_login")
    row = accounts.get_user(login)
    if row is None:
        return
    with st.form("ubah_akun"):
        st.markdown(f"**Ubah akun {as_text(login)}**")
        nama = st.text_input("Nama lengkap", value=row["nama"], key=f"ubah_nama_{login}")
        peran = st.selectbox(
            "Peran",
            ROLES,
            index=ROLES.index(row["peran"]),
            format_func=_role_label,
            placeholder="Pilih…",
            key=f"ubah_peran_{login}",
        )
        wilayah = st.multiselect(
            "Kabupaten/kota (operator)",
            cfg.kode_wilayah,
            format_func=_district_label(cfg),
            default=[k for k in row["wilayah"].split(",") if k],
            key=f"ubah_wilayah_{login}",
            placeholder=DISTRICTS_PLACEHOLDER,
        )
        sandi = st.text_input("Kata sandi baru (kosong: tetap)", type="password", key=f"ubah_sandi_{login}")
        aktif = st.checkbox("Aktif", value=bool(row["aktif"]), key=f"ubah_aktif_{login}")
        save, unlock, delete = st.columns(3)
        if save.form_submit_button("Simpan perubahan", type="primary"):
            with shown_inline():
                accounts.change_user(by, login, peran, wilayah, nama, sandi or None, aktif)
                state.flash(f"Akun {as_text(login)} diubah.")
                st.rerun()
        if unlock.form_submit_button("Buka kunci", help="Lupakan percobaan masuk yang gagal (di semua alamat)"):
            with shown_inline():
                accounts.unlock(by, login)
                state.flash(f"Kunci akun {as_text(login)} dibuka; hitungan gagal masuk kembali 0.")
                st.rerun()
        if delete.form_submit_button("Hapus akun"):
            with shown_inline():
                accounts.delete_user(by, login)
                state.flash(f"Akun {as_text(login)} dihapus. Batch dan jejak auditnya tetap tercatat.")
                st.rerun()


def remove_sample(history: pd.DataFrame, who: Principal | None) -> None:
    """Going live, for an admin while sample batches are active: every sample batch rolled back in one step, after
    a confirmation (a checkbox that names what goes, then the button). Nothing for anyone else."""
    active = history[history["contoh"] & history["aktif"]]
    if who is None or not who.is_admin or active.empty:
        return
    with st.container(border=True):
        st.markdown("**Mulai memakai data asli: hapus data contoh**")
        sets = ", ".join(dataset_title(d) for d in active["dataset"])
        st.caption(
            f"{len(active)} batch data contoh masih aktif ({as_text(sets)}). Menghapusnya membatalkan semua batch itu "
            "sekaligus: angka hanya berasal dari unggahan asli, label DATA CONTOH hilang; batch tetap tercatat di "
            "riwayat dan jejak audit. Sama dengan `python -m lib hapus-contoh --user ADMIN --ya`."
        )
        sure = st.checkbox(f"Saya yakin: batalkan {len(active)} batch data contoh", key=SAMPLE_SURE)
        if st.button("Hapus data contoh", type="primary", disabled=not sure, key="hapus_contoh"):
            with shown_inline():
                from lib.ingest import write  # here: the write path's checks load only when it is used

                ids = write.remove_sample(who)
                st.session_state.pop(SAMPLE_SURE, None)
                state.flash(f"Data contoh dihapus: {len(ids)} batch dibatalkan oleh {as_text(who.login)}.")
                st.rerun()
