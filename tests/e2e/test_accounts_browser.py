"""Accounts in Chromium, through the real sign-in form: an operator's upload with another district's row is refused
naming it and changes nothing, their own file imports, they cannot roll back an admin's batch of every district; a
pembaca sees no write control; a wrong password is refused and repeated failures lock the account for a while; an
admin creates an operator on the Pengguna screen who can then sign in; Riwayat Data names who did what."""

from __future__ import annotations

import io
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from lib import accounts, store
from lib.present.texts import WORD_JOINER
from lib.store.unavailable import DatabaseBusy
from tests.e2e.conftest import IDLE_TIMEOUT_MS

SCREENSHOTS = Path(__file__).parent / "screenshots"
ADMIN, OPERATOR, PEMBACA = "admin@sentra.test", "op.kendari", "pembaca@dinsos.test"
PASSWORD = "sandi-e2e-panjang-1"


@pytest.fixture(scope="module")
def site(app_script, tmp_path_factory):
    """A server of its own with three accounts; yields (url, database)."""
    from tests.e2e.conftest import serve

    tmp = tmp_path_factory.mktemp("e2e-akun")
    db = str(tmp / "atensi.duckdb")
    first = accounts.first_admin(ADMIN, PASSWORD, "Admin Sentra", path=db)
    accounts.add_user(first, OPERATOR, "operator", ["74.71"], "Operator Kota Kendari", PASSWORD, path=db)
    accounts.add_user(first, PEMBACA, "pembaca", [], "Kepala Dinas", PASSWORD, path=db)
    with serve(app_script, tmp) as url:
        yield url, db


def _until(condition, timeout_s: float = 30) -> None:
    """Wait for a condition on the store (the server writes it after the browser's click), never for a time."""
    deadline = time.monotonic() + timeout_s
    while not _holds(condition):
        assert time.monotonic() < deadline, "the condition did not come true"
        time.sleep(0.2)  # poll interval


def _holds(condition) -> bool:
    """The condition, read from the store's file; not yet while the server holds the file (DuckDB: one writer)."""
    try:
        return bool(condition())
    except DatabaseBusy:
        return False


def _open(page: Page, url: str, wait, ready: str = "[data-testid='stSidebar']") -> None:
    page.goto(url)
    wait(page, ready=ready)


def _signed_in(page: Page, sign_in, login: str) -> None:
    sign_in(page, login, PASSWORD)
    expect(page.get_by_text("Masuk sebagai").first).to_be_visible(timeout=IDLE_TIMEOUT_MS)


