"""The outcome dataset (hasil) through the real import path, on both backends: a tidy sheet, a wide recap with the
kinds of outcome across the columns, an unknown kind refused naming its cell; and an outcome indicator computed
from the stored rows."""

from __future__ import annotations

import pytest

from lib import figures, store
from lib.config import load_config
from lib.errors import Refused
from lib.figures import Filter
from lib.ingest import import_upload
from tests.principals import admin
from tests.unit.uploads import xlsx

CFG = load_config()
KINDS = list(CFG.jenis_hasil)


def stored() -> dict[tuple, int]:
    got = store.current("hasil")
    return {
        (p, str(w), str(k), str(j)): int(n)
        for p, w, k, j, n in zip(
            got["periode"], got["kode_wilayah"], got["kategori_pas"], got["jenis_hasil"], got["jumlah"]
        )  # fmt: skip
    }


def test_a_tidy_hasil_sheet_imports_with_the_labels_people_write(db):
    rows = [
        ["Bulan", "Kabupaten/Kota", "Kelompok PAS", "Jenis Hasil", "Jumlah"],
        ["Maret 2025", "Konsel", "Anak Rentan", "Kembali berfungsi sosial", 12],
        ["2025-03", "74.71", "lansia_terlantar", "selesai_layanan", "1.204"],
    ]
    outcome = import_upload(xlsx({"Hasil": rows}), "hasil.xlsx", user=admin("operator"))
    assert outcome.batch_ids
    assert stored() == {
        ("2025-03", "74.05", "anak_rentan", "berfungsi_sosial"): 12,
        ("2025-03", "74.71", "lansia_terlantar", "selesai_layanan"): 1204,
    }


def test_a_wide_recap_with_the_kinds_of_outcome_across_imports_as_hasil_rows(db):
    header = ["Kabupaten/Kota", "Kelompok PAS", *[k.nama for k in KINDS[:3]]]
    rows = [["HASIL LAYANAN BULAN APRIL 2025"], header, ["Kolaka", "Penyandang Disabilitas", 7, 0, 2]]
    import_upload(xlsx({"Rekap hasil": rows}), "rekap.xlsx", user=admin("operator"))
    assert stored() == {
        ("2025-04", "74.01", "disabilitas", KINDS[0].kode): 7,
        ("2025-04", "74.01", "disabilitas", KINDS[1].kode): 0,
        ("2025-04", "74.01", "disabilitas", KINDS[2].kode): 2,
    }


def test_an_unknown_kind_of_outcome_is_refused_naming_its_cell_and_nothing_is_stored(db):
    rows = [
        ["Periode", "Kabupaten/Kota", "Kelompok PAS", "Jenis Hasil", "Jumlah"],
        ["2025-03", "Konsel", "Anak Rentan", "Sembuh total", 3],
    ]
    with pytest.raises(Refused) as refused:
        import_upload(xlsx({"Hasil": rows}), "hasil.xlsx", user=admin("operator"))
    table = refused.value.details
    errors = table[table["Jenis"] == "Galat"]
    assert list(zip(errors["Lembar"], errors["Baris"], errors["Kolom"])) == [("Hasil", 2, "D (Jenis Hasil)")]
    assert "Kembali berfungsi sosial" in errors["Cara memperbaiki"].iloc[0]
    assert store.current("hasil").empty and store.history().empty


def test_an_outcome_indicator_is_computed_from_the_stored_rows(db):
    rows_pas = [
        ["Periode", "Kabupaten/Kota", "Kelompok PAS", "Terdata", "Dilayani"],
        ["2025-03", "74.05", "Anak Rentan", 100, 40],
        ["2025-03", "74.05", "Fakir Miskin", 300, 60],
        ["2025-03", "74.71", "Anak Rentan", 50, 0],
    ]
    rows_hasil = [
        ["Periode", "Kabupaten/Kota", "Kelompok PAS", "Jenis Hasil", "Jumlah"],
        ["2025-03", "74.05", "Anak Rentan", "berfungsi_sosial", 10],
        ["2025-03", "74.05", "Fakir Miskin", "berfungsi_sosial", 5],
        ["2025-03", "74.05", "Fakir Miskin", "dirujuk", 9],
        ["2025-03", "74.71", "Anak Rentan", "berfungsi_sosial", 4],
    ]
    import_upload(xlsx({"PAS": rows_pas, "Hasil": rows_hasil}), "data.xlsx", user=admin("operator"))
    data = {name: store.current(name) for name in store.DATASETS}
    table = figures.district_measures(data, CFG, Filter(periode="2025-03"))["kini"]
    assert table.at["74.05", "berfungsi_sosial"] == pytest.approx((10 + 5) / (40 + 60))
    assert table.isna().at["74.71", "berfungsi_sosial"]  # nobody served: no data, never infinity
    assert table.isna().at["74.01", "berfungsi_sosial"]  # no report at all
    # the coverage: Σ numerators ÷ Σ denominators over the districts that have both (74.71's 0 adds nothing)
    area = figures.area_values(data, CFG, None, "2025-03", ["74.05", "74.71"])
    assert area["berfungsi_sosial"] == pytest.approx((10 + 5 + 4) / (40 + 60 + 0))
