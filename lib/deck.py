"""The meeting deck (PPTX): the slides of presentation mode as native PowerPoint slides, for a presenter whose
connection fails. Titles, cards, tables and notes are text (editable, searchable); charts and the map are PNG images
rendered offline with vl-convert (lib.export). `python -m lib deck --out rapat.pptx`.
"""
from __future__ import annotations

import io

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from lib import export, fmt, slides
from lib.config import Konfigurasi
from lib.maps import NO_DATA_COLOR, NO_DATA_TEXT
from lib.figures import Filter
from lib.present import Kpi

W, H = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.45)
NAVY, BLACK, GREY = RGBColor(0x0A, 0x25, 0x40), RGBColor(0, 0, 0), RGBColor(0x33, 0x33, 0x33)
TONE = {"baik": RGBColor(0x00, 0x66, 0x1F), "buruk": RGBColor(0xB0, 0x00, 0x20), "netral": GREY}
FONT = "Source Sans Pro"  # falls back to the viewer's sans-serif where it is not installed
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def build_deck(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, today, fresh: pd.DataFrame | None = None,
               batas=None) -> bytes:
    """All configured slides for the filters, as a .pptx file's bytes."""
    if batas is None:
        batas = _boundaries(cfg)
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    blank = prs.slide_layouts[6]
    deck = slides.deck_slides(cfg)
    source = slides.source_text(cfg, fresh)
    for i, slide in enumerate(deck, start=1):
        isi = slides.slide_content(slide, data, cfg, f, today, fresh)
        page = prs.slides.add_slide(blank)
        page.name = isi.judul
        if slide.jenis == "judul":
            _title_slide(page, isi)
        else:
            _content_slide(page, isi, cfg, f, batas)
        _footer(page, f"{i} / {len(deck)}", source)
    buf = io.BytesIO()
    prs.core_properties.title = cfg.sentra.get("rapat") or cfg.sentra["nama"]
    prs.core_properties.author = cfg.sentra["nama"]
    prs.save(buf)
    return buf.getvalue()


def _boundaries(cfg: Konfigurasi):
    from lib import geo
    from lib.errors import UserError

    try:
        return geo.load_for_map(cfg)
    except UserError:
        return None  # a broken boundary file: the map falls back to points, as on the Peta page


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


def _title_slide(page, isi: slides.Isi) -> None:
    bar = page.shapes.add_shape(1, MARGIN, Inches(1.2), Inches(0.18), Inches(4.6))
    bar.fill.solid()
    bar.fill.fore_color.rgb = NAVY
    bar.line.fill.background()
    x = MARGIN + Inches(0.5)
    _text(page, x, Inches(1.6), W - x - MARGIN, Inches(1.4), isi.judul, 44, True, NAVY)
    y = Inches(3.0)
    for j, line in enumerate(isi.baris):
        _text(page, x, y, W - x - MARGIN, Inches(0.6), line, 26 if j == 0 else 18, j == 0)
        y += Inches(0.62 if j == 0 else 0.48)


def _content_slide(page, isi: slides.Isi, cfg: Konfigurasi, f: Filter, batas) -> None:
    _text(page, MARGIN, Inches(0.3), W - 2 * MARGIN, Inches(0.7), isi.judul, 32, True, NAVY)
    _text(page, MARGIN, Inches(0.95), W - 2 * MARGIN, Inches(0.4), isi.subjudul, 15, True)
    y = Inches(1.45)
    if isi.kosong:
        _text(page, MARGIN, y, W - 2 * MARGIN, Inches(0.6), isi.kosong, 20)
        return
    if isi.kpis:
        y = _cards(page, isi.kpis, y)
    bottom = H - Inches(0.95)
    if isi.peta is not None:
        _map(page, isi.peta, cfg, f, batas, y, bottom)
    if isi.chart is not None:
        _text(page, MARGIN, y, W - 2 * MARGIN, Inches(0.3), isi.chart_judul, 13, True)
        _picture(page, export.chart_png(isi.chart, font_size=15), MARGIN, y + Inches(0.35), W - 2 * MARGIN,
                 bottom - y - Inches(0.35))
    if isi.table is not None:
        _text(page, MARGIN, y, W - 2 * MARGIN, Inches(0.3), isi.table_judul, 13, True)
        _table(page, isi.table, y + Inches(0.35), bottom)
    if isi.catatan:
        _text(page, MARGIN, bottom + Inches(0.05), W - 2 * MARGIN, Inches(0.35), isi.catatan, 11, color=GREY)


