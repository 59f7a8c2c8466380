"""Reading the files offices actually produce: each case is a realistic messy file built here.

Every test asserts what the person sees (rows read, notes, problems with sheet/row/column) and, for imports, what
the database holds afterwards.
"""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile

import openpyxl
import pandas as pd
import pytest

from lib import store
from lib.config import load_config
from lib.errors import Refused, UserError
from lib.fmt import bulan
from lib.ingest import annotated_workbook, import_upload, preview_upload, problems_table, read, read_upload
from lib.store import save_batch
from tests.principals import admin
from tests.unit.uploads import PAS_HEADER, at, months_ago, xlsx

MARCH = dt.date(2025, 3, 1)


def pas_rows(result) -> pd.DataFrame:
    return result.datasets()["pas"].sort_values(["kode_wilayah", "kategori_pas"]).reset_index(drop=True)


# Title rows, merged cells, No column, totals rows ------------------------------------------------------------


def office_report() -> bytes:
    """The monthly report as a district office makes it: a merged title, a subtitle, a blank row, a No column,
    the district written once in a merged cell over its rows, a JUMLAH row and a signature below it."""
    rows = [
        ["REKAPITULASI DATA PEMERLU ATENSI SOSIAL"],
        ["Bulan Maret 2025"],
        [],
        ["No.", "Kabupaten/Kota", "Bulan", "Kelompok PAS", "Jumlah Terdata", "Jumlah Dilayani"],
        [1, "KAB. KONAWE", MARCH, "Anak Rentan", 120, 60],
        [2, None, MARCH, "penyandang disabilitas", 80, 40],
        [3, "Kota Kendari", "Maret 2025", "FAKIR MISKIN", "1.234", "1.000"],
        [None, "JUMLAH", None, None, 1434, 1100],
        [],
        [None, "Kendari, 5 April 2025"],
        [None, "Kepala Dinas Sosial"],
    ]
    return xlsx({"Data PAS": rows}, merged={"Data PAS": [("A1:F1", rows[0][0]), ("B5:B6", "KAB. KONAWE")]})


def test_title_rows_merged_cells_no_column_and_totals_row_are_read_as_a_person_means_them(db):
    result = read_upload(office_report(), "laporan_maret.xlsx")
    assert result.errors == []
    pas = pas_rows(result)
    assert pas.to_dict("records") == [
        {"periode": "2025-03", "kode_wilayah": "74.02", "kategori_pas": "anak_rentan", "terdata": 120, "dilayani": 60},
        {"periode": "2025-03", "kode_wilayah": "74.02", "kategori_pas": "disabilitas", "terdata": 80, "dilayani": 40},
        {
            "periode": "2025-03",
            "kode_wilayah": "74.71",
            "kategori_pas": "fakir_miskin",
            "terdata": 1234,
            "dilayani": 1000,
        },
    ]
    sheet = result.sheets[0]
    assert (sheet.sheet, sheet.dataset, sheet.excel_rows) == ("Data PAS", "pas", [5, 6, 7])
    assert sheet.columns == {"kode_wilayah": "B", "periode": "C", "kategori_pas": "D", "terdata": "E", "dilayani": "F"}
    assert 'Lembar "Data PAS": baris 8 (JUMLAH) dilewati sebagai baris total.' in result.notes
    assert any("baris 10–11 di bawah baris total diabaikan" in n for n in result.notes)


def test_totals_row_is_never_imported(db):
    import_upload(office_report(), "laporan_maret.xlsx", user=admin("operator"))
    stored = store.current("pas")
    assert len(stored) == 3
    assert stored["terdata"].sum() == 1434  # the JUMLAH row's 1434 was not added a second time


@pytest.mark.parametrize("label", ["TOTAL", "Total Keseluruhan", "Jumlah"])
def test_totals_row_labels_people_write_are_recognised(db, label):
    rows = [PAS_HEADER, ["2025-03", "74.71", "anak_rentan", 5, 2], [label, None, None, 5, 2]]
    result = read_upload(xlsx({"PAS": rows}), "pas.xlsx")
    assert result.errors == []
    assert len(result.datasets()["pas"]) == 1
    assert f'Lembar "PAS": baris 3 ({label}) dilewati sebagai baris total.' in result.notes


