"""Sign-in under attack, on both backends: parallel guesses are all counted and only a few are checked, guesses from
one client address never keep the account's owner out at another, unknown and known logins read and cost the same,
an admin unlocks (screen, command line), the audit trail keeps no typed text, and passwords are not common ones."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from lib import accounts
from lib.errors import Refused, UserError
from tests.conftest import ROOT, query

ADMIN, PASSWORD = "admin@sentra.test", "kendari-meohai-rakor-7"
ATTACKER, OWNER = "203.0.113.66", "192.0.2.10"
GUESSES = 30


@pytest.fixture
def admin_account(db: str) -> str:
    accounts.first_admin(ADMIN, PASSWORD, "Admin Uji", path=db)
    return ADMIN


def _guess(login: str, password: str, alamat: str, db: str, start: threading.Barrier | None = None) -> str:
    """One sign-in attempt; its outcome as a word: the refusal's title, or 'masuk'."""
    if start is not None:
        start.wait()
    try:
        accounts.sign_in(login, password, path=db, alamat=alamat)
    except Refused as e:
        return e.title
    return "masuk"


def test_30_parallel_wrong_guesses_against_one_account_are_all_counted_and_only_a_few_are_checked(db, admin_account):
    start = threading.Barrier(GUESSES)
    with ThreadPoolExecutor(GUESSES) as pool:
        outcomes = list(pool.map(lambda i: _guess(ADMIN, f"tebakan-{i}", ATTACKER, db, start), range(GUESSES)))
    # every attempt got one of the two refusals, none an exception (a database error would have been raised here)
    assert sorted(set(outcomes)) == ["Gagal masuk", "Terlalu banyak percobaan"]
    assert query(db, "SELECT gagal FROM akun WHERE login = ?", [ADMIN]) == [(GUESSES,)]
    log = accounts.audit_log(path=db)
    assert log["aksi"].eq("masuk").sum() == GUESSES
    # the attempts took turns: only the first LOCK_AFTER passwords were checked, the rest refused unchecked
    assert outcomes.count("Gagal masuk") == log["hasil"].eq("gagal").sum() == accounts.LOCK_AFTER
    counts = sorted(int(r.split("×")[0].split()[-1]) for r in log.loc[log["hasil"] == "gagal", "rincian"])
    assert counts == list(range(1, accounts.LOCK_AFTER + 1))


def test_guesses_from_one_address_never_keep_the_admin_out_at_another(db, admin_account):
    for i in range(12):  # the attacker's address is locked for this login and as a whole
        assert _guess(ADMIN, f"tebakan-{i}", ATTACKER, db) in ("Gagal masuk", "Terlalu banyak percobaan")
    assert _guess(ADMIN, PASSWORD, ATTACKER, db) == "Terlalu banyak percobaan"  # even the right one, from there
    assert _guess(ADMIN, PASSWORD, OWNER, db) == "masuk"
    assert accounts.get_user(ADMIN, db)["gagal"] == 0
    assert _guess(ADMIN, "lagi-lagi", ATTACKER, db) == "Terlalu banyak percobaan"  # still locked there


def test_an_address_guessing_many_logins_is_slowed_whatever_the_login(db, admin_account):
    for i in range(accounts.ADDRESS_LOCK_AFTER):
        assert _guess(f"orang-{i}", "tebakan", ATTACKER, db) == "Gagal masuk"
    assert _guess(ADMIN, PASSWORD, ATTACKER, db) == "Terlalu banyak percobaan"
    assert _guess(ADMIN, PASSWORD, OWNER, db) == "masuk"


def test_unknown_and_known_logins_get_the_same_words_in_the_same_order(db, admin_account):
    def messages(login: str, alamat: str) -> list[str]:
        out = []
        for _ in range(accounts.LOCK_AFTER + 2):
            with pytest.raises(Refused) as e:
                accounts.sign_in(login, "bukan-sandinya", path=db, alamat=alamat)
            out.append(f"{e.value.title}: {e.value.message}")
        return out

    known, unknown = messages(ADMIN, "198.51.100.1"), messages("tidak.ada@sentra.test", "198.51.100.2")
    assert known == unknown
    assert known[0].startswith("Gagal masuk") and known[-1].startswith("Terlalu banyak percobaan")


