"""Accounts, roles and the audit trail in lib: the write functions take the signed-in principal and refuse
out-of-scope work, naming the rows; sign-in failures slow the account down; every action is audited."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

from lib import accounts, config, geo, store
from lib.errors import Refused
from lib.ingest import import_upload, rollback, write_rows
from tests.conftest import ROOT
from tests.principals import admin, operator, pembaca
from tests.unit.uploads import PAS_HEADER, xlsx

KENDARI, KONAWE = "74.71", "74.02"
BOTH = [PAS_HEADER, ["2025-03", KENDARI, "anak_rentan", 10, 5], ["2025-03", KONAWE, "anak_rentan", 20, 6]]
OWN = [PAS_HEADER, ["2025-03", KENDARI, "anak_rentan", 11, 5]]


def pas(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=PAS_HEADER)


def test_an_operators_upload_touching_another_district_is_refused_naming_the_row_and_changes_nothing(db):
    store.save_batch("pas", pas(["2025-03", KONAWE, "anak_rentan", 99, 9]), admin())
    before, history = store.current("pas"), store.history()
    with pytest.raises(Refused) as e:
        import_upload(xlsx({"PAS": BOTH}), "pas.xlsx", user=operator("op.kendari", KENDARI))
    assert "lembar PAS baris 3 (74.02)" in e.value.message
    assert e.value.details.to_dict("records") == [
        {"Lembar": "PAS", "Baris": 3, "Kabupaten/Kota": KONAWE, "Data": "pas"}
    ]
    pd.testing.assert_frame_equal(store.current("pas"), before)
    assert len(store.history()) == len(history)
    log = accounts.audit_log()
    assert log.iloc[0][["login", "aksi", "objek", "hasil"]].tolist() == [
        "op.kendari",
        "simpan batch",
        "pas.xlsx",
        "ditolak",
    ]


def test_the_same_operators_own_file_imports_under_their_login(db):
    outcome = import_upload(xlsx({"PAS": OWN}), "pas.xlsx", user=operator("op.kendari", KENDARI))
    assert store.history().iloc[0]["pengguna"] == "op.kendari" and outcome.batch_ids == [1]
    assert accounts.audit_log().iloc[0][["login", "aksi", "objek"]].tolist() == [
        "op.kendari",
        "simpan batch",
        "batch #1 (pas)",
    ]


def test_the_write_path_refuses_out_of_scope_principals(db):
    op = operator("op.kendari", KENDARI)
    with pytest.raises(Refused, match="74.02"):
        write_rows("pas", pas(["2025-03", KONAWE, "anak_rentan", 1, 1]), op, what="uji")
    with pytest.raises(Refused, match="tanpa kabupaten/kota"):  # SKA has no district: an admin's
        write_rows(
            "ska",
            pd.DataFrame(
                {
                    "periode": ["2025-03"],
                    "unit": ["x"],
                    "pengunjung": [1],
                    "produk_terjual": [1],
                    "omzet": [1],
                    "laba_kotor": [1],
                }
            ),
            op,
            what="uji",
        )
    with pytest.raises(Refused, match="hanya dapat membaca"):
        write_rows("pas", pas(["2025-03", KENDARI, "anak_rentan", 1, 1]), pembaca(), what="uji")
    with pytest.raises(TypeError):  # a typed name is no identity
        write_rows("pas", pas(["2025-03", KENDARI, "anak_rentan", 1, 1]), "Operator Dinsos Kota Kendari", what="uji")
    assert store.history().empty


def test_an_operator_cannot_roll_back_an_admins_multi_district_batch_but_can_roll_back_their_own(db):
    theirs = store.save_batch(
        "pas",
        pas(["2025-03", KENDARI, "anak_rentan", 1, 1], ["2025-03", KONAWE, "anak_rentan", 2, 2]),
        admin("admin.sentra"),
    )
    op = operator("op.kendari", KENDARI)
    with pytest.raises(Refused, match="74.02"):
        rollback(theirs, op)
    assert store.history().set_index("id").loc[theirs, "aktif"]
    with pytest.raises(Refused, match="hanya dapat membaca"):
        rollback(theirs, pembaca())
    own = write_rows("pas", pas(["2025-04", KENDARI, "anak_rentan", 3, 3]), op, what="uji")
    rollback(own, op)
    hist = store.history().set_index("id")
    assert not hist.loc[own, "aktif"] and hist.loc[own, "dibatalkan_oleh"] == "op.kendari"
    log = accounts.audit_log()
    assert [tuple(r) for r in log[["login", "aksi", "hasil"]].head(4).itertuples(index=False)] == [
        ("op.kendari", "batalkan batch", "berhasil"),
        ("op.kendari", "simpan batch", "berhasil"),
        ("pembaca uji", "batalkan batch", "ditolak"),
        ("op.kendari", "batalkan batch", "ditolak"),
    ]


def test_only_an_admin_installs_boundaries(db, tmp_path, use_config, config_main):
    cfg = use_config(config_main)
    with pytest.raises(Refused, match="hanya admin"):
        geo.install(tmp_path / "x.geojson", cfg, tmp_path / "batas.geojson", pengguna=operator("op", KENDARI))
    assert not (tmp_path / "batas.geojson").exists()
    assert accounts.audit_log().iloc[0][["aksi", "hasil"]].tolist() == ["pasang batas wilayah", "ditolak"]


@pytest.fixture
def clock(monkeypatch):
    """The application's clock, moved by the test: `clock.now` (UTC)."""

    class Clock:
        now = dt.datetime(2025, 6, 1, 8, 0, tzinfo=dt.UTC)

    monkeypatch.setattr(config, "clock", lambda: Clock.now)
    return Clock