def _go(page: Page, title: str, wait, ready: str) -> None:
    """Another screen through the sidebar (a reload would start a new session)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    wait(page, ready=ready)


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


def _upload(page: Page, name: str, data: bytes, changed: int, wait) -> None:
    """Upload a workbook, wait for its preview ('N baris berubah'), press Simpan."""
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(
        files=[
            {
                "name": name,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": data,
            }
        ]
    )
    expect(page.get_by_text(f"PAS: {changed} baris berubah")).to_be_visible(
        timeout=IDLE_TIMEOUT_MS
    )  # this file's check has finished
    wait(page, ready="[data-testid='stFormSubmitButton']")
    page.get_by_role("button", name="Simpan ke database").click()


def test_the_sign_in_form_screenshot(site, browser_page, wait_streamlit_idle):
    url, _ = site
    page = browser_page
    _open(page, url, wait_streamlit_idle, ready="[data-testid='stMetric']")
    page.get_by_text("Masuk (operator, admin)").click()
    page.get_by_label("Kata sandi").scroll_into_view_if_needed()
    expect(page.get_by_label("Kata sandi")).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "masuk.png")


def test_an_operator_uploading_another_districts_row_is_refused_their_own_file_imports_no_admin_rollback(
    site, browser_page, wait_streamlit_idle, sign_in
):
    url, db = site
    page = browser_page
    _open(page, f"{url}/unggah", wait_streamlit_idle)
    expect(page.locator("[data-testid='stFileUploader']")).to_have_count(0)  # not signed in: no uploader
    _signed_in(page, sign_in, OPERATOR)
    wait_streamlit_idle(page, ready="[data-testid='stFileUploader']")
    before, batches = store.current("pas", db), len(store.history(db))
    _upload(
        page,
        "dua_wilayah.xlsx",
        _workbook(
            [
                ["Desember 2025", "Kota Kendari", "Anak Rentan", 10, 5],
                ["Desember 2025", "Kab. Konawe", "Anak Rentan", 20, 6],
            ]
        ),
        2,
        wait_streamlit_idle,
    )
    expect(page.get_by_text("lembar PAS baris 3 (74.02)", exact=False)).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    pd.testing.assert_frame_equal(store.current("pas", db), before)
    assert len(store.history(db)) == batches

    _upload(
        page,
        "kendari.xlsx",
        _workbook([["Desember 2025", "Kota Kendari", "Anak Rentan", 10, 5]]),  # replaces it
        1,
        wait_streamlit_idle,
    )
    expect(page.get_by_text("tersimpan sebagai batch", exact=False)).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    assert store.history(db).iloc[0][["pengguna", "nama_berkas"]].tolist() == [OPERATOR, "kendari.xlsx"]

    pas_batch = int(store.history(db).query("dataset == 'pas' and contoh")["id"].iloc[0])  # every district
    _go(page, "Riwayat Data", wait_streamlit_idle, "[data-testid='stDataFrame']")
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Batch", exact=True))
    box.click()
    page.keyboard.type(f"#{pas_batch} · PAS")
    page.get_by_role("option").filter(has_text=f"#{pas_batch} · PAS").first.click()
    wait_streamlit_idle(page, ready="[data-testid='stDataFrame']")
    expect(page.get_by_text("Pembatalan batch ini: admin, atau operator", exact=False)).to_be_visible(
        timeout=IDLE_TIMEOUT_MS
    )
    expect(page.get_by_role("button", name=f"Batalkan batch #{pas_batch}…")).to_have_count(0)
    assert store.history(db).set_index("id").loc[pas_batch, "aktif"]


def test_a_pembaca_sees_no_write_controls_and_a_direct_call_is_refused(
    site, browser_page, wait_streamlit_idle, sign_in
):
    url, db = site
    page = browser_page
    _open(page, f"{url}/unggah", wait_streamlit_idle)
    _signed_in(page, sign_in, PEMBACA)
    expect(page.get_by_text("Hanya operator", exact=False)).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    expect(page.locator("[data-testid='stFileUploader']")).to_have_count(0)
    _go(page, "Tindak Lanjut", wait_streamlit_idle, "[data-testid='stDataFrame']")
    expect(page.get_by_role("button", name="Simpan perubahan")).to_have_count(0)
    _go(page, "Riwayat Data", wait_streamlit_idle, "[data-testid='stDataFrame']")
    expect(page.get_by_role("button", name="Batalkan batch", exact=False)).to_have_count(0)
    from lib.errors import Refused

    who = accounts.principal_of(accounts.get_user(PEMBACA, db), "uji")
    with pytest.raises(Refused, match="hanya dapat membaca"):
        store.rollback_batch(1, who, path=db)


def test_a_wrong_password_is_refused_and_repeated_failures_lock_the_account(
    site, browser_page, wait_streamlit_idle, sign_in
):
    url, db = site
    page = browser_page
    _open(page, url, wait_streamlit_idle, ready="[data-testid='stMetric']")
    for n in range(1, accounts.LOCK_AFTER + 1):
        sign_in(page, PEMBACA, "salah")
        _until(lambda n=n: accounts.get_user(PEMBACA, db)["gagal"] == n)  # the failure is recorded
        expect(page.get_by_text("Login atau kata sandi salah")).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    sign_in(page, PEMBACA, PASSWORD)  # even the right password waits (30 s at this address, 60 s after this try)
    _until(lambda: accounts.get_user(PEMBACA, db)["gagal"] == accounts.LOCK_AFTER + 1)
    expect(page.get_by_text("Tunggu beberapa menit", exact=False)).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    expect(page.get_by_text("Masuk sebagai")).to_have_count(0)
    log = accounts.audit_log(path=db)
    assert log[log["login"] == PEMBACA]["hasil"].head(4).tolist() == ["ditolak", "gagal", "gagal", "gagal"]


def test_an_admin_creates_an_operator_on_the_accounts_screen_who_then_signs_in(
    site, chromium, browser_page, wait_streamlit_idle, sign_in
):
    url, db = site
    page = browser_page
    _open(page, url, wait_streamlit_idle, ready="[data-testid='stMetric']")
    _signed_in(page, sign_in, ADMIN)
    _go(page, "Pengguna", wait_streamlit_idle, "[data-testid='stDataFrame']")
    page.get_by_label("Login atau e-mail").first.fill("op.konawe@dinsos.test")
    page.get_by_label("Nama lengkap").first.fill("Operator Konawe")
    page.get_by_test_id("stMultiSelect").first.click()
    page.keyboard.type("(74.02)")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("stMultiSelect").first.get_by_text("Kabupaten Konawe (74.02)")).to_be_visible(
        timeout=IDLE_TIMEOUT_MS
    )
    page.get_by_label("Kata sandi awal", exact=False).fill("sandi-konawe-123")
    page.get_by_role("button", name="Tambah akun").click()
    added = f"op.konawe@{WORD_JOINER}dinsos.test (operator) ditambahkan"  # no mailto: link made of the e-mail
    expect(page.get_by_text(added)).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    wait_streamlit_idle(page, ready="[data-testid='stDataFrame']")
    page.screenshot(path=SCREENSHOTS / "pengguna.png")
    assert accounts.get_user("op.konawe@dinsos.test", db)["wilayah"] == "74.02"

    other = chromium.new_context(viewport={"width": 1280, "height": 720}).new_page()
    _open(other, url, wait_streamlit_idle, ready="[data-testid='stMetric']")
    sign_in(other, "op.konawe@dinsos.test", "sandi-konawe-123")
    expect(other.get_by_text("Masuk sebagai").first).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    other.context.close()

    _go(page, "Riwayat Data", wait_streamlit_idle, "[data-testid='stDataFrame']")
    expect(page.get_by_text("Jejak audit", exact=True)).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    log = accounts.audit_log(path=db)
    assert {("op.konawe@dinsos.test", "masuk"), (ADMIN, "tambah akun")} <= set(zip(log["login"], log["aksi"]))