# Districts ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, kode",
    [
        ("KAB. KONAWE", "74.02"),
        ("Kabupaten Konawe", "74.02"),
        ("Konawe", "74.02"),
        ("Kab Konawe", "74.02"),
        ("kab. konawe selatan", "74.05"),
        ("Kota Baubau", "74.72"),
        ("Kota Bau Bau", "74.72"),
        ("BAU-BAU", "74.72"),
        ("74.71", "74.71"),
        (74.71, "74.71"),
        (74.1, "74.10"),
        ("74.1", "74.10"),
        ("7471", "74.71"),
        (7401, "74.04"),
        ("7404", "74.01"),  # BPS codes: 7401 is Buton (74.04), not Kolaka
        ("74.71 — Kota Kendari", "74.71"),  # the template's dropdown
    ],
    ids=lambda v: f"{type(v).__name__}:{v}",
)
def test_district_written_as_code_bps_code_or_name_in_any_usual_form(db, written, kode):
    rows = [["Wilayah", "Periode", "Kategori", "Terdata", "Dilayani"], [written, "2025-03", "Anak Rentan", 10, 5]]
    result = read_upload(xlsx({"PAS": rows}), "pas.xlsx")
    assert result.errors == []
    assert result.datasets()["pas"].at[0, "kode_wilayah"] == kode


def test_kota_and_kabupaten_of_the_same_name_stay_distinct_and_a_bare_name_asks_for_the_full_one(
    db, use_config, config_dinsos
):
    cfg = use_config(config_dinsos)  # has Kabupaten Gorontalo (75.01) and Kota Gorontalo (75.71)
    kategori = cfg.kategori[0].nama
    rows = [
        ["Kab/Kota", "Bulan", "Jenis PMKS", "Terdata", "Dilayani"],
        ["Kota Gorontalo", "2025-03", kategori, 10, 5],
        ["KAB. GORONTALO", "2025-03", kategori, 20, 5],
        ["Gorontalo", "2025-04", kategori, 30, 5],
    ]
    result = read_upload(xlsx({"PAS": rows}), "pmks.xlsx", cfg)
    pas = result.sheets[0].rows
    assert list(pas["kode_wilayah"][:2]) == ["75.71", "75.01"]
    [problem] = result.errors
    assert (problem.row, problem.column, problem.label, problem.value) == (4, "A", "Kab/Kota", "Gorontalo")
    assert "'Kabupaten Gorontalo' atau 'Kota Gorontalo'" in problem.message
    assert "nama lengkap" in problem.fix


def test_district_outside_the_coverage_area_is_an_error_naming_its_cell(db):
    rows = [
        PAS_HEADER,
        ["2025-03", "74.71", "anak_rentan", 10, 5],
        ["2025-03", "Kabupaten Bogor", "anak_rentan", 3, 1],
        ["2025-03", "73.71", "anak_rentan", 3, 1],
    ]
    result = read_upload(xlsx({"PAS": rows}), "pas.xlsx")
    [bogor] = at(result, 3, "B")
    assert bogor.value == "Kabupaten Bogor"
    assert bogor.message == "'Kabupaten Bogor' bukan kabupaten/kota di wilayah jangkauan."
    assert "kode Kemendagri" in bogor.fix
    [outside] = at(result, 4, "B")
    assert outside.value == "73.71"
    assert len(result.errors) == 2


# Periods, numbers, categories -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        MARCH,
        dt.date(2025, 3, 17),
        "2025-03",
        "Maret 2025",
        "MARET 2025",
        "Mar 2025",
        "03/2025",
        "3/2025",
        "2025/03",
        "2025-3",
    ],
    ids=str,
)
def test_period_written_as_excel_date_or_in_words_or_numbers(db, written):
    rows = [PAS_HEADER, ["", "", "", "", ""]]
    rows[1] = [written, "74.71", "anak_rentan", 10, 5]
    result = read_upload(xlsx({"PAS": rows}), "pas.xlsx")
    assert result.errors == []
    assert result.datasets()["pas"].at[0, "periode"] == "2025-03"


def test_period_as_a_bare_number_is_an_error_hinting_at_the_date_format(db):
    rows = [PAS_HEADER, [45717, "74.71", "anak_rentan", 10, 5]]  # a date typed into a cell formatted as number
    [p] = read_upload(xlsx({"PAS": rows}), "pas.xlsx").errors
    assert (p.row, p.column, p.value) == (2, "A", "45717")
    assert "format selnya menjadi Tanggal" in p.fix


