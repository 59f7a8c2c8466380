"""Recaps as offices send them, round 3 (issue 28): a letterhead and a signature block, province section rows with
subtotals, "-" for nil, months with two-digit years, "Kep." in district names, a misspelled district with the nearest
name offered, by-name lists refused (UU No. 27/2022) without a personal value anywhere, Excel error cells. Each
layout is built in code (xlsxwriter; .xls and .ods converted by LibreOffice Calc, headless) and read on both
backends: a valid one imports exactly, an invalid one changes nothing."""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter

from lib import store
from lib.errors import Refused
from lib.ingest import import_upload, preview_upload, problems_table, read_upload
from tests.conftest import query
from tests.principals import admin
from tests.unit.uploads import PAS_HEADER, import_command, xlsx

LETTERHEAD = [
    ["PEMERINTAH KABUPATEN KONAWE SELATAN"],
    ["DINAS SOSIAL"],
    ["Jl. Poros Andoolo No. 1, Telp. (0401) 3021"],
    [],
    ["REKAPITULASI DATA PAS"],
]  # the header is on row 6
SIGNER = "Drs. La Ode Amiruddin, M.Si"
SIGNATURE = [
    [],
    [None, None, None, None, "Kendari, 5 Februari 2025"],
    [None, None, None, None, "Kepala Dinas Sosial"],
    [None, None, None, None, "Kabupaten Konawe Selatan"],
    [None, None, None, None, "ttd"],
    [],
    [None, None, None, None, SIGNER],
    [None, None, None, None, "NIP. 19700101 199503 1 001"],
]
HEADER = ["Bulan", "Kabupaten/Kota", "Kategori PAS", "Terdata", "Dilayani"]
ROWS = [
    ["Januari 2025", "Kab. Konawe Selatan", "Anak Rentan", 120, 80],
    ["Januari 2025", "Kab. Konawe Selatan", "Lansia Terlantar", 45, 45],
    ["Januari 2025", "Kota Kendari", "Anak Rentan", 310, 200],
]
EXPECTED = [
    ["2025-01", "74.05", "anak_rentan", 120, 80],
    ["2025-01", "74.05", "lansia_terlantar", 45, 45],
    ["2025-01", "74.71", "anak_rentan", 310, 200],
]


def stored() -> list[list]:
    frame = store.current("pas").sort_values(PAS_HEADER[:3])
    return [[r[0], r[1], r[2], int(r[3]), int(r[4])] for r in frame[PAS_HEADER].itertuples(index=False)]


def expected(rows: list[list]) -> list[list]:
    return sorted(rows, key=lambda r: tuple(r[:3]))


@functools.cache
def converted(data: bytes, kind: str) -> bytes:
    """The workbook saved by LibreOffice Calc as .xls or .ods (headless, its own profile: tests run in parallel)."""
    work = Path(tempfile.mkdtemp(prefix="lo_recap_"))
    try:
        (work / "rekap.xlsx").write_bytes(data)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{work / 'profile'}",
                "--headless",
                "--convert-to",
                kind,
                "--outdir",
                str(work / "out"),
                str(work / "rekap.xlsx"),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
        return (work / "out" / f"rekap.{kind}").read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def as_kind(data: bytes, kind: str) -> bytes:
    return data if kind == "xlsx" else converted(data, kind)


def refused(data: bytes, name: str) -> pd.DataFrame:
    """The problem table of a file that is not imported (and nothing stored)."""
    with pytest.raises(Refused) as e:
        import_upload(data, name, user=admin("operator"))
    assert store.history().empty
    assert store.current("pas").empty
    return e.value.details


# Letterhead and signature block -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_a_recap_with_a_letterhead_and_a_signature_block_but_no_totals_row_imports_exactly(db, kind):
    data = as_kind(xlsx({"Rekap": [*LETTERHEAD, HEADER, *ROWS, *SIGNATURE]}), kind)
    outcome = import_upload(data, f"rekap.{kind}", user=admin("operator"))
    assert outcome.result.problems == []
    assert 'Lembar "Rekap": baris 11–17 di bawah tabel diabaikan (tanda tangan, tanggal surat atau keterangan).' in (
        outcome.result.notes
    )
    assert stored() == expected(EXPECTED)


def test_a_block_that_begins_with_mengetahui_or_keterangan_ends_the_table_too(db):
    footer = [[], ["Keterangan:"], ["- data per akhir bulan"], [None, "Mengetahui,"], [None, "ttd"], [None, SIGNER]]
    outcome = import_upload(xlsx({"PAS": [HEADER, *ROWS, *footer]}), "rekap.xlsx", user=admin("operator"))
    assert any("baris 6–10 di bawah tabel diabaikan" in n for n in outcome.result.notes)
    assert stored() == expected(EXPECTED)


