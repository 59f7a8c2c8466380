"""No change reads 'tetap' (grey, no arrow) on the screens' cards and on presentation mode's cards, as in the deck
and the brief."""

from __future__ import annotations

from lib import figures, present, store
from lib.config import load_config
from lib.present import slides
from tests.app.helpers import app


def _steady_month(data, cfg):
    """A month whose Ringkasan has a card without change (sample data has several)."""
    for periode in reversed(figures.periods(data)[1:]):
        kpis = present.overview_kpis(data, cfg, figures.Filter(periode=periode))
        steady = [k for k in kpis if k.steady]
        if steady:
            return periode, steady
    raise AssertionError("no month with an unchanged card in the sample")


def test_an_unchanged_card_reads_tetap_in_grey_without_arrow_on_the_screen_and_in_presentation_mode(seeded):
    db = seeded("main")
    cfg = load_config()
    data = store.current_all(db)
    periode, steady = _steady_month(data, cfg)
    at = app(periode=periode).run()
    assert not at.exception
    cards = {m.label: m for m in at.metric}
    for k in steady:
        card = cards[k.label]
        assert card.delta == "tetap", k.label
        assert (
            card.proto.color == card.proto.MetricColor.GRAY and card.proto.direction == card.proto.MetricDirection.NONE
        )
    at = app(
        mode="presentasi",
        slide=str(1 + [s.kind for s in slides.slide_sequence(cfg)].index("ringkasan")),
        periode=periode,
    ).run()
    html = "\n".join(h.proto.body for h in at.get("html"))
    assert not at.exception and "DATA CONTOH" in html and 'class="slide-band"' in html
    for k in steady:
        assert f'<div class="l">{k.label}</div><div class="v">{k.text}</div><div class="c netral">tetap</div>' in html
