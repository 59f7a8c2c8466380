"""The meeting deck (PPTX): the slides of presentation mode as native PowerPoint slides, for a presenter whose
connection fails. Titles, cards, tables and notes are text (editable, searchable); charts and the map are PNG images
rendered offline with vl-convert (lib.render.export). `python -m lib deck --out rapat.pptx`.

The deck is opened in PowerPoint or LibreOffice, not in our code, so it names a font every Office machine has
(Arial; LibreOffice maps it to Liberation Sans, or falls back to DejaVu Sans) and sizes every box for the widest
likely fallback (lib.render.export.text_width): no text is allowed to overflow its box or touch another. Type is
never under 14 pt (12 pt for the source line); charts are drawn at their slide size, 1 pixel = 1 point, their labels
at 16 pt. Sample data: an orange DATA CONTOH band across the top of every slide.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pandas as pd
from PIL import Image
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Inches, Pt

from lib.config import Konfigurasi
from lib.figures import Filter
from lib.geo import Batas
from lib.present import Kpi, content, palette, ranking, slides
from lib.present.content import ChartData, MapContent, SlideContent
from lib.present.legend import NO_DATA_TEXT
from lib.render import charts, export, labels, maps, paper_map, pptx_text
from lib.render.pptx_text import (
    BAND,
    BODY,
    FLOOR,
    GREY,
    HEAD,
    LINE,
    NAVY,
    SOURCE,
    SUB,
    TITLE,
    TONE,
    VALUE,
    WHITE,
    add_text,
    table_layout,
    text_height,
)
from lib.store.meetings import Rapat

W, H = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.45)
INNER = W - 2 * MARGIN
CHART_FONT = 16  # chart labels, pixels; charts are placed at 1 pixel = 1 point
GAP = Pt(6)
NUMBER_W = Inches(1.0)
BAND_H = Pt(30)


def build_deck(
    data: dict[str, pd.DataFrame],
    cfg: Konfigurasi,
    f: Filter,
    today: dt.date,
    fresh: pd.DataFrame | None = None,
    batas: Batas | None = None,
    rapat: Rapat | None = None,
) -> bytes:
    """All the meeting's slides (`rapat`; default: the configuration's) for the filters, as a .pptx file's bytes."""
    if batas is None:
        batas = maps.boundaries(cfg)
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    blank = prs.slide_layouts[6]
    rapat = rapat or slides.default_meeting(cfg)
    sequence = slides.slide_sequence(cfg, rapat)
    source = slides.source_text(cfg, fresh, sample_note=False)
    sample = slides.has_sample(fresh)
    footer_top = H - Inches(0.25) - text_height(source, INNER - NUMBER_W - Pt(8), SOURCE)
    for slide in sequence:
        c: SlideContent | None = slides.slide_content(slide, data, cfg, f, today, fresh, rapat)
        while c is not None:  # a slide whose content does not fit at the floor continues on the next
            page = prs.slides.add_slide(blank)
            page.name = c.title
            top = _band(page) + GAP if sample else Inches(0.3)
            if slide.kind == "judul":
                _title_slide(page, c, top)
                c = None
            else:
                c = _content_slide(page, c, cfg, batas, top, footer_top - GAP)
    for i, page in enumerate(prs.slides, start=1):  # numbered once the continuations are known
        _footer(page, f"{i} / {len(prs.slides)}", source, footer_top)
    buf = io.BytesIO()
    prs.core_properties.title = rapat.nama
    prs.core_properties.author = cfg.sentra["nama"]
    prs.save(buf)
    return buf.getvalue()