def test_a_follow_up_naming_kepala_dinas_beside_its_other_cells_is_data_not_a_signature(db):
    rows = [
        ["rapat", "tanggal_rapat", "kode_wilayah", "uraian", "penanggung_jawab", "tenggat", "status"],
        ["Rakor Januari", "2025-01-20", "74.71", "Perbarui data PAS", "Kepala Dinas Sosial", "2025-02-28", "Selesai"],
        ["Rakor Januari", "2025-01-20", "74.05", "Kirim rekap", "Kepala Bidang Rehsos", "2025-02-28", "Selesai"],
    ]
    import_upload(xlsx({"Tindak Lanjut": rows}), "tl.xlsx", user=admin("operator"))
    assert sorted(store.current("tindak_lanjut")["penanggung_jawab"]) == ["Kepala Bidang Rehsos", "Kepala Dinas Sosial"]


# Province section rows and subtotals ---------------------------------------------------------------------------

SECTIONS = [
    ["No", *HEADER],
    ["I", "PROVINSI SULAWESI TENGGARA"],
    [1, "Januari 2025", "Kab. Konawe Selatan", "Anak Rentan", 120, 80],
    [2, "Januari 2025", "Kota Kendari", "Anak Rentan", 310, 200],
    [None, None, "JUMLAH SULTRA", None, 430, 280],
    ["II", "PROVINSI MALUKU"],
    [3, "Januari 2025", "Kab. Maluku Tenggara", "Anak Rentan", 75, 70],
    [4, "Januari 2025", "Kab. Kep. Tanimbar", "Anak Rentan", 60, 41],
    [None, None, "JUMLAH MALUKU", None, 135, 111],
    [None, None, "JUMLAH TOTAL", None, 565, 391],
]
SECTIONS_EXPECTED = [
    ["2025-01", "74.05", "anak_rentan", 120, 80],
    ["2025-01", "74.71", "anak_rentan", 310, 200],
    ["2025-01", "81.02", "anak_rentan", 75, 70],
    ["2025-01", "81.03", "anak_rentan", 60, 41],
]


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_province_section_rows_are_skipped_with_a_note_and_right_subtotals_give_no_warning(db, kind):
    data = as_kind(xlsx({"Rekap Sentra": [*LETTERHEAD, *SECTIONS, *SIGNATURE]}), kind)
    outcome = import_upload(data, f"rekap.{kind}", user=admin("operator"))
    notes = outcome.result.notes
    assert outcome.result.problems == []
    where = 'Lembar "Rekap Sentra"'
    assert f"{where}: baris 7 (PROVINSI SULAWESI TENGGARA) dilewati sebagai baris judul bagian (provinsi)." in notes
    assert f"{where}: baris 11 (PROVINSI MALUKU) dilewati sebagai baris judul bagian (provinsi)." in notes
    assert f"{where}: baris 10 (JUMLAH SULTRA) dilewati sebagai baris total." in notes
    assert stored() == expected(SECTIONS_EXPECTED)


def test_a_wrong_subtotal_is_a_warning_naming_the_subtotal_and_the_sum_and_the_rows_import(db):
    rows = [list(r) for r in SECTIONS]
    rows[4][4] = 431  # JUMLAH SULTRA, Terdata: the districts above add up to 430
    outcome = import_upload(xlsx({"Rekap": rows}), "rekap.xlsx", user=admin("operator"))
    table = problems_table(outcome.result.problems)
    assert table[["Baris", "Kolom", "Nilai", "Jenis"]].values.tolist() == [[5, "E (Terdata)", "431", "Peringatan"]]
    assert table["Masalah"].iloc[0] == (
        "Subtotal JUMLAH SULTRA (Terdata) 431 tidak sama dengan jumlah baris di atasnya (baris 3–4): 430."
    )
    assert stored() == expected(SECTIONS_EXPECTED)


