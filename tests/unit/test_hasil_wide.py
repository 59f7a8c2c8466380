"""The outcome dataset (hasil) in the wide recaps offices keep, through the real import path on both backends:
a group of columns per kind of outcome with the months across under it (or the months as groups, the kinds under
them), the year in the title; each value cell one hasil row, and a corrupted cell refused naming it."""

from __future__ import annotations

import pytest

from lib import store
from lib.config import load_config
from lib.errors import Refused
from lib.ingest import import_upload
from tests.principals import admin
from tests.unit.uploads import xlsx

CFG = load_config()
KINDS = list(CFG.jenis_hasil)[:2]
MONTHS = ["JAN", "FEB", "MAR"]


def stored() -> dict[tuple, int]:
    got = store.current("hasil")
    keys = zip(got["periode"], got["kode_wilayah"], got["kategori_pas"], got["jenis_hasil"], got["jumlah"])
    return {(p, str(w), str(k), str(j)): int(n) for p, w, k, j, n in keys}


def value(d: int, k: int, m: int) -> int:
    return 100 * d + 10 * k + m


DISTRICTS = [("Konsel", "74.05"), ("Kolaka", "74.01")]


def kinds_over_months() -> tuple[list[list], list[tuple[str, str]]]:
    """KEMBALI BERFUNGSI SOSIAL merged over JAN FEB MAR, then the next kind: a group of columns per kind."""
    upper = ["Kabupaten/Kota", "Kelompok PAS"] + sum([[k.nama.upper(), None, None] for k in KINDS], [])
    lower = [None, None] + MONTHS * len(KINDS)
    body = [
        [name, "Anak Rentan", *[value(d, k, m) for k in range(len(KINDS)) for m in range(len(MONTHS))]]
        for d, (name, _) in enumerate(DISTRICTS)
    ]
    merged = [(f"{chr(67 + 3 * k)}2:{chr(69 + 3 * k)}2", KINDS[k].nama.upper()) for k in range(len(KINDS))]
    return [["REKAP HASIL LAYANAN TAHUN 2025"], upper, lower, *body], merged


def months_over_kinds() -> tuple[list[list], list[tuple[str, str]]]:
    """JAN merged over the kinds, then FEB, then MAR."""
    upper = ["Kabupaten/Kota", "Kelompok PAS"] + sum([[m, None] for m in MONTHS], [])
    lower = [None, None] + [k.nama for k in KINDS] * len(MONTHS)
    body = [
        [name, "Anak Rentan", *[value(d, k, m) for m in range(len(MONTHS)) for k in range(len(KINDS))]]
        for d, (name, _) in enumerate(DISTRICTS)
    ]
    merged = [(f"{chr(67 + 2 * m)}2:{chr(68 + 2 * m)}2", MONTHS[m]) for m in range(len(MONTHS))]
    return [["REKAP HASIL LAYANAN TAHUN 2025"], upper, lower, *body], merged


def expected() -> dict[tuple, int]:
    return {
        (f"2025-{m + 1:02d}", kode, "anak_rentan", KINDS[k].kode): value(d, k, m)
        for d, (_, kode) in enumerate(DISTRICTS)
        for k in range(len(KINDS))
        for m in range(len(MONTHS))
    }


@pytest.mark.parametrize("make", [kinds_over_months, months_over_kinds])
def test_a_wide_hasil_recap_with_kinds_and_months_across_imports_every_cell_as_a_row(db, make):
    rows, merged = make()
    outcome = import_upload(xlsx({"Hasil": rows}, merged={"Hasil": merged}), "hasil.xlsx", user=admin("operator"))
    assert outcome.batch_ids
    assert stored() == expected()


def test_a_corrupted_cell_of_a_wide_hasil_recap_is_named_and_nothing_is_stored(db):
    rows, merged = kinds_over_months()
    rows[4][6] = "tujuh"  # Kolaka, the second kind's February: Excel row 5, column G
    with pytest.raises(Refused) as refused:
        import_upload(xlsx({"Hasil": rows}, merged={"Hasil": merged}), "hasil.xlsx", user=admin("operator"))
    errors = refused.value.details[refused.value.details["Jenis"] == "Galat"]
    assert list(zip(errors["Lembar"], errors["Baris"])) == [("Hasil", 5)]
    assert errors["Kolom"].iloc[0].startswith("G")
    assert store.current("hasil").empty and store.history().empty