def _band(page) -> int:
    """DATA CONTOH across the top of the slide, as the brief's orange band; returns its bottom."""
    band = page.shapes.add_shape(1, 0, 0, W, BAND_H)
    band.fill.solid()
    band.fill.fore_color.rgb = pptx_text.rgb(palette.SAMPLE_FILL)
    band.line.fill.background()
    band.name = "DATA CONTOH"
    tf = band.text_frame
    tf.word_wrap, tf.auto_size, tf.vertical_anchor = True, MSO_AUTO_SIZE.NONE, MSO_ANCHOR.MIDDLE
    pptx_text.runs(tf, slides.SAMPLE_BAND, BAND, True, pptx_text.rgb(palette.SAMPLE_TEXT), PP_ALIGN.CENTER)
    return BAND_H


def _title_slide(page, c: SlideContent, top: int) -> None:
    x = MARGIN + Inches(0.5)
    w = W - x - MARGIN
    y = max(top, Inches(1.3))
    start = y
    y += add_text(page, x, y, w, c.title, 40, True, NAVY) + Pt(14)
    for j, line in enumerate(c.lines):
        y += add_text(page, x, y, w, line, 24 if j == 0 else 18, j == 0) + Pt(10 if j == 0 else 6)
    bar = page.shapes.add_shape(1, MARGIN, start, Inches(0.18), y - start)
    bar.fill.solid()
    bar.fill.fore_color.rgb = NAVY
    bar.line.fill.background()


def _content_slide(
    page, c: SlideContent, cfg: Konfigurasi, batas: Batas | None, top: int, bottom: int
) -> SlideContent | None:
    """Draws `c`; returns what continues on the next slide (a chart too tall for the room under the cards)."""
    y = top + add_text(page, MARGIN, top, INNER, c.title, TITLE, True, NAVY)
    if c.subtitle:
        y += add_text(page, MARGIN, y, INNER, c.subtitle, SUB, True)
    y += GAP
    if c.empty:
        add_text(page, MARGIN, y, INNER, c.empty, 20)
        return None
    rest = None
    if c.kpis:
        y = _cards(page, c.kpis, y) + GAP
        chart_h = text_height(c.chart_title, INNER, HEAD, True) + Pt(2) + chart_height(c.chart)
        if c.chart is not None and y + chart_h > bottom - (text_height(c.note, INNER, BODY) + GAP if c.note else 0):
            rest = replace(c, title=f"{c.title} (lanjutan)", kpis=[], note="")
            c = replace(c, chart=None)
    if c.note:
        bottom -= text_height(c.note, INNER, BODY)
        add_text(page, MARGIN, bottom, INNER, c.note, BODY, color=GREY)
        bottom -= GAP
    if c.map is not None:
        _map(page, c.map, cfg, batas, y, bottom)
    if c.chart is not None and c.ranking is not None:
        _few_groups(page, c, y, bottom)
    elif c.chart is not None:
        y += add_text(page, MARGIN, y, INNER, c.chart_title, HEAD, True) + Pt(2)
        _chart(page, c.chart, MARGIN, y, INNER, bottom - y)
    if c.table is not None:
        title_h = text_height(c.table_title, INNER, HEAD, True) + Pt(2)
        widths, heights = table_layout(c.table, INNER)
        shown = pptx_text.rows_that_fit(heights, bottom - y - title_h)
        title = (
            c.table_title
            if shown == len(c.table) or not c.table_label
            else content.table_heading(c.table_label, shown, c.table_total)
        )
        y += add_text(page, MARGIN, y, INNER, title, HEAD, True) + Pt(2)
        pptx_text.add_table(page, c.table.head(shown), widths, heights[: shown + 1], MARGIN, y)
    return rest


TREND_LEAST = Pt(110)  # the least height of a klaster slide's trend in the deck


