"""The cards that were written in code before indicators (the overview's eight, the Program and SKA screens', Profil's
PAS per pekerja sosial and coverage rank, Bandingkan's side-by-side table) give today's figures on the sample of
every shipped configuration (main, dinsos, ntb): the reference is the code before (tests/cards_before.py)."""

from __future__ import annotations

import shutil

import pytest

from lib import figures, fmt, present
from lib.config import load_config
from lib.figures import Filter
from lib.present.kpi import STEADY
from lib.sample import make_sample
from tests import cards_before as before
from tests.cards_before import same
from tests.conftest import CONFIG_DINSOS, CONFIG_MAIN, CONFIG_NTB

CONFIGS = {"main": CONFIG_MAIN, "dinsos": CONFIG_DINSOS, "ntb": CONFIG_NTB}
# A card's label before → its label now: the indicator's name, one name for a measure on every screen.
RENAMED = {
    "PAS per 10rb penduduk": "PAS per 10.000 penduduk",
    "PMKS per 10rb penduduk": "PMKS per 10.000 penduduk",
    "Omzet": "Omzet SKA",
    "Ubah cakupan": "Ubah cakupan layanan",
    "Penyerapan": "Penyerapan anggaran",
}


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def sample(request):
    cfg = load_config(CONFIGS[request.param])
    return cfg, make_sample(cfg)


def filters(cfg, data) -> list[Filter]:
    periods = sorted(data["pas"]["periode"].unique())
    prov = cfg.wilayah["kode_provinsi"].iloc[0]
    kode, klaster = cfg.kode_wilayah[-1], cfg.klaster[0].kode
    out = []
    for p in (periods[-1], periods[-3], periods[0]):
        out += [Filter(p), Filter(p, provinsi=prov), Filter(p, wilayah=kode), Filter(p, klaster=klaster)]
    return [*out, Filter(periods[-1], klaster=klaster, wilayah=kode)]


def assert_cards(old: list, new: list) -> int:
    """Every card of before is there now (by its label, or the label it was renamed to), with the same value,
    previous value and trend."""
    shown = {k.label.removesuffix(" (seluruh Sentra)"): k for k in new}  # SKA's card under a filter says whose
    for label, value, prev, trend in old:
        card = shown.get(RENAMED.get(label, label))
        assert card is not None, (label, list(shown))
        assert same(value, card.value) and same(prev, card.previous), (label, value, card.value, prev, card.previous)
        assert len(trend) == len(card.trend) and all(same(a, b) for a, b in zip(trend, card.trend)), label
    return len(old)


def test_the_overview_cards_are_todays(sample):
    cfg, data = sample
    n = 0
    for f in filters(cfg, data):
        old, new = before.overview(data, cfg, f), present.overview_kpis(data, cfg, f)
        n += assert_cards(old, new)
        assert len(new) == len(old)
    assert n >= 13 * 4


def test_the_program_cards_are_todays(sample):
    cfg, data = sample
    if not present.module_on(cfg, "program"):
        return
    for f in filters(cfg, data):
        assert_cards(before.program(data, cfg, f), present.program_kpis(data, cfg, f))


def test_the_ska_cards_are_todays(sample):
    cfg, data = sample
    if not present.module_on(cfg, "ska"):
        return
    periods = sorted(data["ska"]["periode"].unique())
    for unit in (None, sorted(data["ska"]["unit"].unique())[0]):
        for p in (periods[-1], periods[-13], periods[0]):
            screen = present.ska_screen(data["ska"], cfg, unit, p)
            assert_cards(before.ska(data, unit, p), screen.kpis)
            assert len(screen.kpis) == 5


def test_the_profile_worker_card_and_coverage_rank_are_todays(sample):
    cfg, data = sample
    periods = sorted(data["pas"]["periode"].unique())
    for f in (Filter(periods[-1]), Filter(periods[0]), Filter(periods[-1], klaster=cfg.klaster[-1].kode)):
        for kode in cfg.kode_wilayah[:4] + cfg.kode_wilayah[-2:]:
            assert_cards(before.profile_extra(data, cfg, f, kode), present.profile_kpis(data, cfg, f, kode))


def test_the_worker_sentence_of_the_profile_is_todays(sample):
    cfg, data = sample
    f = Filter(sorted(data["pas"]["periode"].unique())[-1])
    kode = cfg.kode_wilayah[0]
    mine, area = (before.worker_ratio(data, cfg, None, f.periode, k) for k in ([kode], cfg.kode_wilayah))
    text = present.worker_ratio_text(data, cfg, f, kode)
    assert text.startswith(f"**{fmt.angka(mine, 1)}** {cfg.kategori_singkatan} terdata per pekerja sosial")
    assert f"rata-rata wilayah jangkauan: {fmt.angka(area, 1)}" in text