def test_a_wide_recap_with_province_sections_checks_each_groups_subtotal(db):
    header = [
        ["Kabupaten/Kota", "Anak Rentan", None, "Fakir Miskin", None],
        [None, "Terdata", "Dilayani", "Terdata", "Dilayani"],
    ]
    rows = [
        ["KEADAAN BULAN JANUARI 2025"],
        *header,
        ["SULAWESI TENGAH"],
        ["Kab. Morowali", 12, 10, 40, 30],
        ["Kab. Morowali Utara", 8, "-", 5, 5],
        ["JUMLAH SULTENG", 20, 9, 45, 35],
    ]
    outcome = import_upload(xlsx({"Rekap": rows}), "rekap.xlsx", user=admin("operator"))
    warnings = [(p.row, p.column, p.message) for p in outcome.result.warnings]
    assert warnings == [
        (
            7,
            "C",
            "Subtotal JUMLAH SULTENG (Anak Rentan Dilayani) 9 tidak sama dengan jumlah baris di atasnya (baris 5–6): 10.",
        )
    ]
    assert 'Lembar "Rekap": baris 4 (SULAWESI TENGAH) dilewati sebagai baris judul bagian (provinsi).' in (
        outcome.result.notes
    )
    assert stored() == [
        ["2025-01", "72.06", "anak_rentan", 12, 10],
        ["2025-01", "72.06", "fakir_miskin", 40, 30],
        ["2025-01", "72.12", "anak_rentan", 8, 0],
        ["2025-01", "72.12", "fakir_miskin", 5, 5],
    ]


# "-" for nil -----------------------------------------------------------------------------------------------------


def test_a_dash_in_a_count_cell_is_read_as_zero_with_a_note_and_a_blank_stays_blank(db):
    rows = [
        ["Januari 2025", "Kab. Konawe Selatan", "Anak Rentan", 120, "-"],
        ["Januari 2025", "Kota Kendari", "Anak Rentan", "\u2013", "\u2014"],
    ]
    outcome = import_upload(xlsx({"PAS": [HEADER, *rows]}), "rekap.xlsx", user=admin("operator"))
    assert 'Lembar "PAS": 3 sel berisi tanda "-" dibaca sebagai 0 (nihil) — Terdata: 1, Dilayani: 2.' in (
        outcome.result.notes
    )
    assert stored() == [["2025-01", "74.05", "anak_rentan", 120, 0], ["2025-01", "74.71", "anak_rentan", 0, 0]]


def test_a_blank_count_cell_is_still_an_error_and_changes_nothing(db):
    rows = [
        ["Januari 2025", "Kota Kendari", "Anak Rentan", 12, None],
        ["Januari 2025", "Kota Kendari", "Lansia Terlantar", 3, 1],
    ]
    table = refused(xlsx({"PAS": [HEADER, *rows]}), "rekap.xlsx")
    assert table[["Baris", "Kolom", "Masalah"]].values.tolist() == [
        [2, "E (Dilayani)", "Dilayani kosong, padahal wajib diisi."]
    ]


# Months --------------------------------------------------------------------------------------------------------

MONTHS = {
    "Sep-25": "2025-09",
    "Okt-25": "2025-10",
    "09/25": "2025-09",
    "Sept 2025": "2025-09",
    "September '25": "2025-09",
    "Sep'25": "2025-09",
    "Agt 2025": "2025-08",
    "Nop 2025": "2025-11",
    "Januari 2025": "2025-01",
    "DES-24": "2024-12",
}


@pytest.mark.parametrize("written", [*MONTHS, "date cell"])
def test_each_month_form_imports_exactly_and_a_two_digit_year_is_noted_as_20yy(db, written):
    value = dt.datetime(2025, 9, 1) if written == "date cell" else written
    want = "2025-09" if written == "date cell" else MONTHS[written]
    rows = [[value, "Kota Kendari", "Anak Rentan", 7, 5]]
    outcome = import_upload(xlsx({"PAS": [HEADER, *rows]}), "rekap.xlsx", user=admin("operator"))
    assert stored() == [[want, "74.71", "anak_rentan", 7, 5]]
    short = [n for n in outcome.result.notes if "tahun dua angka" in n]
    if written in ("Sep-25", "Okt-25", "09/25", "September '25", "Sep'25", "DES-24"):
        month = {"2025-09": "September 2025", "2025-10": "Oktober 2025", "2024-12": "Desember 2024"}[want]
        assert short == [
            f"Lembar \"PAS\": tahun dua angka dibaca sebagai 20YY — '{written}' → {month}. Periksa bila maksudnya lain."
        ]
    else:
        assert short == []


# District names ------------------------------------------------------------------------------------------------


