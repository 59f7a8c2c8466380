"""Metric functions on small tables whose answers are computed by hand, including empty tables and zero
denominators (where the answer is "no data", None, never 0)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib import figures, fmt, present
from lib.config import load_config
from lib.figures import Filter
from lib.figures.indicators import Rows, area_value, indicator
from tests.conftest import CONFIG_DINSOS, CONFIG_MAIN


@pytest.fixture(scope="module")
def cfg():
    return load_config(CONFIG_MAIN)


def pas_rows(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["periode", "kode_wilayah", "kategori_pas", "terdata", "dilayani"])


def program_rows(*rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        columns=[
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
        ],
    )


def data_with(pas=None, program=None, penduduk=None, sdm=None, layanan=None) -> dict[str, pd.DataFrame]:
    return {
        "pas": pas if pas is not None else pas_rows(),
        "program": program if program is not None else program_rows(),
        "penduduk": penduduk if penduduk is not None else pd.DataFrame(columns=["tahun", "kode_wilayah", "jumlah"]),
        "sdm": sdm if sdm is not None else pd.DataFrame(columns=["tahun", "kode_wilayah", "jenis_sdm", "jumlah"]),
        "layanan": layanan
        if layanan is not None
        else pd.DataFrame(
            columns=["periode", "kode_wilayah", "kategori_pas", "jenis_layanan", "pendekatan", "penerima"]
        ),
    }


# The basic ratios -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fn, num, den, expected",
    [
        (figures.coverage_rate, 45, 60, 0.75),
        (figures.coverage_rate, 0, 60, 0.0),  # nobody served is a real 0%
        (figures.coverage_rate, 10, 0, None),  # nothing recorded: no rate
        (figures.coverage_rate, None, 60, None),
        (figures.achievement, 30, 40, 0.75),
        (figures.achievement, 5, 0, None),
        (figures.absorption, 90_000_000, 120_000_000, 0.75),
        (figures.absorption, 0, 0, None),
        (figures.absorption, float("nan"), 100, None),
    ],
)
def test_ratios_and_their_zero_denominators(fn, num, den, expected):
    assert fn(num, den) == expected


def test_per_10k_scales_to_ten_thousand_people_and_needs_a_population():
    assert figures.per_10k(250, 50_000) == pytest.approx(50.0)
    assert figures.per_10k(250, 0) is None
    assert figures.per_10k(250, None) is None


# Drill-down: breakdown per klaster / group / district --------------------------------------------------------------


def test_breakdown_per_klaster_ranks_by_terdata_and_lists_klaster_without_data_last(cfg):
    pas = pas_rows(
        ("2025-03", "74.71", "anak_rentan", 100, 50),
        ("2025-03", "74.02", "anak_rentan", 60, 30),
        ("2025-03", "74.71", "fakir_miskin", 200, 50),
        ("2025-03", "74.71", "perempuan_rentan", 40, 40),  # also klaster rentan
        ("2025-02", "74.71", "disabilitas", 999, 999),  # another month: not counted
    )
    table = figures.pas_breakdown(pas, cfg, Filter(periode="2025-03"), "klaster")
    assert table["kode"].tolist()[:2] == ["rentan", "anak"]
    rentan, anak = table.iloc[0], table.iloc[1]
    assert (rentan["terdata"], rentan["dilayani"]) == (240, 90)  # 200 + 40, 50 + 40
    assert rentan["cakupan"] == pytest.approx(90 / 240)
    assert rentan["bagian"] == pytest.approx(240 / 400)
    assert (anak["terdata"], anak["cakupan"], anak["bagian"]) == (160, pytest.approx(0.5), pytest.approx(0.4))
    assert table["peringkat"].tolist()[:2] == [1, 2]
    no_data = table.iloc[2:]
    assert len(no_data) == 3 and no_data["terdata"].isna().all() and no_data["peringkat"].isna().all()
    shown = present.breakdown_rows(table, "Klaster")
    assert shown.iloc[0].tolist() == ["1", "Rentan", "240", "90", "37,5%", "60,0%"]
    assert shown.iloc[-1]["Terdata"] == fmt.TIDAK_ADA_DATA and shown.iloc[-1]["Peringkat"] == "–"
    assert list(figures.drill_options(table)) == ["rentan", "anak"]  # one cannot drill into no data


def test_breakdown_per_district_for_one_group_respects_the_province_filter(cfg):
    pas = pas_rows(
        ("2025-03", "74.71", "fakir_miskin", 300, 100),
        ("2025-03", "74.02", "fakir_miskin", 500, 0),
        ("2025-03", "81.02", "fakir_miskin", 900, 900),  # another province
        ("2025-03", "74.02", "anak_rentan", 70, 70),  # another group
    )
    f = Filter(periode="2025-03", klaster="rentan", provinsi="74")
    table = figures.pas_breakdown(pas, cfg, f, "kode_wilayah", "fakir_miskin")
    assert len(table) == 17 and "81.02" not in table["kode"].tolist()
    top = table.head(2)
    assert top["kode"].tolist() == ["74.02", "74.71"]
    assert top["cakupan"].tolist() == [0.0, pytest.approx(1 / 3)]  # 0 served of 500 is 0%, not missing
    assert top["bagian"].tolist() == [pytest.approx(500 / 800), pytest.approx(300 / 800)]


def test_breakdown_of_an_empty_table_is_all_missing(cfg):
    table = figures.pas_breakdown(pas_rows(), cfg, Filter(periode="2025-03"), "klaster")
    assert len(table) == len(cfg.klaster)
    assert table["terdata"].isna().all() and table["cakupan"].isna().all() and table["bagian"].isna().all()
    assert figures.drill_options(table) == {}


@pytest.mark.parametrize(
    "f, kategori, level",
    [
        (Filter(periode="2025-03"), None, 0),
        (Filter(periode="2025-03", wilayah="74.71"), None, 0),
        (Filter(periode="2025-03", klaster="anak"), None, 1),
        (Filter(periode="2025-03", klaster="anak"), "anak_rentan", 2),
        (Filter(periode="2025-03", klaster="anak", wilayah="74.71"), "anak_rentan", 3),
    ],
)
def test_drill_level_follows_the_path(f, kategori, level):
    assert figures.drill_level(f, kategori) == level


def test_services_per_kind_and_approach_fill_unreported_kinds_with_zero_but_no_report_is_missing(cfg):
    layanan = pd.DataFrame(
        [
            ("2025-03", "74.71", "anak_rentan", "terapi", "keluarga", 10),
            ("2025-03", "74.71", "anak_rentan", "terapi", "residensial", 5),
            ("2025-03", "74.71", "anak_rentan", "vokasional", "komunitas", 20),
            ("2025-03", "74.02", "anak_rentan", "terapi", "keluarga", 99),  # another district
        ],
        columns=["periode", "kode_wilayah", "kategori_pas", "jenis_layanan", "pendekatan", "penerima"],
    )
    long = figures.service_breakdown(layanan, cfg, ["74.71"], ["anak_rentan"], "2025-03")
    assert len(long) == len(cfg.jenis_layanan) * len(cfg.pendekatan)
    assert long["jenis_layanan"].iloc[0] == "vokasional"  # 20 > 15: ranked by total
    totals = long.drop_duplicates("jenis_layanan").set_index("jenis_layanan")["jumlah_jenis"]
    assert (totals["vokasional"], totals["terapi"], totals["aksesibilitas"]) == (20, 15, 0)
    wide = present.service_rows(long, cfg).set_index("Jenis layanan")
    assert wide.loc[cfg.label("jenis_layanan", "terapi")].tolist() == ["10", "0", "5", "15"]
    assert figures.service_breakdown(layanan, cfg, ["74.71"], ["anak_rentan"], "2025-04").empty
    assert (
        present.service_rows(figures.service_breakdown(layanan, cfg, ["81.02"], ["anak_rentan"], "2025-03"), cfg).iloc[
            0, 0
        ]
        == fmt.TIDAK_ADA_DATA
    )


# Compare: a set of districts, pooled rates, averages per district ------------------------------------------------


def _two_districts():
    pas = pas_rows(
        ("2025-03", "74.71", "anak_rentan", 300, 150),
        ("2025-03", "74.71", "fakir_miskin", 100, 50),
        ("2025-03", "74.02", "anak_rentan", 100, 80),
        ("2025-02", "74.71", "anak_rentan", 200, 50),
    )
    program = program_rows(
        ("2025-03", "P1", "Program satu", "anak", "74.71", "orang", 40, 10, 100_000_000, 30_000_000, "Berjalan"),
        ("2025-03", "P1", "Program satu", "anak", "74.02", "orang", 10, 10, 50_000_000, 50_000_000, "Selesai"),
        ("2025-03", "P2", "Program dua", "rentan", "74.71", "orang", 0, 0, 0, 0, "Berjalan"),  # target 0
    )
    penduduk = pd.DataFrame(
        [(2024, "74.71", 300_000), (2025, "74.71", 400_000), (2025, "74.02", 100_000)],
        columns=["tahun", "kode_wilayah", "jumlah"],
    )
    return data_with(pas=pas, program=program, penduduk=penduduk)


def test_area_values_pool_rates_and_average_counts_per_district(cfg):
    values = figures.area_values(_two_districts(), cfg, None, "2025-03", ["74.71", "74.02"])
    assert values["terdata"] == 250.0  # (400 + 100) / 2 districts
    assert values["dilayani"] == 140.0  # (200 + 80) / 2
    assert values["cakupan"] == pytest.approx(280 / 500)  # pooled, not the mean of 50% and 80%
    assert values["per10rb"] == pytest.approx(500 / 500_000 * 10_000)  # 2025 populations: 400.000 + 100.000
    assert values["dilayani_per10rb"] == pytest.approx(280 / 500_000 * 10_000)
    assert values["capaian"] == pytest.approx((10 / 40 + 10 / 10) / 2)  # the target-0 row has no achievement
    assert values["serapan"] == pytest.approx(80_000_000 / 150_000_000)


def test_area_values_of_one_district_with_a_klaster_and_of_no_data(cfg):
    data = _two_districts()
    one = figures.area_values(data, cfg, "anak", "2025-03", ["74.71"])
    assert (one["terdata"], one["dilayani"], one["cakupan"]) == (300.0, 150.0, 0.5)
    assert one["capaian"] == 0.25 and one["serapan"] == pytest.approx(0.3)
    rentan = figures.area_values(data, cfg, "rentan", "2025-03", ["74.71"])
    assert rentan["capaian"] is None and rentan["serapan"] is None  # target 0 and budget 0: nothing to divide by
    nothing = figures.area_values(data, cfg, None, "2024-01", ["74.71", "74.02"])
    assert all(v is None for v in nothing.values())
    no_population = figures.area_values(data_with(pas=data["pas"]), cfg, None, "2025-03", ["74.71"])
    assert no_population["per10rb"] is None and no_population["terdata"] == 400.0


def test_compare_table_has_reference_rows_and_statements_say_the_difference(cfg):
    table = figures.compare_table(_two_districts(), cfg, Filter(periode="2025-03"), ["74.71", "74.02"])
    assert table["jenis"].tolist() == ["wilayah", "wilayah", "rata-rata", "rata-rata"]
    assert table["nama"].tolist()[2:] == [
        "Rata-rata wilayah jangkauan",
        f"Rata-rata Provinsi {cfg.wilayah.at['74.71', 'provinsi']}",
    ]
    kendari, konawe, area = table.iloc[0], table.iloc[1], table.iloc[2]
    assert kendari["cakupan"] == 0.5 and kendari["cakupan_lalu"] == 0.25
    assert area["cakupan"] == pytest.approx(0.56)  # only the two districts reported
    cakupan = next(u for u in figures.map_measures(cfg) if u.kode == "cakupan")
    shown = present.compare_rows(table, cfg, per10rb=False, ukuran=cakupan)
    assert shown.iloc[0]["Ubah cakupan layanan"] == "+25,0 poin"
    assert shown.iloc[1]["Ubah cakupan layanan"] == fmt.TIDAK_ADA_DATA  # no February report
    lines = present.compare_statements(table, "PAS")
    assert lines[0].startswith(
        f"{kendari['nama']}: cakupan 50,0%, 6,0 poin di bawah rata-rata wilayah jangkauan (56,0%)"
    )
    assert f"{konawe['nama']}: cakupan 80,0%, 24,0 poin di atas" in lines[1]
    # per 10.000: Kendari 10,0 vs 10,0 on average → "sama dengan"; Konawe 10,0 too
    assert "PAS per 10.000 penduduk 10,0, sama dengan rata-rata wilayah jangkauan (10,0)" in lines[0]


def test_compare_trend_per_10k_uses_each_years_population(cfg):
    long = figures.compare_trend(_two_districts(), cfg, Filter(periode="2025-03"), ["74.71"], per10rb=True)
    terdata = long[long["ukuran"] == "Terdata"].set_index("periode")["nilai"]
    assert terdata["2025-02"] == pytest.approx(200 / 400_000 * 10_000)
    assert terdata["2025-03"] == pytest.approx(400 / 400_000 * 10_000)


# Profile: social workers, follow-ups ----------------------------------------------------------------------------


def test_social_workers_count_only_flagged_kinds_from_the_latest_year(cfg):
    sdm = pd.DataFrame(
        [
            (2024, "74.71", "pekerja_sosial", 5),
            (2025, "74.71", "pekerja_sosial", 6),
            (2025, "74.71", "tksk", 4),
            (2025, "74.71", "tagana", 50),
        ],
        columns=["tahun", "kode_wilayah", "jenis_sdm", "jumlah"],
    )
    # PAS per pekerja sosial is the pas_per_peksos indicator of the configuration
    peksos = indicator(cfg, "pas_per_peksos")
    data = data_with(pas=pas_rows(("2025-03", "74.71", "anak_rentan", 250, 100), ("2024-03", "74.71", "anak_rentan", 250, 100)), sdm=sdm)  # fmt: skip
    assert area_value(Rows(data, cfg, "2025-03", None), peksos, ["74.71"]) == 25.0  # 250 ÷ (6 + 4): no Tagana
    assert area_value(Rows(data, cfg, "2024-03", None), peksos, ["74.71"]) == 50.0  # 250 ÷ 5 of 2024
    assert area_value(Rows(data, cfg, "2025-03", None), peksos, ["74.02"]) is None  # no SDM data, no PAS
    zero = data_with(pas=data["pas"], sdm=sdm.assign(jumlah=0))
    assert area_value(Rows(zero, cfg, "2025-03", None), peksos, ["74.71"]) is None
    rows = present.sdm_rows(sdm, cfg, "74.02", 2025)
    assert (rows["Jumlah"] == fmt.TIDAK_ADA_DATA).all()


def test_open_follow_ups_of_a_district_include_those_for_everyone_and_put_overdue_first(cfg):
    tl = pd.DataFrame(
        [
            ("R1", dt.date(2025, 6, 1), "", "Untuk semua", "Dinas", dt.date(2025, 9, 30), "Dalam Proses", None),
            ("R1", dt.date(2025, 6, 1), "74.71", "Sudah", "Dinas", dt.date(2025, 7, 1), "Selesai", None),
            ("R1", dt.date(2025, 6, 1), "74.71", "Terlambat", "Dinas", dt.date(2025, 7, 1), "Belum Mulai", None),
            ("R1", dt.date(2025, 6, 1), "74.02", "Lain wilayah", "Dinas", dt.date(2025, 7, 1), "Belum Mulai", None),
        ],
        columns=[
            "rapat",
            "tanggal_rapat",
            "kode_wilayah",
            "uraian",
            "penanggung_jawab",
            "tenggat",
            "status",
            "catatan",
        ],
    )
    out = present.open_follow_ups(tl, cfg, "74.71", dt.date(2025, 8, 1))
    assert out["Uraian"].tolist() == ["Terlambat", "Untuk semua"]
    assert out["Keterangan"].tolist() == ["lewat tenggat 31 hari", ""]
    assert out["Untuk"].tolist() == [cfg.nama_wilayah("74.71"), "semua wilayah"]
    assert present.open_follow_ups(tl.iloc[0:0], cfg, "74.71", dt.date(2025, 8, 1)).empty


# On-track status (the programme schedule) ------------------------------------------------------------------------


def test_schedule_classes_from_elapsed_time_and_achievement(cfg):
    # All start in January (realisation > 0); at June the schedule expects 6/12 = 50%.
    rows = []
    for kode, june, status in [
        ("ON", 45, "Berjalan"),
        ("RISK", 30, "Berjalan"),
        ("LATE", 20, "Berjalan"),
        ("BLOCK", 45, "Terkendala"),
        ("DONE", 100, "Berjalan"),
        ("ZERO", 0, "Belum Mulai"),
    ]:
        rows.append(("2025-01", kode, kode, "anak", "74.71", "orang", 100, 1 if kode != "ZERO" else 0, 10, 1, status))
        rows.append(("2025-06", kode, kode, "anak", "74.71", "orang", 100, june, 10, 5, status))
    prog = figures.program_progress(program_rows(*rows), cfg, "2025-06").set_index("kode_program")
    assert prog.at["ON", "harapan"] == pytest.approx(0.5)
    assert prog["kelas"].to_dict() == {
        "BLOCK": figures.KELAS_KENDALA,
        "DONE": figures.KELAS_SELESAI,
        "LATE": figures.KELAS_TERLAMBAT,
        "ON": figures.KELAS_SESUAI,
        "RISK": figures.KELAS_BERISIKO,
        "ZERO": figures.KELAS_BELUM,
    }


def test_everything_works_on_the_second_configuration():
    cfg = load_config(CONFIG_DINSOS)
    kode, kat = cfg.kode_wilayah[0], cfg.kategori[0]
    pas = pas_rows(("2025-03", kode, kat.kode, 80, 20))
    table = figures.pas_breakdown(pas, cfg, Filter(periode="2025-03"), "klaster")
    assert len(table) == len(cfg.klaster) and table.iloc[0]["kode"] == kat.klaster
    values = figures.area_values(data_with(pas=pas), cfg, None, "2025-03", cfg.kode_wilayah)
    assert values["terdata"] == 80.0 and values["cakupan"] == 0.25  # one district reported


def test_the_completeness_grid_starts_at_periode_awal_when_offices_reported_later():
    import dataclasses

    from lib import sample

    cfg = load_config()
    data = sample.make_sample(cfg)
    first = figures.periods(data)[0]
    earlier = dataclasses.replace(cfg, bawaan={**cfg.bawaan, "periode_awal": "2020-01"})
    grid = figures.completeness(data, earlier, "pas")
    before = grid[grid["waktu"] < first]
    assert sorted(before["waktu"].unique())[:2] == ["2020-01", "2020-02"]
    assert len(before) == len(cfg.kode_wilayah) * before["waktu"].nunique()  # every district, every month
    assert (before["baris"] == 0).all() and before["lengkap"].isna().all()  # "tidak ada laporan", not 0 %
    later = dataclasses.replace(cfg, bawaan={**cfg.bawaan, "periode_awal": figures.periods(data)[3]})
    assert figures.completeness(data, later, "pas")["waktu"].min() == figures.periods(data)[3]