@pytest.mark.parametrize(
    "written, value",
    [("1.234", 1234), ("1234", 1234), (1234.0, 1234), (1234, 1234), ("123.456", 123456), (" 7 ", 7)],
    ids=lambda v: f"{type(v).__name__}:{v}",
)
def test_whole_numbers_written_with_thousands_dots_or_as_numbers(db, written, value):
    rows = [PAS_HEADER, ["2025-03", "74.71", "anak_rentan", written, 0]]
    result = read_upload(xlsx({"PAS": rows}), "pas.xlsx")
    assert result.errors == []
    assert result.datasets()["pas"].at[0, "terdata"] == value


@pytest.mark.parametrize(
    "written, says",
    [
        ("1.234,5", "bukan bilangan bulat"),
        (12.5, "bukan bilangan bulat"),
        ("dua ratus", "'dua ratus' bukan angka."),
        ("12 orang", "bukan angka"),
    ],
    ids=lambda v: f"{type(v).__name__}:{v}",
)
def test_decimal_or_words_in_a_count_are_errors_naming_the_cell(db, written, says):
    rows = [
        ["Periode", "Kode Wilayah", "Kategori", "Jumlah Terdata", "Dilayani"],
        ["2025-03", "74.71", "anak_rentan", 10, 5],
        ["2025-03", "74.02", "anak_rentan", written, 5],
    ]
    result = read_upload(xlsx({"PAS": rows}), "pas.xlsx")
    [p] = result.errors
    assert (p.sheet, p.row, p.column, p.label) == ("PAS", 3, "D", "Jumlah Terdata")
    assert says in p.message
    table = problems_table(result.problems)
    assert table.loc[0, "Kolom"] == "D (Jumlah Terdata)"
    assert table.loc[0, "Jenis"] == "Galat"


def test_money_written_in_rupiah_and_statuses_in_any_case(db):
    cfg = load_config()
    rows = [
        [
            "Periode",
            "Kode Program",
            "Nama Program",
            "Klaster",
            "Kab/Kota",
            "Satuan",
            "Target",
            "Realisasi",
            "Pagu",
            "Realisasi Anggaran",
            "Status",
        ],
        [
            "2025-03",
            "PRG-1",
            "Kursi roda adaptif",
            cfg.klaster[0].nama.upper(),
            "Kota Kendari",
            "unit",
            50,
            10,
            "Rp 250.000.000",
            "Rp 1.250.000",
            cfg.status_program[1].lower(),
        ],
    ]
    result = read_upload(xlsx({"Program": rows}), "program.xlsx")
    assert result.errors == []
    row = result.datasets()["program"].iloc[0]
    assert (row["anggaran"], row["realisasi_anggaran"]) == (250_000_000, 1_250_000)
    assert row["status"] == cfg.status_program[1]
    assert row["klaster"] == cfg.klaster[0].kode


def test_unknown_category_lists_the_choices(db):
    cfg = load_config()
    rows = [PAS_HEADER, ["2025-03", "74.71", "Anak Hilang", 10, 5]]
    [p] = read_upload(xlsx({"PAS": rows}), "pas.xlsx").errors
    assert (p.row, p.column, p.value) == (2, "C", "Anak Hilang")
    assert p.message == f"'Anak Hilang' bukan {cfg.kategori_judul} yang dikenal."
    assert cfg.kategori[0].nama in p.fix


def test_dates_of_follow_ups_in_the_forms_people_write(db):
    rows = [
        ["Rapat", "Tanggal Rapat", "Kabupaten/Kota", "Uraian", "PJ", "Batas Waktu", "Status", "Keterangan"],
        ["Rakor I", dt.date(2025, 6, 12), "", "Kirim data PAS", "Operator", "30/06/2025", "Selesai", None],
        ["Rakor I", "2025-06-12", "74.71", "Verifikasi data", "Kabid", "12 Juli 2025", "selesai", "catatan"],
    ]
    result = read_upload(xlsx({"Tindak Lanjut": rows}), "tl.xlsx")
    assert result.errors == []
    tl = result.datasets()["tindak_lanjut"]
    assert list(tl["tanggal_rapat"]) == [dt.date(2025, 6, 12)] * 2
    assert list(tl["tenggat"]) == [dt.date(2025, 6, 30), dt.date(2025, 7, 12)]
    assert list(tl["kode_wilayah"]) == ["", "74.71"]  # blank = every district


