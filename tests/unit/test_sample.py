"""The seeded sample data (DATA CONTOH): reproducible, complete, internally consistent, for any configuration."""

from __future__ import annotations

import pandas.testing as pdt
import pytest

from lib.config import load_config
from lib.periode import month_range
from lib.sample import make_sample
from lib.schema import DATASETS

PAS_KEY = ["periode", "kode_wilayah", "kategori_pas"]
PERIODS = month_range("2024-01", "2025-12")


@pytest.fixture(scope="module")
def main_cfg(config_main):
    return load_config(config_main)


@pytest.fixture(scope="module")
def main_sample(main_cfg):
    return make_sample(main_cfg)


@pytest.fixture(scope="module")
def dinsos_cfg(config_dinsos):
    return load_config(config_dinsos)


@pytest.fixture(scope="module")
def dinsos_sample(dinsos_cfg):
    return make_sample(dinsos_cfg)


def test_same_seed_gives_the_same_data(main_cfg, main_sample):
    again = make_sample(main_cfg)
    assert set(again) == set(main_sample)
    for name, df in main_sample.items():
        pdt.assert_frame_equal(again[name], df, obj=name)


def test_sample_has_every_dataset_with_its_canonical_columns(main_sample):
    assert set(main_sample) == set(DATASETS)
    for name, df in main_sample.items():
        assert list(df.columns) == DATASETS[name].kolom_nama, name
        assert len(df) > 0, name
        assert not df.duplicated(list(DATASETS[name].kunci)).any(), f"{name}: duplicate keys"


def test_pas_has_every_district_period_and_category(main_cfg, main_sample):
    pas = main_sample["pas"]
    assert len(pas) == 23 * 24 * 12
    assert set(pas["kode_wilayah"]) == set(main_cfg.kode_wilayah)
    assert sorted(pas["periode"].unique()) == PERIODS
    assert set(pas["kategori_pas"]) == {k.kode for k in main_cfg.kategori}
    assert not pas.duplicated(PAS_KEY).any()


def test_dilayani_never_exceeds_terdata(main_sample):
    pas = main_sample["pas"]
    assert (pas["dilayani"] <= pas["terdata"]).all()
    assert (pas["dilayani"] >= 0).all()
    assert (pas["terdata"] > 0).any()


def test_layanan_recipients_add_up_to_pas_dilayani(main_sample):
    pas, layanan = main_sample["pas"], main_sample["layanan"]
    total = layanan.groupby(PAS_KEY, as_index=False)["penerima"].sum()
    merged = pas.merge(total, on=PAS_KEY, how="left", validate="one_to_one")
    merged["penerima"] = merged["penerima"].fillna(0).astype("int64")
    mismatch = merged[merged["penerima"] != merged["dilayani"]]
    assert mismatch.empty, mismatch.head()
    # and no service rows for a (period, district, category) that PAS does not have
    assert len(total.merge(pas[PAS_KEY], on=PAS_KEY, how="inner")) == len(total)


def test_layanan_uses_configured_service_kinds_and_approaches(main_cfg, main_sample):
    layanan = main_sample["layanan"]
    assert set(layanan["jenis_layanan"]) <= {j.kode for j in main_cfg.jenis_layanan}
    assert set(layanan["pendekatan"]) <= {a.kode for a in main_cfg.pendekatan}
    assert (layanan["penerima"] > 0).all()


def test_programmes_include_a_blocked_one_and_many_distinct_codes(main_cfg, main_sample):
    program = main_sample["program"]
    assert "Terkendala" in set(program["status"])
    assert program["kode_program"].nunique() >= 15
    assert set(program["status"]) <= set(main_cfg.status_program)


def test_programmes_use_configured_clusters_and_covered_districts(main_cfg, main_sample):
    program = main_sample["program"]
    assert set(program["klaster"]) <= {k.kode for k in main_cfg.klaster}
    assert set(program["kode_wilayah"]) <= set(main_cfg.kode_wilayah)


