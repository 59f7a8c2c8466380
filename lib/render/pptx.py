"""The meeting deck (PPTX): the slides of presentation mode as native PowerPoint slides, for a presenter whose
connection fails. Titles, cards, tables and notes are text (editable, searchable); charts and the map are PNG images
rendered offline with vl-convert (lib.render.export). `python -m lib deck --out rapat.pptx`.
"""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from lib.config import Konfigurasi
from lib.figures import Filter
from lib.geo import Batas
from lib.present import Kpi, content, palette, slides
from lib.present.content import MapContent, SlideContent
from lib.present.legend import NO_DATA_TEXT
from lib.render import charts, export, maps

W, H = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.45)
FONT = export.FONT_FAMILY  # falls back to the viewer's sans-serif where it is not installed


def _rgb(color: str) -> RGBColor:
    return RGBColor(*palette.rgb(color))


NAVY, BLACK, GREY, WHITE = _rgb(palette.NAVY), _rgb(palette.BLACK), _rgb(palette.GREY), _rgb(palette.WHITE)
TONE = {tone: _rgb(color) for tone, color in palette.TONE.items()}


def build_deck(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, today: dt.date,
               fresh: pd.DataFrame | None = None, batas: Batas | None = None) -> bytes:
    """All configured slides for the filters, as a .pptx file's bytes."""
    if batas is None:
        batas = maps.boundaries(cfg)
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    blank = prs.slide_layouts[6]
    sequence = slides.slide_sequence(cfg)
    source = slides.source_text(cfg, fresh)
    for i, slide in enumerate(sequence, start=1):
        content = slides.slide_content(slide, data, cfg, f, today, fresh)
        page = prs.slides.add_slide(blank)
        page.name = content.title
        if slide.kind == "judul":
            _title_slide(page, content)
        else:
            _content_slide(page, content, cfg, batas)
        _footer(page, f"{i} / {len(sequence)}", source)
    buf = io.BytesIO()
    prs.core_properties.title = cfg.sentra.get("rapat") or cfg.sentra["nama"]
    prs.core_properties.author = cfg.sentra["nama"]
    prs.save(buf)
    return buf.getvalue()


def _text(page, x, y, w, h, text: str, size: int, bold: bool = False, color=BLACK, align=None):
    box = page.shapes.add_textbox(x, y, w, h)
    tf = box.text_frame
    tf.word_wrap = True
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, side, Emu(0))
    lines = text.split("\n")
    for j, line in enumerate(lines):
        p = tf.paragraphs[0] if j == 0 else tf.add_paragraph()
        if align is not None:
            p.alignment = align
        run = p.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
        run.font.color.rgb = color
    return box


def _title_slide(page, content: SlideContent) -> None:
    bar = page.shapes.add_shape(1, MARGIN, Inches(1.2), Inches(0.18), Inches(4.6))
    bar.fill.solid()
    bar.fill.fore_color.rgb = NAVY
    bar.line.fill.background()
    x = MARGIN + Inches(0.5)
    _text(page, x, Inches(1.6), W - x - MARGIN, Inches(1.4), content.title, 44, True, NAVY)
    y: int = Inches(3.0)
    for j, line in enumerate(content.lines):
        _text(page, x, y, W - x - MARGIN, Inches(0.6), line, 26 if j == 0 else 18, j == 0)
        y += Inches(0.62 if j == 0 else 0.48)


def _content_slide(page, content: SlideContent, cfg: Konfigurasi, batas: Batas | None) -> None:
    _text(page, MARGIN, Inches(0.3), W - 2 * MARGIN, Inches(0.7), content.title, 32, True, NAVY)
    _text(page, MARGIN, Inches(0.95), W - 2 * MARGIN, Inches(0.4), content.subtitle, 15, True)
    y: int = Inches(1.45)
    if content.empty:
        _text(page, MARGIN, y, W - 2 * MARGIN, Inches(0.6), content.empty, 20)
        return
    if content.kpis:
        y = _cards(page, content.kpis, y)
    bottom = H - Inches(0.95)
    if content.map is not None:
        _map(page, content.map, cfg, batas, y, bottom)
    if content.chart is not None:
        _text(page, MARGIN, y, W - 2 * MARGIN, Inches(0.3), content.chart_title, 13, True)
        _picture(page, export.chart_png(charts.from_data(content.chart), font_size=15), MARGIN, y + Inches(0.35),
                 W - 2 * MARGIN, bottom - y - Inches(0.35))
    if content.table is not None:
        _text(page, MARGIN, y, W - 2 * MARGIN, Inches(0.3), content.table_title, 13, True)
        _table(page, content.table, y + Inches(0.35), bottom)
    if content.note:
        _text(page, MARGIN, bottom + Inches(0.05), W - 2 * MARGIN, Inches(0.35), content.note, 11, color=GREY)


