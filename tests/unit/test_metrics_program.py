"""Programme, SKA and follow-up metrics on hand-computed tables (Program, SKA and Tindak Lanjut screens)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib import figures, fmt, present
from lib.config import load_config
from lib.figures import Filter
from tests.conftest import CONFIG_MAIN

PROGRAM_COLUMNS = [
    "periode",
    "kode_program",
    "nama_program",
    "klaster",
    "kode_wilayah",
    "satuan",
    "target",
    "realisasi",
    "anggaran",
    "realisasi_anggaran",
    "status",
]


@pytest.fixture(scope="module")
def cfg():
    return load_config(CONFIG_MAIN)


def _programme(
    cfg, kode, months: dict[str, tuple[int, int, str]], target=100, anggaran=1_000, wilayah="74.71", klaster="anak"
):
    """Rows of one programme in one district: {periode: (realisasi, realisasi_anggaran, status position)}."""
    return [
        {
            "periode": p,
            "kode_program": kode,
            "nama_program": f"Program {kode}",
            "klaster": klaster,
            "kode_wilayah": wilayah,
            "satuan": "orang",
            "target": target,
            "realisasi": r,
            "anggaran": anggaran,
            "realisasi_anggaran": spent,
            "status": cfg.status_program[s],
        }
        for p, (r, spent, s) in months.items()
    ]


BELUM, BERJALAN, SELESAI, KENDALA = 0, 1, 2, 3  # positions in konfigurasi.toml's [status] program


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=PROGRAM_COLUMNS)


def _june(cfg) -> pd.DataFrame:
    """At June, for programmes running since January, the schedule expects 6/12 = 50%."""
    jan_to_jun = [f"2025-{m:02d}" for m in range(1, 7)]

    def steady(final, status=BERJALAN):
        return {p: (final * (i + 1) // 6, 0, status) for i, p in enumerate(jan_to_jun)}

    rows = []
    rows += _programme(cfg, "ON", steady(40))  # 50 − 40 = 10 points behind: still on track (≤ 10)
    rows += _programme(cfg, "RISK", steady(25))  # 50 − 25 = 25 points: at risk (≤ 25)
    rows += _programme(cfg, "LATE", steady(24))  # 26 points: late
    rows += _programme(cfg, "BLOCK", {**steady(45), "2025-06": (45, 0, KENDALA)})  # reported blocked
    rows += _programme(cfg, "DONE", {**steady(90), "2025-06": (90, 0, SELESAI)})  # reported finished
    rows += _programme(cfg, "FULL", steady(100))  # target reached, status not yet updated
    rows += _programme(cfg, "ZERO", steady(0), target=0)  # no target: achievement cannot be computed
    rows += _programme(cfg, "LATER", {p: (0, 0, BELUM) for p in jan_to_jun})  # not started yet
    return _frame(rows)


def test_schedule_classes_at_the_thresholds(cfg):
    prog = figures.program_progress(_june(cfg), cfg, "2025-06").set_index("kode_program")
    assert prog.loc["ON", "harapan"] == pytest.approx(0.5)
    assert prog.loc["ON", "capaian"] == pytest.approx(0.40)
    assert prog["kelas"].to_dict() == {
        "BLOCK": figures.KELAS_KENDALA,
        "DONE": figures.KELAS_SELESAI,
        "FULL": figures.KELAS_SELESAI,
        "LATE": figures.KELAS_TERLAMBAT,
        "LATER": figures.KELAS_BELUM,
        "ON": figures.KELAS_SESUAI,
        "RISK": figures.KELAS_BERISIKO,
        "ZERO": figures.KELAS_TANPA_TARGET,
    }
    assert pd.isna(prog.loc["ZERO", "capaian"])  # zero target: missing, not 0% and not "late"
    assert pd.isna(prog.loc["LATER", "harapan"])


def test_schedule_starts_at_the_first_active_month():
    cfg = load_config(CONFIG_MAIN)
    # Starts in March: at April the schedule expects 2 of 10 months = 20%; 15% is 5 points behind.
    rows = _programme(
        cfg,
        "MAR",
        {"2025-01": (0, 0, BELUM), "2025-02": (0, 0, BELUM), "2025-03": (5, 0, BERJALAN), "2025-04": (15, 0, BERJALAN)},
    )
    prog = figures.program_progress(_frame(rows), cfg, "2025-04")
    assert prog["harapan"].iloc[0] == pytest.approx(2 / 10)
    assert prog["kelas"].iloc[0] == figures.KELAS_SESUAI


def test_a_programme_in_two_districts_adds_up_and_is_blocked_if_one_district_is(cfg):
    rows = _programme(
        cfg, "P", {"2025-01": (10, 100, BERJALAN)}, target=40, anggaran=400, wilayah="74.71"
    ) + _programme(cfg, "P", {"2025-01": (2, 50, KENDALA)}, target=60, anggaran=600, wilayah="74.02")
    whole = figures.program_progress(_frame(rows), cfg, "2025-01")
    assert whole[["target", "realisasi", "anggaran", "realisasi_anggaran"]].iloc[0].tolist() == [100, 12, 1000, 150]
    assert whole["capaian"].iloc[0] == pytest.approx(0.12)
    assert whole["kelas"].iloc[0] == figures.KELAS_KENDALA
    per = figures.program_progress(_frame(rows), cfg, "2025-01", per_wilayah=True).set_index("kode_wilayah")
    assert per.loc["74.71", "capaian"] == pytest.approx(0.25)
    # January of a programme starting in January expects 1/12 ≈ 8,3%: 25% is ahead of schedule
    assert per.loc["74.71", "kelas"] == figures.KELAS_SESUAI
    assert per.loc["74.02", "kelas"] == figures.KELAS_KENDALA


def test_no_programme_rows_give_an_empty_table_not_zeros(cfg):
    empty = _frame([])
    assert figures.program_progress(empty, cfg, "2025-06").empty
    assert present.program_rows(empty, cfg, Filter("2025-06")).empty
    assert figures.program_timeline(empty, cfg, Filter("2025-06")).empty
    assert figures.program_class_counts(empty, cfg, Filter("2025-06")) == {k: 0 for k in figures.KELAS_URUTAN}
    kpis = {k.label: k.text for k in present.program_kpis({"program": empty}, cfg, Filter("2025-06"))}
    assert set(kpis.values()) == {fmt.TIDAK_ADA_DATA}


def test_ratios_with_zero_or_missing_denominators_are_missing():
    assert figures.achievement(30, 40) == pytest.approx(0.75)
    assert figures.achievement(5, 0) is None
    assert figures.absorption(250, 1_000) == pytest.approx(0.25)
    assert figures.absorption(0, 0) is None
    assert figures.absorption(None, 1_000) is None
    assert figures.coverage_rate(3, 4) == pytest.approx(0.75)
    assert figures.coverage_rate(3, 0) is None
    assert figures.per_10k(25, 50_000) == pytest.approx(5.0)
    assert figures.per_10k(25, 0) is None
    assert figures.margin(30, 120) == pytest.approx(0.25)
    assert figures.margin(0, 0) is None


def test_program_table_puts_blocked_first_and_writes_figures_the_indonesian_way(cfg):
    rows = _june(cfg)
    rows.loc[rows["kode_program"] == "ON", ["anggaran", "realisasi_anggaran"]] = [450_000_000, 112_500_000]
    table = present.program_rows(rows, cfg, Filter("2025-06"))
    assert table["Kode"].tolist()[:3] == ["BLOCK", "LATE", "RISK"]
    assert table["Status jadwal"].iloc[0] == figures.KELAS_KENDALA
    on = table.set_index("Kode").loc["ON"]
    assert on["Capaian"] == 40.0
    assert on["Realisasi"] == "40 dari 100 orang"
    assert on["Selisih jadwal"] == "−10,0 poin"
    assert on["Pagu"] == "Rp 450 juta"
    assert on["Penyerapan"] == 25.0
    assert on["Terserap"] == "Rp 112,5 juta"
    zero = table.set_index("Kode").loc["ZERO"]
    assert pd.isna(zero["Capaian"]) and zero["Selisih jadwal"] == fmt.TIDAK_ADA_DATA
    only = present.program_rows(rows, cfg, Filter("2025-06"), kelas=[figures.KELAS_BERISIKO])
    assert only["Kode"].tolist() == ["RISK"]


def test_program_filters_by_klaster_and_district(cfg):
    rows = _frame(
        _programme(cfg, "A", {"2025-01": (1, 0, BERJALAN)}, klaster="anak", wilayah="74.71")
        + _programme(cfg, "B", {"2025-01": (1, 0, BERJALAN)}, klaster="lansia", wilayah="81.02")
    )
    assert present.program_rows(rows, cfg, Filter("2025-01", klaster="lansia"))["Kode"].tolist() == ["B"]
    assert present.program_rows(rows, cfg, Filter("2025-01", provinsi="74"))["Kode"].tolist() == ["A"]
    assert present.program_rows(rows, cfg, Filter("2025-01", wilayah="81.02"))["Kode"].tolist() == ["B"]


def test_timeline_runs_from_first_active_month_to_the_month_finished(cfg):
    rows = _frame(
        _programme(
            cfg,
            "DONE",
            {
                "2025-01": (0, 0, BELUM),
                "2025-02": (50, 0, BERJALAN),
                "2025-03": (100, 0, SELESAI),
                "2025-04": (100, 0, SELESAI),
            },
        )
        + _programme(
            cfg,
            "RUN",
            {
                "2025-01": (0, 0, BELUM),
                "2025-02": (0, 0, BELUM),
                "2025-03": (10, 0, BERJALAN),
                "2025-04": (30, 0, BERJALAN),
            },
        )
        + _programme(cfg, "LATER", {m: (0, 0, BELUM) for m in ("2025-01", "2025-02", "2025-03", "2025-04")})
    )
    line = figures.program_timeline(rows, cfg, Filter("2025-04")).set_index("kode_program")
    assert list(line.index) == ["RUN", "DONE"]  # not started: left out; unfinished before finished
    assert line.loc["DONE", ["mulai", "akhir", "selesai"]].tolist() == ["2025-02", "2025-03", True]
    assert line.loc["RUN", ["mulai", "akhir", "selesai"]].tolist() == ["2025-03", "2025-04", False]


# SKA -----------------------------------------------------------------------------------------------------------


def _ska(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["periode", "unit", "pengunjung", "produk_terjual", "omzet", "laba_kotor"])


SKA = _ska(
    [
        ("2024-01", "U1", 100, 50, 10_000_000, 3_000_000),
        ("2024-02", "U1", 100, 50, 10_000_000, 2_000_000),
        ("2025-01", "U1", 150, 60, 12_000_000, 3_000_000),
        ("2025-01", "U2", 50, 40, 3_000_000, 1_500_000),
        ("2025-02", "U1", 0, 0, 0, 0),
    ]
)


def test_ska_month_sums_units_compares_with_the_month_before_and_shows_year_on_year_as_its_own_card(cfg):
    kpis = {k.label: k for k in present.ska_kpis(SKA, cfg, None, "2025-01")}
    assert kpis["Pengunjung"].value == 200 and kpis["Pengunjung"].change is None  # December 2024 not reported
    assert kpis["Omzet SKA"].text == "Rp 15 juta" and kpis["Laba kotor"].text == "Rp 4,5 juta"
    assert kpis["Margin laba kotor"].text == "30,0%"  # 4,5 ÷ 15
    assert kpis["Omzet dibanding Januari 2024"].value == pytest.approx(0.5)  # 15 vs 10 juta: its own, labelled card
    one = {k.label: k.value for k in present.ska_kpis(SKA, cfg, "U2", "2025-01")}
    assert one["Pengunjung"] == 50


def test_ska_zero_turnover_has_no_margin_and_a_missing_month_is_missing(cfg):
    feb = {k.label: k for k in present.ska_kpis(SKA, cfg, None, "2025-02")}
    assert feb["Omzet SKA"].text == "Rp 0"  # a real zero stays zero
    assert feb["Margin laba kotor"].text == fmt.TIDAK_ADA_DATA  # 0 ÷ 0
    assert feb["Omzet SKA"].change_text == "−100,0%"
    march = {k.label: k.text for k in present.ska_kpis(SKA, cfg, None, "2025-03")}
    assert set(march.values()) == {fmt.TIDAK_ADA_DATA}
    assert figures.ska_monthly(_ska([])).empty


def test_ska_year_to_date_against_the_same_months_last_year():
    table = present.ska_year_to_date(figures.ska_monthly(SKA), "2025-02").set_index("Ukuran")
    assert list(table.columns) == ["Jan 2025 – Feb 2025", "Jan 2024 – Feb 2024", "Perubahan"]
    assert table.loc["Pengunjung"].tolist() == ["200", "200", "0,0%"]
    assert table.loc["Omzet"].tolist() == ["Rp 15 juta", "Rp 20 juta", "−25,0%"]
    assert table.loc["Margin laba kotor"].tolist() == ["30,0%", "25,0%", "+5,0 poin"]
    first = present.ska_year_to_date(figures.ska_monthly(SKA), "2024-02").set_index("Ukuran")
    assert first.loc["Omzet", "Perubahan"] == fmt.TIDAK_ADA_DATA  # nothing a year earlier


def test_ska_by_month_of_year_gives_both_years_up_to_the_period():
    table = figures.ska_by_month_of_year(figures.ska_monthly(SKA), "2025-01", "omzet")
    assert table.values.tolist() == [["2024", 1, 10_000_000.0], ["2024", 2, 10_000_000.0], ["2025", 1, 15_000_000.0]]


# Tindak lanjut ---------------------------------------------------------------------------------------------------

TODAY = dt.date(2025, 8, 1)


def _tl(cfg) -> pd.DataFrame:
    s = cfg.status_tindak_lanjut
    return pd.DataFrame(
        {
            "rapat": ["R1", "R1", "R1", "R0"],
            "tanggal_rapat": pd.to_datetime(["2025-06-12"] * 3 + ["2025-01-10"]),
            "kode_wilayah": ["74.71", "", "81.02", "74.71"],
            "uraian": ["a", "b", "c", "d"],
            "penanggung_jawab": ["X", "Y", "Z", "X"],
            "tenggat": pd.to_datetime(["2025-07-31", "2025-08-01", "2025-07-01", "2025-02-01"]),
            "status": [s[0], s[1], s[-1], s[1]],
            "catatan": [None, "ada", None, None],
        }
    )


def test_overdue_means_past_due_and_not_in_the_last_status(cfg):
    s = cfg.status_tindak_lanjut
    assert figures.is_overdue(pd.Timestamp("2025-07-31"), s[0], cfg, TODAY)
    assert not figures.is_overdue(pd.Timestamp("2025-08-01"), s[0], cfg, TODAY)  # due today: not yet late
    assert not figures.is_overdue(pd.Timestamp("2025-07-01"), s[-1], cfg, TODAY)  # finished
    assert not figures.is_overdue(None, s[0], cfg, TODAY)


def test_follow_up_counts_and_table_for_a_district(cfg):
    tl = _tl(cfg)
    kpis = {k.label: k.text for k in present.follow_up_kpis(tl, cfg, Filter("2025-06", wilayah="74.71"), TODAY)}
    # 74.71's own items (a, d) and the one for all districts (b); c belongs to 81.02
    assert kpis == {"Tindak lanjut": "3", cfg.status_tindak_lanjut[-1]: "0", "Belum tuntas": "3", "Lewat tenggat": "2"}
    assert figures.meetings(tl) == ["R1", "R0"]
    table = present.follow_up_table(tl, cfg, Filter("2025-06"), "R1", TODAY)
    assert table["Uraian"].tolist() == ["a", "c", "b"]  # overdue first, then by due date
    assert table["Lewat tenggat"].tolist() == ["1 hari", "", ""]
    assert table["Wilayah"].tolist()[2] == "semua wilayah"
    assert table["Tenggat"].tolist()[0] == "31 Jul 2025"
    assert "1 tindak lanjut lewat tenggat" in present.overdue_text(table)
    empty = {k.label: k.text for k in present.follow_up_kpis(tl.iloc[0:0], cfg, Filter("2025-06"), TODAY)}
    assert set(empty.values()) == {fmt.TIDAK_ADA_DATA}


def test_follow_up_changes_are_only_the_edited_rows_with_their_keys(cfg):
    tl = _tl(cfg)
    table = present.follow_up_table(tl, cfg, Filter("2025-06"), "R1", TODAY)
    edited = table.copy()
    assert figures.follow_up_changes(tl, edited, cfg).empty  # nothing changed, nothing to save
    edited.loc[0, "status"] = cfg.status_tindak_lanjut[-1]
    edited.loc[1, "catatan"] = "  "  # the note 'ada' was cleared: a change, stored as no note
    changes = figures.follow_up_changes(tl, edited, cfg).set_index("uraian")
    assert list(changes.index) == ["a", "b"]
    assert changes.loc["a", "status"] == cfg.status_tindak_lanjut[-1]
    assert changes.loc["a", "tenggat"] == dt.date(2025, 7, 31)
    assert changes.loc["b", "catatan"] is None and changes.loc["b", "kode_wilayah"] == ""
    edited.loc[2, "status"] = "Entah"  # the write path refuses it (tests/unit/test_one_path.py)
    assert "Entah" in figures.follow_up_changes(tl, edited, cfg)["status"].tolist()
