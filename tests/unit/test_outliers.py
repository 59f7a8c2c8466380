"""Outliers against each district's own history: the methods checked against values computed by hand (median, MAD,
modified z, the MAD = 0 rule, z-score), an injected 10× value through the real import path on both backends, and a
sample without its shocks that flags nothing extreme."""

from __future__ import annotations

import datetime as dt
import shutil

import numpy as np
import pytest

from lib import present, store
from lib.figures import Filter, outliers
from tests.conftest import CONFIG_MAIN
from tests.unit.test_quality import A, B, C, upload_at
from tests.unit.test_quality import ntb4 as ntb4  # noqa: F401  (the fixture)

HISTORY = [10, 12, 11, 13, 9, 10]


def score(history, x, method=outliers.Z_MODIFIKASI):
    centre, s = outliers.scores(np.array([history], dtype=float), np.array([x], dtype=float), method)
    return float(centre[0]), float(s[0])


def test_modified_z_is_0_6745_times_the_deviation_from_the_median_over_the_mad():
    # median of 9 10 10 11 12 13 = 10,5; deviations 0,5 1,5 0,5 2,5 1,5 0,5 → MAD = (0,5 + 1,5) / 2 = 1
    assert score(HISTORY, 30) == pytest.approx((10.5, 0.6745 * 19.5))  # 13,15: extreme
    assert score(HISTORY, 16)[1] == pytest.approx(0.6745 * 5.5)  # 3,71: moderate
    assert score(HISTORY, 14)[1] == pytest.approx(0.6745 * 3.5)  # 2,36: not flagged
    assert score(HISTORY, 5)[1] == pytest.approx(0.6745 * -5.5)  # below: negative


def test_when_the_mad_is_0_the_mean_absolute_deviation_takes_its_place():
    # median 10; deviations 0 0 0 0 2 2 → MAD 0; MeanAD = 4 / 6; M = (x − 10) / (1,253314 · 4/6)
    flat = [10, 10, 10, 10, 12, 8]
    assert score(flat, 12)[1] == pytest.approx(2 / (1.253314 * 4 / 6))  # 2,39
    assert score(flat, 20)[1] == pytest.approx(10 / (1.253314 * 4 / 6))  # 11,97
    # a constant history: the same value scores 0, any other is extreme
    assert score([5] * 6, 5) == (5.0, 0.0)
    assert score([5] * 6, 6)[1] == np.inf and score([5] * 6, 4)[1] == -np.inf


def test_z_score_is_the_deviation_from_the_mean_over_the_sample_sd():
    # mean 65/6 = 10,833; squared deviations sum to 10,833; SD = √(10,833 / 5) = 1,472
    centre, z = score(HISTORY, 30, outliers.Z)
    assert centre == pytest.approx(65 / 6)
    assert z == pytest.approx((30 - 65 / 6) / np.sqrt((65 / 6) / 5))
    assert score([7] * 6, 7, outliers.Z)[1] == 0.0 and score([7] * 6, 8, outliers.Z)[1] == np.inf


TERDATA_A = [100, 104, 98, 102, 101, 99, 103]  # then 1.000 in August: ten times its own history
TERDATA_B = [50, 52, 49, 51, 50, 48, 53]  # then 51


def test_a_value_ten_times_its_own_history_is_an_extreme_outlier_with_its_sentence(db, ntb4, monkeypatch):
    months = [f"2025-{m:02d}" for m in range(1, 9)]
    rows = [(p, A, n) for p, n in zip(months, [*TERDATA_A, 1000])]
    rows += [(p, B, n) for p, n in zip(months, [*TERDATA_B, 51])]
    rows += [(p, C, 70) for p in months[-4:]]  # only three earlier months: counted, not judged
    upload_at(monkeypatch, ntb4, dt.datetime(2025, 9, 5, 9), rows, "pas_jan_agu.xlsx")
    august = Filter(periode="2025-08")
    data = store.snapshot(db).current
    found = outliers.outliers(data, ntb4, august)
    flags = found.flags
    # A terdata: median 101, MAD 2 → 0,6745 · 899 / 2; A dilayani (terdata // 2): median 50, MAD 1 → 0,6745 · 450
    assert flags[["kode_wilayah", "ukuran", "tingkat"]].values.tolist() == [
        [A, "terdata", "ekstrem"],
        [A, "dilayani", "ekstrem"],
    ]  # the larger deviation first
    assert flags["skor"].tolist() == pytest.approx([0.6745 * 899 / 2, 0.6745 * 450 / 1])
    assert flags["pusat"].tolist() == [101.0, 50.0] and flags["deviasi"].tolist() == [899.0, 450.0]
    assert (found.judged, found.short) == (4, 2)  # A and B, terdata and dilayani; C's two series too short

    screen = present.outlier_screen(data, ntb4, august, outliers.Z_MODIFIKASI)
    name = ntb4.wilayah.at[A, "nama_pendek"]
    assert screen.shown[0] == (
        "Ekstrem",
        f"{name}, PMKS terdata Anak Terlantar dan Anak Balita Terlantar yang Tinggal di Luar Asuhan Keluarga "
        "Agustus 2025: 1.000, jauh di atas riwayatnya sendiri (median 101 dari 7 bulan sebelumnya; "
        "z termodifikasi 303,2, ekstrem mulai 5,0).",
    )
    assert "2 deret dengan kurang dari 6 bulan sebelumnya belum dinilai" in screen.caption
    assert screen.extreme == 2


def test_a_sample_without_its_shocks_flags_nothing_extreme_in_the_meetings_month(tmp_path, duckdb_db, use_config):
    """The meeting's month (the latest, the screen's default), judged against its 23 earlier months. (Judged against
    a short history, the sample's steady growth itself reads as extreme: see the README's Mutu Data section.)"""
    folder = tmp_path / "tanpa_guncangan"
    shutil.copytree(CONFIG_MAIN.parent, folder, ignore=shutil.ignore_patterns("*.duckdb*", "nasional", "*.geojson"))
    contoh = folder / "contoh.toml"
    contoh.write_text("guncangan = 0\n" + contoh.read_text(encoding="utf-8"), encoding="utf-8")
    cfg = use_config(folder / "konfigurasi.toml")
    from lib import sample

    sample.seed(duckdb_db, cfg)
    data = store.snapshot(duckdb_db).current
    found = outliers.outliers(data, cfg, Filter(periode="2025-12"))
    assert found.judged == 745 and (found.flags["tingkat"] == outliers.EKSTREM).sum() == 0