# CSV ------------------------------------------------------------------------------------------------------------

CSV_ROWS = [
    ["Periode", "Kab/Kota", "Kategori", "Terdata", "Dilayani", "Keterangan"],
    ["Maret 2025", "Kota Bau Bau", "Anak Rentan", "1.234", "600", "Rekap dari Dinas Sosial — lengkap"],
    ["Maret 2025", "KAB. KONAWE", "Fakir Miskin", "20", "10", "Sudah diverifikasi"],
]


@pytest.mark.parametrize(
    "encoding, delimiter", [("cp1252", ";"), ("utf-8-sig", ";"), ("utf-8", ","), ("utf-8-sig", ",")]
)
def test_csv_with_semicolons_or_commas_in_windows_1252_or_utf8_with_or_without_bom(db, encoding, delimiter):
    text = "\r\n".join(delimiter.join(r) for r in CSV_ROWS) + "\r\n"
    data = text.encode(encoding)
    assert data.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    result = read_upload(data, "pas.csv")
    assert result.errors == []
    pas = pas_rows(result)
    assert list(pas["kode_wilayah"]) == ["74.02", "74.72"]
    assert list(pas["terdata"]) == [20, 1234]
    assert result.sheets[0].sheet == ""
    assert 'Berkas CSV: kolom F ("Keterangan") tidak dikenali dan diabaikan.' in result.notes


def test_csv_problems_name_the_line_and_column(db):
    text = "periode;kode_wilayah;kategori_pas;terdata;dilayani\n2025-03;74.71;anak_rentan;-5;1\n"
    [p] = read_upload(text.encode("cp1252"), "pas.csv").errors
    assert (p.sheet, p.row, p.column, p.value) == ("", 2, "D", "-5")
    assert p.message == "Terdata bernilai negatif (−5)."


# Sheets ---------------------------------------------------------------------------------------------------------


def test_sheets_are_recognised_by_name_or_by_header_and_others_are_reported(db):
    data = xlsx(
        {
            "pas": [PAS_HEADER, ["2025-03", "74.71", "anak_rentan", 10, 5]],
            "Sheet3": [["Tahun", "Kabupaten/Kota", "Jumlah Penduduk"], [2024, "74.71", 360000]],
            "Catatan": [["Data ini dikirim oleh operator kabupaten."]],
            "Kosong": [],
        }
    )
    result = read_upload(data, "campuran.xlsx")
    assert result.errors == []
    assert [(s.sheet, s.dataset) for s in result.sheets] == [("pas", "pas"), ("Sheet3", "penduduk")]
    assert 'Lembar "Catatan" tidak dikenali dan dilewati.' in result.notes


def test_a_file_without_any_recognisable_data_is_an_error(db):
    result = read_upload(xlsx({"Sheet1": [["barang", "harga"], ["Kursi roda", "Rp 2.500.000"]]}), "lain.xlsx")
    assert not result.ok
    assert result.errors[0].message == "Tidak ada data yang dapat dibaca di berkas ini."


def test_a_sheet_named_like_a_dataset_without_a_required_column_says_which_column_is_missing(db):
    rows = [["Periode", "Kabupaten/Kota", "Kategori", "Terdata"], ["2025-03", "74.71", "anak_rentan", 3]]
    [p] = read_upload(xlsx({"PAS": rows}), "pas.xlsx").errors
    assert (p.sheet, p.row, p.column) == ("PAS", 1, None)
    assert p.message == "Kolom Dilayani tidak ada di baris judul (baris 1)."


