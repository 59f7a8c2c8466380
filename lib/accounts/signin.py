"""Signing in: a local password (a growing delay after repeated failures), an OIDC e-mail, the command line's
named account. Each attempt, successful or not, is audited; the role and districts come from the users table."""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import math

from lib import config, store
from lib.accounts.users import _hasher, get_user, normal_login, principal_of, verify_password
from lib.errors import Refused
from lib.principal import Principal

LOCK_AFTER = 3  # failed sign-ins in a row before the account waits
FIRST_DELAY_S = 30  # the wait after the LOCK_AFTER-th failure, doubling with each further one
MAX_DELAY_S = 15 * 60


@functools.cache  # made on the first unknown login, not at import: hashing is slow on purpose (~0.15 s)
def _dummy_hash() -> str:
    """A hash to check an unknown login's password against: it costs as much time as a wrong password."""
    return _hasher.hash("tidak ada akun ini")


def lockout(failures: int) -> int:
    """Seconds an account waits after `failures` failed sign-ins in a row: 0, 0, 30, 60, 120, … at most 900."""
    if failures < LOCK_AFTER:
        return 0
    return min(FIRST_DELAY_S * 2 ** (failures - LOCK_AFTER), MAX_DELAY_S)


def _now() -> dt.datetime:
    return config.clock().astimezone(dt.UTC).replace(tzinfo=None)  # a test moves the clock here


def _audit(who: Principal, hasil: str, rincian: str, path: str | None) -> None:
    with store.connect(path) as con:
        store.migrate(con)
        store.record_audit(con, who, "masuk", who.login, hasil, rincian)


def sign_in(login: str, password: str, path: str | None = None) -> Principal:
    """The account's principal when the password is right; otherwise Refused (the same words for an unknown login
    and a wrong password). After LOCK_AFTER failures in a row the account refuses even the right password until
    its wait (`lockout`) is over."""
    login, now = normal_login(login), _now()
    row = get_user(login, path)
    attempt = Principal(login or "(kosong)", row["peran"] if row else "-", via="lokal")
    until = row["terkunci_sampai"] if row else None
    if until is not None and now < until:
        wait = math.ceil((until - now).total_seconds())
        _audit(attempt, "ditolak", f"terkunci {wait} detik lagi", path)
        raise Refused("Terlalu banyak percobaan", f"Terlalu banyak percobaan gagal. Coba lagi dalam {wait} detik.")
    if row is None:
        verify_password(_dummy_hash(), password)
    if row is None or not row["aktif"] or not verify_password(row["hash_sandi"], password):
        if row is not None:
            failures = int(row["gagal"]) + 1
            delay = lockout(failures)
            with store.connect(path) as con:
                store.migrate(con)
                con.execute(
                    "UPDATE akun SET gagal = ?, terkunci_sampai = ? WHERE login = ?",
                    [failures, now + dt.timedelta(seconds=delay) if delay else None, login],
                )
        _audit(
            attempt,
            "gagal",
            "akun tidak dikenal"
            if row is None
            else ("akun nonaktif" if not row["aktif"] else f"kata sandi salah ({failures}× berturut-turut)"),
            path,
        )
        raise Refused("Gagal masuk", "Login atau kata sandi salah.")
    with store.connect(path) as con:
        store.migrate(con)
        con.execute("UPDATE akun SET gagal = 0, terkunci_sampai = NULL WHERE login = ?", [login])
    who = principal_of(row, "lokal")
    _audit(who, "berhasil", "", path)
    return who


def oidc_principal(email: str | None, path: str | None = None) -> Principal:
    """The principal of an OIDC sign-in: the active account whose login is the provider's e-mail (audited)."""
    login = normal_login(email or "")
    row = get_user(login, path) if login else None
    if row is None or not row["aktif"]:
        _audit(Principal(login or "(tanpa e-mail)", "-", via="oidc"), "ditolak", "tidak ada akun aktif", path)
        raise Refused(
            "Akun belum terdaftar",
            f"'{login or 'tanpa e-mail'}' berhasil masuk di penyedia identitas, tetapi belum punya akun di "
            "dasbor ini. Minta admin Sentra menambahkannya.",
        )
    who = principal_of(row, "oidc")
    _audit(who, "berhasil", "", path)
    return who


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "?"


def cli_via() -> str:
    return f"baris perintah (OS: {_os_user()})"


def cli_principal(login: str | None, path: str | None = None) -> Principal:
    """The command line acts as a named existing account (--user); the OS user is recorded beside it."""
    row = get_user(login, path) if login and login.strip() else None
    if row is None or not row["aktif"]:
        raise Refused(
            "Akun tidak dikenal",
            f"--user {login or '(kosong)'}: tidak ada akun aktif dengan nama itu. Lihat: python -m lib "
            "pengguna daftar.",
        )
    return principal_of(row, cli_via())
