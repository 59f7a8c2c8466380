"""The users table (akun): who may sign in, with which role and districts. Every change is an admin's, audited.

Passwords are hashed with argon2id (argon2-cffi's defaults); there is no default password. An account without a
password (hash_sandi NULL) can only sign in through OIDC (ATENSI_AUTH=oidc), matched by e-mail.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from lib import store
from lib.config import Konfigurasi, load_config
from lib.errors import Refused, UserError
from lib.principal import ADMIN, OPERATOR, ROLES, Principal, require_admin

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_PASSWORD = 10  # characters
MIN_STRENGTH = 3  # zxcvbn's score (0–4): 3 = "safely unguessable" (about 10^8 guesses or more)
# words of this deployment a password should not lean on, besides the account's own login and name
DEPLOYMENT_WORDS = ("atensi", "sentra", "kemensos", "dinsos", "rakor", "dasbor", "sandi", "password")
_COLUMNS = "login, nama, peran, wilayah, hash_sandi, aktif, gagal, terkunci_sampai, dibuat, diubah"


@functools.cache  # argon2 loads with the first password checked or set, not with every screen
def hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(hashed: str | None, password: str) -> bool:
    if not hashed:
        return False
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return hasher().verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def normal_login(login: str) -> str:
    """Logins and e-mails compare without case or surrounding blanks."""
    return (login or "").strip().lower()


def get_user(login: str, path: str | None = None) -> dict[str, Any] | None:
    with store.connect(path) as con:
        store.migrate(con)
        rows = con.execute(f"SELECT {_COLUMNS} FROM akun WHERE login = ?", [normal_login(login)]).fetchall()
    return dict(zip([c.strip() for c in _COLUMNS.split(",")], rows[0])) if rows else None


def list_users(path: str | None = None) -> pd.DataFrame:
    """Every account, without the hashes: login, nama, peran, wilayah, sandi (has a local password), aktif, ..."""
    with store.connect(path) as con:
        store.migrate(con)
        return con.frame(
            "SELECT login, nama, peran, wilayah, hash_sandi IS NOT NULL AS sandi, aktif, gagal, "
            "terkunci_sampai, diubah FROM akun ORDER BY login"
        )


def any_account(path: str | None = None) -> bool:
    with store.connect(path) as con:
        store.migrate(con)
        return con.execute("SELECT count(*) FROM akun WHERE aktif").fetchall()[0][0] > 0


def any_admin(path: str | None = None) -> bool:
    """Whether an active admin exists (until one does, the sign-in form says how the first is made)."""
    with store.connect(path) as con:
        store.migrate(con)
        return _admins(con) > 0


def _admins(con) -> int:
    return con.execute("SELECT count(*) FROM akun WHERE aktif AND peran = ?", [ADMIN]).fetchall()[0][0]


def principal_of(row: dict[str, Any], via: str) -> Principal:
    codes = frozenset(k for k in (row["wilayah"] or "").split(",") if k)
    return Principal(row["login"], row["peran"], codes, row["nama"] or "", via)


def _districts(peran: str, wilayah: Iterable[str], cfg: Konfigurasi | None = None) -> str:
    """The districts as stored, checked against the configuration; only an operator has (and needs) some."""
    if peran not in ROLES:
        raise Refused("Peran tidak dikenal", f"'{peran}' bukan peran. Pilihan: {', '.join(ROLES)}.")
    codes = sorted({k.strip() for k in wilayah if k.strip()})
    if peran != OPERATOR:
        return ""
    unknown = [k for k in codes if k not in (cfg or load_config()).kode_wilayah]
    if unknown:
        raise Refused("Kabupaten/kota tidak dikenal", f"Bukan wilayah jangkauan: {', '.join(unknown)}.")
    if not codes:
        raise Refused("Wilayah belum dipilih", "Operator memerlukan sedikitnya satu kabupaten/kota.")
    return ",".join(codes)


def check_password(password: str, login: str = "", nama: str = "") -> None:
    """UserError unless the password is long enough and not common or trivial: zxcvbn (Dropbox's estimator, with
    its lists of common passwords, names and words, keyboard patterns, sequences and repeats) must rate it at
    least MIN_STRENGTH, counting the login, the name and the deployment's words as known to an attacker."""
    if len(password) < MIN_PASSWORD or not password.strip():
        raise UserError("Kata sandi terlalu pendek", f"Kata sandi sedikitnya {MIN_PASSWORD} karakter.")
    from zxcvbn import zxcvbn  # loaded when a password is set, not by every screen

    hints = [w for w in (login, nama, *login.replace("@", ".").split("."), *nama.split()) if w]
    rated = zxcvbn(password[:100], user_inputs=[*hints, *DEPLOYMENT_WORDS])  # its time grows with the length
    if rated["score"] < MIN_STRENGTH:
        raise UserError(
            "Kata sandi terlalu mudah ditebak",
            "Kata sandi ini umum, berpola (mis. 1234567890, qwerty, huruf berulang) atau memuat login/nama. "
            "Pakai beberapa kata acak atau campuran yang tidak umum, sedikitnya "
            f"{MIN_PASSWORD} karakter.",
        )


