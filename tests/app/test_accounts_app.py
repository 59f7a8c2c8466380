"""Accounts on the dashboard (AppTest): sign-in through the real form, roles deciding which controls a screen
shows, the lib refusing what an operator may not do, the accounts screen, the audit trail on Riwayat Data."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from streamlit import config as st_config

from lib import accounts, config, ingest, store
from lib.errors import Refused
from lib.present.texts import as_text
from tests.app.helpers import OP_KENDARI, PASSWORD, PEMBACA_DINAS, WA_ODE, app, sql

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PAS"
    ws.append(["Bulan", "Kabupaten/Kota", "Kategori", "Jumlah Terdata", "Terlayani"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _unggah(principal):
    at = app(principal).run()
    return at.switch_page("views/unggah.py").run()


def _upload_and_save(at, data: bytes):
    at.file_uploader(key="berkas_0").upload("pas.xlsx", data, XLSX).run()
    next(b for b in at.button if b.label == "Simpan ke database").click().run()
    return at


def test_an_operators_upload_with_another_districts_row_is_refused_naming_it_and_their_own_file_imports(seeded):
    db = seeded("main")
    before, batches = store.current("pas", db), len(store.history(db))
    both = _workbook(
        [
            ["Desember 2025", "Kota Kendari", "Anak Rentan", 10, 5],
            ["Desember 2025", "Kab. Konawe", "Anak Rentan", 20, 6],
        ]
    )
    at = _upload_and_save(_unggah(OP_KENDARI), both)
    assert any("Di luar wilayah Anda" in e.value and as_text("lembar PAS baris 3 (74.02)") in e.value for e in at.error)
    assert at.dataframe[-1].value.to_dict("records") == [
        {"Lembar": "PAS", "Baris": 3, "Kabupaten/Kota": "74.02", "Data": "pas"}
    ]
    pd.testing.assert_frame_equal(store.current("pas", db), before)
    assert len(store.history(db)) == batches

    own = _workbook([["Desember 2025", "Kota Kendari", "Anak Rentan", 10, 5]])
    at = _upload_and_save(_unggah(OP_KENDARI), own)
    assert any("tersimpan sebagai batch" in s.value for s in at.success)
    assert store.history(db).iloc[0]["pengguna"] == "op.kendari"


def test_an_operator_sees_no_rollback_of_an_admins_multi_district_batch_and_lib_refuses_it(seeded):
    db = seeded("main")
    pas_batch = sql(db, "SELECT id FROM batch WHERE dataset = 'pas'")[0][0]  # the sample: every district
    at = app(OP_KENDARI).run().switch_page("views/riwayat.py").run()
    at.selectbox(key="batch_terpilih").set_value(pas_batch).run()
    assert not [b for b in at.button if b.key == "rollback"]
    assert any("Pembatalan batch ini: admin, atau operator" in c.value for c in at.caption)
    with pytest.raises(Refused, match="Hanya admin"):
        store.rollback_batch(pas_batch, OP_KENDARI, path=db)
    assert store.history(db).set_index("id").loc[pas_batch, "aktif"]


def test_a_pembaca_sees_no_write_controls_and_a_direct_call_is_refused(seeded):
    db = seeded("main")
    at = _unggah(PEMBACA_DINAS)
    assert not at.exception and not at.get("file_uploader")
    assert any("Hanya operator" in i.value for i in at.info)
    at.switch_page("views/tindak_lanjut.py").run()
    assert not [b for b in at.button if b.key == "tindak_lanjut_simpan"]
    at.switch_page("views/peta.py").run()
    assert not at.get("file_uploader")
    with pytest.raises(Refused, match="hanya dapat membaca"):
        ingest.write_rows("pas", store.current("pas", db).head(1), PEMBACA_DINAS, what="uji", path=db)


def _sign_in(at, login: str, password: str):
    if not [t for t in at.text_input if t.key == "masuk_samping_login"]:
        at.button(key="masuk_buka").click().run()  # the form shows once asked for
    at.text_input(key="masuk_samping_login").input(login)
    at.text_input(key="masuk_samping_sandi").input(password)
    return next(b for b in at.button if b.label == "Masuk").click().run()


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = dt.datetime(2025, 12, 10, 1, 0, tzinfo=dt.UTC)

    monkeypatch.setattr(config, "clock", lambda: Clock.now)
    return Clock


def test_the_sign_in_form_refuses_a_wrong_password_slows_repeated_failures_and_signs_in(seeded, clock):
    db = seeded("main")
    at = app().run()
    for _ in range(accounts.LOCK_AFTER):
        at = _sign_in(at, "op.kendari", "salah")
        assert any("Login atau kata sandi salah" in e.value for e in at.error)
    assert accounts.get_user("op.kendari", db)["gagal"] == 3
    at = _sign_in(at, "op.kendari", PASSWORD)  # even the right password waits: 30 s, then 60 s from this one
    assert any("Terlalu banyak percobaan" in e.value for e in at.error)
    clock.now += dt.timedelta(seconds=60)
    at = _sign_in(at, "op.kendari", PASSWORD)
    assert any("Masuk sebagai **Operator Kota Kendari** · operator" in c.value for c in at.sidebar.caption)
    at.switch_page("views/unggah.py").run()
    assert at.get("file_uploader")  # the page got the principal the form signed in
    log = accounts.audit_log(path=db)
    assert log["hasil"].head(5).tolist() == ["berhasil", "ditolak", "gagal", "gagal", "gagal"]

    clock.now += dt.timedelta(minutes=61)  # ATENSI_SESI_MENIT: 60 idle minutes
    at.run()
    assert not at.get("file_uploader") and any("Sesi berakhir" in s.value for s in at.success)


def test_sign_out_ends_the_session(seeded):
    seeded("main")
    at = app(WA_ODE).run()
    at.button(key="keluar").click().run()
    assert not any("Masuk sebagai" in c.value for c in at.sidebar.caption)
    at.switch_page("views/unggah.py").run()
    assert not at.get("file_uploader")


def test_an_admin_creates_an_operator_on_the_accounts_screen_who_can_then_sign_in(seeded):
    db = seeded("main")
    assert any(
        "hanya untuk admin" in i.value for i in app(OP_KENDARI).run().switch_page("views/pengguna.py").run().info
    )
    at = app(WA_ODE).run().switch_page("views/pengguna.py").run()
    assert "wa.ode" in at.dataframe[0].value["Login"].tolist()
    at.text_input(key="akun_login").input("Op.Konawe@dinsos.test")
    at.text_input(key="akun_nama").input("Operator Konawe")
    at.multiselect(key="akun_wilayah").select("74.02")
    at.text_input(key="akun_sandi").input("sandi-konawe-123")
    next(b for b in at.button if b.label == "Tambah akun").click().run()
    assert not at.exception
    assert any(f"{as_text('op.konawe@dinsos.test')} (operator) ditambahkan" in s.value for s in at.success)
    who = accounts.sign_in("op.konawe@dinsos.test", "sandi-konawe-123", path=db)
    assert (who.peran, who.wilayah) == ("operator", {"74.02"})
    at = _sign_in(app().run(), "op.konawe@dinsos.test", "sandi-konawe-123")
    assert any("Masuk sebagai **Operator Konawe**" in c.value for c in at.sidebar.caption)


def test_riwayat_lists_who_did_what_in_the_audit_trail(seeded):
    db = seeded("main")
    pas_batch = sql(db, "SELECT id FROM batch WHERE dataset = 'pas'")[0][0]
    with pytest.raises(Refused):
        store.rollback_batch(pas_batch, OP_KENDARI, path=db)
    store.rollback_batch(pas_batch, WA_ODE, path=db)
    assert not [
        c for c in app().run().switch_page("views/riwayat.py").run().dataframe if "Aksi" in c.value.columns
    ]  # not for a visitor
    at = app(WA_ODE).run().switch_page("views/riwayat.py").run()
    trail = next(d.value for d in at.dataframe if "Aksi" in d.value.columns)
    rows = trail[["Oleh", "Aksi", "Hasil"]].values.tolist()
    assert rows[:2] == [["wa.ode", "batalkan batch", "berhasil"], ["op.kendari", "batalkan batch", "ditolak"]]
    assert ["op.kendari", "tambah akun", "berhasil"] not in rows and ["wa.ode", "tambah akun", "berhasil"] in rows
    assert ["data contoh", "unggah/simpan batch", "berhasil"] in rows


def test_riwayat_shows_sign_ins_to_admins_only_and_no_typed_text_anywhere(seeded):
    db = seeded("main")
    typed = "sandi-rahasia-kepala-1"  # a password typed into the login field
    for login in (typed, "op.kendari"):
        with pytest.raises(Refused):
            accounts.sign_in(login, "apa saja", path=db, alamat="192.0.2.7")
    at = app(PEMBACA_DINAS).run().switch_page("views/riwayat.py").run()
    trail = next(d.value for d in at.dataframe if "Aksi" in d.value.columns)
    assert "masuk" not in trail["Aksi"].tolist() and "op.kendari" not in trail["Oleh"].tolist()
    assert any("hanya terlihat oleh admin" in c.value for c in at.caption)
    at = app(WA_ODE).run().switch_page("views/riwayat.py").run()
    trail = next(d.value for d in at.dataframe if "Aksi" in d.value.columns)
    failed = trail[trail["Aksi"] == "masuk"]
    assert failed["Oleh"].tolist() == ["op.kendari", accounts.UNKNOWN]
    assert all("192.0.2.7" in r for r in failed["Rincian"])
    for shown in (at, app(PEMBACA_DINAS).run().switch_page("views/riwayat.py").run()):
        texts = [str(d.value.to_dict()) for d in shown.dataframe] + [str(e.value) for e in shown.markdown]
        assert not any(typed in t for t in texts)


def test_an_admin_unlocks_an_account_on_the_accounts_screen(seeded):
    db = seeded("main")
    for _ in range(4):
        with pytest.raises(Refused):
            accounts.sign_in("op.kendari", "salah", path=db, alamat="192.0.2.8")
    with pytest.raises(Refused, match="Terlalu banyak"):
        accounts.sign_in("op.kendari", PASSWORD, path=db, alamat="192.0.2.8")
    at = app(WA_ODE).run().switch_page("views/pengguna.py").run()
    assert at.dataframe[0].value.set_index("Login").loc["op.kendari", "Gagal masuk"] == "5"
    at.selectbox(key="ubah_login").set_value("op.kendari").run()
    next(b for b in at.button if b.label == "Buka kunci").click().run()
    assert not at.exception
    assert any(f"Kunci akun {as_text('op.kendari')} dibuka" in s.value for s in at.success)
    assert accounts.get_user("op.kendari", db)["gagal"] == 0
    assert accounts.sign_in("op.kendari", PASSWORD, path=db, alamat="192.0.2.8").login == "op.kendari"


def test_without_public_reading_only_the_sign_in_form_is_shown(seeded, monkeypatch):
    seeded("main")
    monkeypatch.setenv("ATENSI_BACA_PUBLIK", "0")
    at = app().run()
    assert [t.value for t in at.title] == ["Masuk"] and not at.metric
    assert at.text_input(key="masuk_login")
    assert app(PEMBACA_DINAS).run().metric  # signed in: the overview


@pytest.fixture
def network_address():
    st_config.set_option("server.address", "0.0.0.0")
    yield
    st_config.set_option("server.address", "127.0.0.1")


def test_on_a_network_address_reading_needs_sign_in_and_public_reading_needs_accounts(db, monkeypatch, network_address):
    at = app().run()  # auto: not 127.0.0.1, so no public reading
    assert [t.value for t in at.title] == ["Masuk"]
    monkeypatch.setenv("ATENSI_BACA_PUBLIK", "1")
    at = app().run()
    assert any("Dasbor tidak dijalankan" in e.value for e in at.error) and not at.metric