def test_repeated_failures_lock_the_login_at_that_address_for_a_growing_time(db, clock):
    accounts.add_user(admin(), "op.kendari", "operator", [KENDARI], password="benar-sekali-123")
    assert accounts.sign_in("OP.Kendari ", "benar-sekali-123", alamat=HERE).wilayah == {KENDARI}
    for _ in range(accounts.LOCK_AFTER):
        with pytest.raises(Refused, match="Login atau kata sandi salah"):
            accounts.sign_in("op.kendari", "salah", alamat=HERE)
    assert accounts.get_user("op.kendari")["gagal"] == 3
    with pytest.raises(Refused, match="Terlalu banyak percobaan") as e:  # even the right password waits
        accounts.sign_in("op.kendari", "benar-sekali-123", alamat=HERE)
    assert "detik" not in e.value.message  # no time to aim the next guess at
    clock.now += dt.timedelta(seconds=61)  # the refused attempt counted too: 60 s from it
    with pytest.raises(Refused, match="salah"):
        accounts.sign_in("op.kendari", "salah lagi", alamat=HERE)
    assert [accounts.lockout(n) for n in range(1, 7)] == [0, 0, 30, 60, 120, 240]
    assert accounts.lockout(40) == 15 * 60
    clock.now += dt.timedelta(seconds=241)
    assert accounts.sign_in("op.kendari", "benar-sekali-123", alamat=HERE).login == "op.kendari"
    assert accounts.get_user("op.kendari")["gagal"] == 0
    log = accounts.audit_log()
    assert log["aksi"].eq("masuk").sum() == 7
    assert log["hasil"].tolist()[:3] == ["berhasil", "gagal", "ditolak"]


HERE = "192.0.2.10"


def test_an_unknown_login_is_refused_with_the_same_words_and_audited_without_the_typed_text(db):
    with pytest.raises(Refused, match="Login atau kata sandi salah"):
        accounts.sign_in("siapa saja", "apa saja")
    line = accounts.audit_log().iloc[0]
    assert line[["login", "objek", "hasil"]].tolist() == [accounts.UNKNOWN, accounts.UNKNOWN, "gagal"]
    assert "siapa saja" not in " ".join(map(str, line.tolist()))


def test_accounts_are_an_admins_and_the_last_admin_stays(db):
    first = accounts.first_admin("admin@sentra.go.id", "sandi-pertama-1")
    with pytest.raises(Refused, match="Sudah ada admin"):
        accounts.first_admin("lain@x", "sandi-pertama-1")
    with pytest.raises(Refused, match="hanya admin"):
        accounts.add_user(operator("op", KENDARI), "baru", "pembaca")
    with pytest.raises(Refused, match="sedikitnya satu"):
        accounts.add_user(first, "op", "operator", [])
    with pytest.raises(Refused, match="Admin terakhir"):
        accounts.delete_user(first, "admin@sentra.go.id")
    accounts.add_user(first, "op@dinsos.go.id", "operator", [KENDARI, KONAWE])
    accounts.change_user(first, "op@dinsos.go.id", wilayah=[KENDARI])
    assert accounts.oidc_principal("Op@Dinsos.go.id", verified=True).wilayah == {KENDARI}
    accounts.delete_user(first, "op@dinsos.go.id")
    with pytest.raises(Refused, match="belum punya akun"):
        accounts.oidc_principal("op@dinsos.go.id", verified=True)
    assert set(accounts.audit_log()["aksi"]) >= {"tambah akun", "ubah akun", "hapus akun", "masuk"}