def _password(password: str | None, login: str = "", nama: str = "") -> str | None:
    if password is None:
        return None
    check_password(password, login, nama)
    return hash_password(password)


def _describe(peran: str, wilayah: str, password: str | None) -> str:
    return f"peran {peran}" + (f", wilayah {wilayah}" if wilayah else "") + (", sandi diganti" if password else "")


def _insert(con, login: str, nama: str, peran: str, wilayah: str, hashed: str | None) -> None:
    if con.execute("SELECT count(*) FROM akun WHERE login = ?", [login]).fetchall()[0][0]:
        raise Refused("Akun sudah ada", f"Akun '{login}' sudah ada; ubah saja.")
    now = _now()
    con.execute(
        f"INSERT INTO akun ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, TRUE, 0, NULL, ?, ?)",
        [login, nama, peran, wilayah, hashed, now, now],
    )


def add_user(
    by: Principal,
    login: str,
    peran: str,
    wilayah: Iterable[str] = (),
    nama: str = "",
    password: str | None = None,
    path: str | None = None,
    cfg: Konfigurasi | None = None,
) -> Principal:
    """A new account (admin only). Without a password it signs in only through OIDC."""
    require_admin(by, "mengelola akun")
    login = normal_login(login)
    if not login:
        raise UserError("Login kosong", "Isi nama login atau alamat e-mail.")
    codes, hashed = _districts(peran, wilayah, cfg), _password(password, login, nama)
    with store.connect(path) as con:
        store.migrate(con)
        _insert(con, login, nama.strip(), peran, codes, hashed)
        store.record_audit(con, by, "tambah akun", login, rincian=_describe(peran, codes, password))
    return principal_of({"login": login, "peran": peran, "wilayah": codes, "nama": nama}, "")


def first_admin(
    login: str, password: str | None, nama: str = "", via: str = "baris perintah", path: str | None = None
) -> Principal:
    """The first admin, from the command line: allowed only while no active admin exists."""
    login = normal_login(login)
    if not login:
        raise UserError("Login kosong", "Isi nama login atau alamat e-mail.")
    hashed = _password(password, login, nama)
    with store.connect(path) as con:
        store.migrate(con)
        if _admins(con):
            raise Refused("Sudah ada admin", "Akun admin pertama sudah dibuat; sebutkan --user ADMIN untuk menambah.")
        _insert(con, login, nama.strip(), ADMIN, "", hashed)
        who = Principal(login, ADMIN, nama=nama, via=via)
        store.record_audit(con, who, "tambah akun", login, rincian="admin pertama")
    return who


def change_user(
    by: Principal,
    login: str,
    peran: str | None = None,
    wilayah: Iterable[str] | None = None,
    nama: str | None = None,
    password: str | None = None,
    aktif: bool | None = None,
    path: str | None = None,
) -> None:
    """Change an account (admin only); the last active admin cannot be demoted or deactivated. A new password or
    a given `aktif` (`pengguna ubah --aktif`, the Pengguna form) forgets its failed sign-ins in a row."""
    require_admin(by, "mengelola akun")
    login = normal_login(login)
    old = get_user(login, path)
    if old is None:
        raise Refused("Akun tidak ditemukan", f"Tidak ada akun '{login}'.")
    peran = peran or old["peran"]
    codes = _districts(peran, old["wilayah"].split(",") if wilayah is None else wilayah)
    hashed = _password(password, login, nama or old["nama"]) if password else old["hash_sandi"]
    aktif_given, aktif = aktif is not None, old["aktif"] if aktif is None else aktif  # given: failures forgotten
    with store.connect(path) as con:
        store.migrate(con)
        if old["peran"] == ADMIN and old["aktif"] and (peran != ADMIN or not aktif) and _admins(con) <= 1:
            raise Refused("Admin terakhir", "Akun ini admin aktif terakhir; tambahkan admin lain dulu.")
        con.execute(
            "UPDATE akun SET nama = ?, peran = ?, wilayah = ?, hash_sandi = ?, aktif = ?, gagal = ?, "
            "terkunci_sampai = NULL, diubah = ? WHERE login = ?",
            [
                old["nama"] if nama is None else nama.strip(),
                peran,
                codes,
                hashed,
                aktif,
                0 if password or aktif_given else old["gagal"],
                _now(),
                login,
            ],
        )
        store.record_audit(
            con, by, "ubah akun", login, rincian=_describe(peran, codes, password) + ("" if aktif else ", nonaktif")
        )


def delete_user(by: Principal, login: str, path: str | None = None) -> None:
    """Delete an account (admin only; never the last active admin). Its batches and audit lines stay."""
    require_admin(by, "mengelola akun")
    login = normal_login(login)
    old = get_user(login, path)
    if old is None:
        raise Refused("Akun tidak ditemukan", f"Tidak ada akun '{login}'.")
    with store.connect(path) as con:
        store.migrate(con)
        if old["peran"] == ADMIN and old["aktif"] and _admins(con) <= 1:
            raise Refused("Admin terakhir", "Akun ini admin aktif terakhir; tambahkan admin lain dulu.")
        con.execute("DELETE FROM akun WHERE login = ?", [login])
        store.record_audit(con, by, "hapus akun", login, rincian=f"peran {old['peran']}")
