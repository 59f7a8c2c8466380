"""Recaps as Dinas Sosial offices send them: districts down the rows, PAS groups across the columns ("ANAK RENTAN"
merged over "TERDATA" and "DILAYANI"), a totals row; the month only in a title row or the sheet name, one sheet per
month; district abbreviations. Each is imported exactly through the real import path, and each with one corrupted
cell is refused naming that cell (sheet, Excel row, column letter), the store unchanged."""

from __future__ import annotations

import pandas as pd
import pytest

from lib import store
from lib.config import load_config
from lib.errors import Refused
from lib.fmt import BULAN
from lib.ingest import import_upload, preview_upload, read_upload
from tests.principals import admin
from tests.unit.uploads import xlsx

CFG = load_config()
GROUPS = list(CFG.kategori)[:4]
# (written as, Kemendagri code): abbreviations and spellings offices use.
DISTRICTS = [("Konsel", "74.05"), ("KAB. BUSEL", "74.15"), ("Kota Bau-Bau", "74.72"), ("Kolaka", "74.01")]


def letter(c: int) -> str:
    return chr(65 + c)


def values(month: int, d: int, g: int) -> tuple[int, int]:
    terdata = 100 * month + 10 * d + g
    return terdata, terdata // 2


def wide_sheet(month: int, title: str | None, districts=DISTRICTS, groups=GROUPS):
    """Rows and merged ranges of one month's recap: title rows, a two-row merged header, a totals row."""
    top = [["REKAPITULASI PEMERLU ATENSI SOSIAL (PAS)"], [title] if title else []]
    h = len(top)  # 0-based upper header row
    upper = ["NO", "KABUPATEN/KOTA"] + sum([[g.nama.upper(), None] for g in groups], []) + ["JUMLAH", None]
    lower = [None, None] + ["TERDATA", "DILAYANI"] * (len(groups) + 1)
    body = []
    for d, (name, _) in enumerate(districts):
        cells = [v for g in range(len(groups)) for v in values(month, d, g)]
        body.append([d + 1, name, *cells, sum(cells[0::2]), sum(cells[1::2])])
    totals = ["JUMLAH", None, *[sum(r[c] for r in body) for c in range(2, len(upper))]]
    merged = [(f"A{h + 1}:A{h + 2}", "NO"), (f"B{h + 1}:B{h + 2}", "KABUPATEN/KOTA")]
    for i, label in enumerate([g.nama.upper() for g in groups] + ["JUMLAH"]):
        merged.append((f"{letter(2 + 2 * i)}{h + 1}:{letter(3 + 2 * i)}{h + 1}", label))
    return [*top, upper, lower, *body, totals], merged, h + 3  # Excel row of the first district


def expected(months: list[int], districts=DISTRICTS, groups=GROUPS) -> list[dict]:
    rows = []
    for m in months:
        for d, (_, kode) in enumerate(districts):
            for g, item in enumerate(groups):
                t, s = values(m, d, g)
                rows.append(
                    {
                        "periode": f"2025-{m:02d}",
                        "kode_wilayah": kode,
                        "kategori_pas": item.kode,
                        "terdata": t,
                        "dilayani": s,
                    }
                )
    return sorted(rows, key=lambda r: (r["periode"], r["kode_wilayah"], r["kategori_pas"]))


def stored() -> list[dict]:
    df = store.current("pas")
    cols = ["periode", "kode_wilayah", "kategori_pas", "terdata", "dilayani"]
    df = df[cols].sort_values(cols[:3])
    return [{k: (int(v) if k in ("terdata", "dilayani") else v) for k, v in r.items()} for r in df.to_dict("records")]


# The layouts: name -> (sheets, merged, months, where the period comes from) -----------------------------------


def layout(kind: str):
    if kind == "title":  # the month only in a title row; a sheet name that says nothing
        rows, merged, first = wide_sheet(4, "KEADAAN BULAN APRIL 2025")
        return {"Rekap": rows}, {"Rekap": merged}, [4], {"Rekap": first}
    if kind == "sheet_name":  # the month only in the sheet name
        rows, merged, first = wide_sheet(4, None)
        return {"APRIL 2025": rows}, {"APRIL 2025": merged}, [4], {"APRIL 2025": first}
    if kind == "per_month":  # one sheet per month, named 'JAN 2025', 'FEB 2025', 'MAR 2025'
        sheets, merged, firsts = {}, {}, {}
        for m in (1, 2, 3):
            name = f"{BULAN[m - 1][:3].upper()} 2025"
            sheets[name], merged[name], firsts[name] = wide_sheet(m, None)
        return sheets, merged, [1, 2, 3], firsts
    raise ValueError(kind)