def test_kep_and_other_prefix_spellings_name_their_districts(db):
    names = {
        "Kab. Kep. Tanimbar": "81.03",
        "KEP. TANIMBAR": "81.03",
        "Kab Adm Konawe Kepulauan": "74.12",
        "Kab. Konawe Kep.": "74.12",
        "KOTA BAU-BAU": "74.72",
        "Kab Buton Utara": "74.10",
    }
    groups = ["anak_rentan", "disabilitas", "lansia_terlantar", "korban_bencana", "fakir_miskin", "warga_binaan"]
    rows = [["Januari 2025", n, g, 3, 2] for n, g in zip(names, groups)]
    import_upload(xlsx({"PAS": [HEADER, *rows]}), "rekap.xlsx", user=admin("operator"))
    assert stored() == expected([["2025-01", k, g, 3, 2] for k, g in zip(names.values(), groups)])


def test_a_misspelled_district_is_refused_with_the_nearest_name_offered_never_applied(db):
    rows = [*ROWS, ["Januari 2025", "Kab. Konawe Seltan", "Anak Rentan", 5, 5]]
    table = refused(xlsx({"PAS": [HEADER, *rows]}), "rekap.xlsx")
    assert table[["Lembar", "Baris", "Kolom", "Nilai"]].values.tolist() == [
        ["PAS", 5, "B (Kabupaten/Kota)", "Kab. Konawe Seltan"]
    ]
    assert table["Masalah"].iloc[0] == (
        "'Kab. Konawe Seltan' bukan kabupaten/kota di wilayah jangkauan. Maksud Anda: Kabupaten Konawe Selatan?"
    )


def test_a_name_like_no_district_gets_no_suggestion(db):
    rows = [["Januari 2025", "Atlantis", "Anak Rentan", 5, 5]]
    table = refused(xlsx({"PAS": [HEADER, *rows]}), "rekap.xlsx")
    assert table["Masalah"].tolist() == ["'Atlantis' bukan kabupaten/kota di wilayah jangkauan."]


# By-name lists ---------------------------------------------------------------------------------------------------

PEOPLE = [
    ["7405011203850001", "7405010101080012", "Wa Ode Sitti Nurhaliza", dt.datetime(1985, 3, 12), "Jl. Mawar 3"],
    ["7471024506900003", "7471020202090044", "La Ode Muhammad Rasyid", dt.datetime(1990, 6, 5), "Jl. Melati 9"],
]
PERSONAL = {v for row in PEOPLE for v in (row[0], row[1], row[2], row[4])}
LIST_HEADER = ["NIK", "No. KK", "Nama Lengkap", "Tanggal Lahir", "Alamat", "Kabupaten/Kota", "Kategori PAS"]


def by_name_list(sheet: str = "Data Penerima", header: list | None = LIST_HEADER) -> bytes:
    body = [[*p, "Kota Kendari", "Anak Rentan"] for p in PEOPLE]
    return xlsx({sheet: [["DAFTAR PENERIMA MANFAAT ATENSI 2025"], [], *([header] if header else []), *body]})