@pytest.mark.parametrize("per10rb", [False, True])
def test_the_side_by_side_table_of_bandingkan_is_todays(sample, per10rb):
    cfg, data = sample
    periods = sorted(data["pas"]["periode"].unique())
    w = cfg.wilayah
    picked = [cfg.kode_wilayah[0], cfg.kode_wilayah[-1], cfg.kode_wilayah[len(cfg.kode_wilayah) // 2]]
    ukuran = next(u for u in figures.map_measures(cfg) if u.kode == "cakupan")
    for f in (Filter(periods[-1]), Filter(periods[0]), Filter(periods[-1], klaster=cfg.klaster[0].kode)):
        old = before.compare_rows(data, cfg, f, picked, per10rb)
        new = present.comparison(data, cfg, f, tuple(picked), per10rb, ukuran).rows
        assert list(new.iloc[:, 0]) == list(old["Wilayah"])
        for col in old.columns[1:]:
            # a change that reads as zero is 'tetap' now, as on every card (README, one change rule)
            expect = [STEADY if t.startswith(("0,0", "+0,0", "−0,0")) else t for t in old[col]]
            assert list(new[RENAMED.get(col, col)]) == expect, col
    assert len(w)


def _copy(tmp_path, extra: str = "", without: tuple[str, ...] = ()):
    """A copy of the main configuration, without the [[indikator]] entries of these codes, with `extra` added."""
    folder = tmp_path / "konfigurasi"
    shutil.copytree(CONFIG_MAIN.parent, folder, ignore=shutil.ignore_patterns("*.duckdb*", "*.geojson*", "nasional"))
    path = folder / "konfigurasi.toml"
    parts = path.read_text(encoding="utf-8").split("[[indikator]]")
    kept = [p for p in parts if not any(f'\nkode = "{k}"\n' in p for k in without)]
    path.write_text("[[indikator]]".join(kept) + extra, encoding="utf-8")
    return load_config(path)


def test_a_deployment_that_removes_an_indicator_no_longer_sees_its_cards(tmp_path):
    cfg = _copy(tmp_path, without=("serapan", "omzet_ska", "pas_per_peksos", "per10rb"))
    data = make_sample(cfg)
    f = Filter(sorted(data["pas"]["periode"].unique())[-1])
    overview = [k.label for k in present.overview_kpis(data, cfg, f)]
    assert overview == ["PAS terdata", "PAS dilayani", "Cakupan layanan", "Program sesuai jadwal", "Program terlambat"]
    assert [k.label for k in present.program_kpis(data, cfg, f)] == ["Program sesuai jadwal", "Program terlambat"]
    ska = [k.label for k in present.ska_screen(data["ska"], cfg, None, f.periode).kpis]
    assert ska == ["Pengunjung", "Laba kotor", "Margin laba kotor"]  # no turnover, so no year-on-year either
    profile = [k.label for k in present.profile_kpis(data, cfg, f, cfg.kode_wilayah[0])]
    assert "PAS per pekerja sosial" not in profile and "PAS per 10.000 penduduk" not in profile
    assert present.worker_ratio_text(data, cfg, f, cfg.kode_wilayah[0]) == ""
    cakupan = next(u for u in figures.map_measures(cfg) if u.kode == "cakupan")
    table = present.comparison(data, cfg, f, tuple(cfg.kode_wilayah[:2]), True, cakupan).rows
    assert "Penyerapan anggaran" not in table.columns and "PAS terdata per 10.000 penduduk" in table.columns


def test_an_added_indicator_over_ska_is_a_card_of_the_ska_screen(tmp_path):
    extra = '\n[[indikator]]\nkode = "omzet_per_pengunjung"\nnama = "Omzet per pengunjung"\nsatuan = "rupiah"\n'
    extra += 'pembilang = "ska.omzet"\npenyebut = "ska.pengunjung"\ntingkat = "sentra"\nkelompok = "lain"\n'
    cfg = _copy(tmp_path, extra)
    data = make_sample(cfg)
    periode = sorted(data["ska"]["periode"].unique())[-1]
    cards = {k.label: k for k in present.ska_screen(data["ska"], cfg, None, periode).kpis}
    month = data["ska"][data["ska"]["periode"] == periode]
    assert cards["Omzet per pengunjung"].value == pytest.approx(month["omzet"].sum() / month["pengunjung"].sum())
    assert cards["Omzet per pengunjung"].text == fmt.rupiah(month["omzet"].sum() / month["pengunjung"].sum())
    assert "Omzet per pengunjung" not in [k.label for k in present.output_impact(data, cfg, Filter(periode))["output"]]


@pytest.mark.parametrize("per10rb", [False, True])
def test_an_impact_measure_picked_in_bandingkan_is_a_column_of_its_table_beside_the_output_ones(sample, per10rb):
    cfg, data = sample
    f = Filter(sorted(data["pas"]["periode"].unique())[-1])
    picked = tuple(cfg.kode_wilayah[:3])
    impact = next(u for u in figures.map_measures(cfg) if u.kode == "berfungsi_sosial")
    rows = present.comparison(data, cfg, f, picked, per10rb, impact).rows
    table = figures.compare_table(data, cfg, f, list(picked))
    assert list(rows["Kembali berfungsi sosial"]) == [fmt.persen(x) for x in table["berfungsi_sosial"]]
    assert not [c for c in rows.columns if c.startswith("Ubah")]  # its change is on the cards above
    assert len(rows.columns) <= 9  # what the main area holds at 1280×720 (ui.fitted_table)
    scaled = f"{cfg.kategori_singkatan} terdata" + (" per 10.000 penduduk" if per10rb else "")
    assert scaled in rows.columns