def _cards(page, kpis: list[Kpi], y) -> int:
    per_row, gap = 4, Inches(0.18)
    w = int((W - 2 * MARGIN - gap * (per_row - 1)) / per_row)
    h = Inches(1.02)
    for n, k in enumerate(kpis):
        x = MARGIN + (w + gap) * (n % per_row)
        top = y + (h + gap) * (n // per_row)
        box = page.shapes.add_shape(1, x, top, w, h)
        box.fill.solid()
        box.fill.fore_color.rgb = WHITE
        box.line.color.rgb = NAVY
        box.line.width = Pt(2.5)
        _text(page, x + Inches(0.12), top + Inches(0.06), w - Inches(0.24), Inches(0.3), k.label, 13, True)
        _text(page, x + Inches(0.12), top + Inches(0.32), w - Inches(0.24), Inches(0.45), k.text, 26, True)
        change = content.kpi_change(k)
        if change:
            _text(page, x + Inches(0.12), top + Inches(0.74), w - Inches(0.24), Inches(0.25), change, 12, True,
                  TONE[content.kpi_tone(k)])
    rows = (len(kpis) + per_row - 1) // per_row
    return y + (h + gap) * rows


def _picture(page, png: bytes, x, y, max_w, max_h) -> None:
    with Image.open(io.BytesIO(png)) as im:
        pw, ph = im.size
    scale = min(max_w / pw, max_h / ph)
    w, h = int(pw * scale), int(ph * scale)
    page.shapes.add_picture(io.BytesIO(png), x + int((max_w - w) / 2), y, w, h)


def _table(page, df: pd.DataFrame, y, bottom) -> None:
    rows, cols = len(df) + 1, len(df.columns)
    row_h = min(Inches(0.5), int((bottom - y) / rows))
    shape = page.shapes.add_table(rows, cols, MARGIN, y, W - 2 * MARGIN, row_h * rows)
    table = shape.table
    stripe = _rgb(palette.STRIPE)
    for c, name in enumerate(df.columns):
        _cell(table.cell(0, c), str(name), True, WHITE, NAVY)
    for r, row in enumerate(df.itertuples(index=False), start=1):
        for c, v in enumerate(row):
            _cell(table.cell(r, c), content.cell_text(v), False, BLACK, WHITE if r % 2 else stripe)
    widths = _column_widths(df)
    total = sum(widths)
    for c, share in enumerate(widths):
        table.columns[c].width = int((W - 2 * MARGIN) * share / total)


def _column_widths(df: pd.DataFrame) -> list[float]:
    return [min(max([len(str(c))] + [len(str(v)) for v in df[c]]), 60) + 4 for c in df.columns]


def _cell(cell, text: str, bold: bool, color, fill) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = fill
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    tf = cell.text_frame
    tf.word_wrap = True
    p = tf.paragraphs[0]
    run = p.add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.name = Pt(13), bold, FONT
    run.font.color.rgb = color


def _map(page, peta: MapContent, cfg: Konfigurasi, batas: Batas | None, y, bottom) -> None:
    left_w = Inches(7.6)
    png = export.chart_png(maps.static_map(peta.table, cfg, batas, peta.selected, width=700, height=420))
    _picture(page, png, MARGIN, y + Inches(0.45), left_w, bottom - y - Inches(0.5))
    # the legend as native swatches and text
    items = [(k.warna, k.rentang) for k in peta.legend] + [(palette.NO_DATA, NO_DATA_TEXT)]
    _text(page, MARGIN, y, Inches(2.2), Inches(0.3), peta.label, 12, True)
    x = MARGIN + Inches(2.2)
    for color, text in items:
        sw = page.shapes.add_shape(1, x, y + Inches(0.04), Inches(0.2), Inches(0.2))
        sw.fill.solid()
        sw.fill.fore_color.rgb = _rgb(color)
        sw.line.color.rgb = GREY
        _text(page, x + Inches(0.25), y, Inches(1.5), Inches(0.3), text, 11)
        x += Inches(0.3) + Inches(0.085) * len(text)
    if peta.ranking is not None:
        x = MARGIN + left_w + Inches(0.2)
        _text(page, x, y + Inches(0.45), W - x - MARGIN, Inches(0.3),
              f"Peringkat: {slides.RANKING_ROWS} teratas dari {len(peta.table)}", 13, True)
        _picture(page, export.chart_png(charts.from_data(peta.ranking), font_size=14), x, y + Inches(0.8),
                 W - x - MARGIN, bottom - y - Inches(0.85))


def _footer(page, number: str, source: str) -> None:
    _text(page, MARGIN, H - Inches(0.45), W - 2 * MARGIN - Inches(1.0), Inches(0.3), source, 10, color=GREY)
    _text(page, W - MARGIN - Inches(1.0), H - Inches(0.45), Inches(1.0), Inches(0.3), number, 12, True,
          align=PP_ALIGN.RIGHT)
