"""Text and tables on a deck's slide (lib.render.pptx), sized for the widest font the deck may be opened with
(lib.render.export.text_width): a box is as tall as its wrapped text, a table's columns as wide as their longest
words."""

from __future__ import annotations

import pandas as pd
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Pt

from lib.present import content, palette
from lib.render import export

FONT = "Arial"  # on every Office machine; LibreOffice: Liberation Sans (same widths) or DejaVu Sans (wider)
FLOOR, SOURCE_FLOOR = 14, 12  # points: anything a participant reads, the source line
TITLE, SUB, BAND, HEAD, BODY, VALUE, SOURCE = 30, 18, 16, 16, 14, 26, 12  # type sizes, points
LINE = 1.24  # line height, × the type size (DejaVu Sans needs 1,17)


def rgb(color: str) -> RGBColor:
    return RGBColor(*palette.rgb(color))


NAVY, BLACK, GREY, WHITE = rgb(palette.NAVY), rgb(palette.BLACK), rgb(palette.GREY), rgb(palette.WHITE)
TONE = {tone: rgb(color) for tone, color in palette.TONE.items()}


def text_height(text: str, width: int, size: float, bold: bool = False) -> int:
    """The height (EMU) of `text` wrapped into `width` (EMU) at `size` points, in the widest likely fallback."""
    return Pt(size * LINE * len(export.wrap_lines(text, width / 12700, size, bold)) + 2)


def add_text(page, x, y, w, text: str, size: float, bold: bool = False, color=BLACK, align=None, h=None) -> int:
    """A text box `w` wide, as tall as its wrapped text (or `h`); returns its height (EMU)."""
    h = h or text_height(text, w, size, bold)
    box = page.shapes.add_textbox(x, y, w, h)
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, side, Emu(0))
    runs(tf, text, size, bold, color, align)
    return h


def runs(tf, text: str, size: float, bold: bool, color, align) -> None:
    for j, line in enumerate(text.split("\n")):
        p = tf.paragraphs[0] if j == 0 else tf.add_paragraph()
        if align is not None:
            p.alignment = align
        run = p.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
        run.font.color.rgb = color


CELL_X, CELL_Y = Pt(4), Pt(3)  # a table cell's inner margins


def table_layout(df: pd.DataFrame, width: int) -> tuple[list[int], list[int]]:
    """Column widths (EMU) and row heights (header first) of a slide's table in BODY type: every column at least as
    wide as its longest word (no word broken inside, as 'Penyerapan' was), the rest of the width given where it
    saves the most height."""
    cells = [[str(c) for c in df.columns]] + [[content.cell_text(v) for v in row] for row in df.itertuples(index=False)]
    pad = 2 * CELL_X / 12700 + 2

    def lines(c: int, w: float) -> list[int]:
        return [len(export.wrap_lines(row[c], w - pad, BODY, r == 0)) for r, row in enumerate(cells)]

    def height(cols: list[list[int]]) -> int:
        return sum(max(col[r] for col in cols) for r in range(len(cells)))

    pts = [
        max(export.text_width(word, BODY, r == 0) for r, row in enumerate(cells) for word in row[c].split() or [""])
        + pad
        for c in range(len(df.columns))
    ]
    total = width / 12700
    if sum(pts) > total:  # too narrow even for the longest words: shrink in proportion
        pts = [p * total / sum(pts) for p in pts]
    wrapped = [lines(c, p) for c, p in enumerate(pts)]
    step = 6.0
    while sum(pts) + step <= total:
        now = height(wrapped)
        trials = [
            (height(wrapped[:c] + [lines(c, pts[c] + step)] + wrapped[c + 1 :]), -sum(wrapped[c]), c)
            for c in range(len(pts))
        ]
        best, _, c = min(trials)
        if best >= now:  # no single column saves a line: widen the column with the most wrapped lines
            c = max(range(len(pts)), key=lambda k: sum(wrapped[k]))
        pts[c] += step
        wrapped[c] = lines(c, pts[c])
    pts = [p * total / sum(pts) for p in pts]
    widths = [int(Pt(p)) for p in pts]
    heights = [
        max(text_height(t, w - 2 * CELL_X, BODY, r == 0) for t, w in zip(row, widths)) + 2 * CELL_Y
        for r, row in enumerate(cells)
    ]
    return widths, heights


def rows_that_fit(heights: list[int], room: int) -> int:
    used, n = heights[0], 0
    for h in heights[1:]:
        if used + h > room:
            break
        used, n = used + h, n + 1
    return n


def add_table(page, df: pd.DataFrame, widths: list[int], heights: list[int], x: int, y: int) -> None:
    shape = page.shapes.add_table(len(df) + 1, len(df.columns), x, y, sum(widths), sum(heights))
    table = shape.table
    stripe = rgb(palette.STRIPE)
    for c, name in enumerate(df.columns):
        _cell(table.cell(0, c), str(name), True, WHITE, NAVY)
    for r, row in enumerate(df.itertuples(index=False), start=1):
        for c, v in enumerate(row):
            _cell(table.cell(r, c), content.cell_text(v), False, BLACK, WHITE if r % 2 else stripe)
    for c, w in enumerate(widths):
        table.columns[c].width = w
    for r, h in enumerate(heights):
        table.rows[r].height = h


def _cell(cell, text: str, bold: bool, color, fill) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = fill
    cell.margin_top = cell.margin_bottom = CELL_Y
    cell.margin_left = cell.margin_right = CELL_X
    tf = cell.text_frame
    tf.word_wrap = True
    runs(tf, text, BODY, bold, color, None)
