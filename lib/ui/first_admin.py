"""The first admin, made in the browser under `make run` only: while no admin exists, `python -m lib jalankan`
prints a one-time code on its console and hands it to its server (ATENSI_KODE_ADMIN); whoever can read that console
(the person who started the dashboard on this computer) may create the first admin with it. Never behind nginx
(`make serve` and the systemd unit set no code), never while an admin exists, never on a network address."""

from __future__ import annotations

import hmac
import threading

import streamlit as st

from lib import accounts
from lib.config import setting
from lib.principal import Principal
from lib.ui import state
from lib.ui.errors import shown_inline

ATTEMPTS = 5  # wrong codes this server accepts before the screen closes until the next start
_lock = threading.Lock()  # two tabs at once: one creates the admin, the other then finds one and is refused
_wrong = {"n": 0}


def offered(listening_locally: bool) -> bool:
    return bool(setting("ATENSI_KODE_ADMIN")) and listening_locally and _wrong["n"] < ATTEMPTS


def first_admin_form(key: str) -> Principal | None:
    """The code from the console, the admin's login, name and password (twice); creates the account atomically
    (only while no admin exists, audited) and returns it, for the caller to sign it in."""
    with st.form(f"{key}_admin_pertama"):
        st.markdown("**Buat admin pertama**")
        st.caption("Kode sekali pakai tercetak di jendela konsol tempat dasbor dijalankan (`python -m lib jalankan`).")
        code = st.text_input("Kode dari konsol", key=f"{key}_kode")
        login = st.text_input("Login atau e-mail admin", key=f"{key}_admin_login")
        nama = st.text_input("Nama", key=f"{key}_admin_nama")
        password = st.text_input("Kata sandi", type="password", key=f"{key}_admin_sandi")
        again = st.text_input("Ulangi kata sandi", type="password", key=f"{key}_admin_sandi2")
        if not st.form_submit_button("Buat admin dan masuk", type="primary"):
            return None
    if not hmac.compare_digest(code.strip().replace("-", ""), setting("ATENSI_KODE_ADMIN").replace("-", "")):
        _wrong["n"] += 1
        st.error(f"Kode salah. Sisa percobaan: {ATTEMPTS - _wrong['n']}.")
        return None
    if password != again:
        st.error("Kedua kata sandi tidak sama.")
        return None
    with shown_inline(), _lock:  # a refusal (an admin exists already, a short password) is told here
        who = accounts.first_admin(login, password, nama, via="layar admin pertama (kode konsol)")
        state.flash(f"Admin pertama {who.login} dibuat; Anda sudah masuk.")
        return who
    return None
