"""The deck and the brief as they look when opened elsewhere: the PPTX rendered by LibreOffice Impress (without
Source Sans Pro or Arial here: the widest fallback, DejaVu Sans), the PDF read back. No text outside its frame or on
other text, type at the floor or above (14 pt; 12 pt for the source line; 8 pt on paper), one A4 page per district.
The checker itself is shown to catch a long text in a small box, two boxes on each other, small type and text below
the brief's footer line."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from fpdf import FPDF
from pptx import Presentation
from pptx.util import Inches, Pt

from lib import figures, sample, store
from lib.config import load_config
from lib.geo import load_for_map
from lib.present import brief_page
from lib.present.content import Section
from lib.render import export, pptx_text
from lib.render import pdf as brief
from lib.render import pptx as deck
from tests.conftest import CONFIGS
from tests.unit import rendered
from tests.unit.test_geo import SHARED, voronoi_districts, write_geojson

TODAY = dt.date(2025, 12, 20)


@pytest.fixture
def seeded(tmp_path, monkeypatch):
    def make(name: str):
        rendered.need_tools()
        monkeypatch.setenv("ATENSI_CONFIG", str(CONFIGS[name]))
        monkeypatch.setenv("ATENSI_BOUNDARIES", str(tmp_path / "none.geojson"))
        db = str(tmp_path / f"{name}.duckdb")
        cfg = load_config()
        sample.seed(db, cfg)
        data = store.current_all(db)
        return cfg, data, figures.Filter(periode=figures.periods(data)[-1]), store.freshness(db)

    return make


@pytest.mark.parametrize("config", ["main", "dinsos", "ntb"])
def test_the_deck_rendered_by_libreoffice_has_every_text_inside_its_frame_and_at_the_floor(seeded, tmp_path, config):
    cfg, data, f, fresh = seeded(config)
    path = tmp_path / "rapat.pptx"
    path.write_bytes(deck.build_deck(data, cfg, f, TODAY, fresh, batas=None))
    pdf = rendered.to_pdf(path, tmp_path)
    assert rendered.deck_problems(path, pdf, pptx_text.FLOOR, pptx_text.SOURCE_FLOOR) == []
    words = [w.text for page in rendered.pdf_lines(pdf) for line in page for w in line]
    assert words.count("CONTOH") >= len(Presentation(str(path)).slides)  # the band on every slide
    sizes = rendered.chart_label_sizes(path)
    assert sizes and min(sizes) >= pptx_text.FLOOR  # the charts' labels too, which the PDF's text cannot show


def test_a_chart_too_tall_for_the_room_under_the_cards_continues_on_the_next_slide_at_the_floor(seeded, tmp_path):
    cfg, data, f, fresh = seeded("dinsos")  # six klaster: the overview's chart does not fit under eight cards
    path = tmp_path / "rapat.pptx"
    path.write_bytes(deck.build_deck(data, cfg, f, TODAY, fresh, batas=None))
    prs = Presentation(str(path))
    names = [s.name for s in prs.slides]
    assert names[1:3] == ["Ringkasan", "Ringkasan (lanjutan)"]
    texts = [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame] for s in prs.slides]
    assert "PMKS terdata" in texts[1] and not any(t.startswith("PMKS per klaster") for t in texts[1])
    assert any(t.startswith("PMKS per klaster") for t in texts[2]) and "PMKS terdata" not in texts[2]
    assert f"3 / {len(prs.slides)}" in texts[2]  # numbered with the continuation counted
    assert min(rendered.chart_label_sizes(path)) >= pptx_text.FLOOR


def test_the_checker_catches_a_long_text_in_a_small_box_overlapping_boxes_and_small_type(tmp_path):
    rendered.need_tools()
    prs = Presentation()
    prs.slide_width, prs.slide_height = deck.W, deck.H
    page = prs.slides.add_slide(prs.slide_layouts[6])
    pptx_text.add_text(
        page,
        Inches(1),
        Inches(1),
        Inches(2),
        "Sebuah catatan kaki yang terlalu panjang untuk kotaknya sehingga tumpah ke bawah",
        14,
        h=Pt(20),
    )
    pptx_text.add_text(page, Inches(1), Inches(1.4), Inches(4), "Sumber: kotak berikutnya", 14)
    pptx_text.add_text(page, Inches(6), Inches(1), Inches(4), "huruf terlalu kecil", 10)
    path = tmp_path / "salah.pptx"
    prs.save(str(path))
    problems = "\n".join(rendered.deck_problems(path, rendered.to_pdf(path, tmp_path)))
    assert "outside its frame" in problems and "overlaps" in problems
    assert "'huruf terlalu kecil' at 10.0 pt (floor 14)" in problems


def test_text_widths_are_measured_for_the_widest_fallback():
    # DejaVu Sans (the fallback here) is about 1,2–1,3× Source Sans Pro; the deck's boxes assume more
    assert export.text_width("Penyerapan anggaran", 14, True) > 14 * 0.62 * len("Penyerapan anggaran")
    assert export.wrap_lines("satu dua tiga", 1000, 14) == ["satu dua tiga"]
    assert len(export.wrap_lines("satu dua tiga", 40, 14)) == 3


@pytest.mark.parametrize(
    "config,boundaries",
    [("main", None), ("main", "generated"), ("main", "shared"), ("dinsos", None), ("dinsos", "generated")],
)
def test_every_district_brief_fits_one_a4_page_with_nothing_below_the_footer(seeded, tmp_path, config, boundaries):
    cfg, data, f, fresh = seeded(config)
    batas = None
    if boundaries == "shared" and not SHARED.exists():
        pytest.skip("../shared/geo is not here")
    if boundaries:
        path = SHARED if boundaries == "shared" else write_geojson(voronoi_districts(cfg), tmp_path / "b.geojson")
        batas = load_for_map(cfg, path)
        assert batas is not None
    kodes = list(cfg.kode_wilayah) if boundaries != "shared" else ["74.71"]
    out = tmp_path / "profil.pdf"
    out.write_bytes(brief.build_brief(data, cfg, f, kodes, TODAY, fresh, batas))
    assert rendered.brief_problems(out, len(kodes), brief.FLOOR) == []
    lines = rendered.pdf_lines(out)
    for kode, page in zip(kodes, lines):  # each page starts with its district and carries DATA CONTOH
        words = " ".join(w.text for line in page for w in line)
        assert words.startswith(cfg.nama_wilayah(kode)) and "DATA CONTOH" in words


def test_the_brief_checker_catches_text_below_the_footer_line_and_small_type(tmp_path):
    rendered.need_tools()
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_font("S", "", str(export.font_file("Regular")))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("S", "", 10)
    pdf.text(14, 40, "Judul halaman")
    pdf.text(14, 281, "catatan yang turun")  # under the body's end, above the footer
    pdf.set_font("S", "", 6)
    pdf.text(14, 60, "huruf kecil")
    path = tmp_path / "salah.pdf"
    path.write_bytes(bytes(pdf.output()))
    problems = "\n".join(rendered.brief_problems(path, 2))
    assert "1 pages, expected 2" in problems and "'catatan' below the footer line" in problems
    assert "'huruf kecil' at 6.0 pt (floor 8)" in problems


def test_a_brief_too_long_for_one_page_repeats_its_district_and_data_contoh_on_the_next(seeded, tmp_path):
    cfg, data, f, fresh = seeded("main")
    kode = cfg.kode_wilayah[0]
    page = brief_page.district_page(data, cfg, f, kode, TODAY, fresh)
    rows = pd.DataFrame(
        {
            "Program": [f"Program nomor {i} dengan nama yang cukup panjang" for i in range(40)],
            "Status": "Terlambat",
            "Capaian": "10,0%",
            "Selisih jadwal": "−40,0 poin",
            "Penyerapan": "12,0%",
        }
    )
    page.programs = Section("Program", rows, "catatan", "")
    pdf = brief.new_pdf(cfg)
    pdf.footer_text = "Sumber: uji"
    brief.district_pages(pdf, page, cfg, None)
    out = tmp_path / "panjang.pdf"
    out.write_bytes(bytes(pdf.output()))
    lines = rendered.pdf_lines(out)
    assert len(lines) == 2
    second = " ".join(w.text for line in lines[1] for w in line)
    assert second.startswith(f"{page.title} (lanjutan)") and "DATA CONTOH" in second
    assert rendered.brief_problems(out, 2, brief.FLOOR) == []
