"""Exports: a table with formula-like text comes out as text in Excel and CSV; charts and the map render to PNG."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd

from lib import figures, present, sample, store
from lib.config import load_config
from lib.present.legend import map_table
from lib.render import charts, export, paper_map

DANGEROUS = ['=HYPERLINK("http://contoh.invalid","klik")', "+62 812", "-1+2", "@SUM(A1)", "\t=1+1"]


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {"Uraian": DANGEROUS + ["biasa"], "Jumlah": [1, 2, 3, 4, 5, 6], "Cakupan": [0.5, None, 0.25, 1.0, 0.0, 0.75]}
    )


def test_formula_text_in_an_excel_export_is_stored_as_text_not_a_formula():
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(_table(), "Tindak Lanjut")))
    ws = book.active
    assert ws.title == "Tindak Lanjut"
    assert [c.value for c in ws[1]] == ["Uraian", "Jumlah", "Cakupan"]
    cells = [ws.cell(row=r, column=1) for r in range(2, 2 + len(DANGEROUS))]
    assert [c.data_type for c in cells] == ["s"] * len(DANGEROUS)
    assert [c.value for c in cells] == ["'" + v for v in DANGEROUS]
    assert ws.cell(row=7, column=1).value == "biasa"
    # numbers stay numbers; a missing value stays an empty cell, never 0
    assert [ws.cell(row=r, column=2).value for r in range(2, 8)] == [1, 2, 3, 4, 5, 6]
    assert ws.cell(row=3, column=3).value is None
    assert ws.cell(row=2, column=3).data_type == "n"


def test_formula_text_in_a_csv_export_is_prefixed_with_an_apostrophe():
    text = export.csv_bytes(_table()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Uraian", "Jumlah", "Cakupan"]
    assert [r[0] for r in rows[1:6]] == ["'" + v for v in DANGEROUS]
    assert rows[6][0] == "biasa"
    assert not any(r[0].startswith(export.FORMULA_START) for r in rows[1:])


def test_a_formula_like_column_name_is_neutralised_too():
    df = pd.DataFrame({"=cmd": ["a"]})
    ws = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(df))).active
    assert ws.cell(row=1, column=1).value == "'=cmd"
    assert ws.cell(row=1, column=1).data_type == "s"


def test_file_stem_has_no_spaces_or_punctuation():
    assert export.file_stem("Program · Maret 2025") == "program_maret_2025"
    assert export.file_stem("···") == "data"


def _is_png(b: bytes) -> bool:
    return b[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_chart_renders_to_png_offline(tmp_path):
    cfg = load_config()
    db = str(tmp_path / "a.duckdb")
    sample.seed(db, cfg)
    data = store.current_all(db)
    f = figures.Filter(periode=figures.periods(data)[-1])
    png = export.chart_png(charts.klaster_bars(figures.pas_by_klaster(data["pas"], cfg, f), "PAS"))
    assert _is_png(png) and len(png) > 5000
    u = figures.map_measures(cfg)[0]
    table, _ = map_table(present.district_ranking(figures.district_measures(data, cfg, f), cfg, u), u.kind)
    spec = paper_map.static_map(table, cfg, None, cfg.kode_wilayah[0]).to_dict()
    assert any(layer["mark"]["type"] == "circle" for layer in spec["layer"])
    assert _is_png(export.chart_png(spec))


def test_the_bundled_font_exists_with_its_licence():
    assert export.font_file("Regular").exists() and export.font_file("Bold").exists()
    assert "Open Font License" in (export.font_dir() / "LICENSE.txt").read_text()
