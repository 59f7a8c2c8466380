"""The meeting deck (PPTX): the configured slides in order with their titles, numbers as text, charts as pictures,
everything inside the slide; the command writes it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from lib import cli, figures, present, sample, store
from lib.config import load_config
from lib.present import slides
from lib.render import pptx as deck
from tests.conftest import CONFIGS


def _texts(slide) -> str:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(out)


@pytest.mark.parametrize("config", ["main", "dinsos", "ntb"])
def test_the_deck_has_the_configured_slides_with_their_titles(tmp_path, monkeypatch, config):
    monkeypatch.setenv("ATENSI_CONFIG", str(CONFIGS[config]))
    monkeypatch.setenv("ATENSI_BOUNDARIES", str(tmp_path / "none.geojson"))
    db = str(tmp_path / "a.duckdb")
    monkeypatch.setenv("ATENSI_DB", db)
    cfg = load_config()
    sample.seed(db, cfg)
    data = store.current_all(db)
    f = figures.Filter(periode=figures.periods(data)[-1])
    out = tmp_path / "rapat.pptx"
    assert cli.main(["deck", "--out", str(out)]) == 0
    prs = Presentation(str(out))
    expected = slides.slide_sequence(cfg)
    titles = [slides.slide_title(cfg, s) for s in expected]
    pages = [p for p in prs.slides if not p.name.endswith(" (lanjutan)")]  # a chart too tall continues on the next
    assert [p.name for p in pages] == titles
    for n, page in enumerate(prs.slides, start=1):
        title = page.name
        text = _texts(page)
        assert title in text
        assert f"{n} / {len(prs.slides)}" in text
        for shape in page.shapes:  # nothing falls off the slide
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height, (
                title,
                shape.name,
            )
    first = _texts(prs.slides[0])
    assert cfg.sentra["rapat"] in first and slides.meeting_date(cfg) in first
    overview = pages[[s.kind for s in expected].index("ringkasan")]
    for k in present.overview_kpis(data, cfg, f):  # numbers as text, formatted as on screen
        assert k.text in _texts(overview)
    kinds = [s.kind for s in expected]
    for kind in ("ringkasan", "peta", "klaster"):
        title = titles[kinds.index(kind)]
        shapes = [s for p in prs.slides if p.name in (title, f"{title} (lanjutan)") for s in p.shapes]
        assert any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in shapes), kind


def test_build_deck_returns_a_pptx_for_presentation_mode_download(tmp_path):
    cfg = load_config(CONFIGS["dinsos"])
    db = str(tmp_path / "b.duckdb")
    sample.seed(db, cfg)
    data = store.current_all(db)
    f = figures.Filter(periode=figures.periods(data)[-2], klaster=cfg.klaster[0].kode)
    pptx = deck.build_deck(data, cfg, f, dt.date(2025, 7, 3), store.freshness(db), batas=None)
    prs = Presentation(io.BytesIO(pptx))
    assert len(prs.slides) == len(slides.slide_sequence(cfg))


def test_deck_and_brief_take_the_meeting_named_on_the_command_line_and_refuse_an_unknown_one(
    tmp_path, monkeypatch, capsys
):
    """`deck --rapat ID` / `brief --rapat ID`: the meeting set up in the app gives its name, date and slide order;
    a number that names no meeting exits 1 and writes nothing."""
    from pypdf import PdfReader

    from lib import ingest
    from tests.principals import admin

    monkeypatch.setenv("ATENSI_CONFIG", str(CONFIGS["main"]))
    monkeypatch.setenv("ATENSI_BOUNDARIES", str(tmp_path / "none.geojson"))
    db = str(tmp_path / "a.duckdb")
    monkeypatch.setenv("ATENSI_DB", db)
    sample.seed(db, load_config())
    values = {"rapat": "Rakor Khusus Bencana", "jenis_rapat": "Rakor", "seri_rapat": "Rakor Sentra"}
    # #2: the sample's follow-ups belong to its meeting #1
    ingest.write_meeting({**values, "tanggal_rapat": "3 Maret 2026", "slide": ["judul", "ska"]}, admin(), path=db)
    out = tmp_path / "rapat.pptx"
    assert cli.main(["deck", "--out", str(out), "--rapat", "2"]) == 0
    prs = Presentation(str(out))
    assert [p.name for p in prs.slides] == ["Rakor Khusus Bencana", slides.TITLES["ska"]]
    assert "3 Maret 2026" in _texts(prs.slides[0])
    pdf = tmp_path / "kendari.pdf"
    assert cli.main(["brief", "74.71", "--out", str(pdf), "--rapat", "2"]) == 0
    assert "Untuk Rakor Khusus Bencana, 3 Maret 2026" in " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    missing = tmp_path / "tidak.pptx"
    assert cli.main(["deck", "--out", str(missing), "--rapat", "7"]) == 1
    assert "Tidak ada rapat dengan nomor 7" in capsys.readouterr().err and not missing.exists()
