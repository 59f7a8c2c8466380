"""`python -m lib import` and `python -m lib template` as staff and scripts run them: a real process, a real
database file, exit codes 0 (imported / valid), 1 (invalid: the problem table), 2 (unreadable file, bad usage)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from lib import accounts
from tests.conftest import query
from tests.principals import admin
from tests.unit.uploads import PAS_HEADER, filled_template, xlsx

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, db: str, lang: str | None = None) -> subprocess.CompletedProcess:
    env = {"ATENSI_DB": db, "PATH": "/usr/bin:/bin", "ATENSI_CONTOH_HARI_INI": "2026-01-15"}
    if lang:
        env["ATENSI_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "lib", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def batches(db: str) -> int:
    if not db.startswith("postgresql://") and not Path(db).exists():
        return 0
    if not query(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'batch'")[0][0]:
        return 0
    return query(db, "SELECT count(*) FROM batch")[0][0]


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.fixture(autouse=True)
def wa_ode(db) -> str:
    """The operator of Kota Kendari (74.71) and Kab. Konawe (74.02), the account these imports act as."""
    accounts.add_user(admin(), "wa.ode", "operator", ["74.71", "74.02"], "Wa Ode", path=db)
    return "wa.ode"


GOOD = [PAS_HEADER, ["2025-03", "74.71", "anak_rentan", 10, 5], ["2025-03", "74.02", "anak_rentan", 10, 12]]
BAD = [PAS_HEADER, ["2025-03", "74.71", "anak_rentan", "dua ratus", 5]]


def test_import_a_valid_file_exits_0_and_prints_counts_and_warnings(db, tmp_path):
    path = write(tmp_path, "pas.xlsx", xlsx({"PAS": GOOD}))
    out = run("import", path, "--user", "wa.ode", "--note", "Rakor Maret", db=db)
    assert out.returncode == 0, out.stderr
    assert "pas: 2 baris baru, 0 berubah, 0 sama" in out.stdout
    assert "1 peringatan" in out.stdout and "Dilayani (12) lebih besar dari terdata (10)." in out.stdout
    assert "Diimpor sebagai batch #1." in out.stdout
    assert query(db, "SELECT pengguna, catatan, nama_berkas FROM batch") == [("wa.ode", "Rakor Maret", "pas.xlsx")]
    assert query(db, "SELECT count(*) FROM kini_pas") == [(2,)]


def test_dry_run_of_a_valid_file_exits_0_and_writes_nothing(db, tmp_path):
    path = write(tmp_path, "pas.xlsx", xlsx({"PAS": GOOD}))
    out = run("import", path, "--dry-run", db=db)
    assert out.returncode == 0, out.stderr
    assert "pas: 2 baris baru" in out.stdout
    assert "Tidak ada yang disimpan (--dry-run)." in out.stdout
    assert batches(db) == 0


def test_import_an_invalid_file_exits_1_with_the_problem_table_and_writes_nothing(db, tmp_path):
    path = write(tmp_path, "pas.xlsx", xlsx({"PAS": BAD}))
    for args in (("import", path, "--user", "wa.ode"), ("import", path, "--dry-run")):
        out = run(*args, db=db)
        assert out.returncode == 1
        assert "Galat: Berkas tidak diimpor." in out.stderr
        assert "Lembar" in out.stderr and "Cara memperbaiki" in out.stderr
        assert "D (terdata)" in out.stderr and "'dua ratus' bukan angka." in out.stderr
        assert "<NA>" not in out.stderr and "nan" not in out.stderr.split()
    assert batches(db) == 0


def test_import_a_pdf_renamed_xlsx_or_a_missing_file_exits_2(db, tmp_path):
    pdf = write(tmp_path, "laporan.xlsx", b"%PDF-1.4\n%%EOF\n")
    out = run("import", pdf, "--user", "wa.ode", db=db)
    assert out.returncode == 2
    assert "adalah dokumen PDF" in out.stderr
    out = run("import", str(tmp_path / "tidak_ada.xlsx"), "--user", "wa.ode", db=db)
    assert out.returncode == 2
    assert "Berkas tidak ditemukan" in out.stderr
    assert batches(db) == 0


def test_import_without_a_file_is_bad_usage_exit_2(db):
    out = run("import", db=db)
    assert out.returncode == 2
    assert "Perintah tidak dapat dipahami" in out.stderr


def test_template_command_writes_a_workbook_that_imports_once_filled(db, tmp_path):
    out_path = tmp_path / "templat.xlsx"
    out = run("template", str(out_path), db=db)
    assert out.returncode == 0, out.stderr
    assert f"Templat ditulis ke {out_path}" in out.stdout
    assert openpyxl.load_workbook(out_path).sheetnames[:2] == ["Petunjuk", "PAS"]
    filled = write(
        tmp_path, "isi.xlsx", filled_template({"pas": [["2025-03", "74.71 — Kota Kendari", "Anak Rentan", 10, 5]]})
    )
    out = run("import", filled, "--user", "wa.ode", db=db)
    assert out.returncode == 0, out.stderr
    assert "baris 2 adalah baris contoh dan dilewati" in out.stdout


def test_import_speaks_english_when_asked(db, tmp_path):
    path = write(tmp_path, "pas.xlsx", xlsx({"PAS": GOOD}))
    out = run("import", path, "--dry-run", db=db, lang="en")
    assert out.returncode == 0, out.stderr
    assert "pas: 2 new rows, 0 changed, 0 unchanged" in out.stdout
    assert "Nothing was stored (--dry-run)." in out.stdout


def test_a_number_cell_of_thousands_of_digits_exits_1_naming_the_cell_and_stores_nothing(db, tmp_path):
    """Python refuses to convert over 4.300 digits; the import says which cell is wrong instead of a traceback."""
    digits = "9" * 5000
    csv = f"periode,kode_wilayah,kategori_pas,terdata,dilayani\n2025-03,74.71,anak_rentan,{digits},5\n"
    path = write(tmp_path, "pas_panjang.csv", csv.encode())
    out = run("import", path, "--user", "wa.ode", db=db)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr and "4300" not in out.stderr
    assert "D (terdata)" in out.stderr and "terlalu besar (5.000 digit)" in out.stderr
    assert digits not in out.stderr  # the cell is named, not echoed whole
    assert batches(db) == 0