KINDS = ["title", "sheet_name", "per_month"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_wide_recap_imports_exactly_with_the_month_from_its_title_or_sheet_name(db, kind):
    sheets, merged, months, _ = layout(kind)
    outcome = import_upload(xlsx(sheets, merged=merged), "rekap.xlsx", user=admin("operator"))
    assert len(outcome.batch_ids) == 1  # one batch for the dataset, however many monthly sheets
    assert stored() == expected(months)
    notes = outcome.result.notes
    assert sum("dilewati sebagai baris total" in n for n in notes) == len(sheets)
    assert not [p for p in outcome.result.problems if p.severity == "galat"]


def test_the_preview_says_where_the_period_came_from(db):
    title = preview_upload(xlsx(*layout("title")[:2]), "rekap.xlsx").result.notes
    assert 'Lembar "Rekap": periode April 2025 diambil dari judul lembar, baris 2.' in title
    named = preview_upload(xlsx(*layout("sheet_name")[:2]), "rekap.xlsx").result.notes
    assert 'Lembar "APRIL 2025": periode April 2025 diambil dari nama lembar.' in named


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("district", "group", "measure", "bad"), [(0, 0, 0, -5), (3, 2, 1, "dua"), (1, 3, 0, 2.5)])
def test_one_corrupted_cell_of_a_wide_recap_is_named_and_nothing_is_stored(db, kind, district, group, measure, bad):
    sheets, merged, _, firsts = layout(kind)
    name = list(sheets)[-1]
    row = firsts[name] + district  # Excel row
    col = 2 + 2 * group + measure
    sheets[name][row - 1][col] = bad
    before = store.history()
    with pytest.raises(Refused) as e:
        import_upload(xlsx(sheets, merged=merged), "rekap.xlsx", user=admin("operator"))
    table = e.value.details
    errors = table[table["Jenis"] == "Galat"]
    label = f"{GROUPS[group].nama.upper()} {'TERDATA' if measure == 0 else 'DILAYANI'}"
    assert list(zip(errors["Lembar"], errors["Baris"], errors["Kolom"])) == [(name, row, f"{letter(col)} ({label})")]
    pd.testing.assert_frame_equal(store.history(), before)
    assert store.current("pas").empty


def test_district_abbreviations_and_spellings_are_matched_from_the_configuration(db):
    written = [
        ("Konsel", "74.05"),
        ("Kab. Kolut", "74.08"),
        ("BUSEL", "74.15"),
        ("Bau-Bau", "74.72"),
        ("KOLTIM", "74.11"),
        ("Mubar", "74.13"),
        ("Seram-Bagian-Timur", "81.05"),
        ("MTB", "81.03"),
        ("Morut", "72.12"),
        ("konawe kepulauan", "74.12"),
    ]
    rows = [["periode", "kode_wilayah", "kategori_pas", "terdata", "dilayani"]]
    rows += [["2025-04", w, GROUPS[0].kode, 10 + i, 5] for i, (w, _) in enumerate(written)]
    import_upload(xlsx({"PAS": rows}), "pas.xlsx", user=admin("operator"))
    got = store.current("pas").set_index("kode_wilayah")["terdata"].astype(int).to_dict()
    assert got == {kode: 10 + i for i, (_, kode) in enumerate(written)}


def test_an_unknown_abbreviation_is_refused_naming_its_cell(db):
    rows, merged, first = wide_sheet(4, "KEADAAN BULAN APRIL 2025")
    rows[first][1] = "Konzel"  # a typo of Konsel, in the second district's row
    with pytest.raises(Refused) as e:
        import_upload(xlsx({"Rekap": rows}, merged={"Rekap": merged}), "rekap.xlsx", user=admin("operator"))
    t = e.value.details
    assert list(zip(t["Baris"], t["Kolom"], t["Nilai"])) == [(first + 1, "B (KABUPATEN/KOTA)", "Konzel")]
    assert store.current("pas").empty


def test_a_wide_recap_without_a_month_anywhere_asks_for_it(db):
    rows, merged, _ = wide_sheet(4, None)
    result = read_upload(xlsx({"Rekap": rows}, merged={"Rekap": merged}), "rekap.xlsx")
    [p] = result.errors
    assert "tidak punya kolom Periode" in p.message
    assert "KEADAAN BULAN APRIL 2025" in p.fix and "APRIL 2025" in p.fix


def test_a_title_and_a_sheet_name_naming_different_months_are_refused(db):
    rows, merged, _ = wide_sheet(4, "KEADAAN BULAN APRIL 2025")
    result = read_upload(xlsx({"MARET 2025": rows}, merged={"MARET 2025": merged}), "rekap.xlsx")
    [p] = result.errors
    assert "April 2025" in p.message and "Maret 2025" in p.message