def run(*args: str, db: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lib", *args],
        cwd=ROOT,
        env={"ATENSI_DB": db, "PATH": "/usr/bin"},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_line_acts_as_a_named_existing_account_and_audit_prints_who_did_what(db, tmp_path):
    """The issue's `import … --user "Operator Dinsos Kota Kendari"` and `rollback 14 --user "siapa saja"`."""
    assert run("init", "--sample", db=db).returncode == 0
    done = run(
        "pengguna",
        "tambah",
        "admin@sentra.go.id",
        "--peran",
        "admin",
        "--sandi-stdin",
        db=db,
        stdin="sandi-admin-panjang\n",
    )
    assert done.returncode == 0, done.stderr
    done = run(
        "pengguna",
        "tambah",
        "op.kendari",
        "--peran",
        "operator",
        "--wilayah",
        KENDARI,
        "--sandi-stdin",
        "--user",
        "admin@sentra.go.id",
        db=db,
        stdin="sandi-operator-1\n",
    )
    assert done.returncode == 0, done.stderr
    assert accounts.sign_in("op.kendari", "sandi-operator-1", path=db).peran == "operator"
    path = tmp_path / "pas.xlsx"
    path.write_bytes(xlsx({"PAS": BOTH}))
    before = store.current("pas", db)
    done = run("import", str(path), "--user", "Operator Dinsos Kota Kendari", db=db)
    assert done.returncode == 1 and "Akun tidak dikenal" in done.stderr
    done = run("import", str(path), "--user", "op.kendari", db=db)
    assert done.returncode == 1 and "lembar PAS baris 3 (74.02)" in done.stderr
    pd.testing.assert_frame_equal(store.current("pas", db), before)
    done = run("rollback", "1", "--user", "siapa saja", db=db)
    assert done.returncode == 1 and "Akun tidak dikenal" in done.stderr
    done = run("rollback", "1", "--user", "op.kendari", db=db)  # the sample's PAS batch: every district
    assert done.returncode == 1 and "Hanya admin" in done.stderr
    assert run("rollback", "1", "--user", "admin@sentra.go.id", db=db).returncode == 0
    listed = run("pengguna", "daftar", db=db).stdout
    assert "op.kendari" in listed and "operator" in listed and "argon2" not in listed
    audit = run("audit", db=db)
    assert audit.returncode == 0
    lines = audit.stdout.splitlines()
    assert any("admin@sentra.go.id" in x and "batalkan batch" in x and "berhasil" in x and "OS:" in x for x in lines)
    assert any("op.kendari" in x and "unggah/simpan batch" in x and "ditolak" in x for x in lines)
    assert any("tambah akun" in x and "op.kendari" in x for x in lines)
    assert any("data contoh" in x and "sistem" in x for x in lines)


def test_every_kind_of_action_is_audited_with_who_did_it_and_the_command_line_prints_it(
    db, tmp_path, use_config, config_main
):
    from tests.unit.test_geo import voronoi_districts, write_geojson

    cfg = use_config(config_main)
    boss = accounts.first_admin("admin@sentra.go.id", "sandi-admin-panjang", path=db)
    accounts.add_user(boss, "op.kendari", "operator", [KENDARI], password="sandi-operator-1", path=db)
    accounts.change_user(boss, "op.kendari", nama="Operator Kendari", path=db)
    op = accounts.sign_in("op.kendari", "sandi-operator-1", path=db)
    with pytest.raises(Refused):
        accounts.sign_in("op.kendari", "salah", path=db)
    import_upload(xlsx({"PAS": OWN}), "kendari.xlsx", user=op)
    follow_up = pd.DataFrame(
        {
            "rapat": ["Rakor I"],
            "tanggal_rapat": [dt.date(2025, 6, 12)],
            "kode_wilayah": [KENDARI],
            "uraian": ["Kirim data"],
            "penanggung_jawab": ["Dinsos"],
            "tenggat": [dt.date(2025, 6, 30)],
            "status": ["Belum Mulai"],
            "catatan": [""],
        }
    )
    edited = store.save_batch("tindak_lanjut", follow_up, op, catatan="Disunting di halaman Tindak Lanjut")
    store.rollback_batch(edited, boss)
    geo.install(
        write_geojson(voronoi_districts(cfg), tmp_path / "batas.geojson"), cfg, tmp_path / "b.geojson", pengguna=boss
    )
    accounts.delete_user(boss, "op.kendari", path=db)

    done = {(r.login, r.aksi, r.hasil) for r in accounts.audit_log(path=db).itertuples()}
    assert {
        ("admin@sentra.go.id", "tambah akun", "berhasil"),
        ("admin@sentra.go.id", "ubah akun", "berhasil"),
        ("op.kendari", "masuk", "berhasil"),
        ("op.kendari", "masuk", "gagal"),
        ("op.kendari", "simpan batch", "berhasil"),
        ("op.kendari", "ubah tindak lanjut", "berhasil"),
        ("admin@sentra.go.id", "batalkan batch", "berhasil"),
        ("admin@sentra.go.id", "pasang batas wilayah", "berhasil"),
        ("admin@sentra.go.id", "hapus akun", "berhasil"),
    } <= done
    printed = run("audit", "--n", "0", db=db).stdout
    for aksi in (
        "tambah akun",
        "ubah akun",
        "masuk",
        "simpan batch",
        "ubah tindak lanjut",
        "batalkan batch",
        "pasang batas wilayah",
        "hapus akun",
    ):
        assert aksi in printed
