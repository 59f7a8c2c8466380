"""Mutu Data's completeness and timeliness, on both backends, with uploads through the real import path at times
set on the one clock, and the rates computed by hand."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from lib import config, figures, present, store
from lib.figures import Filter, quality
from lib.ingest import import_upload
from tests.conftest import CONFIG_MAIN, CONFIG_NTB
from tests.principals import admin
from tests.unit.uploads import PAS_HEADER, xlsx

A, B, C, D = "52.01", "52.02", "52.03", "52.71"
WITA = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def ntb4(tmp_path, use_config):
    """The NTB fixture (deadline day 15, timeliness target 80 %) cut to four districts, its grid from 2025-01."""
    folder = tmp_path / "ntb4"
    shutil.copytree(CONFIG_NTB.parent, folder)
    toml = folder / "konfigurasi.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('periode_awal = "2024-12"', 'periode_awal = "2025-01"').replace(
        'data_contoh = "contoh.toml"', ""
    )
    text = text.replace(
        'cakupan = ["52.01", "52.02", "52.03", "52.04", "52.05", "52.06", "52.08", "52.71"]',
        f'cakupan = ["{A}", "{B}", "{C}", "{D}"]',
    )
    toml.write_text(text, encoding="utf-8")
    return use_config(toml)


def upload_at(monkeypatch, cfg, when: dt.datetime, rows: list[tuple[str, str, int]], name: str) -> int:
    """A PAS workbook of (periode, district, terdata) rows, imported as an admin at `when` (WITA)."""
    monkeypatch.setattr(config, "clock", lambda: when.replace(tzinfo=WITA).astimezone(dt.UTC))
    sheet = [PAS_HEADER, *([p, k, "anak_terlantar", n, n // 2] for p, k, n in rows)]
    return import_upload(xlsx({"PAS": sheet}), name, user=admin(), cfg=cfg).batch_ids[0]


def four_uploads(monkeypatch, cfg) -> int:
    """January: A, B, C on the 5th, D on the 20th (late); February: A, B, D on the 12th (on time by the 15th, late
    by the default 10th), C never; March: A on 2 April; then C's January corrected on 20 March. Returns the first
    upload's batch."""
    first = upload_at(monkeypatch, cfg, dt.datetime(2025, 2, 5, 9), [("2025-01", k, 10) for k in (A, B, C)], "jan.xlsx")
    upload_at(monkeypatch, cfg, dt.datetime(2025, 2, 20, 9), [("2025-01", D, 10)], "jan_d.xlsx")
    upload_at(monkeypatch, cfg, dt.datetime(2025, 3, 12, 9), [("2025-02", k, 11) for k in (A, B, D)], "feb.xlsx")
    upload_at(monkeypatch, cfg, dt.datetime(2025, 4, 2, 9), [("2025-03", A, 12)], "mar.xlsx")
    upload_at(monkeypatch, cfg, dt.datetime(2025, 3, 20, 9), [("2025-01", C, 9)], "jan_c_koreksi.xlsx")
    return first


TODAY = dt.date(2025, 4, 5)  # March is not due before 15 April
MARCH = Filter(periode="2025-03")


def statuses(t: quality.Timeliness) -> dict[tuple[str, str], str]:
    return {(k, p): s for k, p, s in zip(t.grid["kode_wilayah"], t.grid["periode"], t.grid["status"])}


def test_the_deadline_is_the_configured_day_of_the_next_month(ntb4):
    assert quality.deadline(ntb4, "2025-01") == dt.date(2025, 2, 15)  # [mutu] tenggat_hari = 15
    assert quality.deadline(ntb4, "2025-12") == dt.date(2026, 1, 15)
    main = config.load_config(CONFIG_MAIN)
    assert quality.deadline(main, "2025-01") == dt.date(2025, 2, 10)  # the default, written out in data/


def test_missing_late_and_on_time_reports_and_the_rates_by_hand_on_both_backends(db, ntb4, monkeypatch):
    four_uploads(monkeypatch, ntb4)
    t = quality.timeliness(store.snapshot(db), ntb4, "pas", MARCH, TODAY)
    assert t.months == ["2025-01", "2025-02", "2025-03"]
    assert statuses(t) == {
        (A, "2025-01"): "tepat", (A, "2025-02"): "tepat", (A, "2025-03"): "tepat",
        (B, "2025-01"): "tepat", (B, "2025-02"): "tepat", (B, "2025-03"): "belum",
        # C's January corrected later: its earliest active batch still decides
        (C, "2025-01"): "tepat", (C, "2025-02"): "hilang", (C, "2025-03"): "belum",
        (D, "2025-01"): "terlambat", (D, "2025-02"): "tepat", (D, "2025-03"): "belum",
    }  # fmt: skip
    rows = t.districts.set_index("kode_wilayah")
    # only January and February are due: A 2/2 and 2/2, B 2/2 and 2/2, C 1/2 and 1/2, D 2/2 and 1/2
    assert rows["diharapkan"].to_dict() == {A: 2, B: 2, C: 2, D: 2}
    assert rows["kelengkapan"].to_dict() == {A: 1.0, B: 1.0, C: 0.5, D: 1.0}
    assert rows["ketepatan"].to_dict() == {A: 1.0, B: 1.0, C: 0.5, D: 0.5}
    assert (t.kelengkapan, t.ketepatan) == (7 / 8, 6 / 8)
    assert (t.target_kelengkapan, t.target_ketepatan) == (0.90, 0.80)  # 90 the default, 80 the fixture's


