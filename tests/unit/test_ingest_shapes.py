"""Files as they really arrive: hidden sheets, a CSV line longer than the csv module's default limit, absurdly wide
files, damaged workbooks, and recaps with a two-row header ("Jumlah PAS" merged over "Terdata" and "Dilayani")."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from lib import store
from lib.errors import Refused, UserError
from lib.ingest import import_upload, preview_upload, read, read_upload
from tests.principals import admin
from tests.unit.uploads import PAS_HEADER, at, csv_bytes, import_command, ods, xlsx

MARCH = [["2025-03", "74.71", "anak_rentan", 10, 5], ["2025-03", "74.02", "anak_rentan", 20, 12]]
APRIL = [["2025-04", w, "anak_rentan", 7, 3] for w in ("74.71", "74.02", "74.03")]
TL_HEADER = ["rapat", "tanggal_rapat", "kode_wilayah", "uraian", "penanggung_jawab", "tenggat", "status", "catatan"]


# Hidden sheets ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["hidden", "very"])
def test_a_hidden_sheet_with_valid_rows_is_skipped_with_a_note_and_nothing_of_it_is_stored(db, how):
    data = xlsx({"PAS": [PAS_HEADER, *MARCH], "April": [PAS_HEADER, *APRIL]}, hidden={"April": how})
    outcome = preview_upload(data, "pas.xlsx")
    assert any(n.startswith('Lembar tersembunyi "April" dilewati') for n in outcome.result.notes)
    assert [s.sheet for s in outcome.result.sheets] == ["PAS"]
    import_upload(data, "pas.xlsx", user=admin("operator"))
    assert sorted(store.current("pas")["periode"]) == ["2025-03", "2025-03"]  # no April row


def test_a_hidden_sheet_with_clashing_keys_gives_no_error_about_a_sheet_nobody_sees(db):
    data = xlsx(
        {"PAS": [PAS_HEADER, *MARCH], "Lama": [PAS_HEADER, *MARCH, ["x", "Atlantis", "?", -1, "dua"]]},
        hidden={"Lama": "hidden"},
    )
    result = read_upload(data, "pas.xlsx")
    assert result.ok and result.problems == []
    assert any('"Lama"' in n for n in result.notes)


def test_a_hidden_table_of_an_ods_file_is_skipped_too(db):
    data = ods({"PAS": [PAS_HEADER, *MARCH], "April": [PAS_HEADER, *APRIL]}, hidden={"April"})
    result = read_upload(data, "pas.ods")
    assert any(n.startswith('Lembar tersembunyi "April" dilewati') for n in result.notes)
    assert result.ok and len(result.datasets()["pas"]) == 2


def test_a_workbook_whose_only_data_sheet_is_hidden_says_so_and_stores_nothing(db):
    data = xlsx({"Kosong": [], "PAS": [PAS_HEADER, *MARCH]}, hidden={"PAS": "very"})
    with pytest.raises(Refused) as e:
        import_upload(data, "pas.xlsx", user=admin("operator"))
    assert "Tidak ada data yang dapat dibaca" in e.value.details["Masalah"].iloc[0]
    assert store.history().empty


def test_the_command_line_prints_the_hidden_sheet_note(db, tmp_path, cli_admin):
    path = tmp_path / "pas.xlsx"
    path.write_bytes(xlsx({"PAS": [PAS_HEADER, *MARCH], "April": [PAS_HEADER, *APRIL]}, hidden={"April": "very"}))
    out = import_command(path, db, cli_admin)
    assert out.returncode == 0, out.stderr
    assert 'Lembar tersembunyi "April" dilewati' in out.stdout
    assert "pas: 2 baris baru, 0 berubah, 0 sama" in out.stdout


# Long lines, wide files, damaged files ---------------------------------------------------------------------------


def test_a_csv_note_longer_than_the_csv_modules_default_limit_reads_whole(db):
    note = "Catatan panjang rapat koordinasi. " * 6_000  # 204,000 characters on one line (the default: 131,072)
    rows = [
        TL_HEADER,
        ["Rakor Maret", "2025-03-05", "74.71", "Data PAS diperbarui", "Dinsos", "2025-04-01", "Selesai", note],
    ]
    import_upload(csv_bytes(rows), "tindak_lanjut.csv", user=admin("operator"))
    assert store.current("tindak_lanjut")["catatan"].tolist() == [note.strip()]


def test_a_csv_with_100000_columns_is_refused_in_indonesian_naming_the_file_and_line(db):
    data = csv_bytes([PAS_HEADER, *MARCH, ["x"] * 100_000])
    with pytest.raises(UserError) as e:
        read_upload(data, "lebar.csv")
    assert e.value.title == "Berkas terlalu banyak kolom"
    assert "Baris 4 di 'lebar.csv' berisi 100.000 kolom; batasnya 1.000" in e.value.message
    assert not isinstance(e.value, Refused)  # the command line exits 2


def test_a_workbook_sheet_wider_than_the_limit_is_refused(db):
    with pytest.raises(UserError) as e:
        read_upload(xlsx({"PAS": [PAS_HEADER + [""] * 1_000 + ["catatan nyasar"], *MARCH]}), "lebar.xlsx")
    assert "Lembar \"PAS\" di 'lebar.xlsx' berisi 1.006 kolom" in e.value.message


def test_a_csv_the_csv_module_cannot_parse_is_a_user_error_naming_the_line(db, monkeypatch):
    monkeypatch.setattr(read, "max_upload_bytes", lambda: 1_000)  # a field limit below the field's length
    before = csv.field_size_limit(1_000)
    try:
        data = csv_bytes([PAS_HEADER, *MARCH, ["2025-03", "74.03", "anak_rentan", 1, "x" * 5_000]])
        with pytest.raises(UserError) as e:
            read.read_csv(data, "aneh.csv")
    finally:
        csv.field_size_limit(before)
    assert "'aneh.csv' baris 4 tidak dapat dibaca sebagai CSV" in e.value.message


def test_a_zip_with_a_broken_workbook_inside_is_a_user_error_not_a_traceback(db):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook><sheets><sheet name='PAS' r:id='rId1'")  # cut off
    with pytest.raises(UserError) as e:
        read_upload(buf.getvalue(), "rusak.xlsx")
    assert e.value.title == "Berkas tidak dapat dibaca" and "'rusak.xlsx'" in e.value.message


# Two-row headers ------------------------------------------------------------------------------------------------


def recap_rows(data: list[list]) -> list[list]:
    """A recap as offices write it: title, blank, then 'Jumlah PAS' over 'Terdata' and 'Dilayani'."""
    return [
        ["REKAP PAS MARET 2025"],
        [],
        ["No", "Periode", "Kabupaten/Kota", "Kategori PAS", "Jumlah PAS", None],
        [None, None, None, None, "Terdata", "Dilayani"],
        *[[i, *r] for i, r in enumerate(data, start=1)],
    ]


def test_a_two_row_header_with_a_merged_group_label_is_read_and_problems_name_the_real_cells(db):
    rows = recap_rows([*MARCH, ["2025-03", "74.03", "anak_rentan", "dua ratus", 1]])
    merged = [
        ("A3:A4", "No"),
        ("B3:B4", "Periode"),
        ("C3:C4", "Kabupaten/Kota"),
        ("D3:D4", "Kategori PAS"),
        ("E3:F3", "Jumlah PAS"),
    ]
    result = read_upload(xlsx({"Rekap": rows}, merged={"Rekap": merged}), "rekap.xlsx")
    [p] = result.errors
    assert (p.row, p.column, p.label, p.value) == (7, "E", "Jumlah PAS Terdata", "dua ratus")
    sheet = result.sheets[0]
    assert sheet.excel_rows == [5, 6, 7]
    assert sheet.columns == {"periode": "B", "kode_wilayah": "C", "kategori_pas": "D", "terdata": "E", "dilayani": "F"}
    assert result.notes == []  # no column reported as unknown, not even "No"


def test_a_two_row_header_in_a_csv_carries_the_group_label_across_the_blanks(db):
    rows = [["Periode", "Wilayah", "Kategori", "Jumlah PAS", ""], ["", "", "", "Terdata", "Dilayani"], *MARCH]
    outcome = import_upload(csv_bytes(rows, ";"), "rekap.csv", user=admin("operator"))
    assert outcome.comparisons["pas"].count("baru") == 2
    got = store.current("pas").sort_values("kode_wilayah")[["kode_wilayah", "terdata", "dilayani"]]
    assert got.values.tolist() == [["74.02", 20, 12], ["74.71", 10, 5]]


def test_a_two_row_header_missing_a_column_points_to_both_header_rows(db):
    rows = [["Periode", "Wilayah", "Kategori", "Jumlah PAS"], ["", "", "", "Terdata"], *[r[:4] for r in MARCH]]
    result = read_upload(xlsx({"PAS": rows}), "rekap.xlsx")
    [p] = at(result, 2, None)
    assert "tidak ada di baris judul (baris 1–2)" in p.message and "Dilayani" in p.message


def test_a_title_row_above_a_one_row_header_is_still_a_title(db):
    rows = [["Laporan PAS Maret 2025"], PAS_HEADER, *MARCH]
    result = read_upload(xlsx({"PAS": rows}), "pas.xlsx")
    assert result.ok and result.sheets[0].excel_rows == [3, 4]
    assert result.sheets[0].columns["terdata"] == "D"
