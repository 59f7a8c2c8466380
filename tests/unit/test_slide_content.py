"""What a klaster slide holds (issue 26): a klaster of few PAS groups also ranks its districts and shows its last
twelve months, so its slide is never one bar over a blank half; a klaster of many groups keeps its groups' bars alone.
On every configuration (main: four klaster of one group and one of eight; ntb, dinsos: PMKS types)."""

from __future__ import annotations

import datetime as dt

import pytest

from lib import figures, sample
from lib.config import load_config
from lib.present import ranking, slides
from lib.render import charts
from tests.conftest import CONFIGS

TODAY = dt.date(2026, 1, 15)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_a_klaster_of_few_groups_ranks_its_districts_and_shows_its_trend(name):
    cfg = load_config(CONFIGS[name])
    data = sample.make_sample(cfg)
    periode = figures.periods(data)[-1]
    few = 0
    for slide in (s for s in slides.slide_sequence(cfg) if s.kind == "klaster"):
        groups = [k for k in cfg.kategori if k.klaster == slide.klaster]
        content = slides.slide_content(slide, data, cfg, figures.Filter(periode), TODAY)
        assert content.chart is not None and len(content.chart.table) == len(groups)
        if len(groups) > slides.FEW_GROUPS:
            assert content.ranking is None and content.trend is None, slide
            continue
        few += 1
        assert content.ranking is not None and content.trend is not None, slide
        # every district with a value ranked (at most RANKING_ROWS), the highest first
        ranked = content.ranking.table
        assert 0 < len(ranked) <= min(ranking.ROWS, len(cfg.wilayah))
        assert list(ranked["peringkat"]) == sorted(ranked["peringkat"])
        assert "per wilayah" in content.ranking_title
        # the twelve months up to the period shown, the klaster's own counts
        months = content.trend.table
        assert list(months["periode"])[-1] == periode and len(months) == min(
            slides.TREND_MONTHS, len(figures.periods(data))
        )
        here = figures.Filter(periode=periode, klaster=slide.klaster)
        last = figures.pas_trend(data["pas"], cfg, here).set_index("periode").loc[periode]
        assert months.set_index("periode").loc[periode, "terdata"] == last["terdata"]
        # both build as charts
        for chart in (content.chart, content.ranking, content.trend):
            assert charts.from_data(chart).to_dict()["datasets"]
    assert few > 0  # every configuration has such a klaster