def _cards(page, kpis: list[Kpi], y) -> int:
    per_row, gap = 4, Inches(0.18)
    w = int((W - 2 * MARGIN - gap * (per_row - 1)) / per_row)
    h = Inches(1.02)
    for n, k in enumerate(kpis):
        x = MARGIN + (w + gap) * (n % per_row)
        top = y + (h + gap) * (n // per_row)
        box = page.shapes.add_shape(1, x, top, w, h)
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        box.line.color.rgb = NAVY
        box.line.width = Pt(2.5)
        _text(page, x + Inches(0.12), top + Inches(0.06), w - Inches(0.24), Inches(0.3), k.label, 13, True)
        _text(page, x + Inches(0.12), top + Inches(0.32), w - Inches(0.24), Inches(0.45), k.text, 26, True)
        change = slides.kpi_change(k)
        if change:
            _text(page, x + Inches(0.12), top + Inches(0.74), w - Inches(0.24), Inches(0.25), change, 12, True,
                  TONE[slides.kpi_tone(k)])
    rows = (len(kpis) + per_row - 1) // per_row
    return y + (h + gap) * rows


def _picture(page, png: bytes, x, y, max_w, max_h) -> None:
    from PIL import Image

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
    for c, name in enumerate(df.columns):
        _cell(table.cell(0, c), str(name), True, RGBColor(0xFF, 0xFF, 0xFF), NAVY)
    for r, row in enumerate(df.itertuples(index=False), start=1):
        for c, v in enumerate(row):
            text = fmt.TIDAK_ADA_DATA if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
            _cell(table.cell(r, c), text, False, BLACK, RGBColor(0xFF, 0xFF, 0xFF) if r % 2 else RGBColor(0xEE, 0xF2, 0xF7))
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


def _map(page, peta: slides.Peta, cfg: Konfigurasi, f: Filter, batas, y, bottom) -> None:
    from lib.maps import hex_color

    left_w = Inches(7.6)
    png = export.chart_png(export.map_chart(peta.table, cfg, batas, f.wilayah, width=700, height=420))
    _picture(page, png, MARGIN, y + Inches(0.45), left_w, bottom - y - Inches(0.5))
    # the legend as native swatches and text
    items = [(k.warna, k.rentang) for k in peta.legend] + [(NO_DATA_COLOR, NO_DATA_TEXT)]
    _text(page, MARGIN, y, Inches(2.2), Inches(0.3), peta.label, 12, True)
    x = MARGIN + Inches(2.2)
    for color, text in items:
        sw = page.shapes.add_shape(1, x, y + Inches(0.04), Inches(0.2), Inches(0.2))
        sw.fill.solid()
        sw.fill.fore_color.rgb = RGBColor.from_string(hex_color(color)[1:])
        sw.line.color.rgb = GREY
        _text(page, x + Inches(0.25), y, Inches(1.5), Inches(0.3), text, 11)
        x += Inches(0.3) + Inches(0.085) * len(text)
    if peta.ranking is not None:
        top = peta.table.sort_values("peringkat").head(12)
        from lib import charts

        chart = charts.ranked_bars(top, peta.label, slides.map_measure(cfg).kind, f.wilayah)
        x = MARGIN + left_w + Inches(0.2)
        _text(page, x, y + Inches(0.45), W - x - MARGIN, Inches(0.3),
              f"Peringkat: 12 teratas dari {len(peta.table)}", 13, True)
        _picture(page, export.chart_png(chart, font_size=14), x, y + Inches(0.8), W - x - MARGIN,
                 bottom - y - Inches(0.85))


def _footer(page, number: str, source: str) -> None:
    _text(page, MARGIN, H - Inches(0.45), W - 2 * MARGIN - Inches(1.0), Inches(0.3), source, 10, color=GREY)
    from pptx.enum.text import PP_ALIGN

    _text(page, W - MARGIN - Inches(1.0), H - Inches(0.45), Inches(1.0), Inches(0.3), number, 12, True,
          align=PP_ALIGN.RIGHT)
