"""Indicators as configuration ([[indikator]], lib.indicators, lib.figures.indicators): the built-in measures,
redefined as indicators of the shipped configurations, give the figures the code before them gave; expressions
are parsed (never evaluated as Python) and checked at load; a zero or missing denominator is no data; a set of
districts is a ratio of sums."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from lib import figures, present
from lib.config import load_config
from lib.config_check import ConfigInvalid, check_config
from lib.figures import Filter
from lib.figures.filters import filter_pas, filter_program
from lib.figures.indicators import Rows, area_value, indicator, indicators
from lib.figures.pas import populations
from lib.indicators import ExpressionError, parse
from lib.periode import previous
from lib.sample import make_sample
from tests.cards_before import old_area_values, same
from tests.conftest import CONFIG_DINSOS, CONFIG_MAIN, CONFIG_NTB

CONFIGS = {"main": CONFIG_MAIN, "dinsos": CONFIG_DINSOS, "ntb": CONFIG_NTB}


# --- The code before indicators (lib/figures/areas.py at ab61eb7), verbatim: the reference the indicators match.
def old_district_values(data, cfg, f, periode, kategori):
    kodes = cfg.kode_wilayah
    everywhere = Filter(periode=periode, klaster=f.klaster)
    pas = data["pas"]
    pas = filter_pas(pas[pas["periode"] == periode], cfg, everywhere)
    if kategori:
        pas = pas[pas["kategori_pas"] == kategori]
    sums = pas.groupby("kode_wilayah")[["terdata", "dilayani"]].sum().astype(float).reindex(kodes)
    prog = filter_program(data["program"], cfg, everywhere)
    prog = prog[prog["periode"] == periode]
    done = (prog["realisasi"] / prog["target"].where(prog["target"] > 0)).groupby(prog["kode_wilayah"]).mean()
    money = prog.groupby("kode_wilayah")[["realisasi_anggaran", "anggaran"]].sum().astype(float)
    pops = populations(data["penduduk"], int(periode[:4])).reindex(kodes)
    out = pd.DataFrame(index=pd.Index(kodes, name="kode_wilayah"))
    out["terdata"], out["dilayani"] = sums["terdata"], sums["dilayani"]
    out["cakupan"] = out["dilayani"] / out["terdata"].where(out["terdata"] > 0)
    out["per10rb"] = out["terdata"] / pops.where(pops > 0) * 10_000
    out["capaian"] = done.reindex(kodes)
    money = money.reindex(kodes)
    out["serapan"] = money["realisasi_anggaran"] / money["anggaran"].where(money["anggaran"] > 0)
    return out.astype(float)


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def sample(request):
    cfg = load_config(CONFIGS[request.param])
    return cfg, make_sample(cfg)


def test_the_shipped_configurations_define_the_built_in_measures_as_indicators(sample):
    cfg, _ = sample
    kodes = {i.kode for i in cfg.indikator}
    assert {"terdata", "dilayani", "cakupan", "per10rb"} <= kodes
    assert any(i.kelompok == "dampak" for i in cfg.indikator)  # an outcome indicator in every shipped one


def test_every_built_in_measure_as_an_indicator_gives_todays_district_figures(sample):
    cfg, data = sample
    periods = sorted(data["pas"]["periode"].unique())
    klasters = [None, cfg.klaster[0].kode, cfg.klaster[-1].kode]
    compared = 0
    for periode in periods[-3:] + periods[:1]:
        for klaster in klasters:
            for kategori in (None, cfg.kategori[0].kode):
                f = Filter(periode=periode, klaster=klaster)
                new = figures.district_measures(data, cfg, f, kategori)["kini"]
                old = old_district_values(data, cfg, f, periode, kategori)
                for m in figures.map_measures(cfg):
                    if m.kode in old:
                        for k in cfg.kode_wilayah:
                            assert same(old.at[k, m.kode], new.at[k, m.kode]), (m.kode, periode, klaster, k)
                            compared += 1
    assert compared > 100


def test_every_built_in_measure_gives_todays_figures_for_a_province_and_the_coverage(sample):
    cfg, data = sample
    periode = sorted(data["pas"]["periode"].unique())[-1]
    first_province = list(cfg.wilayah.index[cfg.wilayah["kode_provinsi"] == cfg.wilayah["kode_provinsi"].iloc[0]])
    for kodes in (first_province, cfg.kode_wilayah, cfg.kode_wilayah[:1]):
        for klaster in (None, cfg.klaster[0].kode):
            new = figures.area_values(data, cfg, klaster, periode, kodes)
            old = old_area_values(data, cfg, klaster, periode, kodes)
            for key in new:
                if key in old:
                    assert same(old[key], new[key]), (key, klaster, len(kodes))


def test_the_coverage_wide_indicators_equal_the_overview_cards(sample):
    """The overview's cards (computed as before) against the indicators over the whole coverage."""
    cfg, data = sample
    periode = sorted(data["pas"]["periode"].unique())[-1]
    cards = {k.label: k.value for k in present.overview_kpis(data, cfg, Filter(periode=periode))}
    rows = Rows(data, cfg, periode, None)
    s = cfg.kategori_singkatan
    expect = {"terdata": f"{s} terdata", "dilayani": f"{s} dilayani", "cakupan": "Cakupan layanan",
              "per10rb": f"{s} per 10.000 penduduk", "serapan": "Penyerapan anggaran", "omzet_ska": "Omzet SKA"}  # fmt: skip
    checked = 0
    for kode, label in expect.items():
        ind = indicator(cfg, kode)
        if ind is not None and label in cards:
            assert same(cards[label], area_value(rows, ind)), kode
            checked += 1
    assert checked >= 4