def test_the_screen_reads_worst_first_against_the_targets_in_indonesian(db, ntb4, monkeypatch):
    four_uploads(monkeypatch, ntb4)
    screen = present.quality_screen(store.snapshot(db), ntb4, "pas", MARCH, TODAY)
    cards = {k.label: k.text for k in screen.cards}
    assert cards == {
        "Kelengkapan laporan": "87,5%",
        "Ketepatan waktu": "75,0%",
        "Tidak ada laporan": "1",
        "Wilayah di bawah target": "2 dari 4",
    }
    names = ntb4.wilayah["nama_pendek"]
    assert screen.table["Wilayah"].tolist() == [names[C], names[D], names[A], names[B]]
    assert screen.table.iloc[0][["Kelengkapan", "Ketepatan waktu", "Tidak ada laporan"]].tolist() == ["50%", "50%", "1"]
    assert screen.below_target == [names[C], names[D]]
    assert "tanggal 15 bulan berikutnya" in screen.caption and "ketepatan 80%" in screen.caption
    assert set(screen.grid["keterangan"]) == {"Tepat waktu", "Terlambat", "Tidak ada laporan", "Belum jatuh tempo"}


def test_a_rolled_back_first_upload_no_longer_counts(db, ntb4, monkeypatch):
    first = four_uploads(monkeypatch, ntb4)
    store.rollback_batch(first, admin())
    t = quality.timeliness(store.snapshot(db), ntb4, "pas", MARCH, TODAY)
    s = statuses(t)
    assert (s[(A, "2025-01")], s[(B, "2025-01")]) == ("hilang", "hilang")
    assert s[(C, "2025-01")] == "terlambat"  # now its correction of 20 March is its first report


def test_riwayat_and_mutu_data_share_one_completeness(db, ntb4, monkeypatch):
    four_uploads(monkeypatch, ntb4)
    snap = store.snapshot(db)
    grid = figures.completeness(snap.current, ntb4, "pas")
    t = quality.report_status(snap, ntb4, "pas", TODAY)
    reported = {(k, w) for k, w, n in zip(grid["kode_wilayah"], grid["waktu"], grid["baris"]) if n}
    assert reported == {
        (k, p) for k, p, s in zip(t["kode_wilayah"], t["periode"], t["status"]) if s in ("tepat", "terlambat")
    }


def test_programme_reports_are_expected_only_from_districts_with_a_programme_that_year(use_config):
    cfg = use_config(CONFIG_MAIN)
    rows = figures.completeness({"pas": _pas(), "program": _program()}, cfg, "program")
    expected = rows[rows["diharapkan"]]
    assert set(expected["kode_wilayah"]) == {"74.71"}
    assert sorted(expected["waktu"]) == sorted(p for p in rows["waktu"].unique() if p.startswith("2025"))


def _pas():
    import pandas as pd

    return pd.DataFrame(
        [("2024-12", "74.71", "anak_rentan", 1, 1), ("2025-12", "74.71", "anak_rentan", 1, 1)], columns=PAS_HEADER
    )


def _program():
    import pandas as pd

    row = ("2025-03", "P1", "Program", "anak", "74.71", "orang", 10, 1, 100, 10, "Berjalan")
    return pd.DataFrame(
        [row],
        columns=[
            "periode", "kode_program", "nama_program", "klaster", "kode_wilayah", "satuan", "target", "realisasi",
            "anggaran", "realisasi_anggaran", "status",
        ],
    )  # fmt: skip


def test_the_sample_is_mostly_on_time_and_complete(duckdb_db, use_config):
    cfg = use_config(CONFIG_MAIN)
    from lib import sample

    sample.seed(duckdb_db, cfg)
    t = quality.timeliness(store.snapshot(duckdb_db), cfg, "pas", Filter(periode="2025-12"), dt.date(2026, 1, 15))
    assert t.kelengkapan == 1.0 and t.ketepatan is not None and 0.75 <= t.ketepatan < 1.0
    assert set(t.grid["status"]) == {"tepat", "terlambat"}
