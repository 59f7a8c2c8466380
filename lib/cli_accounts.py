"""The command line's accounts and audit: `python -m lib pengguna tambah|ubah|hapus|daftar|buka-kunci` and
`python -m lib audit`.

Every account change names the admin doing it (--user, an existing account); the very first admin is created
without one, while no admin exists. A password is prompted (twice) or read from stdin (--sandi-stdin, for
automation); it is never an argument (it would stay in the shell's history and the process list).
"""

from __future__ import annotations

import getpass
import sys

from lib import accounts
from lib.config import load_config
from lib.errors import UserError
from lib.principal import ADMIN, ROLES

TEXT = {
    "id": {
        "pengguna": "kelola akun: tambah, ubah, hapus, daftar",
        "p_tambah": "tambah akun (tanpa --user: admin pertama, selama belum ada admin)",
        "p_ubah": "ubah peran, wilayah, nama, kata sandi atau status akun",
        "p_hapus": "hapus akun (batch dan jejak auditnya tetap)",
        "p_daftar": "daftar semua akun",
        "p_buka": "buka kunci akun setelah percobaan masuk gagal (di semua alamat), dan/atau kunci sebuah alamat",
        "login_opt": "akun yang dibuka kuncinya (kosong: hanya --alamat)",
        "alamat": "alamat klien yang dibuka kuncinya (mis. 192.0.2.10)",
        "unlocked": "Kunci dibuka ({n} hitungan/kunci dihapus).",
        "login": "nama login atau alamat e-mail (OIDC: e-mail di penyedia identitas)",
        "peran": "peran: pembaca, operator atau admin",
        "wilayah": "kode Kemendagri kabupaten/kota operator, dipisah koma (mis. 74.71,74.72)",
        "nama": "nama lengkap",
        "sandi_stdin": "baca kata sandi dari stdin (satu baris), untuk otomasi",
        "tanpa_sandi": "tanpa kata sandi lokal: hanya masuk lewat OIDC",
        "sandi": "ganti kata sandi (ditanyakan)",
        "nonaktif": "nonaktifkan akun",
        "aktif": "aktifkan lagi akun",
        "admin_user": "akun admin yang melakukan perubahan (harus ada)",
        "audit": "tampilkan jejak audit: siapa melakukan apa, kapan",
        "audit_n": "jumlah baris terbaru (bawaan: 50; 0 = semua)",
        "prompt": "Kata sandi untuk {login}: ",
        "prompt2": "Ulangi kata sandi: ",
        "mismatch": "Kedua kata sandi tidak sama.",
        "added": "Akun {login} ({peran}) ditambahkan.",
        "changed": "Akun {login} diubah.",
        "deleted": "Akun {login} dihapus.",
        "no_users": "Belum ada akun. Buat admin pertama: python -m lib pengguna tambah LOGIN --peran admin",
        "no_audit": "Jejak audit masih kosong.",
        "need_admin": "Sebutkan --user ADMIN (akun admin yang ada).",
    },
    "en": {
        "pengguna": "manage accounts: add, change, delete, list",
        "p_tambah": "add an account (without --user: the first admin, while there is none)",
        "p_ubah": "change an account's role, districts, name, password or status",
        "p_hapus": "delete an account (its batches and audit lines stay)",
        "p_daftar": "list every account",
        "p_buka": "unlock an account after failed sign-ins (at every address), and/or a client address",
        "login_opt": "the account to unlock (empty: --alamat only)",
        "alamat": "a client address to unlock (e.g. 192.0.2.10)",
        "unlocked": "Unlocked ({n} counts/locks removed).",
        "login": "login name or e-mail (OIDC: the identity provider's e-mail)",
        "peran": "role: pembaca (reader), operator or admin",
        "wilayah": "an operator's Kemendagri district codes, comma-separated (e.g. 74.71,74.72)",
        "nama": "full name",
        "sandi_stdin": "read the password from stdin (one line), for automation",
        "tanpa_sandi": "no local password: signs in through OIDC only",
        "sandi": "change the password (prompted)",
        "nonaktif": "deactivate the account",
        "aktif": "activate the account again",
        "admin_user": "the admin account making the change (must exist)",
        "audit": "print the audit trail: who did what, when",
        "audit_n": "number of latest lines (default: 50; 0 = all)",
        "prompt": "Password for {login}: ",
        "prompt2": "Repeat the password: ",
        "mismatch": "The two passwords differ.",
        "added": "Account {login} ({peran}) added.",
        "changed": "Account {login} changed.",
        "deleted": "Account {login} deleted.",
        "no_users": "No accounts yet. Create the first admin: python -m lib pengguna tambah LOGIN --peran admin",
        "no_audit": "The audit trail is empty.",
        "need_admin": "Give --user ADMIN (an existing admin account).",
    },
}


