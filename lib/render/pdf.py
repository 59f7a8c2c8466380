"""The district brief (PDF): what a Kepala Dinas takes home — one or two A4 pages per district with its map, key
figures and their change, the klaster chart, programmes, open follow-ups, the data's date and source.

fpdf2 writes the PDF (pure Python); the font is Source Sans Pro from the font-source-sans-pro package (SIL Open Font
License 1.1), embedded (subset) in the file, so it reads the same on any machine. Figures come from the same
lib.figures and lib.present functions as the Profil Wilayah page and are formatted the same way (lib.fmt); what
a page shows is lib.present.brief_page.district_page, the same content model as the slides.
`python -m lib brief KODE --out brief.pdf`, `python -m lib brief --all --out semua.pdf`.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from PIL import Image

from lib import fmt
from lib.config import Konfigurasi
from lib.errors import Refused
from lib.figures import Filter
from lib.geo import Batas
from lib.present import Kpi, brief_page, content, palette, slides
from lib.present.content import DistrictPage, Section
from lib.present.legend import NO_DATA_TEXT, Kelas
from lib.render import charts, export, labels, maps, paper_map
from lib.store.meetings import Rapat

FONT = "SourceSans"
NAVY, BLACK, WHITE = palette.rgb(palette.NAVY), palette.rgb(palette.BLACK), palette.rgb(palette.WHITE)
NOTE = (40, 40, 40)  # small print, a shade darker than palette.GREY on paper
TONE = {tone: palette.rgb(color) for tone, color in palette.TONE.items()}
PAGE_W, MARGIN = 210, 14
INNER = PAGE_W - 2 * MARGIN


FLOOR = 8  # points: the smallest type on paper (notes, legend, footer)
CHART_HEIGHTS = (62, 50, 40, 32)  # mm: the klaster chart's height, lowered until the district fits one page
BODY_BOTTOM = 297 - 18  # mm: where the automatic page break puts the footer line


class _Pdf(FPDF):
    footer_text = ""
    district: DistrictPage | None = None  # the district being written, its first page
    district_start = 0

    def header(self):
        """A district's second page repeats its name and DATA CONTOH (a stray page once had neither)."""
        if self.district is None or self.page <= self.district_start:
            return
        self.set_font(FONT, "B", 12)
        self.set_text_color(*NAVY)
        self.cell(INNER, 6, f"{self.district.title} (lanjutan)", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self.district.sample:
            _sample_band(self)
        self.ln(2)

    def footer(self):
        self.set_y(-13)
        self.set_font(FONT, "", FLOOR)
        self.set_text_color(60, 60, 60)
        self.multi_cell(INNER - 20, 3.4, self.footer_text, new_x=XPos.RIGHT, new_y=YPos.TOP, align="L")
        self.set_xy(PAGE_W - MARGIN - 20, -13)
        self.cell(20, 3.4, f"hlm. {self.page_no()}", align="R")


def new_pdf(cfg: Konfigurasi) -> _Pdf:
    pdf = _Pdf(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, 12, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FONT, "", str(export.font_file("Regular")))
    pdf.add_font(FONT, "B", str(export.font_file("Bold")))
    pdf.set_title(f"Profil wilayah · {cfg.sentra['nama']}")
    pdf.set_author(cfg.sentra["nama"])
    pdf.set_creator("ATENSI Rakor Dashboard")
    return pdf


def build_brief(
    data: dict[str, pd.DataFrame],
    cfg: Konfigurasi,
    f: Filter,
    kodes: list[str],
    today: dt.date,
    fresh: pd.DataFrame | None = None,
    batas: Batas | None = None,
    rapat: Rapat | None = None,
) -> bytes:
    """The brief of each district in `kodes` (each starting on a new page), as PDF bytes; `rapat`: the meeting it is
    for (its name and date under each district's name; default: the configuration's)."""
    unknown = [k for k in kodes if k not in cfg.wilayah.index]
    if unknown:
        raise Refused(
            "Kabupaten/kota tidak dikenal",
            f"Kode {', '.join(unknown)} tidak ada di wilayah jangkauan. Kode yang dikenal: "
            f"{', '.join(cfg.kode_wilayah)}.",
        )
    if batas is None:
        batas = maps.boundaries(cfg)
    pdf = new_pdf(cfg)
    pdf.footer_text = _footer_text(cfg, f, fresh)
    peta = slides.map_data(data, cfg, Filter(periode=f.periode, klaster=f.klaster))  # the same for every district
    for kode in kodes:
        page = brief_page.district_page(data, cfg, f, kode, today, fresh, peta, rapat)
        district_pages(pdf, page, cfg, batas)
    return bytes(pdf.output())


def _footer_text(cfg: Konfigurasi, f: Filter, fresh: pd.DataFrame | None) -> str:
    return f"Data bulan {fmt.bulan(f.periode)}. {slides.source_text(cfg, fresh)}."


def district_pages(pdf: _Pdf, page: DistrictPage, cfg: Konfigurasi, batas: Batas | None) -> None:
    """One district's page of the brief: the klaster chart is lowered until everything fits one A4 page; a second
    page (with the district's name and DATA CONTOH) only when its programmes and follow-ups are too many."""
    pdf.district, pdf.district_start = page, pdf.page + 1
    pdf.add_page()
    map_png = export.chart_png(
        paper_map.static_map(page.map.table, cfg, batas, page.map.selected, width=420, height=380), scale=2
    )
    listed = labels.numbered_list(paper_map.names_on_map(page.map.table, cfg, batas, page.map.selected, 420, 380)[1])
    chart_png = export.chart_png(charts.from_data(page.chart).properties(width=620), scale=2, font_size=14)
    for chart_h in CHART_HEIGHTS:
        with pdf.offset_rendering() as trial:
            _district_body(trial, page, map_png, chart_png, chart_h, listed)  # type: ignore[arg-type]  # on a copy
        if not trial.page_break_triggered:
            break
    _district_body(pdf, page, map_png, chart_png, chart_h, listed)


def _sample_band(pdf: _Pdf) -> None:
    pdf.set_x(MARGIN + 6)
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*palette.rgb(palette.SAMPLE_TEXT))
    pdf.set_fill_color(*palette.rgb(palette.SAMPLE_FILL))
    pdf.cell(0, 4.6, f" {slides.SAMPLE_BAND} ", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _district_body(
    pdf: _Pdf, page: DistrictPage, map_png: bytes, chart_png: bytes, chart_h: float, listed: str = ""
) -> None:
    # header
    pdf.set_fill_color(*NAVY)
    pdf.rect(MARGIN, pdf.get_y(), 3, 15, style="F")
    pdf.set_x(MARGIN + 6)
    pdf.set_font(FONT, "B", 20)
    pdf.set_text_color(*NAVY)
    pdf.cell(INNER - 6, 9, page.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(MARGIN + 6)
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*BLACK)
    pdf.multi_cell(INNER - 6, 4.5, page.subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    if page.sample:
        _sample_band(pdf)
    pdf.ln(3)
    # map (left) and key figures (right)
    top = pdf.get_y()
    map_w = 80
    with Image.open(io.BytesIO(map_png)) as im:
        map_bottom = top + 5 + map_w * im.size[1] / im.size[0]
    pdf.image(io.BytesIO(map_png), x=MARGIN, y=top + 5, w=map_w)
    pdf.set_xy(MARGIN, top)
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*BLACK)
    pdf.cell(map_w, 4.5, page.map_title)
    _legend(pdf, page.map.legend, MARGIN, map_bottom + 1, map_w)
    if listed:  # the names that did not fit on the map, by their numbers
        pdf.set_font(FONT, "", FLOOR)
        pdf.set_text_color(*BLACK)
        pdf.set_x(MARGIN)
        pdf.multi_cell(map_w, 3.4, listed, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    legend_bottom = pdf.get_y()
    _cards(pdf, page.kpis, MARGIN + map_w + 5, top, INNER - map_w - 5)
    pdf.set_font(FONT, "", FLOOR)
    pdf.set_x(MARGIN + map_w + 5)
    pdf.set_text_color(*NOTE)
    pdf.multi_cell(INNER - map_w - 5, 3.4, page.kpi_note, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_y(max(pdf.get_y(), legend_bottom) + 3)
    # klaster chart
    _heading(pdf, page.chart_title)
    _image_fit(pdf, chart_png, INNER, chart_h)
    _note(pdf, page.chart_note)
    # programmes, follow-ups
    _section(pdf, page.programs, [44, 18, 16, 18, 16])
    _section(pdf, page.follow_ups, [44, 17, 17, 13, 20])


def _section(pdf: _Pdf, section: Section, widths: list[float]) -> None:
    _heading(pdf, section.title)
    if section.table is None:
        _note(pdf, section.empty)
        return
    _table(pdf, section.table, widths, font=8)
    _note(pdf, section.note)


def _heading(pdf: _Pdf, text: str) -> None:
    if pdf.get_y() > 260:
        pdf.add_page()
    pdf.ln(1.5)
    pdf.set_font(FONT, "B", 12)
    pdf.set_text_color(*NAVY)
    pdf.cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(0.6)
    pdf.line(MARGIN, pdf.get_y(), PAGE_W - MARGIN, pdf.get_y())
    pdf.ln(1.5)
    pdf.set_text_color(*BLACK)


def _note(pdf: _Pdf, text: str) -> None:
    pdf.set_font(FONT, "", FLOOR)
    pdf.set_text_color(*NOTE)
    pdf.multi_cell(0, 3.4, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_text_color(*BLACK)


def _cards(pdf: _Pdf, kpis: list[Kpi], x: float, y: float, width: float) -> None:
    per_row, gap, h = 2, 3, 17
    w = (width - gap) / per_row
    for n, k in enumerate(kpis):
        cx, cy = x + (w + gap) * (n % per_row), y + (h + gap) * (n // per_row)
        pdf.set_draw_color(*NAVY)
        pdf.set_line_width(0.5)
        pdf.rect(cx, cy, w, h)
        pdf.set_xy(cx + 2.5, cy + 1.5)
        pdf.set_font(FONT, "B", 8)
        pdf.set_text_color(*BLACK)
        pdf.cell(w - 5, 3.8, k.label)
        pdf.set_xy(cx + 2.5, cy + 5.4)
        pdf.set_font(FONT, "B", 14)
        pdf.cell(w - 5, 6.5, k.text)
        change = content.kpi_change(k)
        if change:
            pdf.set_xy(cx + 2.5, cy + 12)
            pdf.set_font(FONT, "B", 8)
            pdf.set_text_color(*TONE[content.kpi_tone(k)])
            pdf.cell(w - 5, 3.8, f"{k.direction} {change}".strip())  # 'naik +0,5 poin', 'tetap'
    rows = (len(kpis) + per_row - 1) // per_row
    pdf.set_xy(x, y + (h + gap) * rows)
    pdf.set_text_color(*BLACK)


def _legend(pdf: _Pdf, legend: list[Kelas], x: float, y: float, width: float) -> None:
    items = [(k.warna, k.rentang) for k in legend] + [(palette.NO_DATA, NO_DATA_TEXT)]
    pdf.set_font(FONT, "", FLOOR)
    cx, cy = x, y
    for color, text in items:
        w = 5 + pdf.get_string_width(text) + 3
        if cx + w > x + width:
            cx, cy = x, cy + 4.5
        pdf.set_fill_color(*palette.rgb(color))
        pdf.set_draw_color(80, 80, 80)
        pdf.set_line_width(0.2)
        pdf.rect(cx, cy + 0.6, 3.2, 3.2, style="DF")
        pdf.set_xy(cx + 4, cy)
        pdf.cell(w - 4, 4.4, text)
        cx += w
    pdf.set_xy(x, cy + 5)


def _image_fit(pdf: _Pdf, png: bytes, max_w: float, max_h: float) -> None:
    with Image.open(io.BytesIO(png)) as im:
        pw, ph = im.size
    scale = min(max_w / pw, max_h / ph)
    w, h = pw * scale, ph * scale
    if pdf.get_y() + h > BODY_BOTTOM:
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=MARGIN, y=pdf.get_y(), w=w, h=h)
    pdf.set_y(pdf.get_y() + h + 1)


def _table(pdf: _Pdf, df: pd.DataFrame, widths: list[float], font: float = 8) -> None:
    total = sum(widths)
    cols = [w * INNER / total for w in widths]
    pdf.set_font(FONT, "", font)
    pdf.set_draw_color(90, 90, 90)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_line_width(0.2)
    with pdf.table(
        col_widths=cols,
        width=INNER,
        text_align="LEFT",
        line_height=font * 0.48,
        headings_style=_heading_style(),
        padding=0.8,
        first_row_as_headings=True,
        cell_fill_color=palette.rgb(palette.STRIPE),
        cell_fill_mode="ROWS",
    ) as t:
        t.row([str(c) for c in df.columns])
        for row in df.itertuples(index=False):
            t.row([content.cell_text(v) for v in row])
    pdf.ln(0.8)


def _heading_style() -> FontFace:
    return FontFace(family=FONT, emphasis="BOLD", color=WHITE, fill_color=NAVY)