def test_a_zero_or_missing_denominator_is_no_data_never_zero_or_infinity(sample):
    cfg, data = sample
    periode = sorted(data["pas"]["periode"].unique())[-1]
    kode = cfg.kode_wilayah[0]
    pas = data["pas"].copy()
    pas.loc[(pas["kode_wilayah"] == kode) & (pas["periode"] == periode), "terdata"] = 0
    penduduk = data["penduduk"][data["penduduk"]["kode_wilayah"] != kode]
    changed = {**data, "pas": pas, "penduduk": penduduk}
    table = figures.district_measures(changed, cfg, Filter(periode=periode))["kini"]
    assert pd.isna(table.at[kode, "cakupan"]) and pd.isna(table.at[kode, "per10rb"])
    ranking = present.district_ranking({"kini": table, "lalu": table}, cfg, figures.map_measures(cfg)[2])
    assert ranking.set_index("kode_wilayah").at[kode, "teks"] == "tidak ada data"


def test_a_ratio_over_several_districts_is_the_ratio_of_sums_not_the_mean_of_ratios(sample):
    cfg, data = sample
    periode = sorted(data["pas"]["periode"].unique())[-1]
    kodes = cfg.kode_wilayah[:3]
    month = data["pas"][(data["pas"]["periode"] == periode) & data["pas"]["kode_wilayah"].isin(kodes)]
    by = month.groupby("kode_wilayah", observed=True)[["dilayani", "terdata"]].sum()
    pooled = by["dilayani"].sum() / by["terdata"].sum()
    mean_of_ratios = (by["dilayani"] / by["terdata"]).mean()
    assert abs(pooled - mean_of_ratios) > 1e-6  # the sample tells them apart
    value = area_value(Rows(data, cfg, periode, None), indicator(cfg, "cakupan"), kodes)
    assert value == pytest.approx(pooled)


def test_an_outcome_indicator_reads_the_hasil_rows_with_its_filter(sample):
    cfg, data = sample
    periode = sorted(data["hasil"]["periode"].unique())[-1]
    kode = cfg.kode_wilayah[-1]
    h, p = data["hasil"], data["pas"]
    num = h[(h["periode"] == periode) & (h["kode_wilayah"] == kode) & (h["jenis_hasil"] == "berfungsi_sosial")]
    den = p[(p["periode"] == periode) & (p["kode_wilayah"] == kode)]
    table = figures.district_measures(data, cfg, Filter(periode=periode))["kini"]
    assert table.at[kode, "berfungsi_sosial"] == pytest.approx(num["jumlah"].sum() / den["dilayani"].sum())
    # before outcome reports began there are none: no data, not 0 %
    first = sorted(p["periode"].unique())[0]
    if first < sorted(h["periode"].unique())[0]:
        assert figures.district_measures(data, cfg, Filter(periode=first))["kini"]["berfungsi_sosial"].isna().all()