def test_two_sheets_of_one_dataset_are_put_together_and_duplicates_across_them_are_errors(db):
    data = xlsx(
        {
            "PAS Jan": [PAS_HEADER, ["2025-01", "74.71", "anak_rentan", 10, 5]],
            "PAS Feb": [
                PAS_HEADER,
                ["2025-02", "74.71", "anak_rentan", 11, 5],
                ["2025-01", "74.71", "anak_rentan", 12, 5],
            ],
        }
    )
    result = read_upload(data, "pas.xlsx")
    [p] = result.errors
    assert (p.sheet, p.row, p.column) == ("PAS Feb", 3, None)
    assert 'sudah ada di baris 2 lembar "PAS Jan"' in p.message
    ok = xlsx(
        {
            "PAS Jan": [PAS_HEADER, ["2025-01", "74.71", "anak_rentan", 10, 5]],
            "PAS Feb": [PAS_HEADER, ["2025-02", "74.71", "anak_rentan", 11, 5]],
        }
    )
    outcome = import_upload(ok, "pas.xlsx", user=admin("operator"))
    assert len(outcome.batch_ids) == 1
    assert list(store.current("pas")["periode"]) == ["2025-01", "2025-02"]


# Errors that block, warnings that do not ---------------------------------------------------------------------


def test_every_error_is_reported_at_once_with_its_row_and_column_and_nothing_is_written(db):
    save_batch("pas", pd.DataFrame([["2025-01", "74.71", "anak_rentan", 10, 5]], columns=PAS_HEADER), admin("awal"))
    future = months_ago(-1)
    rows = [
        PAS_HEADER,
        ["2025-03", "74.99", "anak_rentan", 10, 5],  # 2: district not in the coverage area
        [future, "74.71", "anak_rentan", 10, 5],  # 3: future period
        ["2025-03", "74.71", "disabilitas", -4, 0],  # 4: negative
        ["2025-03", "74.71", "lansia_terlantar", 10, 5],  # 5
        ["2025-03", "74.71", "lansia_terlantar", 11, 5],  # 6: duplicate of row 5
        ["2025-03", "74.12", "fakir_miskin", 50_000, 5],  # 7: more than Konawe Kepulauan's 44.091 people
        ["2025-03", "74.71", "", 3, 1],
    ]  # 8: blank category
    data = xlsx({"PAS": rows})
    result = read_upload(data, "pas.xlsx")
    where = {(p.row, p.column): p.message for p in result.errors}
    assert where[(2, "B")] == "'74.99' bukan kabupaten/kota di wilayah jangkauan."
    assert where[(3, "A")].startswith(f"Periode {bulan(future)} belum terjadi (hari ini ")
    assert where[(4, "D")] == "Terdata bernilai negatif (−4)."
    assert where[(6, None)].startswith("Baris ganda:") and "sudah ada di baris 5" in where[(6, None)]
    assert where[(7, "D")] == "Terdata 50.000 melebihi jumlah penduduk Kabupaten Konawe Kepulauan (44.091)."
    assert where[(8, "C")].endswith("kosong, padahal wajib diisi.")
    assert len(result.errors) == 6
    before = store.history()
    with pytest.raises(UserError) as e:
        import_upload(data, "pas.xlsx", user=admin("operator"))
    assert isinstance(e.value, Refused)  # the command line exits 1
    assert list(e.value.details.columns) == [
        "Lembar",
        "Baris",
        "Kolom",
        "Nilai",
        "Masalah",
        "Cara memperbaiki",
        "Jenis",
    ]
    assert list(e.value.details["Baris"]) == [2, 3, 4, 6, 7, 8]
    pd.testing.assert_frame_equal(store.history(), before)
    assert len(store.current("pas")) == 1


def test_population_uploaded_in_the_same_file_is_the_one_checked(db):
    data = xlsx(
        {
            "PAS": [PAS_HEADER, ["2025-03", "74.12", "fakir_miskin", 50_000, 5]],
            "Penduduk": [["tahun", "kode_wilayah", "jumlah"], [2025, "74.12", 60_000]],
        }
    )
    assert read_upload(data, "pas.xlsx").errors == []


def test_dilayani_above_terdata_and_a_tenfold_jump_are_warnings_that_do_not_block(db):
    save_batch("pas", pd.DataFrame([["2025-02", "74.71", "anak_rentan", 10, 5]], columns=PAS_HEADER), admin("awal"))
    rows = [PAS_HEADER, ["2025-03", "74.71", "anak_rentan", 150, 5], ["2025-03", "74.02", "anak_rentan", 10, 12]]
    data = xlsx({"PAS": rows})
    outcome = import_upload(data, "pas.xlsx", user=admin("operator"), note="Maret")
    result = outcome.result
    assert result.errors == []
    jump, served = result.warnings
    assert (jump.row, jump.column) == (2, "D")
    assert jump.message == "Terdata 150 lebih dari 10 kali nilai Februari 2025 (10)."
    assert (served.row, served.column) == (3, "E")
    assert served.message == "Dilayani (12) lebih besar dari terdata (10)."
    assert problems_table(result.warnings)["Jenis"].tolist() == ["Peringatan", "Peringatan"]
    assert len(outcome.batch_ids) == 1
    assert store.current("pas")["terdata"].tolist() == [10, 10, 150]
    assert store.history().iloc[0]["catatan"] == "Maret"


