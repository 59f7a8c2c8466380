"""The cards that were written in code before indicators (the overview's eight, the Program and SKA screens', Profil's
PAS per pekerja sosial and coverage rank, Bandingkan's side-by-side table) give today's figures on the sample of
every shipped configuration (main, dinsos, ntb): the reference is the code before (tests/cards_before.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from lib import figures, fmt, present
from lib.config import load_config
from lib.figures import Filter
from lib.present.kpi import STEADY
from lib.sample import make_sample
from tests import cards_before as before
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


def same(a, b) -> bool:
    if a is None or pd.isna(a):
        return b is None or pd.isna(b)
    return b is not None and not pd.isna(b) and abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))


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
