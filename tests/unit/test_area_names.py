"""Names that fit: one rule shortens official area names for display (charts, maps, slides, the deck), and the
configuration check refuses a coverage where two areas would read alike."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from lib.config import load_config, short_name, short_province
from lib.config_check import check_config
from tests.conftest import CONFIGS, ROOT

NATIONAL = ROOT / "data" / "nasional" / "konfigurasi.toml"


@pytest.mark.parametrize(
    ("nama", "shown"),
    [
        ("Kota Administrasi Jakarta Timur", "Jakarta Timur"),
        ("Kabupaten Administrasi Kepulauan Seribu", "Kep. Seribu"),
        ("Kabupaten Konawe Selatan", "Kab. Konawe Selatan"),
        ("Kota Kendari", "Kota Kendari"),
        ("Kota Baubau", "Kota Baubau"),
    ],
)
def test_official_district_names_shorten_by_one_rule(nama, shown):
    assert short_name(nama) == shown


def test_official_province_names_shorten_by_one_rule():
    assert short_province("Daerah Khusus Ibukota Jakarta") == "DKI Jakarta"
    assert short_province("Daerah Istimewa Yogyakarta") == "DI Yogyakarta"
    assert short_province("Kepulauan Bangka Belitung") == "Kep. Bangka Belitung"
    assert short_province("Sulawesi Tenggara") == "Sulawesi Tenggara"


@pytest.mark.parametrize("path", [*CONFIGS.values(), NATIONAL], ids=[*CONFIGS, "nasional"])
def test_every_shipped_and_fixture_configuration_has_distinct_display_names(path):
    cfg = load_config(path)
    assert cfg.wilayah["nama_pendek"].is_unique
    assert cfg.wilayah.drop_duplicates("kode_provinsi")["provinsi_pendek"].is_unique


def test_the_national_deployment_shows_jakartas_cities_by_their_own_names():
    cfg = load_config(NATIONAL)
    assert cfg.wilayah.at["31.75", "nama_pendek"] == "Jakarta Timur"
    assert cfg.wilayah.at["31.01", "nama_pendek"] == "Kep. Seribu"
    assert cfg.wilayah.at["31.75", "provinsi_pendek"] == "DKI Jakarta"


def _copy(tmp_path):
    for f in ROOT.joinpath("data").iterdir():
        if f.suffix in (".toml", ".csv"):
            shutil.copy(f, tmp_path / f.name)
    return pd.read_csv(tmp_path / "wilayah.csv", dtype=str, keep_default_na=False)


def test_two_districts_that_would_read_alike_are_refused_with_their_rows_and_the_fix(tmp_path):
    ref = _copy(tmp_path)
    ref.loc[ref["kode_wilayah"] == "74.05", "nama"] = "Kab. Konawe"  # beside 74.02, Kabupaten Konawe
    ref.to_csv(tmp_path / "wilayah.csv", index=False)
    shown = [str(m) for m in check_config(tmp_path / "konfigurasi.toml")]
    assert len(shown) == 1, shown
    assert 'wilayah.csv, baris 3, 6, kolom nama: 2 wilayah bernama tampilan sama "Kab. Konawe"' in shown[0]
    assert "Kabupaten Konawe, Kab. Konawe" in shown[0] and "isi kolom nama_pendek" in shown[0]


def test_a_nama_pendek_column_names_an_area_on_charts_and_keeps_them_apart(tmp_path):
    ref = _copy(tmp_path)
    ref.loc[ref["kode_wilayah"] == "74.05", "nama"] = "Kab. Konawe"
    ref["nama_pendek"] = ""
    ref.loc[ref["kode_wilayah"] == "74.05", "nama_pendek"] = "Konawe (Muna)"
    ref.to_csv(tmp_path / "wilayah.csv", index=False)
    assert check_config(tmp_path / "konfigurasi.toml") == []
    cfg = load_config(tmp_path / "konfigurasi.toml")
    assert cfg.wilayah.at["74.05", "nama_pendek"] == "Konawe (Muna)"
    assert cfg.wilayah.at["74.02", "nama_pendek"] == "Kab. Konawe"
