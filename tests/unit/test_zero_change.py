"""No change reads 'tetap', in neutral grey, without an arrow, wherever a change is written: the card's text and tone
(lib.present.kpi.Kpi), the slide's cards in the deck and the brief's cards (a change that rounds to zero, too: a
green 'naik 0,0 poin' was printed before)."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pypdf import PdfReader

from lib.config import load_config
from lib.present import Kpi, content, palette
from lib.render import pdf as brief
from lib.render import pptx as deck
from tests.conftest import CONFIGS

STEADY = [
    Kpi(
        label="Cakupan layanan", value=0.41234, previous=0.41230, kind="persen", up_is_good=True
    ),  # +0,004 poin: '0,0 poin'
    Kpi(label="Program terlambat", value=3, previous=3, kind="program", up_is_good=False, total=9),
    Kpi(label="PAS terdata", value=12_000, previous=12_000, kind="angka"),
    Kpi(label="Peringkat cakupan", value=20, previous=20, kind="program", up_is_good=False, total=23),
    Kpi(label="PAS per 10rb penduduk", value=40.01, previous=40.0, kind="per10rb", up_is_good=None),
]


@pytest.mark.parametrize("k", STEADY, ids=[k.label for k in STEADY])
def test_a_change_that_reads_as_zero_is_tetap_neutral_and_without_arrow(k):
    assert k.change_text == "tetap" and k.steady
    assert k.tone == content.kpi_tone(k) == "netral" and k.direction == "" and content.kpi_arrow(k) == ""
    assert content.kpi_change(k) == "tetap"


def test_a_real_change_keeps_its_sign_tone_and_arrow():
    up = Kpi(label="Cakupan layanan", value=0.45, previous=0.43, kind="persen", up_is_good=True)
    assert up.change_text == "+2,0 poin" and up.tone == "baik" and content.kpi_arrow(up) == "▲ "
    worse = Kpi(label="Program terlambat", value=4, previous=3, kind="program", up_is_good=False, total=9)
    assert worse.change_text == "+1" and worse.tone == "buruk" and worse.direction == "naik"
    none = Kpi(label="Tindak lanjut", value=6, previous=None, kind="angka")
    assert none.change_text is None and content.kpi_change(none) == "" and none.tone == "netral"


def test_the_deck_cards_write_tetap_in_grey_without_arrow():
    prs = Presentation()
    prs.slide_width, prs.slide_height = deck.W, deck.H
    page = prs.slides.add_slide(prs.slide_layouts[6])
    deck._cards(page, STEADY[:4], deck.Inches(1))
    runs = [r for s in page.shapes if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs]
    changes = [r for r in runs if r.text in ("tetap",) or "poin" in r.text or "▲" in r.text or "▼" in r.text]
    assert [r.text for r in changes] == ["tetap"] * 4
    assert all(str(r.font.color.rgb) == palette.TONE["netral"].lstrip("#").upper() for r in changes)


def test_the_brief_cards_write_tetap_not_naik_0_0_poin():
    cfg = load_config(CONFIGS["main"])
    pdf = brief.new_pdf(cfg)
    pdf.add_page()
    brief._cards(pdf, STEADY, 20, 20, 100)
    text = PdfReader(io.BytesIO(bytes(pdf.output()))).pages[0].extract_text()
    assert text.count("tetap") == len(STEADY)
    assert "naik" not in text and "turun" not in text and "0,0 poin" not in text
