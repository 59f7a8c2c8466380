"""The configuration: the first user's coverage and taxonomy, a second deployment, bad files, and the guard that
no district, category, cluster or Sentra name is written in code."""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest

from lib.config import ROOT, load_config, short_name
from lib.errors import UserError

# The first user: Sentra Meohai Kendari -----------------------------------------------------------------------


def test_main_config_covers_23_districts_in_3_provinces(config_main):
    cfg = load_config(config_main)
    assert len(cfg.kode_wilayah) == 23
    assert len(set(cfg.kode_wilayah)) == 23
    assert len(cfg.provinsi) == 3
    per_province = cfg.wilayah.groupby("kode_provinsi").size().to_dict()
    assert per_province == {"74": 17, "81": 4, "72": 2}


def test_main_config_has_5_clusters_and_12_categories_each_in_a_known_cluster(config_main):
    cfg = load_config(config_main)
    klaster = {k.kode for k in cfg.klaster}
    assert len(cfg.klaster) == 5
    assert len(cfg.kategori) == 12
    assert len({k.kode for k in cfg.kategori}) == 12
    assert all(k.klaster in klaster for k in cfg.kategori)
    assert set(cfg.klaster_kategori().values()) == klaster  # every cluster has at least one category
    assert cfg.kategori_singkatan == "PAS"


def test_main_config_has_7_service_kinds_and_3_approaches(config_main):
    cfg = load_config(config_main)
    assert len(cfg.jenis_layanan) == 7
    assert len(cfg.pendekatan) == 3
    assert cfg.status_program == ("Belum Mulai", "Berjalan", "Selesai", "Terkendala")
    assert any(j.pekerja_sosial for j in cfg.jenis_sdm)


def test_main_config_sentra_sits_in_a_covered_district(config_main):
    cfg = load_config(config_main)
    assert cfg.sentra["kode_wilayah"] in cfg.kode_wilayah
    assert cfg.contoh_path is not None and cfg.contoh_path.exists()


def test_labels_come_from_the_configuration(config_main):
    cfg = load_config(config_main)
    first = cfg.kategori[0]
    assert cfg.label("kategori", first.kode) == first.nama
    assert cfg.label("kategori", "tidak_ada") == "tidak_ada"
    kode = cfg.kode_wilayah[0]
    assert cfg.nama_wilayah(kode) == cfg.wilayah.at[kode, "nama"]
    assert cfg.nama_wilayah("99.99") == "99.99"


def test_short_name_abbreviates_kabupaten_only():
    assert short_name("Kabupaten Contoh Jaya") == "Kab. Contoh Jaya"
    assert short_name("Kota Contoh") == "Kota Contoh"


def test_district_codes_are_kemendagri_and_bps_codes_are_four_digits(config_main, config_dinsos):
    for path in (config_main, config_dinsos):
        wilayah = load_config(path).wilayah
        assert wilayah.index.str.fullmatch(r"\d{2}\.\d{2}").all()
        assert wilayah["kode_bps"].str.fullmatch(r"\d{4}").all()
        assert (wilayah["kode_bps"].str[:2] == wilayah["kode_provinsi"]).all()


# A second deployment: a provincial Dinas Sosial counting 26 PMKS types ---------------------------------------


def test_dinsos_fixture_loads_with_4_districts_and_26_categories(config_dinsos):
    cfg = load_config(config_dinsos)
    assert cfg.kode_wilayah == ["75.01", "75.02", "75.03", "75.71"]
    assert cfg.provinsi == ["Gorontalo"]
    assert len(cfg.kategori) == 26
    assert len({k.kode for k in cfg.kategori}) == 26
    assert cfg.kategori_judul == "Jenis PMKS"
    assert cfg.kategori_singkatan == "PMKS"
    klaster = {k.kode for k in cfg.klaster}
    assert all(k.klaster in klaster for k in cfg.kategori)
    assert cfg.sentra["kode_wilayah"] in cfg.kode_wilayah


