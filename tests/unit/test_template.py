"""The upload template: what a person sees when opening it in Excel, and that a filled template always imports."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from lib import store
from lib.config import MODULES, dataset_title, module_on
from lib.ingest import build_template, import_upload, read_upload
from lib.sample import make_sample
from lib.schema import DATASETS
from tests.principals import admin
from tests.unit.uploads import filled_template


def plain(v):
    """A value as Python holds it: None for missing, dates as dates (the store gives Timestamps)."""
    if not isinstance(v, str) and pd.isna(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    return v.item() if hasattr(v, "item") else v


def sheets(cfg) -> dict[str, str]:
    """{dataset: sheet name} of a deployment: its own words ([istilah], 'PMKS'), no sheet for a module it lacks."""
    return {
        ds.nama: dataset_title(cfg, ds.nama, ds.judul)
        for ds in DATASETS.values()
        if ds.nama not in MODULES or module_on(cfg, ds.nama)
    }


@pytest.fixture
def workbook(any_config):
    return openpyxl.load_workbook(io.BytesIO(build_template(any_config))), any_config


def test_one_sheet_per_dataset_after_the_instructions_and_a_hidden_list_sheet(workbook):
    wb, cfg = workbook
    assert wb.sheetnames == ["Petunjuk", *sheets(cfg).values(), "Daftar"]
    assert wb["Daftar"].sheet_state == "hidden"
    assert wb.active.title == "Petunjuk"


def test_each_sheet_has_the_canonical_header_frozen_and_an_example_row_marked_contoh(workbook):
    wb, cfg = workbook
    for name, title in sheets(cfg).items():
        ds, ws = DATASETS[name], wb[title]
        assert [c.value for c in ws[1]] == [*ds.kolom_nama, "contoh"]
        assert ws.freeze_panes == "A2"
        assert ws.cell(2, len(ds.kolom) + 1).value.startswith("CONTOH")
        assert ws.cell(2, 1).font.italic


def test_periods_and_district_codes_are_text_and_counts_have_thousands_separators(workbook):
    wb, cfg = workbook
    ws = wb[sheets(cfg)["pas"]]
    assert ws["A2"].number_format == "@" and ws["B2"].number_format == "@"
    assert ws["D2"].number_format == "#,##0"
    assert ws.column_dimensions["A"].width > 0


def test_dropdowns_list_the_configured_districts_categories_and_statuses(workbook):
    wb, cfg = workbook
    daftar = wb["Daftar"]
    lists = {col[0].value: [c.value for c in col[1:] if c.value] for col in daftar.iter_cols()}
    assert lists["kode_wilayah"] == [f"{k} — {n}" for k, n in cfg.wilayah["nama"].items()]
    assert lists["kategori_pas"] == [k.nama for k in cfg.kategori]
    assert lists["status:program"] == list(cfg.status_program)
    validated = {}
    for name, title in sheets(cfg).items():
        for dv in wb[title].data_validations.dataValidation:
            if dv.type == "list":
                validated[(name, str(dv.sqref).split(":")[0])] = dv.formula1
    assert validated[("pas", "B2")] == f"Daftar!$A$2:$A${len(cfg.kode_wilayah) + 1}"
    assert validated[("pas", "C2")].startswith("Daftar!$B$2")
    assert ("layanan", "D2") in validated and ("layanan", "E2") in validated  # jenis_layanan, pendekatan
    assert ("tindak_lanjut", "G2") in validated  # statuses
    assert (("program", "K2") in validated) == module_on(cfg, "program")


def test_instructions_explain_every_sheet_and_column_in_indonesian(workbook):
    wb, cfg = workbook
    text = "\n".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    for name, title in sheets(cfg).items():
        assert f"Lembar '{title}'" in text
        for k in DATASETS[name].kolom_nama:
            assert f"  {k}" in text
    assert "contoh dan dilewati saat impor" in text
    assert "Kode BPS (4 angka) juga diterima" in text
    assert all(n in text for n in cfg.wilayah["nama"])


def test_the_empty_template_has_nothing_to_import_and_skips_its_example_rows(db, any_config):
    result = read_upload(build_template(any_config), "templat.xlsx", any_config)
    assert not result.ok
    assert result.errors[0].message == "Tidak ada data yang dapat dibaca di berkas ini."
    assert f'Lembar "{sheets(any_config)["pas"]}": baris 2 adalah baris contoh dan dilewati.' in result.notes
    assert not any("Petunjuk" in n or "Daftar" in n for n in result.notes)


def test_the_template_filled_with_every_dataset_imports_and_exports_back_identically(db, any_config):
    sample = make_sample(any_config)
    data = {}
    for name, df in sample.items():
        df = df.head(200)
        data[name] = df
    rows = {
        name: [
            [None if (not isinstance(v, str) and pd.isna(v)) else (v.item() if hasattr(v, "item") else v) for v in r]
            for r in df.itertuples(index=False)
        ]
        for name, df in data.items()
    }
    outcome = import_upload(filled_template(rows, any_config), "isi.xlsx", user=admin("operator"), cfg=any_config)
    assert outcome.result.errors == []
    assert len(outcome.batch_ids) == len([d for d in data.values() if len(d)])
    for name, df in data.items():
        if not len(df):
            continue
        ds = DATASETS[name]
        got = store.current(name).sort_values(list(ds.kunci)).reset_index(drop=True)
        want = df.sort_values(list(ds.kunci)).reset_index(drop=True)
        for col in ds.kolom_nama:
            g, w = [plain(v) for v in got[col]], [plain(v) for v in want[col]]
            if name == "tindak_lanjut" and col == "kode_wilayah":
                w = [v or "" for v in w]
            assert g == w, (name, col)


def test_a_deployment_without_ska_or_programmes_gets_no_such_sheet_and_its_own_words(config_ntb):
    """ntb: [modul] ska = false and program = false, categories PMKS, [istilah] layanan."""
    from lib.config import load_config

    cfg = load_config(config_ntb)
    wb = openpyxl.load_workbook(io.BytesIO(build_template(cfg)))
    assert wb.sheetnames == ["Petunjuk", "PMKS", "Layanan", "SDM", "Penduduk", "Tindak Lanjut", "Hasil", "Daftar"]
    text = "\n".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    assert "Sentra Kreasi ATENSI" not in text and "Lembar 'SKA'" not in text and "Lembar 'Program'" not in text
    assert "per bulan, kabupaten/kota dan Jenis PMKS" in text  # the configured title, not 'jenis pmks'
    assert "Penerima layanan rehabilitasi sosial per bulan" in text