def _few_groups(page, c: SlideContent, y: int, bottom: int) -> None:
    """A klaster of few groups, as on the screen: its groups' bars and its months on the left, its districts ranked
    on the right."""
    assert c.chart is not None and c.ranking is not None
    gap = Inches(0.3)
    half = int((INNER - gap) / 2)
    right = MARGIN + half + gap
    left_y = y + add_text(page, MARGIN, y, half, c.chart_title, HEAD, True) + Pt(2)
    bars_h = max(chart_height(c.chart), int((bottom - left_y) * 0.35))  # its labels never under the floor
    trend_h = bottom - left_y - bars_h - GAP - text_height(c.trend_title, half, HEAD, True) - Pt(2)
    if trend_h < TREND_LEAST:  # a long title left no room for a readable trend: the groups' bars alone
        bars_h = bottom - left_y
    _chart(page, c.chart, MARGIN, left_y, half, bars_h)
    left_y += bars_h + GAP
    if c.trend is not None and trend_h >= TREND_LEAST:
        left_y += add_text(page, MARGIN, left_y, half, c.trend_title, HEAD, True) + Pt(2)
        _chart(page, c.trend, MARGIN, left_y, half, bottom - left_y)
    # the districts that fit at the floor, and a heading that says how many
    ranked = c.ranking
    title_h = text_height(c.ranking_title, half, HEAD, True) + Pt(2)
    fits = max(3, int(((bottom - y - title_h) / 12700 - 3.6 * FLOOR) / (1.3 * FLOOR)))
    title = c.ranking_title
    if fits < len(ranked.table):
        ranked = replace(ranked, table=ranked.table.head(fits))
        title = ranking.heading(c.ranking_label, fits, c.ranking_total)
    right_y = y + add_text(page, right, y, half, title, HEAD, True) + Pt(2)
    _chart(page, ranked, right, right_y, half, bottom - right_y)


