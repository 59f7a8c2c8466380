"""The configuration is checked against one schema (lib/config_schema.py) before anything starts: every problem at
once, naming file, key or line and the fix, at the command line (exit 2) and never as a traceback."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from lib.config_check import check_config
from lib.config_schema import SCHEMA, Kunci
from tests.broken_config import BROKEN
from tests.conftest import CONFIGS, ROOT

DOCS = ROOT / "docs" / "konfigurasi.md"


def run(*args: str, config: str | None = None, db: str | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "ATENSI_CONTOH_HARI_INI": "2026-01-15"}
    if config:
        env["ATENSI_CONFIG"] = config
    if db:
        env["ATENSI_DB"] = db
    return subprocess.run(
        [sys.executable, "-m", "lib", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("folder", [*CONFIGS.values(), ROOT / "data" / "nasional" / "konfigurasi.toml"])
def test_the_shipped_configurations_have_no_problem(folder):
    assert check_config(folder) == []


def test_periksa_konfigurasi_says_ok_in_one_line_for_the_national_deployment():
    out = run("periksa-konfigurasi", "data/nasional")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines() == [
        "Konfigurasi data/nasional baik: 514 wilayah di 38 provinsi, 12 kategori, 5 klaster."
    ]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_periksa_konfigurasi_lists_every_problem_and_exits_2(tmp_path, case):
    make, expected = BROKEN[case]
    out = run("periksa-konfigurasi", str(make(tmp_path)))
    assert out.returncode == 2
    assert "Traceback" not in out.stdout + out.stderr
    for text in expected:
        assert text in out.stdout
    assert str(tmp_path) not in "\n".join(out.stdout.splitlines()[1:])  # problems name files, not server paths


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_init_sample_on_a_broken_configuration_exits_2_with_the_list_and_stores_nothing(tmp_path, case):
    make, expected = BROKEN[case]
    db = tmp_path / "atensi.duckdb"
    out = run("init", "--sample", config=str(make(tmp_path) / "konfigurasi.toml"), db=str(db))
    assert out.returncode == 2
    assert "Traceback" not in out.stdout + out.stderr
    assert "Konfigurasi tidak valid" in out.stderr
    for text in expected:
        assert text in out.stderr
    assert not db.exists()


def test_every_command_checks_the_configuration_first(tmp_path):
    config = str(BROKEN["parameter_contoh"][0](tmp_path) / "konfigurasi.toml")
    for args in (["history"], ["export", "pas"], ["template", str(tmp_path / "t.xlsx")]):
        out = run(*args, config=config, db=str(tmp_path / "x.duckdb"))
        assert out.returncode == 2 and "Traceback" not in out.stderr, args
        assert 'Maksud Anda "pengguna"?' in out.stderr, args


def test_a_missing_configuration_file_is_one_problem(tmp_path):
    out = run("periksa-konfigurasi", str(tmp_path / "tidak_ada"))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "konfigurasi.toml: berkas konfigurasi tidak ada." in out.stdout


def test_unknown_keys_types_and_codes_in_konfigurasi_toml(tmp_path):
    d = BROKEN["berkas_hilang"][0](tmp_path)  # a copy; put the reference file back
    (d / "wilayah.csv").write_text((ROOT / "data" / "wilayah.csv").read_text(encoding="utf-8"), encoding="utf-8")
    text = (d / "konfigurasi.toml").read_text(encoding="utf-8")
    text = text.replace('zona_waktu = "Asia/Makassar"', 'zona_waktu = "Asia/Kendari"\nnama_pendk = "Meohai"')
    text = text.replace('"74.71", "74.72",', '"74.71", "74.72", "74.99",').replace(
        'klaster = "anak"', 'klaster = "anakk"', 1
    )
    text = text.replace("[modul]", "") + '\n[modul]\nska = "tidak"\n[istilah]\ndataset_pas = "PMKS"\n'
    (d / "konfigurasi.toml").write_text(text, encoding="utf-8")
    shown = [str(m) for m in check_config(d)]
    assert any(re.search(r'baris \d+, \[sentra\] nama_pendk: kunci "nama_pendk" tidak dikenal', s) for s in shown)
    assert any('zona waktu "Asia/Kendari" tidak dikenal' in s for s in shown)
    assert any("1 kode tidak ada di berkas referensi wilayah.csv: 74.99" in s for s in shown)
    assert any('klaster "anakk" tidak ada di [[klaster]]' in s and 'Maksud Anda "anak"?' in s for s in shown)
    assert any("[modul] ska: harus berupa true/false" in s for s in shown)
    assert not any("istilah" in s for s in shown)  # [istilah] dataset_pas is a known key
    assert len(shown) == 5


def _keys(schema: tuple[Kunci, ...]):
    for k in schema:
        yield k
        yield from _keys(k.isi)


@pytest.mark.parametrize("berkas", sorted(SCHEMA))
def test_docs_document_every_key_and_column_of_the_schema(berkas):
    docs = DOCS.read_text(encoding="utf-8")
    section = docs.split(f"## `{berkas}`", 1)[1].split("\n## ", 1)[0]
    for k in _keys(SCHEMA[berkas]):  # `nama`, a table `[sentra]` or a list of tables `[[kategori.daftar]]`
        assert re.search(rf"`\[{{0,2}}(?:[\w.]+\.)?{k.nama}\]{{0,2}}`", section), (
            f"{berkas}: {k.nama} is not documented"
        )


def test_every_key_the_code_reads_is_in_the_schema():
    """A grep of lib/ for the configuration keys it reads (cfg.sentra, bawaan, [presentasi], the sample's
    parameters): each is declared in the schema, so it is checked and documented."""
    declared = {k.nama for schema in SCHEMA.values() for k in _keys(schema)}
    anywhere = re.compile(r'\b(?:sentra|bawaan|settings\(cfg\))(?:\.get\(|\[)"(\w+)"')
    where = {  # the modules that read the raw files, and the names their dicts of parameters have there
        "config.py": re.compile(r'\braw(?:\["\w+"\])*(?:\.get\(|\[)"(\w+)"'),
        "sample.py": re.compile(r'\b(?:p|s|prog|written|rates)(?:\.get\(|\[)"(\w+)"'),
    }
    read = set()
    for f in (ROOT / "lib").rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        read |= set(anywhere.findall(text))
        if f.name in where:
            read |= set(where[f.name].findall(text))
    assert read, "the grep found nothing: the pattern is stale"
    assert sorted(read - declared) == []
