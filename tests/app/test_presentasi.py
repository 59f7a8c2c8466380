"""Presentation mode: every configured slide renders on both configurations, the URL's slide number selects the
slide, the buttons move through the deck, the filters stay in force, and the sidebar's button enters the mode."""

from __future__ import annotations

import pytest

from lib import figures, fmt, present, store
from lib.config import load_config
from lib.present import slides
from tests.app.helpers import app


def _html(at) -> str:
    """Everything written as HTML or Markdown on the slide (cards, title slide, slide number)."""
    return "\n".join([h.proto.body for h in at.get("html")] + [m.value for m in at.markdown])


@pytest.mark.parametrize("config", ["main", "dinsos", "ntb"])
def test_presentation_mode_renders_every_configured_slide_without_exception(seeded, config):
    seeded(config)
    cfg = load_config()
    deck = slides.slide_sequence(cfg)
    assert [s.kind for s in deck].count("klaster") == len(cfg.klaster)  # klaster:* = one slide per klaster
    for i, slide in enumerate(deck, start=1):
        at = app(mode="presentasi", slide=str(i)).run()
        assert not at.exception, (i, at.exception)
        assert not at.error, (i, [e.value for e in at.error])
        title = slides.slide_title(cfg, slide)
        assert f"Slide {i} dari {len(deck)}" in _html(at)
        if slide.kind == "judul":
            assert title in _html(at) and slides.meeting_date(cfg) in _html(at)
        else:
            assert at.title[0].value == title
        if slide.kind == "peta":
            assert at.get("deck_gl_json_chart")
        if slide.kind in ("ringkasan", "klaster"):
            assert at.get("vega_lite_chart")


def test_the_url_slide_parameter_selects_the_slide_and_the_buttons_move(seeded):
    seeded("main")
    cfg = load_config()
    deck = slides.slide_sequence(cfg)
    at = app(mode="presentasi", slide="3").run()
    assert at.title[0].value == slides.slide_title(cfg, deck[2]) == "Peta wilayah jangkauan"
    at.button(key="slide_berikutnya").click().run()
    assert at.query_params["slide"] == "4"
    assert at.title[0].value == f"Klaster {cfg.klaster[0].nama}"
    at.button(key="slide_sebelumnya").click().run()
    at.button(key="slide_sebelumnya").click().run()
    assert at.query_params["slide"] == "2"
    assert at.title[0].value == "Ringkasan"
    # out of range: the nearest slide, never an error
    at = app(mode="presentasi", slide="99").run()
    assert not at.exception
    assert at.query_params["slide"] == str(len(deck))
    assert at.button(key="slide_berikutnya").disabled


def test_the_overview_slide_shows_the_figures_of_the_filters_in_the_url(seeded):
    db = seeded("main")
    cfg = load_config()
    data = store.current_all(db)
    periode = figures.periods(data)[-3]
    kode = cfg.kode_wilayah[4]
    at = app(mode="presentasi", slide="2", periode=periode, wilayah=kode).run()
    assert not at.exception
    kpis = present.overview_kpis(data, cfg, figures.Filter(periode=periode, wilayah=kode))
    html = _html(at)
    assert fmt.bulan(periode) in html and cfg.nama_wilayah(kode) in html
    for k in kpis[:3]:
        assert f'<div class="v">{k.text}</div>' in html
    assert at.query_params["periode"] == periode and at.query_params["wilayah"] == kode


def test_the_sidebar_button_enters_presentation_mode_and_keeps_the_filters(seeded):
    seeded("main")
    at = app().run()
    klaster = load_config().klaster[1].kode
    at.selectbox(key="f_klaster").set_value(klaster).run()
    at.button(key="presentasi_masuk").click().run()
    assert at.query_params["mode"] == "presentasi" and at.query_params["slide"] == "1"
    at.button(key="slide_berikutnya").click().run()
    assert at.title[0].value == "Ringkasan"
    assert at.query_params["klaster"] == klaster
    at.button(key="presentasi_keluar").click().run()
    assert "mode" not in at.query_params
    assert at.title[0].value == "Ringkasan" and len(at.metric) == 8 + 11  # the page again (and Output dan dampak)