def test_preview_counts_new_changed_and_unchanged_rows_and_writes_nothing(db):
    save_batch(
        "pas",
        pd.DataFrame(
            [["2025-02", "74.71", "anak_rentan", 10, 5], ["2025-02", "74.02", "anak_rentan", 8, 4]], columns=PAS_HEADER
        ),
        admin("awal"),
    )
    rows = [
        PAS_HEADER,
        ["2025-02", "74.71", "anak_rentan", 10, 5],
        ["2025-02", "74.02", "anak_rentan", 9, 4],
        ["2025-03", "74.02", "anak_rentan", 9, 4],
    ]
    outcome = preview_upload(xlsx({"PAS": rows}), "pas.xlsx")
    cmp = outcome.comparisons["pas"]
    assert (cmp.count("baru"), cmp.count("berubah"), cmp.count("sama")) == (1, 1, 1)
    changed = cmp.changed.iloc[0]
    assert (changed["lama_terdata"], changed["terdata"]) == (8, 9)
    assert outcome.batch_ids == []
    assert len(store.history()) == 1


def test_a_workbook_with_several_datasets_imports_them_all_in_one_go(db):
    data = xlsx(
        {
            "PAS": [PAS_HEADER, ["2025-03", "74.71", "anak_rentan", 10, 5]],
            "SKA": [
                ["Periode", "Unit", "Pengunjung", "Produk Terjual", "Omzet", "Laba Kotor"],
                ["2025-03", "Galeri", 1710, 900, "Rp 67.000.000", "Rp 20.100.000"],
            ],
        }
    )
    outcome = import_upload(data, "rakor.xlsx", user=admin("operator"))
    assert len(outcome.batch_ids) == 2
    history = store.history()
    assert set(history["dataset"]) == {"pas", "ska"}
    assert set(history["sha256"]) == {outcome.result.sha256}
    assert store.current("ska")["omzet"].tolist() == [67_000_000]


def test_one_bad_sheet_keeps_the_good_sheets_of_the_file_out_too(db):
    data = xlsx(
        {
            "PAS": [PAS_HEADER, ["2025-03", "74.71", "anak_rentan", 10, 5]],
            "SKA": [
                ["Periode", "Unit", "Pengunjung", "Produk Terjual", "Omzet", "Laba Kotor"],
                ["2025-03", "Galeri", "seribu", 900, 1, 1],
            ],
        }
    )
    with pytest.raises(UserError):
        import_upload(data, "rakor.xlsx", user=admin("operator"))
    assert store.history().empty


# Files that cannot be read at all --------------------------------------------------------------------------------


def test_a_pdf_renamed_xlsx_is_refused_with_a_clear_message(db):
    pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"0" * 50_000 + b"\n%%EOF\n"
    with pytest.raises(UserError) as e:
        read_upload(pdf, "laporan.xlsx")
    assert not isinstance(e.value, Refused)  # the command line exits 2
    assert e.value.title == "Berkas bukan lembar kerja"
    assert "'laporan.xlsx' adalah dokumen PDF" in e.value.message


def test_a_file_over_the_size_limit_is_refused(db, monkeypatch):
    monkeypatch.setenv("ATENSI_MAX_UPLOAD_MB", "0.01")
    data = xlsx({"PAS": [PAS_HEADER] + [["2025-03", "74.71", f"x{i}", i, 0] for i in range(2000)]})
    assert len(data) > 0.01 * 2**20
    with pytest.raises(UserError) as e:
        read_upload(data, "besar.xlsx")
    assert e.value.title == "Berkas terlalu besar"
    assert "ATENSI_MAX_UPLOAD_MB" in e.value.message


