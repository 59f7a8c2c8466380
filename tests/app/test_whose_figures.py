"""Figures say whose they are: a figure that exists only for the whole Sentra (SKA turnover) never shows under a
district's name as the district's; one change rule for every card (against the month before), with year-on-year
only as its own labelled figure."""

from __future__ import annotations

import pytest

from lib import fmt
from lib.config import load_config
from lib.periode import previous, shift
from lib.present.kpi import SENTRA_WIDE
from tests.app.helpers import app, page_with_filters, shown_metrics, sql

SKA_CARD = "Omzet SKA"  # the omzet_ska indicator's name in the main configuration


def _slide_cards(at) -> dict[str, str]:
    """Presentation mode's cards: label -> value, read from the slide's HTML."""
    import re

    body = "\n".join(h.proto.body for h in at.get("html"))
    return dict(re.findall(r'<div class="l">(.*?)</div><div class="v">(.*?)</div>', body))


@pytest.mark.parametrize("config", ["main", "dinsos"])
def test_with_a_district_chosen_no_card_shows_a_sentra_wide_figure_under_the_districts_name(seeded, config):
    db = seeded(config)
    cfg = load_config()
    kode = cfg.kode_wilayah[0]
    periode = sql(db, "SELECT max(periode) FROM kini_pas")[0][0]
    omzet = sql(db, "SELECT sum(omzet) FROM kini_ska WHERE periode = ?", [periode])[0][0]
    terdata = sql(db, "SELECT sum(terdata) FROM kini_pas WHERE periode = ? AND kode_wilayah = ?", [periode, kode])
    s = cfg.kategori_singkatan

    ringkasan = app(periode=periode, wilayah=kode).run()
    slide = app(mode="presentasi", slide="2", periode=periode, wilayah=kode).run()
    assert not ringkasan.exception and not slide.exception
    assert cfg.nama_wilayah(kode) in " ".join(c.value for c in ringkasan.caption)
    for cards in (shown_metrics(ringkasan), _slide_cards(slide)):
        assert cards[f"{s} terdata"] == fmt.angka(terdata[0][0])  # the district's own figure
        assert SKA_CARD not in cards  # never the Sentra's turnover under the district's name…
        if omzet is not None:  # …but said to be the whole Sentra's
            assert cards[SKA_CARD + SENTRA_WIDE] == fmt.rupiah(omzet)
    # without a filter the card is the coverage's, as the page says
    assert SKA_CARD in shown_metrics(app(periode=periode).run()) or omzet is None


def test_ska_cards_change_against_the_month_before_and_year_on_year_is_its_own_labelled_card(seeded):
    db = seeded("main")
    periode = sql(db, "SELECT max(periode) FROM kini_ska")[0][0]
    at = page_with_filters("views/ska.py", periode=periode)
    assert not at.exception
    omzet = {p: v for p, v in sql(db, "SELECT periode, sum(omzet) FROM kini_ska GROUP BY periode")}
    card = next(m for m in at.metric if m.label == "Omzet SKA")
    now, before, year_ago = omzet[periode], omzet[previous(periode)], omzet[shift(periode, -12)]
    assert card.value == fmt.rupiah(now)
    assert card.delta == fmt.ubah_persen((now - before) / before)  # against the month before
    yoy = next(m for m in at.metric if m.label == f"Omzet dibanding {fmt.bulan(shift(periode, -12))}")
    assert yoy.value == fmt.ubah_persen(now / year_ago - 1) and not yoy.delta
    notes = " ".join(c.value for c in at.caption)
    assert "dibanding bulan sebelumnya" in notes and "bulan yang sama tahun sebelumnya" not in notes