def add_parsers(sub, t: dict) -> None:
    s = sub.add_parser("pengguna", help=t["pengguna"], description=t["pengguna"])
    psub = s.add_subparsers(dest="action", required=True, metavar="AKSI")
    p = psub.add_parser("tambah", help=t["p_tambah"], description=t["p_tambah"])
    p.add_argument("login", metavar="LOGIN", help=t["login"])
    p.add_argument("--peran", required=True, choices=ROLES, help=t["peran"])
    p.add_argument("--wilayah", default="", help=t["wilayah"])
    p.add_argument("--nama", default="", help=t["nama"])
    p.add_argument("--sandi-stdin", action="store_true", help=t["sandi_stdin"])
    p.add_argument("--tanpa-sandi", action="store_true", help=t["tanpa_sandi"])
    p.add_argument("--user", default=None, help=t["admin_user"])
    p = psub.add_parser("ubah", help=t["p_ubah"], description=t["p_ubah"])
    p.add_argument("login", metavar="LOGIN", help=t["login"])
    p.add_argument("--peran", choices=ROLES, help=t["peran"])
    p.add_argument("--wilayah", default=None, help=t["wilayah"])
    p.add_argument("--nama", default=None, help=t["nama"])
    p.add_argument("--sandi", action="store_true", help=t["sandi"])
    p.add_argument("--sandi-stdin", action="store_true", help=t["sandi_stdin"])
    state = p.add_mutually_exclusive_group()
    state.add_argument("--nonaktif", action="store_true", help=t["nonaktif"])
    state.add_argument("--aktif", action="store_true", help=t["aktif"])
    p.add_argument("--user", required=True, help=t["admin_user"])
    p = psub.add_parser("hapus", help=t["p_hapus"], description=t["p_hapus"])
    p.add_argument("login", metavar="LOGIN", help=t["login"])
    p.add_argument("--user", required=True, help=t["admin_user"])
    psub.add_parser("daftar", help=t["p_daftar"], description=t["p_daftar"])
    p = psub.add_parser("buka-kunci", help=t["p_buka"], description=t["p_buka"])
    p.add_argument("login", metavar="LOGIN", nargs="?", default=None, help=t["login_opt"])
    p.add_argument("--alamat", default=None, help=t["alamat"])
    p.add_argument("--user", required=True, help=t["admin_user"])
    s = sub.add_parser("audit", help=t["audit"], description=t["audit"])
    s.add_argument("--n", type=int, default=50, help=t["audit_n"])


def _password(args, t: dict) -> str:
    if args.sandi_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(t["prompt"].format(login=args.login))
    if getpass.getpass(t["prompt2"]) != first:
        raise UserError(t["mismatch"], t["mismatch"])
    return first


def _codes(text: str | None) -> list[str] | None:
    return None if text is None else [k.strip() for k in text.split(",") if k.strip()]


def cmd_pengguna(args, t: dict) -> int:
    if args.action == "daftar":
        users = accounts.list_users()
        print(users.drop(columns=["diubah"]).to_string(index=False) if len(users) else t["no_users"])
        return 0
    if args.action == "tambah":
        password = None if args.tanpa_sandi else _password(args, t)
        if args.user is None and args.peran == ADMIN:
            accounts.first_admin(args.login, password, args.nama, via=accounts.cli_via())
        else:
            if args.user is None:
                raise UserError(t["need_admin"], t["need_admin"])
            accounts.add_user(
                accounts.cli_principal(args.user),
                args.login,
                args.peran,
                _codes(args.wilayah) or [],
                args.nama,
                password,
            )
        print(t["added"].format(login=accounts.normal_login(args.login), peran=args.peran))
        return 0
    by = accounts.cli_principal(args.user)
    if args.action == "buka-kunci":  # the command line on the server: a way in that no guess can block
        print(t["unlocked"].format(n=accounts.unlock(by, args.login, args.alamat)))
        return 0
    if args.action == "hapus":
        accounts.delete_user(by, args.login)
        print(t["deleted"].format(login=accounts.normal_login(args.login)))
        return 0
    password = _password(args, t) if (args.sandi or args.sandi_stdin) else None
    aktif = False if args.nonaktif else (True if args.aktif else None)
    accounts.change_user(by, args.login, args.peran, _codes(args.wilayah), args.nama, password, aktif)
    print(t["changed"].format(login=accounts.normal_login(args.login)))
    return 0


def cmd_audit(args, t: dict) -> int:
    from lib import present

    log = accounts.audit_log(args.n or None)
    if log.empty:
        print(t["no_audit"])
        return 0
    print(present.audit_rows(log, load_config()).to_string(index=False))
    return 0


COMMANDS = {"pengguna": cmd_pengguna, "audit": cmd_audit}