def test_dinsos_fixture_gives_short_chart_labels_to_long_cluster_names(config_dinsos):
    cfg = load_config(config_dinsos)
    assert all(k.pendek != k.nama and len(k.pendek) <= 12 for k in cfg.klaster)
    abh = next(k for k in cfg.kategori if k.kode == "abh")
    assert (abh.nama, abh.pendek) == ("Anak yang Berhadapan dengan Hukum", "ABH")
    assert next(k for k in cfg.kategori if k.kode == "fm").pendek == "Fakir Miskin"  # no short form: the name


def test_dinsos_fixture_says_its_figures_are_not_official(config_dinsos):
    wilayah = load_config(config_dinsos).wilayah
    assert (wilayah["penduduk_sumber"] == "fixture uji (angka perkiraan, bukan data resmi)").all()


def test_dinsos_fixture_shares_no_codes_with_the_main_taxonomy(config_main, config_dinsos):
    main, dinsos = load_config(config_main), load_config(config_dinsos)
    assert not {k.kode for k in main.klaster} & {k.kode for k in dinsos.klaster}
    assert not set(main.kode_wilayah) & set(dinsos.kode_wilayah)


def test_atensi_config_chooses_the_configuration_in_force(use_config, config_main, config_dinsos):
    assert len(use_config(config_dinsos).kategori) == 26
    assert len(use_config(config_main).kategori) == 12
    assert len(load_config().kategori) == 12


# Bad configuration files --------------------------------------------------------------------------------------

MINIMAL = """
[sentra]
nama = "Sentra Uji"
kode_wilayah = "{sentra}"

[wilayah]
referensi = "wilayah.csv"
cakupan = [{cakupan}]

[[klaster]]
kode = "k1"
nama = "Klaster Satu"

[kategori]
judul = "Kategori"
[[kategori.daftar]]
kode = "c1"
nama = "Kategori Satu"
klaster = "{klaster}"

[[jenis_layanan]]
kode = "l1"
nama = "Layanan Satu"

[[pendekatan]]
kode = "p1"
nama = "Pendekatan Satu"

[[jenis_sdm]]
kode = "s1"
nama = "SDM Satu"

[status]
program = ["Belum Mulai", "Berjalan", "Selesai", "Terkendala"]
tindak_lanjut = ["Belum Mulai", "Dalam Proses", "Selesai"]
"""


def write_config(folder: Path, cakupan: list[str], klaster: str = "k1") -> Path:
    shutil.copy(ROOT / "tests" / "fixtures" / "dinsos" / "wilayah.csv", folder / "wilayah.csv")
    path = folder / "konfigurasi.toml"
    path.write_text(
        MINIMAL.format(sentra=cakupan[0], cakupan=", ".join(f'"{k}"' for k in cakupan), klaster=klaster),
        encoding="utf-8",
    )
    return path


def test_a_minimal_valid_config_loads(tmp_path):
    cfg = load_config(write_config(tmp_path, ["75.71"]))
    assert cfg.kode_wilayah == ["75.71"]
    assert cfg.kategori_singkatan == "Kategori"  # the default when the file gives none
    assert cfg.contoh_path is None


def test_config_with_an_unknown_district_code_is_a_user_error(tmp_path):
    path = write_config(tmp_path, ["75.71", "99.99"])
    with pytest.raises(UserError) as e:
        load_config(path)
    assert e.value.title == "Konfigurasi tidak valid"  # every problem listed (lib/config_check.py)
    assert "1 kode tidak ada di berkas referensi wilayah.csv: 99.99" in e.value.details


def test_category_in_an_unknown_cluster_is_a_user_error(tmp_path):
    with pytest.raises(UserError) as e:
        load_config(write_config(tmp_path, ["75.71"], klaster="tidak_ada"))
    assert '("c1") klaster: klaster "tidak_ada" tidak ada di [[klaster]]' in e.value.details


def test_missing_config_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError) as e:
        load_config(tmp_path / "tidak_ada.toml")
    assert e.value.title == "Konfigurasi tidak valid"
    assert "tidak_ada.toml: berkas konfigurasi tidak ada." in e.value.details


