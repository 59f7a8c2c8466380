"""Property tests of the importer (hypothesis): any valid data written into the template, in any of the forms people
write it, imports and exports back identically; a single corrupted cell makes the whole import fail with a problem
naming that cell's Excel row and column, and the store is unchanged. Any valid PAS dataset written as a wide recap (one
sheet per month, groups across) imports back identically too, and so does one written as an office sends it: under a
letterhead, in province sections (with or without subtotals, nil written '-'), above a signature block."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import store
from lib.config import load_config
from lib.errors import Refused, UserError
from lib.fmt import BULAN
from lib.ingest import import_upload
from lib.ingest.layout import column_letter
from lib.periode import month_range
from lib.schema import DATASETS
from tests.principals import admin
from tests.unit.uploads import PAS_HEADER, csv_bytes, filled_template, months_ago, xlsx

CFG = load_config()
PERIODS = month_range("2024-01", months_ago(1))
DISTRICTS = list(CFG.wilayah.index)
CATEGORIES = list(CFG.kategori)
UNITS = ["Galeri Utama", "Kafe Inklusif", "Toko Daring", "Bengkel Kriya"]
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    """An empty, migrated database file: each example starts from a copy (creating the tables costs more)."""
    path = tmp_path_factory.mktemp("leer") / "kosong.duckdb"
    store.init_db(str(path))
    return path


def fresh_store(monkeypatch, tmp_path, empty_db: Path) -> None:
    path = tmp_path / f"{uuid.uuid4().hex}.duckdb"
    shutil.copy(empty_db, path)
    monkeypatch.setenv("ATENSI_DB", str(path))


# How people write each kind of value --------------------------------------------------------------------------


def written_period(p: str):
    y, m = int(p[:4]), int(p[5:7])
    return st.sampled_from([p, f"{BULAN[m - 1]} {y}", f"{m:02d}/{y}", dt.datetime(y, m, 1)])


def written_district(kode: str):
    row = CFG.wilayah.loc[kode]
    return st.sampled_from([kode, f"{kode} — {row['nama']}", row["nama"], row["nama"].upper(), row["kode_bps"]])


def written_category(i: int):
    k = CATEGORIES[i]
    return st.sampled_from([k.nama, k.kode, k.nama.lower()])


def written_number(n: int):
    return st.sampled_from([n, f"{n:,}".replace(",", "."), float(n)])


@st.composite
def pas_rows(draw):
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(PERIODS), st.sampled_from(DISTRICTS), st.integers(0, len(CATEGORIES) - 1)),
            min_size=1,
            max_size=12,
            unique=True,
        )
    )
    canonical, written = [], []
    for p, w, k in keys:
        terdata = draw(st.integers(0, 20_000))
        dilayani = draw(st.integers(0, terdata))
        canonical.append([p, w, CATEGORIES[k].kode, terdata, dilayani])
        written.append(
            [
                draw(written_period(p)),
                draw(written_district(w)),
                draw(written_category(k)),
                draw(written_number(terdata)),
                draw(written_number(dilayani)),
            ]
        )
    return canonical, written


@st.composite
def ska_rows(draw):
    keys = draw(
        st.lists(st.tuples(st.sampled_from(PERIODS), st.sampled_from(UNITS)), min_size=1, max_size=8, unique=True)
    )
    canonical, written = [], []
    for p, unit in keys:
        values = [
            draw(st.integers(0, 50_000)),
            draw(st.integers(0, 50_000)),
            draw(st.integers(0, 10**12)),
            draw(st.integers(0, 10**11)),
        ]
        canonical.append([p, unit, *values])
        money = [draw(st.sampled_from([v, f"Rp {v:,}".replace(",", ".")])) for v in values[2:]]
        written.append(
            [draw(written_period(p)), unit, draw(written_number(values[0])), draw(written_number(values[1])), *money]
        )
    return canonical, written


def stored(name: str) -> pd.DataFrame:
    ds = DATASETS[name]
    return store.current(name).sort_values(list(ds.kunci)).reset_index(drop=True)


def expected(name: str, rows: list[list]) -> pd.DataFrame:
    ds = DATASETS[name]
    return pd.DataFrame(rows, columns=ds.kolom_nama).sort_values(list(ds.kunci)).reset_index(drop=True)


# Valid data round-trips ------------------------------------------------------------------------------------------


@SETTINGS
@given(pas=pas_rows(), ska=ska_rows())
def test_any_valid_pas_and_ska_data_written_to_the_template_exports_back_identically(
    monkeypatch, tmp_path, empty_db, pas, ska
):
    fresh_store(monkeypatch, tmp_path, empty_db)
    data = filled_template({"pas": pas[1], "ska": ska[1]})
    outcome = import_upload(data, "isi.xlsx", user=admin("operator"))
    assert len(outcome.batch_ids) == 2
    for name, rows in (("pas", pas[0]), ("ska", ska[0])):
        got, want = stored(name), expected(name, rows)
        assert got.astype(str).to_dict("records") == want.astype(str).to_dict("records")


# One corrupted cell ----------------------------------------------------------------------------------------------

BAD = {
    "periode": ["Bulan Ketiga", "2025-13", 45717],
    "kode_wilayah": ["Atlantis", "99.99", "Kabupaten Entah"],
    "kategori_pas": ["Bukan Kategori", "xyz"],
    "terdata": ["dua ratus", -1, 12.5, "1.234,5"],
    "dilayani": ["separuh", -3, 0.5],
}


@SETTINGS
@given(pas=pas_rows(), data=st.data())
def test_a_single_corrupted_cell_fails_the_import_naming_its_cell_and_changes_nothing(
    monkeypatch, tmp_path, empty_db, pas, data
):
    fresh_store(monkeypatch, tmp_path, empty_db)
    store.save_batch(
        "pas",
        pd.DataFrame([[PERIODS[0], DISTRICTS[0], CATEGORIES[0].kode, 7, 3]], columns=PAS_HEADER),
        admin("awal"),
    )
    before_history, before = store.history(), stored("pas")
    canonical, written = pas
    i = data.draw(st.integers(0, len(written) - 1), label="row")
    c = data.draw(st.integers(0, len(PAS_HEADER) - 1), label="column")
    written[i][c] = data.draw(st.sampled_from(BAD[PAS_HEADER[c]] + [None]), label="bad value")
    with pytest.raises(UserError) as e:
        import_upload(filled_template({"pas": written}), "isi.xlsx", user=admin("operator"))
    assert isinstance(e.value, Refused)  # the command line exits 1
    table = e.value.details
    errors = table[table["Jenis"] == "Galat"]
    letter = "ABCDE"[c]
    named = list(zip(errors["Lembar"], errors["Baris"], errors["Kolom"]))
    assert named == [("PAS", i + 3, f"{letter} ({PAS_HEADER[c]})")]
    pd.testing.assert_frame_equal(store.history(), before_history)
    pd.testing.assert_frame_equal(stored("pas"), before)


# Hidden sheets, two-row headers, long cells -----------------------------------------------------------------------

CELL = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.sampled_from(PAS_HEADER + ["JUMLAH", "Atlantis", "x"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
)


@SETTINGS
@given(pas=pas_rows(), hidden=st.lists(st.lists(CELL, max_size=6), max_size=8), how=st.sampled_from(["hidden", "very"]))
def test_a_valid_dataset_beside_a_hidden_sheet_of_anything_imports_exactly_the_visible_rows(
    monkeypatch, tmp_path, empty_db, pas, hidden, how
):
    fresh_store(monkeypatch, tmp_path, empty_db)
    data = xlsx({"PAS": [PAS_HEADER, *pas[1]], "Arsip PAS": [PAS_HEADER, *hidden]}, hidden={"Arsip PAS": how})
    outcome = import_upload(data, "isi.xlsx", user=admin("operator"))
    assert any(n.startswith('Lembar tersembunyi "Arsip PAS"') for n in outcome.result.notes)
    got, want = stored("pas"), expected("pas", pas[0])
    assert got.astype(str).to_dict("records") == want.astype(str).to_dict("records")


@SETTINGS
@given(pas=pas_rows(), merged=st.booleans(), title=st.booleans())
def test_any_valid_dataset_written_under_a_two_row_header_imports_back_identically(
    monkeypatch, tmp_path, empty_db, pas, merged, title
):
    fresh_store(monkeypatch, tmp_path, empty_db)
    top = [["REKAP PAS"], []] if title else []
    first = len(top) + 1  # Excel row of the upper header row
    header = [
        ["Periode", "Kabupaten/Kota", "Kategori PAS", "Jumlah PAS", None],
        [None, None, None, "Terdata", "Dilayani"],
    ]
    ranges = [(f"{c}{first}:{c}{first + 1}", header[0][i]) for i, c in enumerate("ABC")]
    ranges.append((f"D{first}:E{first}", "Jumlah PAS"))
    data = xlsx({"Rekap": [*top, *header, *pas[1]]}, merged={"Rekap": ranges} if merged else None)
    import_upload(data, "rekap.xlsx", user=admin("operator"))
    got, want = stored("pas"), expected("pas", pas[0])
    assert got.astype(str).to_dict("records") == want.astype(str).to_dict("records")


TL_HEADER = ["rapat", "tanggal_rapat", "kode_wilayah", "uraian", "penanggung_jawab", "tenggat", "status", "catatan"]


@SETTINGS
@given(
    seed=st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs")), min_size=1, max_size=40),
    length=st.integers(1, 300_000),
    kind=st.sampled_from(["csv", "xlsx"]),
)
def test_a_note_of_any_length_up_to_the_limit_round_trips(monkeypatch, tmp_path, empty_db, seed, length, kind):
    fresh_store(monkeypatch, tmp_path, empty_db)
    note = ("N" + seed * (length // len(seed) + 1))[:length]
    while kind == "xlsx" and (units := len(note.encode("utf-16-le")) // 2) > 32_767:  # Excel's limit for a cell
        note = note[: len(note) - (units - 32_767 + 1) // 2]  # a character is one or two UTF-16 units
    rows = [
        TL_HEADER,
        [
            "Rakor",
            "2025-03-05",
            DISTRICTS[0],
            "Perbarui data",
            "Dinsos",
            "2025-04-01",
            CFG.status_tindak_lanjut[0],
            note,
        ],
    ]
    data = csv_bytes(rows) if kind == "csv" else xlsx({"Tindak Lanjut": rows})
    import_upload(data, f"tl.{kind}", user=admin("operator"))
    assert stored("tindak_lanjut")["catatan"].tolist() == [note.strip()]


# Wide recaps -----------------------------------------------------------------------------------------------------


def wide_workbook(written: list[list], canonical: list[list], draw) -> bytes:
    """One sheet per month, districts down, every PAS group across (a pair of columns each; a district without
    that group's data leaves the pair blank), the month in the sheet name or a title row."""
    header_kind = draw(st.sampled_from(["merged", "unmerged", "one_row"]))
    sheets, merged = {}, {}
    months = sorted({c[0] for c in canonical})
    for p in months:
        y, m = int(p[:4]), int(p[5:7])
        in_title = draw(st.booleans())
        name = (
            f"Rekap {y}.{m:02d}"
            if in_title
            else f"{draw(st.sampled_from([BULAN[m - 1], BULAN[m - 1][:3]])).upper()} {y}"
        )
        top = [[f"KEADAAN BULAN {BULAN[m - 1].upper()} {y}"], []] if in_title else []
        labels = [draw(st.sampled_from([k.nama, k.nama.upper()])) for k in CATEGORIES]
        if header_kind == "one_row":
            header = [["Kabupaten/Kota", *[f"{lab} {v}" for lab in labels for v in ("Terdata", "Dilayani")]]]
        else:
            header = [
                ["Kabupaten/Kota", *[v for lab in labels for v in (lab, None)]],
                [None, *["Terdata", "Dilayani"] * len(labels)],
            ]
        body: dict[str, list] = {}
        for (per, kode, kat, *_), (_, w, _, t, d) in zip(canonical, written):
            if per != p:
                continue
            row = body.setdefault(kode, [w] + [None] * (2 * len(CATEGORIES)))
            i = next(i for i, k in enumerate(CATEGORIES) if k.kode == kat)
            row[1 + 2 * i], row[2 + 2 * i] = t, d
        sheets[name] = [*top, *header, *body.values()]
        if header_kind == "merged":
            h = len(top) + 1
            ranges = [(f"A{h}:A{h + 1}", "Kabupaten/Kota")]
            for i, lab in enumerate(labels):
                a, b = column_letter(1 + 2 * i), column_letter(2 + 2 * i)
                ranges.append((f"{a}{h}:{b}{h}", lab))
            merged[name] = ranges
    return xlsx(sheets, merged=merged)


@SETTINGS
@given(pas=pas_rows(), data=st.data())
def test_any_valid_dataset_written_as_a_wide_recap_imports_back_identically(monkeypatch, tmp_path, empty_db, pas, data):
    fresh_store(monkeypatch, tmp_path, empty_db)
    canonical, written = pas
    # The wide recap has one cell per district, group and month: the district is written once per row.
    firsts: dict[tuple, object] = {}
    for c, w in zip(canonical, written):
        w[1] = firsts.setdefault((c[0], c[1]), w[1])
    outcome = import_upload(wide_workbook(written, canonical, data.draw), "rekap.xlsx", user=admin("operator"))
    assert len(outcome.batch_ids) == 1
    got, want = stored("pas"), expected("pas", canonical)
    assert got.astype(str).to_dict("records") == want.astype(str).to_dict("records")


# Recaps as offices send them: letterhead, province sections, subtotals, a signature block -------------------------

LETTERHEADS = [
    [],
    [["PEMERINTAH PROVINSI SULAWESI TENGGARA"], ["DINAS SOSIAL"], ["Jl. Mayjen S. Parman No. 3, Kendari"], []],
    [["KEMENTERIAN SOSIAL RI"], ["SENTRA MEOHAI DI KENDARI"], [], ["REKAPITULASI PAS"], []],
]
SIGNATURES = [
    [
        [],
        [None, None, None, "Kendari, 5 Februari 2025"],
        [None, None, None, "Kepala Dinas Sosial"],
        [None, None, None, "ttd"],
        [None, None, None, "Drs. La Ode Amiruddin"],
        [None, None, None, "NIP. 19700101 199503 1 001"],
    ],
    [[], ["Mengetahui,"], ["Kepala Sentra"], [], ["(Nama Pejabat)"]],
    [[], ["Keterangan:"], ["Data per akhir bulan"]],
]


def section_label(province: str, i: int, form: int) -> list:
    """A province's section row in one of the forms offices write, in the period or the district column."""
    shown = [f"PROVINSI {province.upper()}", province, f"{'I II III IV'.split()[i]}. {province}", f"Prov. {province}"]
    return [shown[form]] if form % 2 else [None, shown[form]]


@SETTINGS
@given(pas=pas_rows(), data=st.data())
def test_any_valid_dataset_under_a_letterhead_in_province_sections_above_a_signature_imports_back_identically(
    monkeypatch, tmp_path, empty_db, pas, data
):
    fresh_store(monkeypatch, tmp_path, empty_db)
    canonical, written = pas
    for c, w in zip(canonical, written):
        if c[4] == 0 and data.draw(st.booleans(), label="dash"):
            w[4] = data.draw(st.sampled_from(["-", "\u2013", "\u2014"]), label="nil")  # '-' is 0
    provinces = list(dict.fromkeys(CFG.wilayah.loc[c[1], "provinsi"] for c in canonical))
    subtotals = data.draw(st.booleans(), label="subtotals")
    body = []
    for i, province in enumerate(provinces):
        body.append(section_label(province, i, data.draw(st.integers(0, 3), label="section form")))
        inside = [(c, w) for c, w in zip(canonical, written) if CFG.wilayah.loc[c[1], "provinsi"] == province]
        body += [w for _, w in inside]
        if subtotals:
            body.append(
                [None, f"JUMLAH {province.upper()}", None, sum(c[3] for c, _ in inside), sum(c[4] for c, _ in inside)]
            )
    top = data.draw(st.sampled_from(LETTERHEADS), label="letterhead")
    bottom = data.draw(st.sampled_from(SIGNATURES), label="signature")
    sheet = [*top, ["Periode", "Kabupaten/Kota", "Kategori PAS", "Terdata", "Dilayani"], *body, *bottom]
    outcome = import_upload(xlsx({"Rekap": sheet}), "rekap.xlsx", user=admin("operator"))
    assert outcome.result.errors == []  # (a drawn value 10x the month before is a warning, which does not block)
    assert any("dilewati sebagai baris judul bagian (provinsi)" in n for n in outcome.result.notes)
    got, want = stored("pas"), expected("pas", canonical)
    assert got.astype(str).to_dict("records") == want.astype(str).to_dict("records")