def test_every_refusal_costs_one_argon2_check_known_or_not(db, admin_account, monkeypatch):
    from lib.accounts import signin

    boss = accounts.cli_principal(ADMIN, db)
    accounts.add_user(boss, "tanpa.sandi@sentra.test", "pembaca", path=db)  # OIDC only: no hash to check
    accounts.add_user(boss, "nonaktif", "pembaca", password="pembaca-rakor-kendari", path=db)
    accounts.change_user(boss, "nonaktif", aktif=False, path=db)
    checks: list[str] = []
    real = signin.verify_password  # the check itself runs; the test only notes what it was given
    monkeypatch.setattr(signin, "verify_password", lambda h, p: checks.append((h or "")[:9]) or real(h, p))
    for n, login in enumerate([ADMIN, "tidak.ada@sentra.test", "tanpa.sandi@sentra.test", "nonaktif"]):
        checks.clear()
        assert _guess(login, "bukan-sandinya", f"198.51.100.{n}", db) == "Gagal masuk"
        assert checks == ["$argon2id"], login  # one check, as costly for every kind of login
    checks.clear()
    assert _guess(ADMIN, PASSWORD, OWNER, db) == "masuk" and checks == ["$argon2id"]


def _cli(*args: str, db: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lib", *args],
        cwd=ROOT,
        env={"ATENSI_DB": db, "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_admin_unlocks_an_account_on_the_command_line_and_the_count_starts_again(db, admin_account):
    for i in range(5):
        _guess(ADMIN, f"tebakan-{i}", OWNER, db)
    assert _guess(ADMIN, PASSWORD, OWNER, db) == "Terlalu banyak percobaan"
    done = _cli("pengguna", "buka-kunci", ADMIN, "--user", ADMIN, db=db)  # the way in no guess can block
    assert done.returncode == 0, done.stderr
    assert "Kunci dibuka" in done.stdout
    assert accounts.get_user(ADMIN, db)["gagal"] == 0
    assert _guess(ADMIN, PASSWORD, OWNER, db) == "masuk"
    line = accounts.audit_log(path=db).iloc[1]
    assert line[["login", "aksi", "objek"]].tolist() == [ADMIN, "buka kunci", f"akun {ADMIN}"]


def test_an_address_is_unlocked_and_reactivating_an_account_forgets_its_failures(db, admin_account):
    boss = accounts.cli_principal(ADMIN, db)
    accounts.add_user(boss, "baca", "pembaca", password="pembaca-rakor-kendari", path=db)
    for i in range(accounts.ADDRESS_LOCK_AFTER + 1):
        _guess("baca", f"tebakan-{i}", ATTACKER, db)
    assert _guess("baca", "pembaca-rakor-kendari", ATTACKER, db) == "Terlalu banyak percobaan"
    accounts.unlock(boss, alamat=ATTACKER, path=db)
    accounts.unlock(boss, "baca", path=db)
    assert _guess("baca", "pembaca-rakor-kendari", ATTACKER, db) == "masuk"
    _guess("baca", "salah-sekali", OWNER, db)
    accounts.change_user(boss, "baca", aktif=False, path=db)
    assert accounts.get_user("baca", db)["gagal"] == 0  # `pengguna ubah --nonaktif/--aktif`: failures forgotten
    with pytest.raises(Refused, match="hanya admin"):
        accounts.unlock(accounts.principal_of(accounts.get_user("baca", db), "lokal"), "baca", path=db)


def test_the_command_lines_reactivation_resets_failures(db, admin_account):
    boss = accounts.cli_principal(ADMIN, db)
    accounts.add_user(boss, "baca", "pembaca", password="pembaca-rakor-kendari", path=db)
    for i in range(4):
        _guess("baca", f"tebakan-{i}", OWNER, db)
    done = _cli("pengguna", "ubah", "baca", "--aktif", "--user", ADMIN, db=db)
    assert done.returncode == 0, done.stderr
    assert accounts.get_user("baca", db)["gagal"] == 0


def test_a_password_typed_as_the_login_is_never_kept(db, admin_account):
    _guess(PASSWORD, ADMIN, OWNER, db)  # login and password swapped
    _guess("kata-sandi-rahasia-99", "x", OWNER, db)
    for text in (PASSWORD, "kata-sandi-rahasia-99"):
        for table in ("audit", "percobaan_masuk", "akun"):
            assert not query(db, f"SELECT * FROM {table} WHERE CAST({table} AS VARCHAR) LIKE ?", [f"%{text}%"])


NEW = "kendari.operator@dinsos.test"


@pytest.mark.parametrize("password", ["1234567890", " " * 10, "password123", "qwertyuiop", NEW + "1"])
def test_common_and_trivial_passwords_are_refused(db, admin_account, password):
    boss = accounts.cli_principal(ADMIN, db)
    with pytest.raises(UserError, match="Kata sandi terlalu"):
        accounts.add_user(boss, NEW, "pembaca", password=password, path=db)
    assert accounts.get_user(NEW, db) is None


def test_an_oidc_e_mail_the_provider_has_not_verified_signs_nobody_in(db, admin_account):
    with pytest.raises(Refused, match="belum diverifikasi"):
        accounts.oidc_principal(ADMIN, verified=False, path=db)
    assert accounts.oidc_principal(ADMIN, verified=True, path=db).is_admin
    assert accounts.audit_log(path=db)["hasil"].head(2).tolist() == ["berhasil", "ditolak"]
