"""Signing in on the dashboard: who is signed in (`principal`, the one function every screen asks), the local
sign-in form, OIDC through Streamlit's st.login, sign-out, session expiry, public reading and the rule that a
server open to the network with public reading needs accounts.

The principal comes from the app's users table (lib.accounts), never from the form or the identity provider.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from lib import accounts, config, store
from lib.config import setting
from lib.errors import UserError
from lib.present.texts import as_text
from lib.principal import ADMIN, Principal
from lib.ui import first_admin, state
from lib.ui.errors import show_error, shown_inline

SESSION = "masuk_sesi"  # session state: the signed-in principal and when it was last seen
SIGN_IN_SHOWN = "masuk_dibuka"  # session state: the sidebar's sign-in form was asked for
REFUSED = "masuk_oidc_ditolak"  # session state: the provider's e-mail this session refused, and why
LOCAL = ("127.0.0.1", "localhost", "::1")


def session_entry(who: Principal) -> dict[str, Any]:
    """What session state holds for a signed-in principal (the sign-in form and the tests' helper write this)."""
    return {"principal": who, "seen": config.clock()}


def mode() -> str:
    value = setting("ATENSI_AUTH")
    if value not in ("lokal", "oidc"):
        raise UserError("Pengaturan tidak valid", "ATENSI_AUTH harus lokal atau oidc.")
    return value


def _expiry() -> dt.timedelta:
    try:
        return dt.timedelta(minutes=float(setting("ATENSI_SESI_MENIT")))
    except ValueError:
        raise UserError("Pengaturan tidak valid", "ATENSI_SESI_MENIT harus berupa angka (menit).") from None


def session_role() -> str | None:
    """The signed-in role as session state has it (no database read): for the navigation."""
    entry = st.session_state.get(SESSION)
    return entry["principal"].peran if entry else None


def _oidc_sign_in() -> None:
    """After st.login: the provider's e-mail mapped to an account here, once per session (a refusal too)."""
    if mode() == "oidc" and st.user.is_logged_in and SESSION not in st.session_state:
        email = st.user.get("email")
        email = email if isinstance(email, str) else None
        verified = st.user.get("email_verified") in (True, "true")  # the provider's word that the e-mail is theirs
        refused = st.session_state.get(REFUSED)
        if refused is not None and refused[0] == email:  # already refused and audited in this session
            show_error(refused[1])
            return
        try:
            st.session_state[SESSION] = session_entry(accounts.oidc_principal(email, verified))
        except UserError as e:
            st.session_state[REFUSED] = (email, e)
            show_error(e)


def principal() -> Principal | None:
    """The signed-in principal, or None. An idle session expires (ATENSI_SESI_MENIT); the role and districts are
    read again from the users table on every run, so a changed or deleted account takes effect at once."""
    _oidc_sign_in()
    entry = st.session_state.get(SESSION)
    if entry is None:
        return None
    now = config.clock()
    if now - entry["seen"] > _expiry():
        sign_out("Sesi berakhir karena lama tidak dipakai. Silakan masuk lagi.")
        return None
    who = entry["principal"]
    try:
        row = accounts.get_user(who.login)
    except store.DatabaseBusy:
        row = {
            "login": who.login,
            "peran": who.peran,
            "wilayah": ",".join(who.wilayah),
            "nama": who.nama,
            "aktif": True,
        }
    if row is None or not row["aktif"]:
        sign_out("Akun Anda tidak aktif lagi.")
        return None
    fresh = accounts.principal_of(row, who.via)
    st.session_state[SESSION] = {"principal": fresh, "seen": now}
    return fresh


def sign_out(message: str | None = None) -> None:
    st.session_state.pop(SESSION, None)
    if message:
        state.flash(message)
    if mode() == "oidc" and st.user.is_logged_in:
        st.logout()


def listening_locally() -> bool:
    return (st.get_option("server.address") or "") in LOCAL


def public_reading() -> bool:
    """ATENSI_BACA_PUBLIK: reading without signing in; 'auto' (the default) only while the server listens on
    127.0.0.1."""
    value = setting("ATENSI_BACA_PUBLIK")
    if value not in ("0", "1", "auto"):
        raise UserError("Pengaturan tidak valid", "ATENSI_BACA_PUBLIK harus 1, 0 atau auto.")
    return value == "1" or (value == "auto" and listening_locally())


def guard_exposure() -> None:
    """Refuse to serve on a non-local address with public reading and no accounts: anyone on the network could
    read, and nobody could sign in to manage it."""
    if not listening_locally() and public_reading() and not accounts.any_account():
        st.error(
            "**Dasbor tidak dijalankan**\n\nServer mendengar di alamat jaringan dengan ATENSI_BACA_PUBLIK=1, "
            "tetapi belum ada akun. Buat admin pertama (`python -m lib pengguna tambah LOGIN --peran admin`) "
            "atau jalankan di 127.0.0.1."
        )
        st.stop()


def client_address() -> str:
    """The address of the person's browser, for the sign-in lockout: the connection's own, or, when that is this
    machine (nginx in front of `make serve`'s processes, which listen on 127.0.0.1), the one nginx writes in
    X-Real-IP (else the last entry of X-Forwarded-For, the one nginx added). The headers are believed only from
    this machine: a browser elsewhere could write any."""
    peer = st.context.ip_address  # None when the connection comes from 127.0.0.1 or ::1
    if isinstance(peer, str) and peer:
        return peer
    headers = st.context.headers

    def header(name: str) -> str:
        value = headers.get(name)
        return value.strip() if isinstance(value, str) else ""  # (AppTest has no connection, and no headers)

    forwarded = [a.strip() for a in header("X-Forwarded-For").split(",") if a.strip()]
    return header("X-Real-Ip") or (forwarded[-1] if forwarded else "127.0.0.1")


FIRST_ADMIN_HINT = (
    "Belum ada akun admin. Admin pertama dibuat di komputer yang menjalankan dasbor, dari folder aplikasi: "
    "`.venv/bin/python -m lib pengguna tambah LOGIN --peran admin` (Windows: "
    "`.venv\\Scripts\\python -m lib pengguna tambah LOGIN --peran admin`); kata sandinya ditanyakan dua kali. "
    "Sesudah itu masuk di sini dengan login tersebut."
)
HAS_ADMIN = "ada_admin"  # session state: an admin was seen (accounts are not removed often: asked until then)


def _first_admin_hint(key: str) -> None:
    """While no admin exists: how the first one is made (on the server's command line; there is no default one), or,
    under `make run` with the console's one-time code, the first-admin form (lib.ui.first_admin)."""
    if st.session_state.get(HAS_ADMIN):
        return
    try:
        found = accounts.any_admin()
    except store.DatabaseBusy:
        return
    if found:
        st.session_state[HAS_ADMIN] = True
    elif first_admin.offered(listening_locally()):
        made = first_admin.first_admin_form(key)
        if made is not None:
            st.session_state[SESSION] = session_entry(made)
            st.rerun()
    else:
        st.info(FIRST_ADMIN_HINT)


def sign_in_form(key: str = "masuk") -> None:
    """The local sign-in form (login, password), or the identity provider's button (ATENSI_AUTH=oidc)."""
    if mode() == "oidc":
        if st.button("Masuk dengan akun kementerian (SSO)", key=f"{key}_sso", type="primary"):
            st.login()
        return
    _first_admin_hint(key)
    with st.form(key):
        login = st.text_input("Login atau e-mail", key=f"{key}_login")
        password = st.text_input("Kata sandi", type="password", key=f"{key}_sandi")
        if st.form_submit_button("Masuk", type="primary"):
            with shown_inline():  # a wrong password or a locked account is told here
                who = accounts.sign_in(login, password, alamat=client_address())
                st.session_state[SESSION] = session_entry(who)
                st.rerun()


def account_sidebar(who: Principal | None) -> None:
    """Who is signed in and the sign-out button; or a sign-in form while reading is public (in the current container:
    the sidebar's)."""
    if who is not None:
        st.caption(
            f"Masuk sebagai **{as_text(who.nama or who.login)}** · {who.peran}"
            + (f" · {len(who.wilayah)} kab/kota" if who.wilayah else "")
        )
        if st.button("Keluar", key="keluar"):
            sign_out("Anda telah keluar.")
            st.rerun()
        return
    # The form only once asked for: every anonymous viewer's session would otherwise build its four elements (a
    # meeting's audience reads; only staff sign in)
    if not st.session_state.get(SIGN_IN_SHOWN):
        if st.button("Masuk (operator, admin)", key="masuk_buka", type="tertiary"):
            st.session_state[SIGN_IN_SHOWN] = True
            st.rerun()
        return
    with st.container(border=True):
        sign_in_form("masuk_samping")


def require_reader(who: Principal | None) -> None:
    """Without public reading, a visitor who is not signed in sees the sign-in form only."""
    if who is None and not public_reading():
        st.title("Masuk")
        state.show_flash()
        st.caption("Dasbor ini hanya untuk akun terdaftar. Akun dibuat oleh admin Sentra.")
        sign_in_form()
        st.stop()


def writer(what: str) -> Principal | None:
    """The signed-in principal when it may write; otherwise a note saying who may `what`, and None."""
    who = principal()
    if who is None or not who.may_write:
        st.info(
            f"Hanya operator (untuk kabupaten/kotanya) dan admin yang dapat {what}. "
            + ("Masuk di panel samping." if who is None else f"Akun Anda: {who.peran}.")
        )
        return None
    return who


def admin_only() -> Principal | None:
    who = principal()
    if who is None or who.peran != ADMIN:
        st.info("Halaman ini hanya untuk admin.")
        return None
    return who