def test_unreadable_config_file_is_a_user_error(tmp_path):
    path = tmp_path / "rusak.toml"
    path.write_text("[sentra\nnama = ", encoding="utf-8")
    with pytest.raises(UserError) as e:
        load_config(path)
    assert e.value.title == "Konfigurasi tidak valid"
    assert "rusak.toml: bukan TOML yang sah" in e.value.details and "line 1" in e.value.details


def test_config_is_read_again_when_the_file_changes(tmp_path):
    path = write_config(tmp_path, ["75.71"])
    assert load_config(path).kode_wilayah == ["75.71"]
    path.write_text(
        path.read_text(encoding="utf-8").replace('cakupan = ["75.71"]', 'cakupan = ["75.71", "75.01"]'),
        encoding="utf-8",
    )
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # a later mtime, whatever the clock
    assert load_config(path).kode_wilayah == ["75.71", "75.01"]


# Guard: names are configuration, never code -------------------------------------------------------------------


def configured_names(*paths: Path) -> set[str]:
    """District names (and their short forms of 5+ characters), category, cluster and Sentra names, and the
    categories' and clusters' chart labels (nama_pendek) of 5+ characters."""
    names: set[str] = set()
    for path in paths:
        cfg = load_config(path)
        for nama in cfg.wilayah["nama"]:
            names.add(nama)
            for prefix in ("Kabupaten ", "Kota "):
                if nama.startswith(prefix) and len(nama[len(prefix) :]) >= 5:
                    names.add(nama[len(prefix) :])
        for item in (*cfg.kategori, *cfg.klaster):
            names.add(item.nama)
            if len(item.nama_pendek) >= 5:
                names.add(item.nama_pendek)
        names.add(cfg.sentra["nama"])
    return names


def code_text(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal and identifier in a module; comments and docstrings are not code."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    }
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            out.append((node.lineno, node.value))
        elif isinstance(node, ast.Name):
            out.append((node.lineno, node.id))
        elif isinstance(node, ast.Attribute):
            out.append((node.lineno, node.attr))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.append((node.lineno, node.name))
    return out


def code_files() -> list[Path]:
    files = sorted((ROOT / "lib").rglob("*.py")) + sorted((ROOT / "views").rglob("*.py"))
    assert len(files) > 10, "lib/ and views/ hold the code"
    return files + [ROOT / "app.py"]


def test_guard_finds_a_name_written_in_code(tmp_path, config_main, config_dinsos):
    planted = tmp_path / "halaman.py"
    planted.write_text(
        '"""Ringkasan untuk Kota Kendari (docstring: allowed)."""\nJUDUL = "Profil Boalemo"\n', encoding="utf-8"
    )
    names = configured_names(config_main, config_dinsos)
    hits = [(line, name) for line, text in code_text(planted) for name in names if name in text]
    assert hits == [(2, "Boalemo")]


def test_no_district_category_cluster_or_sentra_name_appears_in_code(config_main, config_dinsos):
    names = configured_names(config_main, config_dinsos)
    assert {"Konawe", "Gorontalo", "Fakir Miskin", "Lansia", "Sentra Meohai Kendari"} <= names  # the guard has teeth
    found = []
    for path in code_files():
        for line, text in code_text(path):
            found += [f"{path.relative_to(ROOT)}:{line}: {name!r}" for name in sorted(names) if name in text]
    assert not found, "Names that belong in the configuration are written in code:\n" + "\n".join(found)


def test_the_default_database_is_the_one_beside_the_configuration(monkeypatch):
    """`ATENSI_CONFIG=data/nasional/konfigurasi.toml make run` never opens the main deployment's database."""
    from lib.config import ROOT, setting

    monkeypatch.delenv("ATENSI_DB", raising=False)
    monkeypatch.delenv("ATENSI_CONFIG", raising=False)
    assert setting("ATENSI_DB") == str(ROOT / "data" / "atensi.duckdb")
    monkeypatch.setenv("ATENSI_CONFIG", str(ROOT / "data" / "nasional" / "konfigurasi.toml"))
    assert setting("ATENSI_DB") == str(ROOT / "data" / "nasional" / "atensi.duckdb")
    monkeypatch.setenv("ATENSI_DB", "postgresql://atensi@localhost/atensi")
    assert setting("ATENSI_DB") == "postgresql://atensi@localhost/atensi"
