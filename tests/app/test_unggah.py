"""Unggah Data: a real workbook uploaded by widget key, checked, previewed, stored — or refused, changing nothing."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from lib import store
from tests.app.helpers import WA_ODE, app
from tests.conftest import SAMPLE_BATCHES
from tests.principals import admin


def _page(principal=WA_ODE):
    at = app(principal).run()
    return at.switch_page("views/unggah.py").run()


def _workbook(rows: list[list]) -> bytes:
    """A PAS sheet as an office would write it: a title row, then the header people use."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PAS"
    ws.append(["Laporan PAS Desember 2025"])
    ws.append([])
    ws.append(["No", "Bulan", "Kabupaten/Kota", "Kategori", "Jumlah Terdata", "Terlayani"])
    for i, r in enumerate(rows, start=1):
        ws.append([i, *r])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _save_button(at):
    return next(b for b in at.button if b.label == "Simpan ke database")


def _upload(at, data: bytes, name: str):
    at.file_uploader(key="berkas_0").upload(
        name, data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return at.run()


def test_a_valid_upload_is_previewed_then_stored_under_the_uploaders_name(seeded):
    db = seeded("main")
    old = store.current("pas", db).set_index(["periode", "kode_wilayah", "kategori_pas"])
    before = int(old.loc[("2025-12", "74.71", "anak_rentan"), "terdata"])
    data = _workbook(
        [
            ["Desember 2025", "Kota Kendari", "Anak Rentan", before + 7, 10],
            ["Desember 2025", "KAB. KONAWE", "fakir miskin", "1.234", 300],
        ]
    )
    at = _upload(_page(), data, "pas_desember.xlsx")
    assert not at.exception and not at.error
    summary = at.dataframe[0].value
    assert summary.iloc[0].to_dict() == {
        "Data": "PAS",
        "Lembar": "PAS",
        "Baris": "2",
        "Baru": "0",
        "Berubah": "2",
        "Sama": "0",
    }
    changes = at.dataframe[-1].value
    assert f"{before:,}".replace(",", ".") + " → " in " ".join(changes["terdata"])

    assert not [t for t in at.text_input if t.key == "unggah_nama"]  # no typed name: the signed-in account
    assert len(store.history(db)) == SAMPLE_BATCHES
    _save_button(at).click().run()
    assert any(f"tersimpan sebagai batch #{SAMPLE_BATCHES + 1}" in s.value for s in at.success)
    batch = store.history(db).set_index("id").loc[SAMPLE_BATCHES + 1]
    assert batch["pengguna"] == "wa.ode" and batch["nama_berkas"] == "pas_desember.xlsx"
    assert batch["baris_berubah"] == 2
    now = store.current("pas", db).set_index(["periode", "kode_wilayah", "kategori_pas"])
    assert now.loc[("2025-12", "74.71", "anak_rentan"), "terdata"] == before + 7
    assert now.loc[("2025-12", "74.02", "fakir_miskin"), "terdata"] == 1234


def test_an_upload_with_errors_lists_every_problem_and_changes_nothing(seeded):
    db = seeded("main")
    before = store.current("pas", db)
    data = _workbook(
        [
            ["Desember 2025", "Kota Atlantis", "Anak Rentan", 10, 5],
            ["Desember 2025", "Kota Kendari", "Anak Rentan", "dua ratus", 5],
        ]
    )
    at = _upload(_page(), data, "pas_salah.xlsx")
    assert any("Berkas tidak dapat diimpor: 2 galat" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert set(problems["Baris"]) == {4, 5}  # Excel rows: title, blank, header, then the data
    assert {"C (Kabupaten/Kota)", "E (Jumlah Terdata)"} <= set(problems["Kolom"])
    assert "Simpan ke database" not in [b.label for b in at.button]
    assert any(b.key == "unduh_ditandai" for b in at.get("download_button"))
    assert len(store.history(db)) == SAMPLE_BATCHES
    assert store.current("pas", db).equals(before)


def test_a_pdf_renamed_xlsx_gets_a_clear_message(seeded):
    db = seeded("main")
    at = _upload(_page(), b"%PDF-1.7\n" + b"0" * 2000, "laporan.xlsx")
    assert at.error and "PDF" in at.error[0].value
    assert len(store.history(db)) == SAMPLE_BATCHES


def test_a_save_after_the_data_changed_since_the_preview_stores_nothing_and_shows_the_fresh_preview(seeded):
    db = seeded("main")
    old = store.current("pas", db).set_index(["periode", "kode_wilayah", "kategori_pas"])
    before = int(old.loc[("2025-12", "74.71", "anak_rentan"), "terdata"])
    at = _upload(_page(), _workbook([["Desember 2025", "Kota Kendari", "Anak Rentan", before + 7, 10]]), "pas.xlsx")
    assert at.dataframe[0].value.iloc[0][["Berubah", "Sama"]].tolist() == ["1", "0"]
    # Meanwhile someone else stores the same value (another browser, the command line).
    store.save_batch(
        "pas",
        pd.DataFrame(
            [["2025-12", "74.71", "anak_rentan", before + 7, 10]],
            columns=["periode", "kode_wilayah", "kategori_pas", "terdata", "dilayani"],
        ),
        admin("Rekan"),
        path=db,
    )
    _save_button(at).click().run()
    assert not at.exception
    assert any(
        "Data berubah sejak pratinjau: 0 baris kini berubah, 0 baru, 1 sama; periksa lagi lalu simpan." in w.value
        for w in at.warning
    )
    assert len(store.history(db)) == SAMPLE_BATCHES + 1  # only the other upload
    assert at.dataframe[0].value.iloc[0][["Berubah", "Sama"]].tolist() == ["0", "1"]  # the fresh preview

    _save_button(at).click().run()  # saved, now against what the person saw
    assert any(f"tersimpan sebagai batch #{SAMPLE_BATCHES + 2}" in s.value for s in at.success)
    assert store.history(db).set_index("id").loc[SAMPLE_BATCHES + 2, "baris_sama"] == 1


def test_a_number_cell_of_thousands_of_digits_is_named_in_the_problem_table_and_stores_nothing(seeded):
    db = seeded("main")
    batches = len(store.history(db))
    at = _page()
    at = _upload(at, _workbook([["Desember 2025", "Kota Kendari", "Anak Rentan", "9" * 5000, 5]]), "pas_panjang.xlsx")
    assert not at.exception
    assert any("Berkas tidak dapat diimpor" in e.value for e in at.error)
    problems = at.dataframe[0].value
    row = problems[problems["Kolom"].astype(str).str.contains("Jumlah Terdata")].iloc[0]
    assert row["Baris"] == 4 and "terlalu besar (5.000 digit)" in row["Masalah"]
    assert len(row["Nilai"]) < 100  # the cell is named, not echoed whole
    assert not any(b.label == "Simpan ke database" for b in at.button)
    assert len(store.history(db)) == batches


def _shown_text(at) -> str:
    """Everything the screen shows as text: alerts, markdown, captions and every table's cells."""
    kinds = (at.error, at.warning, at.info, at.success, at.markdown, at.caption, at.title, at.subheader)
    texts = [e.value for kind in kinds for e in kind]
    return "\n".join(texts + [df.value.to_csv() for df in at.dataframe])


def test_an_office_recap_shows_how_it_was_read_then_stores_exactly_its_rows(seeded):
    from tests.unit.uploads import xlsx

    db = seeded("main")
    rows = [
        ["DINAS SOSIAL PROVINSI SULAWESI TENGGARA"],
        ["REKAPITULASI PAS"],
        [],
        ["Bulan", "Kabupaten/Kota", "Kategori", "Terdata", "Dilayani"],
        [None, "PROVINSI SULAWESI TENGGARA"],
        ["Sep-25", "Kota Kendari", "Anak Rentan", 901, "-"],
        ["Sep-25", "Kab. Konawe Kep.", "Anak Rentan", 77, 70],
        [None, "JUMLAH SULTRA", None, 978, 70],
        [None, "PROVINSI MALUKU"],
        ["Sep-25", "Kab. Kep. Tanimbar", "Anak Rentan", 55, 50],
        [],
        [None, None, None, "Kendari, 5 Oktober 2025"],
        [None, None, None, "Kepala Dinas Sosial"],
        [None, None, None, "ttd"],
        [None, None, None, "Drs. La Ode Amiruddin"],
        [None, None, None, "NIP. 19700101 199503 1 001"],
    ]
    at = _upload(_page(), xlsx({"Rekap Sentra": rows}), "rekap_sentra.xlsx")
    assert not at.exception and not at.error
    shown = at.info[0].value
    for note in (
        "baris 5 (PROVINSI SULAWESI TENGGARA) dilewati sebagai baris judul bagian (provinsi)",
        "baris 8 (JUMLAH SULTRA) dilewati sebagai baris total",
        "baris 12–16 di bawah tabel diabaikan (tanda tangan, tanggal surat atau keterangan)",
        '1 sel berisi tanda "-" dibaca sebagai 0 (nihil)',
        "tahun dua angka dibaca sebagai 20YY",
        "'Sep-25' → September 2025",
    ):
        assert note in shown.replace("\\", "")
    assert at.dataframe[0].value.iloc[0][["Lembar", "Baris"]].tolist() == ["Rekap Sentra", "3"]
    assert "Drs. La Ode Amiruddin" not in _shown_text(at)
    _save_button(at).click().run()
    now = store.current("pas", db).set_index(["periode", "kode_wilayah", "kategori_pas"])
    got = {
        k: now.loc[("2025-09", k, "anak_rentan"), ["terdata", "dilayani"]].tolist() for k in ("74.71", "74.12", "81.03")
    }
    assert got == {"74.71": [901, 0], "74.12": [77, 70], "81.03": [55, 50]}


def test_a_by_name_list_is_refused_on_the_screen_citing_the_law_and_no_nik_or_name_is_shown(seeded):
    from tests.unit.uploads import xlsx

    db = seeded("main")
    people = [
        ["7405011203850001", "7405010101080012", "Wa Ode Sitti Nurhaliza", "12-03-1985", "Jl. Mawar 3", "Kota Kendari"],
        [
            "7471024506900003",
            "7471020202090044",
            "La Ode Muhammad Rasyid",
            "05-06-1990",
            "Jl. Melati 9",
            "Kota Kendari",
        ],
    ]
    header = ["NIK", "No. KK", "Nama", "Tanggal Lahir", "Alamat", "Kabupaten/Kota"]
    at = _upload(_page(), xlsx({"PAS": [header, *people]}), "penerima.xlsx")
    assert not at.exception
    assert any("Berkas tidak dapat diimpor: 1 galat" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert "Undang-Undang No. 27 Tahun 2022 tentang Pelindungan Data Pribadi" in problems["Masalah"].iloc[0]
    whole = " ".join(e.value for e in at.error).replace("\\", "")
    assert "Undang-Undang No. 27 Tahun 2022" in whole and "PivotTable" in whole  # the reason and the way, not cut
    assert not [b for b in at.get("download_button") if b.key == "unduh_ditandai"]  # no copy of the list is made
    shown = _shown_text(at)
    assert [v for p in people for v in p[:5] if v in shown] == []
    assert "Simpan ke database" not in [b.label for b in at.button]
    assert len(store.history(db)) == SAMPLE_BATCHES  # the sample's batches only
