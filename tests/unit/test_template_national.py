"""The upload template of the national deployment: 26 districts (the four provinces created in 2022) have no BPS
code, and the instructions neither show "kode BPS nan" nor promise BPS codes for them (issue 11, item 14)."""

from __future__ import annotations

import io

import openpyxl

from lib.config import load_config
from lib.ingest import build_template
from lib.ingest.template import PETUNJUK
from tests.conftest import CONFIG_MAIN, ROOT


def instructions(cfg) -> list[str]:
    ws = openpyxl.load_workbook(io.BytesIO(build_template(cfg)))[PETUNJUK]
    return [" ".join(str(c) for c in row if c is not None) for row in ws.iter_rows(values_only=True)]


def test_districts_without_a_bps_code_are_listed_without_one_and_not_promised_one():
    lines = instructions(load_config(ROOT / "data" / "nasional" / "konfigurasi.toml"))
    text = "\n".join(lines)
    assert "kode BPS nan" not in text and "BPS None" not in text  # no missing value shown raw
    assert "kecuali untuk 26 kabupaten/kota yang belum punya kode BPS" in text
    assert any(line.startswith("93.01 Kabupaten Merauke (Papua Selatan); tanpa kode BPS") for line in lines)
    assert any(line.startswith("74.71 Kota Kendari (Sulawesi Tenggara); kode BPS 7471") for line in lines)


def test_where_every_district_has_a_bps_code_the_template_promises_it_plainly():
    text = "\n".join(instructions(load_config(CONFIG_MAIN)))
    assert "Kode BPS (4 angka) juga diterima dan diterjemahkan." in text
    assert "tanpa kode BPS" not in text and "kecuali" not in text