def _cards(page, kpis: list[Kpi], y: int) -> int:
    per_row, gap, pad = 4, Inches(0.18), Inches(0.12)
    w = int((INNER - gap * (per_row - 1)) / per_row)
    inner = w - 2 * pad
    for start in range(0, len(kpis), per_row):
        row = kpis[start : start + per_row]
        label_h = max(text_height(k.label, inner, BODY, True) for k in row)
        value = min(_fitting_size(k.text, inner, VALUE) for k in row)
        value_h, change_h = Pt(value * LINE + 2), Pt(BODY * LINE + 2)
        h = pad + label_h + value_h + change_h
        for n, k in enumerate(row):
            x = MARGIN + (w + gap) * n
            box = page.shapes.add_shape(1, x, y, w, h)
            box.fill.solid()
            box.fill.fore_color.rgb = WHITE
            box.line.color.rgb = NAVY
            box.line.width = Pt(2.5)
            add_text(page, x + pad, y + pad // 2, inner, k.label, BODY, True, h=label_h)
            add_text(page, x + pad, y + pad // 2 + label_h, inner, k.text, value, True, h=value_h)
            change = content.kpi_change(k)
            if change:
                add_text(
                    page,
                    x + pad,
                    y + pad // 2 + label_h + value_h,
                    inner,
                    content.kpi_arrow(k) + change,
                    BODY,
                    True,
                    TONE[content.kpi_tone(k)],
                    h=change_h,
                )
        y += h + gap
    return y - gap


def _fitting_size(text: str, width: int, size: float, least: float = 18) -> float:
    """The largest size up to `size` (not under `least`) at which `text` fits one line of `width` (EMU)."""
    while size > least and export.text_width(text, size, True) > width / 12700:
        size -= 1
    return size


def _bar_room(bars: int, font: float) -> float:
    """Points a horizontal bar chart of `bars` bars needs with labels at `font` (as charts.sized draws it)."""
    return bars * font * 1.3 + 3.6 * font


def chart_height(chart: ChartData | None) -> int:
    """The least height (EMU) at which `chart` keeps its labels at the floor (0 for a chart that is not bars)."""
    if chart is None:
        return 0
    bars = charts.band_count(charts.from_data(chart).to_dict())
    return int(Pt(_bar_room(bars, FLOOR))) if bars else 0


def _chart(page, chart: ChartData, x: int, y: int, w: int, h: int) -> None:
    spec = charts.from_data(chart).to_dict()
    bars = charts.band_count(spec) or 0
    font = CHART_FONT if h / 12700 >= _bar_room(bars, CHART_FONT) else FLOOR  # many bars, little room
    spec = charts.sized(export.with_font(spec, font), w / 12700, h / 12700, font)
    scale = _picture(page, export.chart_png(spec, scale=2), x, y, w, h)
    # the labels' size as placed, for the checker, which cannot read text inside a picture
    page.shapes[-1].name = f"{CHART_LABEL} {font * scale:.1f} pt"


CHART_LABEL = "Grafik, label"


def _picture(page, png: bytes, x, y, max_w, max_h) -> float:
    """A PNG rendered at 2 pixels per point, at its size (shrunk only if it would not fit), centred in max_w;
    returns the scale it was placed at."""
    with Image.open(io.BytesIO(png)) as im:
        pw, ph = Pt(im.size[0] / 2), Pt(im.size[1] / 2)
    scale = min(1.0, max_w / pw, max_h / ph)
    w, h = int(pw * scale), int(ph * scale)
    page.shapes.add_picture(io.BytesIO(png), x + int((max_w - w) / 2), y, w, h)
    return scale


def _map(page, peta: MapContent, cfg: Konfigurasi, batas: Batas | None, y: int, bottom: int) -> None:
    y = _legend(page, peta, y) + GAP
    left_w = Inches(7.4)
    # the names that did not fit on the map, numbered, under it: the map is as tall as that list leaves room for
    listed, room = "", 0
    for _ in range(3):  # the list's height and the map's height settle in a step or two
        height = int((bottom - y - room) / 12700)
        names = paper_map.names_on_map(peta.table, cfg, batas, peta.selected, int(left_w / 12700), height)[1]
        listed = labels.numbered_list(names)
        needed = text_height(listed, left_w, FLOOR) + GAP if listed else 0
        if needed <= room:
            break
        room = needed
    spec = paper_map.static_map(peta.table, cfg, batas, peta.selected, width=int(left_w / 12700), height=height)
    _picture(page, export.chart_png(spec, scale=2), MARGIN, y, left_w, bottom - y - room)
    if listed:
        add_text(page, MARGIN, bottom - room + GAP, left_w, listed, FLOOR)
    if peta.ranking is not None:
        x = MARGIN + left_w + Inches(0.2)
        w = W - x - MARGIN
        y += add_text(page, x, y, w, ranking.note(peta.table, peta.selected), HEAD, True) + Pt(2)
        _chart(page, peta.ranking, x, y, w, bottom - y)


def _legend(page, peta: MapContent, y: int) -> int:
    """The map's classes as native swatches and text, flowing onto a second row when needed; returns the bottom."""
    items = [(k.warna, k.rentang) for k in peta.legend] + [(palette.NO_DATA, NO_DATA_TEXT)]
    line_h, sw = Pt(BODY * LINE + 2), Pt(14)
    label_w = Pt(export.text_width(peta.label, BODY, True) + 2)
    add_text(page, MARGIN, y, label_w, peta.label, BODY, True)
    x = MARGIN + label_w + Pt(12)
    for color, text in items:
        text_w = Pt(export.text_width(text, BODY) + 2)
        if x + sw + Pt(5) + text_w > W - MARGIN:
            x, y = MARGIN, y + line_h + Pt(4)
        swatch = page.shapes.add_shape(1, x, y + Pt(2), sw, sw)
        swatch.fill.solid()
        swatch.fill.fore_color.rgb = pptx_text.rgb(color)
        swatch.line.color.rgb = GREY
        add_text(page, x + sw + Pt(5), y, text_w, text, BODY)
        x += sw + Pt(5) + text_w + Pt(14)
    return y + line_h


def _footer(page, number: str, source: str, top: int) -> None:
    add_text(page, MARGIN, top, INNER - NUMBER_W - Pt(8), source, SOURCE, color=GREY)
    add_text(page, W - MARGIN - NUMBER_W, top, NUMBER_W, number, BODY, True, align=PP_ALIGN.RIGHT)