@pytest.mark.parametrize(
    "text",
    ["pas.", "pas.terdata[", "pas.terdata +", "pas.terdata * 2", '__import__("os").system("x")', "", "pas terdata"],
)
def test_a_malformed_expression_is_a_parse_error_never_code(text):
    with pytest.raises(ExpressionError):
        parse(text)


def test_the_grammar_reads_sums_filters_and_lists():
    terms = parse("sdm.jumlah[jenis_sdm in (pekerja_sosial, tksk)] - hasil.jumlah[jenis_hasil != 'dirujuk']")
    assert [(t.dataset, t.column, t.sign) for t in terms] == [("sdm", "jumlah", 1), ("hasil", "jumlah", -1)]
    assert terms[0].conditions[0].values == ("pekerja_sosial", "tksk")
    assert terms[1].conditions[0].negated and terms[1].conditions[0].values == ("dirujuk",)


def _copy_with(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "konfigurasi"
    shutil.copytree(CONFIG_MAIN.parent, folder, ignore=shutil.ignore_patterns("*.duckdb*", "*.geojson", "nasional"))
    path = folder / "konfigurasi.toml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("pembilang", "says", "fix"),
    [
        ("pas.terdata[", "tidak dapat dibaca", "dataset.kolom"),
        ("pasien.jumlah", 'dataset "pasien" tidak dikenal', "pakai salah satu: pas,"),
        ("pas.terdat", '"terdat" bukan kolom angka dataset pas', 'Maksud Anda "terdata"?'),
        ("pas.terdata[jenis_sdm = tksk]", '"jenis_sdm" bukan kolom kategori dataset pas', "kategori_pas"),
        ("hasil.jumlah[jenis_hasil = berfungsi]", 'kode "berfungsi" tidak ada', 'Maksud Anda "berfungsi_sosial"?'),
    ],
)
def test_a_malformed_indicator_is_refused_at_load_with_file_entry_and_fix(tmp_path, pembilang, says, fix):
    path = _copy_with(
        tmp_path,
        f'\n[[indikator]]\nkode = "uji"\nnama = "Uji"\nsatuan = "persen"\nfaktor = 100\n'
        f'pembilang = "{pembilang}"\npenyebut = "pas.dilayani"\n',
    )
    problems = [str(m) for m in check_config(path)]
    assert len(problems) == 1, problems
    assert problems[0].startswith('konfigurasi.toml, [[indikator]] ke-15 ("uji") pembilang:'), problems[0]
    assert says in problems[0] and "Perbaikan: " in problems[0] and fix in problems[0]
    with pytest.raises(ConfigInvalid):
        load_config(path)


def test_the_map_slide_measure_must_be_a_configured_district_indicator(tmp_path):
    path = _copy_with(tmp_path, "")
    path.write_text(path.read_text(encoding="utf-8").replace('peta_ukuran = "cakupan"', 'peta_ukuran = "omzet_ska"'))
    problems = [str(m) for m in check_config(path)]
    assert len(problems) == 1 and "[presentasi] peta_ukuran" in problems[0] and "berfungsi_sosial" in problems[0]


def test_a_module_left_out_takes_its_indicators_with_it():
    cfg = load_config(CONFIG_NTB)
    assert "capaian" not in [m.kode for m in figures.map_measures(cfg)]
    assert all("program" not in i.datasets for i in indicators(cfg))


def test_a_configuration_without_indicators_gets_the_built_in_ones(tmp_path):
    path = _copy_with(tmp_path, "")
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\n# Indikator:")] + "\n", encoding="utf-8")
    cfg = load_config(path)
    assert [i.kode for i in cfg.indikator] == ["terdata", "dilayani", "cakupan", "per10rb", "capaian", "serapan", "pas_per_peksos", "pengunjung_ska", "omzet_ska", "laba_kotor_ska", "margin_ska"]  # fmt: skip
    shipped = {i.kode: i for i in load_config(CONFIG_MAIN).indikator}
    assert all(i == shipped[i.kode] for i in cfg.indikator)  # the same definitions as the shipped file's
    assert previous("2025-01") == "2024-12"
