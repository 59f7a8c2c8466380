"""First run under `make run` (`python -m lib jalankan`): with no admin yet, the launcher prints a one-time code on
its console; in the browser the sign-in panel offers the first-admin form, refuses a wrong code, and with the
console's code creates the admin (audited) and signs it in. Afterwards the form is gone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import expect

from lib import accounts
from tests.e2e.conftest import IDLE_TIMEOUT_MS, _healthy
from tests.unit.test_launcher import _free_port

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90


def _code(log: Path, launcher: subprocess.Popen) -> str:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not (found := re.search(r"admin pertama di dasbor \(panel Masuk\): (\d{4}-\d{4})", log.read_text())):
        assert launcher.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)  # poll interval of the console log
    return found.group(1)


def test_the_first_admin_is_made_in_the_browser_with_the_consoles_one_time_code(
    chromium, tmp_path, wait_streamlit_idle
):
    port, db = _free_port(), str(tmp_path / "atensi.duckdb")
    env = {**os.environ, "ATENSI_DB": db, "ATENSI_SAMPLE": "0"}
    log = tmp_path / "konsol.log"
    with open(log, "wb") as out:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "lib", "jalankan", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        code = _code(log, launcher)
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _healthy(url):
            assert launcher.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)  # poll interval of the health check
        page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
        page.goto(url)
        wait_streamlit_idle(page, ready="[data-testid='stSidebar']")
        page.get_by_text("Masuk (operator, admin)").click()
        form = page.get_by_test_id("stForm").filter(has_text="Buat admin pertama")
        expect(form).to_be_visible(timeout=IDLE_TIMEOUT_MS)

        form.get_by_label("Kode dari konsol").fill("0000-0000" if code != "0000-0000" else "1111-1111")
        form.get_by_label("Login atau e-mail admin").fill("admin@sentra.test")
        form.get_by_label("Kata sandi", exact=True).fill("sandi-admin-pertama")
        form.get_by_label("Ulangi kata sandi").fill("sandi-admin-pertama")
        form.get_by_role("button", name="Buat admin dan masuk").click()
        expect(page.get_by_text(re.compile(r"Kode salah\. Sisa percobaan: 4"))).to_be_visible(timeout=IDLE_TIMEOUT_MS)
        assert not accounts.any_admin(db)

        form = page.get_by_test_id("stForm").filter(has_text="Buat admin pertama")
        form.get_by_label("Kode dari konsol").fill(code)
        form.get_by_label("Login atau e-mail admin").fill("admin@sentra.test")
        form.get_by_label("Nama").fill("Admin Pertama")
        form.get_by_label("Kata sandi", exact=True).fill("sandi-admin-pertama")
        form.get_by_label("Ulangi kata sandi").fill("sandi-admin-pertama")
        form.get_by_role("button", name="Buat admin dan masuk").click()
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text(re.compile(r"Masuk sebagai .*Admin Pertama.* · admin"))).to_be_visible(
            timeout=IDLE_TIMEOUT_MS
        )
        expect(sidebar.get_by_role("button", name="Keluar")).to_be_visible()
        assert accounts.sign_in("admin@sentra.test", "sandi-admin-pertama", path=db).is_admin
        trail = accounts.audit_log(path=db)
        assert ("tambah akun", "layar admin pertama (kode konsol)") in set(zip(trail["aksi"], trail["via"]))

        sidebar.get_by_role("button", name="Keluar").click()
        expect(sidebar.get_by_role("button", name="Keluar")).to_have_count(0, timeout=IDLE_TIMEOUT_MS)
        if not page.get_by_label("Login atau e-mail", exact=True).is_visible():  # the panel, closed at first
            page.get_by_text("Masuk (operator, admin)").click()
        expect(page.get_by_label("Login atau e-mail", exact=True)).to_be_visible(timeout=IDLE_TIMEOUT_MS)
        expect(page.get_by_text("Buat admin pertama")).to_have_count(0)  # an admin exists: the form is gone
        page.close()
    finally:
        launcher.terminate()
        launcher.wait(timeout=60)
