"""Consistency between datasets and over time, by the configuration's [[aturan_mutu]] (the indicators' expression
syntax): services received exceeding PAS served and a month far from the three before, uploaded through the real
import path on both backends; the rules checked at load like any entry."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from lib import present, store
from lib.config_check import check_config
from lib.figures import Filter, consistency
from lib.ingest import import_upload
from tests.conftest import CONFIG_NTB
from tests.principals import admin
from tests.unit.test_quality import WITA, A, B
from tests.unit.test_quality import ntb4 as ntb4  # noqa: F401  (the fixture)
from tests.unit.uploads import PAS_HEADER, xlsx

LAYANAN_HEADER = ["periode", "kode_wilayah", "kategori_pas", "jenis_layanan", "pendekatan", "penerima"]
KIND = "anak_terlantar"


def test_services_beyond_pas_served_and_a_jump_over_the_three_months_before_are_flagged(db, ntb4, monkeypatch):
    pas = [PAS_HEADER]
    for month in ("2025-05", "2025-06", "2025-07"):
        pas += [[month, A, KIND, 100, 50], [month, B, KIND, 100, 50]]
    pas += [["2025-08", A, KIND, 100, 50], ["2025-08", B, KIND, 200, 100]]  # B: twice the mean of the three before
    layanan = [LAYANAN_HEADER, ["2025-08", A, KIND, "terapi", "keluarga", 80], ["2025-08", B, KIND, "terapi", "keluarga", 100]]  # fmt: skip
    monkeypatch.setattr("lib.config.clock", lambda: dt.datetime(2025, 9, 5, 9, tzinfo=WITA))
    import_upload(xlsx({"PAS": pas, "Layanan": layanan}), "mei_agustus.xlsx", user=admin(), cfg=ntb4)

    august = Filter(periode="2025-08")
    data = store.snapshot(db).current
    flags = consistency.consistency(data, ntb4, august)
    # B's terdata and dilayani: |200 − 100| / 100 − 0,33 = 0,67 beyond; A's services: 80 / 50 / 1,1 − 1 = 0,45 beyond
    assert flags[["aturan", "kode_wilayah"]].values.tolist() == [
        ["dilayani_antar_waktu", B],
        ["terdata_antar_waktu", B],
        ["layanan_melebihi_dilayani", A],
    ]
    assert flags["lewat"].tolist() == pytest.approx([0.67, 0.67, 80 / 50 / 1.1 - 1])
    rows = present.consistency_rows(data, ntb4, august)
    name_a, name_b = (ntb4.wilayah.at[k, "nama_pendek"] for k in (A, B))
    assert rows["Apa yang janggal"].tolist() == [
        f"{name_b}, Agustus 2025: PMKS dilayani berbeda lebih dari 33% dari rata-rata tiga bulan sebelumnya. "
        "(100 terhadap rata-rata 50: +100,0%)",
        f"{name_b}, Agustus 2025: PMKS terdata berbeda lebih dari 33% dari rata-rata tiga bulan sebelumnya. "
        "(200 terhadap rata-rata 100: +100,0%)",
        f"{name_a}, Agustus 2025: Penerima layanan melebihi PMKS dilayani lebih dari 10%. (80 ÷ 50 = 1,60; batas 1,10)",
    ]
    assert consistency.consistency(data, ntb4, Filter(periode="2025-07")).empty  # a consistent month flags nothing


def test_the_programme_and_ska_rules_are_left_out_where_the_modules_are(ntb4):
    assert [r.kode for r in consistency.rules(ntb4)] == [
        "layanan_melebihi_dilayani",
        "dilayani_melebihi_terdata",
        "terdata_antar_waktu",
        "dilayani_antar_waktu",
    ]


def test_a_wrong_rule_is_refused_at_load_naming_the_entry_and_the_fix(tmp_path):
    folder = tmp_path / "ntb"
    shutil.copytree(CONFIG_NTB.parent, folder)
    toml = folder / "konfigurasi.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + '\n[[aturan_mutu]]\nkode = "x"\njenis = "antar_bulan"\npembilang = "pas.dilayan"\npesan = "Janggal."\n'
        + '\n[[aturan_mutu]]\nkode = "y"\njenis = "antar_data"\npembilang = "pas.dilayani"\npesan = "Janggal."\n',
        encoding="utf-8",
    )
    problems = [str(m) for m in check_config(toml)]
    assert any('[[aturan_mutu]] ke-1 ("x") jenis' in p and "antar_data, antar_waktu" in p for p in problems)
    assert any('[[aturan_mutu]] ke-1 ("x") pembilang' in p and "dilayani" in p for p in problems)  # did you mean
    assert any('[[aturan_mutu]] ke-2 ("y") penyebut' in p for p in problems)
    assert any('[[aturan_mutu]] ke-2 ("y") maks' in p for p in problems)


def test_the_main_configuration_writes_out_the_built_in_rules():
    from lib.config import load_config
    from lib.quality_rules import build_rule, default_rules
    from tests.conftest import CONFIG_MAIN

    assert load_config(CONFIG_MAIN).aturan_mutu == tuple(build_rule(x, "PAS") for x in default_rules())