def zip_bomb(member_mb: int = 300) -> bytes:
    """An .xlsx-looking zip whose sheet XML is `member_mb` MB of spaces (compresses about 1000:1)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "xl/workbook.xml", "<workbook><sheets><sheet name='PAS' sheetId='1' r:id='rId1'/></sheets></workbook>"
        )
        chunk = b" " * 2**20
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b"<worksheet><sheetData>")
            for _ in range(member_mb):
                f.write(chunk)
            f.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def test_a_zip_bomb_is_refused_before_parsing_with_bounded_memory(db, monkeypatch):
    bomb = zip_bomb()
    assert len(bomb) < 2 * 2**20  # small enough to pass the size limit

    def must_not_parse(*a, **kw):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(read, "read_workbook", must_not_parse)
    tracemalloc.start()
    try:
        with pytest.raises(UserError) as e:
            read_upload(bomb, "bom.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert e.value.title == "Berkas terlalu besar setelah dibuka"
    assert not isinstance(e.value, Refused)  # the command line exits 2
    assert peak < 20 * 2**20  # the 300 MB were never held in memory


def test_a_damaged_xlsx_is_refused_as_unreadable(db):
    data = xlsx({"PAS": [PAS_HEADER]})
    with pytest.raises(UserError) as e:
        read_upload(data[: len(data) // 2], "rusak.xlsx")
    assert e.value.title == "Berkas tidak dapat dibaca"
    assert not isinstance(e.value, Refused)  # the command line exits 2


def test_an_unknown_file_type_is_refused(db):
    with pytest.raises(UserError) as e:
        read_upload(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "foto.gif")
    assert e.value.title == "Jenis berkas tidak dikenal"


# The annotated copy ---------------------------------------------------------------------------------------------


def test_annotated_workbook_colours_and_comments_the_bad_cells_of_the_persons_own_file(db):
    rows = [
        ["LAPORAN PAS"],
        PAS_HEADER,
        ["2025-03", "74.71", "anak_rentan", "dua ratus", 5],
        ["2025-03", "74.02", "anak_rentan", 10, 12],
    ]
    data = xlsx({"PAS": rows})
    result = read_upload(data, "pas.xlsx")
    out = openpyxl.load_workbook(io.BytesIO(annotated_workbook(data, "pas.xlsx", result.problems)))
    ws = out["PAS"]
    assert ws["A1"].value == "LAPORAN PAS"  # the person's own file, title row and all
    assert ws["D3"].fill.fgColor.rgb.endswith("FFC7CE")  # red: error
    assert "'dua ratus' bukan angka." in ws["D3"].comment.text
    assert ws["E4"].fill.fgColor.rgb.endswith("FFEB9C")  # yellow: warning
    assert "lebih besar dari terdata" in ws["E4"].comment.text
    assert ws["A3"].comment is None
    listed = [[c.value for c in r] for r in out["Daftar Masalah"].iter_rows()]
    assert listed[0] == ["Lembar", "Baris", "Kolom", "Nilai", "Masalah", "Cara memperbaiki", "Jenis"]
    assert listed[1][:4] == ["PAS", 3, "D (terdata)", "dua ratus"]


def test_annotated_copy_of_a_csv_is_an_xlsx_with_the_same_cells(db):
    text = "periode;kode_wilayah;kategori_pas;terdata;dilayani\n2025-03;Atlantis;anak_rentan;5;1\n"
    data = text.encode("cp1252")
    result = read_upload(data, "pas.csv")
    ws = openpyxl.load_workbook(io.BytesIO(annotated_workbook(data, "pas.csv", result.problems))).worksheets[0]
    assert ws["B2"].value == "Atlantis"
    assert "bukan kabupaten/kota di wilayah jangkauan" in ws["B2"].comment.text


def test_a_file_with_more_rows_than_the_limit_is_refused(db, monkeypatch):
    monkeypatch.setattr(read, "MAX_ROWS", 50)
    rows = [PAS_HEADER] + [["2025-03", "74.71", "anak_rentan", i, 0] for i in range(120)]
    for data, name in (
        (xlsx({"PAS": rows}), "banyak.xlsx"),
        ("\n".join(",".join(map(str, r)) for r in rows).encode(), "banyak.csv"),
    ):
        with pytest.raises(UserError) as e:
            read_upload(data, name)
        assert e.value.title == "Berkas terlalu banyak baris"
        assert "lebih dari 50 baris" in e.value.message