def test_programme_realisation_never_exceeds_target_or_budget(main_sample):
    program = main_sample["program"]
    assert (program["realisasi"] <= program["target"]).all()
    assert (program["realisasi_anggaran"] <= program["anggaran"]).all()


def test_realisation_is_cumulative_so_it_never_falls(main_sample):
    program = main_sample["program"].sort_values(["kode_program", "kode_wilayah", "periode"])
    falls = program.groupby(["kode_program", "kode_wilayah"])["realisasi"].diff().lt(0)
    assert not falls.any()


def test_penduduk_is_the_reference_population_not_generated(main_cfg, main_sample):
    penduduk = main_sample["penduduk"].set_index("kode_wilayah")["jumlah"]
    expected = main_cfg.wilayah["penduduk"].astype("int64")
    pdt.assert_series_equal(penduduk.sort_index(), expected.sort_index(), check_names=False)


def test_sample_works_on_the_dinsos_configuration(dinsos_cfg, dinsos_sample):
    pas = dinsos_sample["pas"]
    assert len(pas) == 4 * 24 * 26
    assert set(pas["kode_wilayah"]) == {"75.01", "75.02", "75.03", "75.71"}
    assert set(pas["kategori_pas"]) == {k.kode for k in dinsos_cfg.kategori}
    assert (pas["dilayani"] <= pas["terdata"]).all()
    layanan = dinsos_sample["layanan"]
    assert set(layanan["jenis_layanan"]) <= {j.kode for j in dinsos_cfg.jenis_layanan}
    assert set(layanan["pendekatan"]) <= {a.kode for a in dinsos_cfg.pendekatan}
    sdm = dinsos_sample["sdm"]
    assert len(sdm) == 2 * 4 * len(dinsos_cfg.jenis_sdm)


def test_dinsos_programmes_and_follow_ups_fit_their_configuration(dinsos_cfg, dinsos_sample):
    program = dinsos_sample["program"]
    assert program["kode_program"].nunique() == 3
    assert set(program["klaster"]) <= {k.kode for k in dinsos_cfg.klaster}
    assert set(program["kode_wilayah"]) <= set(dinsos_cfg.kode_wilayah)
    assert "Terkendala" in set(program["status"])
    tindak_lanjut = dinsos_sample["tindak_lanjut"]
    assert len(tindak_lanjut) == 2
    assert set(tindak_lanjut["kode_wilayah"]) <= {"", *dinsos_cfg.kode_wilayah}
    assert set(tindak_lanjut["status"]) <= set(dinsos_cfg.status_tindak_lanjut)
    assert list(dinsos_sample["ska"]["unit"].unique()) == ["Galeri Produk Binaan Dinas Sosial"]


def test_a_category_without_a_rate_in_the_sample_file_still_gets_rows(dinsos_cfg, dinsos_sample):
    # 'pemulung' is deliberately left out of the fixture's contoh.toml: the default rate applies
    pas = dinsos_sample["pas"]
    pemulung = pas[pas["kategori_pas"] == "pemulung"]
    assert len(pemulung) == 4 * 24
    assert pemulung["terdata"].sum() > 0


def test_any_configuration_gives_a_complete_pas_grid(any_config):
    pas = make_sample()["pas"]  # the configuration in force (ATENSI_CONFIG)
    months = month_range(pas["periode"].min(), pas["periode"].max())  # 24 months, 13 for ntb
    assert months[-1] == "2025-12"  # the month before the pinned date
    expected = len(any_config.kode_wilayah) * len(months) * len(any_config.kategori)
    assert len(pas) == expected
    assert pas.groupby("kode_wilayah")["periode"].nunique().eq(len(months)).all()


