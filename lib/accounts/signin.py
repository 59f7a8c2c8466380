"""Signing in: a local password (a growing delay after repeated failures of a login at a client address, and of an
address), an OIDC e-mail (verified by the provider), the command line's named account. Each attempt, successful or
not, is audited (a typed login that matches no account is not kept); the role and districts come from the users
table."""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import logging

from lib import config, store
from lib.accounts.users import get_user, hasher, normal_login, principal_of, verify_password
from lib.errors import Refused, UserError
from lib.principal import Principal, require_admin
from lib.store import signin as attempts

log = logging.getLogger("atensi.masuk")

LOCK_AFTER = 3  # failed sign-ins in a row of one login at one client address before it waits
ADDRESS_LOCK_AFTER = 10  # failed sign-ins in a row from one client address, whatever the login, before it waits
FIRST_DELAY_S = 30  # the wait after the LOCK_AFTER-th failure, doubling with each further one
MAX_DELAY_S = 15 * 60
UNKNOWN = "(tidak dikenal)"  # the audit trail's name for a typed login that matches no account (never the text)
NO_ADDRESS = "-"  # a sign-in whose client address is not known (a test, a direct call)
WRONG = Refused("Gagal masuk", "Login atau kata sandi salah.")
LOCKED = Refused(
    "Terlalu banyak percobaan",
    "Terlalu banyak percobaan gagal dari alamat ini. Tunggu beberapa menit (paling lama 15 menit), lalu coba "
    "lagi, atau minta admin Sentra membuka kuncinya.",
)
BUSY = UserError("Belum dapat masuk", "Server sedang sibuk. Coba masuk lagi sebentar lagi.")


@functools.cache  # made on the first sign-in attempt, not at import: hashing is slow on purpose (~0.15 s)
def _dummy_hash() -> str:
    """A hash to check an unknown login's password against: it costs as much time as a wrong password."""
    return hasher().hash("tidak ada akun ini")


def lockout(failures: int, after: int = LOCK_AFTER) -> int:
    """Seconds a login at an address waits after `failures` failed sign-ins in a row: 0, 0, 30, 60, 120, … at most
    900 (`after` = ADDRESS_LOCK_AFTER: the same for an address whatever the login)."""
    if failures < after:
        return 0
    return min(FIRST_DELAY_S * 2 ** min(failures - after, 16), MAX_DELAY_S)


def _address_lockout(failures: int) -> int:
    return lockout(failures, ADDRESS_LOCK_AFTER)


def _now() -> dt.datetime:
    return config.clock().astimezone(dt.UTC).replace(tzinfo=None)  # a test moves the clock here


def _audit(who: Principal, hasil: str, rincian: str, path: str | None) -> None:
    with attempts.turns(), store.connect(path) as con:
        store.migrate(con)
        store.record_audit(con, who, "masuk", who.login, hasil, rincian)


def sign_in(login: str, password: str, path: str | None = None, alamat: str | None = None) -> Principal:
    """The account's principal when the password is right; otherwise Refused, with the same words and the same
    work (one argon2 check) for an unknown login, an inactive account and a wrong password.

    Every attempt is counted before the password is checked (lib.store.signin): after LOCK_AFTER failures in a row
    of one login at one client address (`alamat`), or ADDRESS_LOCK_AFTER from the address whatever the login, the
    attempt is refused unchecked, even with the right password, until the wait (`lockout`) is over. The account
    itself is never locked for every address, so guesses from one address cannot keep its owner out at another;
    an admin unlocks (`unlock`, `python -m lib pengguna buka-kunci`). A database error is never shown: BUSY."""
    try:
        return _sign_in(normal_login(login), password, path, alamat or NO_ADDRESS)
    except Exception as e:
        if attempts.is_database_error(e):
            log.warning("sign-in failed on a database error", exc_info=True)
            raise BUSY from None
        raise


def _sign_in(login: str, password: str, path: str | None, alamat: str) -> Principal:
    now, dummy = _now(), _dummy_hash()  # made by the first attempt of any kind: no first unknown login is slower
    with attempts.turns():  # DuckDB: opening the file from two threads at once can fail ("file handle conflict")
        row = get_user(login, path)
        with store.connect(path) as con:
            store.migrate(con)
            key = attempts.login_key(con, login)
            claim = attempts.claim(con, login, key, alamat, now, lockout, _address_lockout)
    attempt = Principal(login if row else UNKNOWN, row["peran"] if row else "-", via="lokal")
    counts = f"{claim.pair}× dari alamat {alamat}, {claim.address}× dari alamat itu seluruhnya"
    if claim.locked:
        _audit(attempt, "ditolak", f"terkunci ({counts})", path)
        raise LOCKED
    hashed = row["hash_sandi"] if row is not None and row["aktif"] else None
    right = verify_password(hashed or dummy, password)  # the same work when there is nothing to check
    if not (hashed and right):
        why = UNKNOWN if row is None else ("akun nonaktif" if not row["aktif"] else "kata sandi salah")
        _audit(attempt, "gagal", f"{why}: {claim.account or claim.pair}× berturut-turut ({counts})", path)
        raise WRONG
    assert row is not None
    who = principal_of(row, "lokal")
    with attempts.turns(), store.connect(path) as con:
        store.migrate(con)
        attempts.succeeded(con, login, key, alamat)
        store.record_audit(con, who, "masuk", who.login, "berhasil", f"dari alamat {alamat}")
    return who


def unlock(by: Principal, login: str | None = None, alamat: str | None = None, path: str | None = None) -> int:
    """An admin unlocks an account (its failures in a row and its login's lock at every address) and/or a client
    address (audited). The command line on the server does it for an admin whom guesses keep out."""
    require_admin(by, "membuka kunci akun")
    login = normal_login(login or "") or None
    if login is not None and get_user(login, path) is None:
        raise Refused("Akun tidak ditemukan", f"Tidak ada akun '{login}'.")
    if login is None and not alamat:
        raise UserError("Tidak ada yang dibuka", "Sebutkan akun atau alamat yang dibuka kuncinya.")
    with attempts.turns(), store.connect(path) as con:
        store.migrate(con)
        removed = attempts.unlock(con, login, attempts.login_key(con, login) if login else None, alamat)
        what = " dan ".join(x for x in (login and f"akun {login}", alamat and f"alamat {alamat}") if x)
        store.record_audit(con, by, "buka kunci", what, rincian=f"{removed} kunci/hitungan dihapus")
    return removed


def oidc_principal(email: str | None, verified: bool, path: str | None = None) -> Principal:
    """The principal of an OIDC sign-in: the active account whose login is the provider's e-mail, only when the
    provider says it verified that e-mail (`email_verified`): anyone may write any address into an unverified
    profile (audited)."""
    login = normal_login(email or "")
    if login and not verified:
        _audit(Principal(login, "-", via="oidc"), "ditolak", "e-mail belum diverifikasi penyedia identitas", path)
        raise Refused(
            "E-mail belum diverifikasi",
            "Penyedia identitas belum memverifikasi alamat e-mail akun Anda, jadi dasbor ini tidak dapat "
            "mencocokkannya dengan akun di sini. Verifikasi e-mail di penyedia identitas, lalu masuk lagi.",
        )
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