def test_a_one_row_header_without_merges_is_read_too(db):
    header = ["Kabupaten/Kota"] + [f"{g.nama} {m}" for g in GROUPS[:2] for m in ("Terdata", "Dilayani")]
    rows = [["KEADAAN BULAN MEI 2025"], header, ["Konsel", 4, 2, 6, 3], ["Busel", 8, 1, 0, 0]]
    import_upload(xlsx({"Rekap": rows}), "rekap.xlsx", user=admin("operator"))
    want = expected([], [], [])
    for _name, kode, v in (("Konsel", "74.05", [4, 2, 6, 3]), ("Busel", "74.15", [8, 1, 0, 0])):
        for g in range(2):
            want.append(
                {
                    "periode": "2025-05",
                    "kode_wilayah": kode,
                    "kategori_pas": GROUPS[g].kode,
                    "terdata": v[2 * g],
                    "dilayani": v[2 * g + 1],
                }
            )
    assert stored() == sorted(want, key=lambda r: (r["periode"], r["kode_wilayah"], r["kategori_pas"]))


def test_months_across_the_columns_with_the_year_in_the_title(db):
    upper = ["Kabupaten/Kota", "Kelompok PAS", "JAN", None, "FEB", None]
    lower = [None, None, "Terdata", "Dilayani", "Terdata", "Dilayani"]
    rows = [["REKAP PAS TAHUN 2025"], upper, lower, ["Konsel", "Anak Rentan", 5, 1, 7, 2]]
    merged = {"Rekap": [("C2:D2", "JAN"), ("E2:F2", "FEB")]}
    import_upload(xlsx({"Rekap": rows}, merged=merged), "rekap.xlsx", user=admin("operator"))
    assert stored() == [
        {"periode": "2025-01", "kode_wilayah": "74.05", "kategori_pas": "anak_rentan", "terdata": 5, "dilayani": 1},
        {"periode": "2025-02", "kode_wilayah": "74.05", "kategori_pas": "anak_rentan", "terdata": 7, "dilayani": 2},
    ]


def test_service_kinds_across_the_columns_import_as_layanan_rows(db):
    kinds = list(CFG.jenis_layanan)[:3]
    header = ["Kabupaten/Kota", "Kelompok PAS", "Pendekatan", *[k.nama for k in kinds]]
    rows = [["LAYANAN ATENSI BULAN MARET 2025"], header, ["Konsel", "Anak Rentan", "Berbasis keluarga", 3, 0, 5]]
    import_upload(xlsx({"Layanan": rows}), "layanan.xlsx", user=admin("operator"))
    got = store.current("layanan").sort_values("jenis_layanan")
    assert got[["periode", "kode_wilayah", "kategori_pas", "pendekatan"]].drop_duplicates().values.tolist() == [
        ["2025-03", "74.05", "anak_rentan", "keluarga"]
    ]
    assert dict(zip(got["jenis_layanan"], got["penerima"].astype(int))) == {
        kinds[0].kode: 3,
        kinds[1].kode: 0,
        kinds[2].kode: 5,
    }


def test_a_long_sheet_without_a_period_column_takes_the_month_from_its_name(db):
    rows = [["Kabupaten/Kota", "Kelompok PAS", "Terdata", "Dilayani"], ["Konsel", "Anak Rentan", 9, 4]]
    outcome = import_upload(xlsx({"PAS MEI 2025": rows}), "pas.xlsx", user=admin("operator"))
    assert 'Lembar "PAS MEI 2025": periode Mei 2025 diambil dari nama lembar.' in outcome.result.notes
    assert stored() == [
        {"periode": "2025-05", "kode_wilayah": "74.05", "kategori_pas": "anak_rentan", "terdata": 9, "dilayani": 4}
    ]


def test_a_row_of_column_numbers_under_the_header_and_the_totals_column_are_skipped_with_notes(db):
    rows, merged, first = wide_sheet(4, "KEADAAN BULAN APRIL 2025")
    width = len(rows[first - 2])
    rows.insert(first - 1, [f"({i + 1})" for i in range(width)])  # '(1) (2) (3) …' between header and data
    outcome = import_upload(xlsx({"Rekap": rows}, merged={"Rekap": merged}), "rekap.xlsx", user=admin("operator"))
    assert f'Lembar "Rekap": baris {first} (nomor kolom) dilewati.' in outcome.result.notes
    assert 'Lembar "Rekap": kolom K–L ("JUMLAH") dilewati sebagai kolom total.' in outcome.result.notes
    assert stored() == expected([4])


def test_a_group_label_that_names_no_group_is_refused_at_its_header_cell(db):
    rows, merged, first = wide_sheet(4, "KEADAAN BULAN APRIL 2025")
    merged[4] = ("G3:H3", "ANAK JALANAN")  # the third group's label: not a PAS group of this configuration
    with pytest.raises(Refused) as e:
        import_upload(xlsx({"Rekap": rows}, merged={"Rekap": merged}), "rekap.xlsx", user=admin("operator"))
    t = e.value.details
    assert list(zip(t["Baris"], t["Kolom"])) == [(4, "G (ANAK JALANAN TERDATA)"), (4, "H (ANAK JALANAN DILAYANI)")]
    assert "Kelompok PAS" in t["Masalah"].iloc[0]
    assert store.current("pas").empty