@pytest.mark.parametrize(
    "hari_ini, last, first",
    [("2026-01-15", "2025-12", "2024-01"), ("2026-12-01", "2026-11", "2024-12"), ("2027-03-31", "2027-02", "2025-03")],
)
def test_the_sample_ends_in_the_month_before_today_whatever_today_is(monkeypatch, main_cfg, hari_ini, last, first):
    monkeypatch.setenv("ATENSI_CONTOH_HARI_INI", hari_ini)
    data = make_sample(main_cfg)
    for name in ("pas", "layanan", "ska", "program"):
        assert data[name]["periode"].max() == last, name
    assert sorted(data["pas"]["periode"].unique()) == month_range(first, last)  # 24 months, from contoh.toml


@pytest.mark.parametrize("hari_ini", ["2026-01-15", "2026-12-01", "2028-07-10"])
def test_follow_ups_stay_as_recent_as_the_sample_whatever_today_is(monkeypatch, main_cfg, hari_ini):
    """No 'lewat 474 hari': the meeting and the due dates move with the months, so the oldest open follow-up is
    as many days overdue on any date as on the date the file was written for."""
    import datetime as dt

    monkeypatch.setenv("ATENSI_CONTOH_HARI_INI", hari_ini)
    today = dt.date.fromisoformat(hari_ini)
    tl = make_sample(main_cfg)["tindak_lanjut"]
    open_ = tl[tl["status"] != main_cfg.status_tindak_lanjut[-1]]
    late = [(today - d).days for d in open_["tenggat"]]
    assert max(late) < 200 and all(d < today for d in tl["tanggal_rapat"])
    programmes = make_sample(main_cfg)["program"]
    assert programmes["periode"].max() < f"{today:%Y-%m}"


def test_the_same_date_gives_the_same_sample(main_cfg):
    import datetime as dt

    a, b = make_sample(main_cfg, on=dt.date(2026, 9, 3)), make_sample(main_cfg, on=dt.date(2026, 9, 28))
    for name in a:
        pdt.assert_frame_equal(a[name], b[name], obj=name)


def test_the_national_sample_covers_514_districts_and_ends_before_today(monkeypatch):
    from tests.conftest import ROOT

    monkeypatch.setenv("ATENSI_CONTOH_HARI_INI", "2026-12-01")
    cfg = load_config(ROOT / "data" / "nasional" / "konfigurasi.toml")
    data = make_sample(cfg)
    pas = data["pas"]
    assert pas["kode_wilayah"].nunique() == 514 and cfg.wilayah["provinsi"].nunique() == 38
    assert pas["periode"].max() == "2026-11" and pas["periode"].nunique() == 24
    assert set(data["program"]["kode_wilayah"]) <= set(cfg.kode_wilayah)


def test_the_national_sample_seeds_on_duckdb(tmp_path):
    """The national deployment passes the check and its sample is stored (3 months here, for speed)."""
    import shutil

    from lib import store
    from lib.config_check import check_config
    from lib.sample import seed
    from tests.conftest import ROOT, query

    folder = tmp_path / "nasional"
    shutil.copytree(ROOT / "data" / "nasional", folder)
    contoh = folder / "contoh.toml"
    contoh.write_text(contoh.read_text(encoding="utf-8").replace("jumlah_bulan = 24", "jumlah_bulan = 3"), "utf-8")
    assert check_config(folder) == []
    cfg = load_config(folder / "konfigurasi.toml")
    db = str(tmp_path / "nasional.duckdb")
    store.init_db(db)
    # pas, layanan and program: one batch per month and one for the last month's late reports; 5 other datasets
    assert len(seed(db, cfg)) == 3 * (3 + 1) + 5
    pas = store.current("pas", db)
    assert pas["kode_wilayah"].nunique() == 514 and pas["periode"].nunique() == 3
    assert query(db, "SELECT count(*) FROM batch WHERE contoh") == [(17,)]


def test_the_meetings_name_follows_its_moved_year(monkeypatch, main_cfg):
    monkeypatch.setenv("ATENSI_CONTOH_HARI_INI", "2027-03-10")
    tl = make_sample(main_cfg)["tindak_lanjut"]
    assert set(tl["rapat"]) == {"Rakernis 2026"} and {d.year for d in tl["tanggal_rapat"]} == {2026}