def everything_in(db: str) -> str:
    """Every value of every table of the database, as text."""
    if db.startswith("postgresql://"):
        tables = [r[0] for r in query(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    else:
        tables = [r[0] for r in query(db, "SELECT table_name FROM information_schema.tables")]
    return "\n".join(str(row) for t in tables for row in query(db, f'SELECT * FROM "{t}"'))


@pytest.mark.parametrize("sheet", ["Data Penerima", "PAS"])
def test_a_by_name_list_is_refused_citing_the_law_and_no_personal_value_reaches_a_table_log_or_the_store(
    db, sheet, caplog, cli_admin, tmp_path
):
    caplog.set_level(logging.DEBUG)
    data = by_name_list(sheet)
    preview = preview_upload(data, "penerima.xlsx")
    assert preview.result.sheets == [] and preview.comparisons == {}
    table = refused(data, "penerima.xlsx")
    assert table[["Lembar", "Baris", "Kolom", "Nilai", "Jenis"]].values.tolist() == [[sheet, 3, "", "", "Galat"]]
    message, fix = table["Masalah"].iloc[0], table["Cara memperbaiki"].iloc[0]
    assert message.startswith(f'Lembar "{sheet}" berisi daftar per orang (kolom A ("NIK"); kolom B ("No. KK"); ')
    assert "hanya menyimpan jumlah" in message
    assert "Undang-Undang No. 27 Tahun 2022 tentang Pelindungan Data Pribadi" in message
    assert "PivotTable" in fix and "kabupaten/kota" in fix and "kategori PAS" in fix
    assert "Tambahkan kolom" not in " ".join(table["Cara memperbaiki"])  # not "add a column Terdata"
    path = tmp_path / "penerima.xlsx"
    path.write_bytes(data)
    cli = import_command(path, db, cli_admin)
    assert cli.returncode == 1 and "Undang-Undang No. 27 Tahun 2022" in cli.stdout + cli.stderr
    seen = "\n".join(
        [table.to_csv(), caplog.text, cli.stdout, cli.stderr, everything_in(db), *preview.result.notes]
        + [p.message + p.fix + str(p.value) for p in preview.result.problems]
    )
    assert [v for v in PERSONAL if v in seen] == []
    assert "1985-03-12" not in seen and "12/03/1985" not in seen
    assert store.current("pas").empty


def test_a_list_of_16_digit_numbers_without_a_telling_header_is_refused_too(db):
    data = by_name_list("Sheet1", header=None)
    table = refused(data, "penerima.xlsx")
    assert (
        table["Masalah"]
        .iloc[0]
        .startswith('Lembar "Sheet1" berisi daftar per orang (nomor 16 angka seperti NIK di kolom A, B).')
    )
    assert [v for v in PERSONAL if v in table.to_csv()] == []


def test_a_recap_with_a_name_column_of_programmes_or_a_pivots_count_of_nik_is_not_a_by_name_list(db):
    from lib.ingest.personal import by_name_columns
    from lib.ingest.read import Grid

    grid = Grid("Program", [["Nama Program", "Kabupaten/Kota", "Alamat Kantor", "Target"], ["Kursi roda", "74.71"]], [])
    assert by_name_columns(grid) is None
    pivot = [["Bulan", "Kabupaten/Kota", "Kategori PAS", "Jumlah NIK", "Dilayani"], ROWS[0]]
    assert by_name_columns(Grid("PAS", pivot, [])) is None
    assert by_name_columns(Grid("PAS", [["Count of NIK", "Kabupaten/Kota"], [12, "74.71"]], [])) is None


# Excel error cells and small messages ----------------------------------------------------------------------------


def test_a_ref_error_cell_is_reported_as_such_with_its_address_and_a_fix_and_changes_nothing(db):
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("PAS")
    for r, row in enumerate([HEADER, *ROWS]):
        ws.write_row(r, 0, row)
    ws.write_formula("D3", "=#REF!+1", None, "#REF!")
    ws.write_formula("E4", "=D4/0", None, "#DIV/0!")
    wb.close()
    table = refused(buf.getvalue(), "rekap.xlsx")
    assert table[["Baris", "Kolom", "Nilai"]].values.tolist() == [
        [3, "D (Terdata)", "#REF!"],
        [4, "E (Dilayani)", "#DIV/0!"],
    ]
    assert table["Masalah"].tolist() == [
        "Sel D3 berisi galat rumus Excel #REF! (rumusnya merujuk sel atau lembar yang sudah dihapus), bukan nilai.",
        "Sel E4 berisi galat rumus Excel #DIV/0! (rumusnya membagi dengan nol atau sel kosong), bukan nilai.",
    ]
    assert all("Paste Special" in f for f in table["Cara memperbaiki"])


def test_a_percent_says_to_write_the_amount(db):
    rows = [["Januari 2025", "Kota Kendari", "Anak Rentan", 100, "85%"]]
    table = refused(xlsx({"PAS": [HEADER, *rows]}), "rekap.xlsx")
    assert table["Masalah"].tolist() == ["'85%' adalah persentase; kolom ini berisi jumlah, bukan persen."]
    assert "Tulis jumlahnya" in table["Cara memperbaiki"].iloc[0]


def test_the_missing_column_hint_names_each_spelling_once(db):
    result = read_upload(
        xlsx({"PAS": [["Bulan", "Kabupaten/Kota", "Kategori", "Dilayani"], ROWS[0][:3] + [5]]}), "x.xlsx"
    )
    fix = result.errors[0].fix
    assert fix == "Tambahkan kolom dengan judul 'terdata', 'jumlah terdata', 'data', 'jumlah data'."
    assert len(fix.lower().split("'terdata'")) == 2


def test_the_store_is_untouched_by_a_refused_recap_with_earlier_data_present(db):
    import_upload(xlsx({"PAS": [HEADER, *ROWS]}), "awal.xlsx", user=admin("operator"))
    before_history, before = store.history(), stored()
    rows = [*ROWS, ["Sep-25", "Kab. Konawe Seltan", "Anak Rentan", "#N/A", 1]]
    with pytest.raises(Refused):
        import_upload(xlsx({"PAS": [HEADER, *rows]}), "salah.xlsx", user=admin("operator"))
    pd.testing.assert_frame_equal(store.history(), before_history)
    assert stored() == before
